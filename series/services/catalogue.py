"""Creating and editing Series, and the creator's status moves."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.images import normalise_photo
from series import selectors
from series.models import CREATOR, Series, StatusChange, Submission
from series.pricing import validate_price
from series.services.editing import Edit, lock_series, pending_changes, refuse_while_in_review
from series.services.refusals import NotAllowed, SeriesRefused, refused_when_invalid


def checked_cover(upload):
    """The cover shrunk and stripped by the photo check; a refusal on the cover
    field when the check turns it down."""
    with refused_when_invalid("cover"):
        return normalise_photo(upload)


@transaction.atomic
def create_series(*, creator, title, description, cover, price, currency):
    """A new draft Series of ``creator``, who must be approved for the Series programme."""
    if not selectors.can_sell_series(creator):
        raise NotAllowed(_("Only creators approved for Series can create one."))
    with refused_when_invalid():
        validate_price(price=price, currency=currency)
    cover = checked_cover(cover)
    return Series.objects.create(
        creator=creator,
        title=title,
        description=description,
        cover=cover,
        price=price,
        currency=currency,
    )


@transaction.atomic
def update_series(*, series, title, description, price, currency, cover=None, submitted_by=None):
    """Save the creator's changes. A Series that was ever published keeps its price
    and currency; earlier purchases keep the price they were paid at regardless.

    Before approval the changes apply at once. Once staff approved the Series, a
    changed title, description or cover waits in the pending ``Submission``
    while the approved version stays on sale. Nothing changes while the Series
    is waiting for its first review. Returns what became of the changes
    (an ``Edit``)."""
    series = lock_series(series)
    refuse_while_in_review(series)
    if series.price_is_locked and (price != series.price or currency != series.currency):
        raise SeriesRefused(
            _("The price cannot change once the Series has been published."), field="price"
        )
    with refused_when_invalid():
        validate_price(price=price, currency=currency)
    if not series.is_approved:
        series.title, series.description = title, description
        series.price, series.currency = price, currency
        if cover is not None:
            series.cover = checked_cover(cover)
        series.save()
        return Edit.SAVED
    pending = series.submissions.filter(status=Submission.Status.PENDING).first()
    current = pending or series
    if (title, description) == (current.title, current.description) and cover is None:
        return Edit.SENT_FOR_REVIEW
    submission = pending_changes(series, submitted_by or series.creator.user)
    submission.title, submission.description = title, description
    if cover is not None:
        submission.cover = checked_cover(cover)
    submission.save()
    return Edit.SENT_FOR_REVIEW


def record_move(series, to_status, changed_by):
    """Move ``series`` to ``to_status`` and keep the move in its history."""
    StatusChange.objects.create(
        series=series, from_status=series.status, to_status=to_status, changed_by=changed_by
    )
    series.status = to_status
    series.save(update_fields=["status", "published_at", "approved_at", "updated_at"])


@transaction.atomic
def change_status(*, series, to_status, changed_by):
    """Make one of the creator's moves along ``Series.TRANSITIONS``, recording
    who and when: submit for review (at least one episode needed), withdraw
    from review, take off sale, or put an approved Series back on sale. Going on
    sale for the first time is staff's move (``decide_submission``)."""
    series = lock_series(series)
    if not series.can_become(to_status, CREATOR):
        raise SeriesRefused(
            _("A Series that is %(current)s cannot become %(target)s.")
            % {
                "current": series.get_status_display().lower(),
                "target": Series.Status(to_status).label.lower(),
            }
        )
    if to_status == Series.Status.IN_REVIEW:
        if not series.episodes.exists():
            raise SeriesRefused(_("Add at least one episode before submitting for review."))
        Submission.objects.create(
            series=series,
            kind=Submission.Kind.PUBLICATION,
            submitted_by=changed_by,
            submitted_at=timezone.now(),
        )
    elif series.status == Series.Status.IN_REVIEW:
        series.submissions.filter(status=Submission.Status.PENDING).update(
            status=Submission.Status.WITHDRAWN
        )
    record_move(series, to_status, changed_by)
    return series
