"""The versions of the Series' public pages.

``Series.updated_at`` is the version of a Series' episodes and discounts: the
page keeps them in the process's fragment cache under it
(``series.selectors.series_page``). So every change of an episode or a
discount moves ``updated_at`` on, in the same transaction: saves and deletes
through the signals connected in ``SeriesConfig.ready`` (services, the admin's
inlines, cascades alike), and the bulk writes that send no signal through
``touch_series`` where they run.

The public pages are kept whole for visitors (``series.public_pages``) under
version tokens in the shared cache (``core.versions``), read without a query:

- ``series_version(pk)``: everything a Series' page shows (its columns, its
  creator's name and handle, its episodes, discounts and reviews, and the
  reviewers' names);
- ``CATALOGUE``: everything the catalogue and the creators' pages show of any
  Series (and the creators' names, niches and languages);
- ``creator_version(pk)``: a creator's page's profile (name, handle, photo,
  bio, figures, niches, whether the account is active), and everything the
  creator's studio shows of their own Series (any save or deletion of one of
  them, of its episodes, or of its review submissions);
- ``SALES``: the catalogue's best-selling order.

The receivers below bump them, whichever code changed the rows.
"""

from django.db.models import Q
from django.utils import timezone

from core import versions
from creators.models import CreatorProfile
from series.models import Series

CATALOGUE = "series-catalogue"
SALES = "series-sales"
# A user's save that changes none of these shows nothing new on a public page.
USER_FIELDS_SHOWN = {"full_name", "is_active"}


def series_version(series_id):
    return f"series-page:{series_id}"


def creator_version(profile_id):
    return f"series-creator:{profile_id}"


def series_changed(series_id):
    """What a Series shows changed: its page and the lists showing it are read again."""
    versions.bump(series_version(series_id))
    versions.bump(CATALOGUE)


def touch_series(series_id):
    """Move the Series' ``updated_at`` on: its cached page is read again, and
    its creator's studio (which counts its episodes)."""
    Series.objects.filter(pk=series_id).update(updated_at=timezone.now())
    series_changed(series_id)
    studio_changed(series_id)


def studio_changed(series_id):
    """What the studio shows of a Series changed: its creator's version moves on."""
    for creator_id in Series.objects.filter(pk=series_id).values_list("creator_id", flat=True):
        versions.bump(creator_version(creator_id))


def touch_series_of(sender, instance, **kwargs):
    """Receiver for an episode's or a discount's save and delete."""
    touch_series(instance.series_id)


def series_saved(sender, instance, **kwargs):
    """Receiver for a Series' save and delete (the studio lists it too)."""
    series_changed(instance.pk)
    versions.bump(creator_version(instance.creator_id))


def submission_changed(sender, instance, **kwargs):
    """Receiver for a review submission's save and delete: the studio shows
    the latest one's status and reason. (A Series' move that withdraws its
    pending submission in bulk saves the Series too.)"""
    studio_changed(instance.series_id)


def review_changed(sender, instance, **kwargs):
    """Receiver for a review's save and delete (the rating is the Series' own)."""
    versions.bump(series_version(instance.series_id))


def sales_changed(sender, instance, **kwargs):
    """Receiver for a purchase's save and delete: the best-selling order."""
    versions.bump(SALES)


def creator_changed(profile_id):
    """A creator's profile changed: their page, and their Series' pages and
    cards, which show their name and niches."""
    versions.bump(creator_version(profile_id))
    _bump_series(Q(creator_id=profile_id))


def profile_saved(sender, instance, created=False, **kwargs):
    """Receiver for a creator profile's save and delete (a new one has no Series yet)."""
    if created:
        versions.bump(creator_version(instance.pk))
    else:
        creator_changed(instance.pk)


def profile_names_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Receiver for ``m2m_changed`` of a profile's niches and languages, from
    either side (a niche's ``creators`` or a profile's ``niches``)."""
    if reverse and action == "pre_clear":  # which creators lose the name: known only before
        pk_set = set(
            sender.objects.filter(**{_name_column(sender): instance.pk}).values_list(
                "creatorprofile_id", flat=True
            )
        )
    elif not action.startswith("post_") or action == "post_clear" and reverse:
        return
    for profile_id in pk_set if reverse else [instance.pk]:
        creator_changed(profile_id)


def _name_column(through):
    """The join table's column of the name (the niche or the language)."""
    return next(
        field.attname
        for field in through._meta.concrete_fields
        if field.is_relation and field.attname != "creatorprofile_id"
    )


def figures_changed(sender, profile_id, **kwargs):
    """Receiver for ``creators.signals.creator_figures_changed``."""
    versions.bump(creator_version(profile_id))


def user_saved(sender, instance, created=False, update_fields=None, **kwargs):
    """Receiver for a user's save: their name on their reviews, their
    creator page's being shown at all (an active account). A new user has
    neither reviews nor a profile yet."""
    if created or (update_fields is not None and not USER_FIELDS_SHOWN.intersection(update_fields)):
        return
    for profile_id in CreatorProfile.objects.filter(user_id=instance.pk).values_list(
        "pk", flat=True
    ):
        versions.bump(creator_version(profile_id))
    _bump_series(Q(reviews__buyer_id=instance.pk) | Q(creator__user_id=instance.pk))


def _bump_series(condition):
    ids = set(Series.objects.filter(condition).values_list("pk", flat=True))
    for series_id in ids:
        versions.bump(series_version(series_id))
    if ids:
        versions.bump(CATALOGUE)
