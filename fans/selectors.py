"""Reads for fans' pages, planned so their query counts do not grow with the data."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    When,
)
from django.utils import timezone

from creators.models import CreatorProfile
from fans.models import Follow
from series.models import Discount, Episode, Purchase, Series
from series.pricing import offer

HOME_LIBRARY_SIZE = 12
NEW_EPISODE_DAYS = 30
NEW_EPISODES_SHOWN = 20
RECOMMENDATIONS = 8
NICHES_CONSIDERED = 3


@dataclass(frozen=True)
class LibraryEntry:
    """A Series the fan owns and how far they are: episodes watched to the end
    of those published, and the episode to watch next (None when all are
    watched) with the second to start it from."""

    purchase: Purchase
    watched: int
    total: int
    next_episode: Episode | None
    resume_at: int

    @property
    def series(self):
        return self.purchase.series

    @property
    def resume_at_ms(self):
        return self.resume_at * 1000

    @property
    def percent(self):
        return round(self.watched * 100 / self.total) if self.total else 0


def owned_series_ids(user):
    """The ids of the Series ``user`` owns (a subquery)."""
    return Purchase.objects.filter(buyer=user, status=Purchase.Status.PAID).values("series_id")


def owned(*, user):
    """The fan's paid purchases, latest first, with their Series and creators."""
    return (
        Purchase.objects.filter(buyer=user, status=Purchase.Status.PAID)
        .select_related("series", "series__creator")
        .only(
            "pk",
            "series_id",
            "paid_at",
            "series__id",
            "series__title",
            "series__cover",
            "series__creator__id",
            "series__creator__display_name",
        )
        .order_by("-paid_at", "-pk")
    )


def library_progress(*, user, limit=HOME_LIBRARY_SIZE):
    """The fan's latest ``limit`` owned Series, each with their progress
    (two queries). Also returns whether they own more."""
    purchases = list(owned(user=user)[: limit + 1])
    return with_progress(user=user, purchases=purchases[:limit]), len(purchases) > limit


def with_progress(*, user, purchases):
    """A ``LibraryEntry`` for each of ``purchases`` (one query, none without
    purchases): their approved episodes, each with ``user``'s progress on it
    joined in."""
    if not purchases:
        return []
    episodes = list(
        Episode.objects.filter(
            series_id__in=[purchase.series_id for purchase in purchases],
            approved_at__isnull=False,
        )
        .annotate(mine=FilteredRelation("progress", condition=Q(progress__user=user)))
        .annotate(finished=F("mine__finished"), stopped_at=F("mine__position_seconds"))
        .only("pk", "series_id", "title", "position", "duration_ms")
        .order_by("series_id", "position")
    )
    by_series = {}
    for episode in episodes:
        by_series.setdefault(episode.series_id, []).append(episode)
    entries = []
    for purchase in purchases:
        own = by_series.get(purchase.series_id, [])
        unfinished = [episode for episode in own if not episode.finished]
        next_episode = unfinished[0] if unfinished else None
        entries.append(
            LibraryEntry(
                purchase=purchase,
                watched=len(own) - len(unfinished),
                total=len(own),
                next_episode=next_episode,
                resume_at=(next_episode.stopped_at or 0) if next_episode else 0,
            )
        )
    return entries


def new_episodes_from_followed(*, user, now=None, days=NEW_EPISODE_DAYS):
    """Episodes published in the last ``days`` days in the on-sale Series of
    creators ``user`` follows, newest first, with their Series and creator and
    whether ``user`` owns the Series (``owned``); one query."""
    now = now or timezone.now()
    return list(
        Episode.objects.filter(
            approved_at__gte=now - timedelta(days=days),
            series__status=Series.Status.PUBLISHED,
            series__creator__followers__fan=user,
        )
        .select_related("series", "series__creator")
        .annotate(
            owned=Exists(
                Purchase.objects.filter(
                    series=OuterRef("series"), buyer=user, status=Purchase.Status.PAID
                )
            )
        )
        .only(
            "pk",
            "title",
            "position",
            "approved_at",
            "is_free_preview",
            "series__id",
            "series__title",
            "series__creator__display_name",
            "series__creator__handle",
        )
        .order_by("-approved_at", "-position", "-pk")[:NEW_EPISODES_SHOWN]
    )


def recommendations(*, user, now=None, limit=RECOMMENDATIONS):
    """Up to ``limit`` on-sale Series ``user`` does not own, each with its
    price now: first by creators they follow (newest first), then the best
    rated in the niches they watch most (of the creators of the Series they
    own). Two queries (one for the Series, one for their discounts not ended,
    kept on each as ``kept_discounts``), or one when there is nothing to
    recommend."""
    now = now or timezone.now()
    # The niches of the creators of the Series the fan owns, most owned first.
    niches = (
        CreatorProfile.niches.through.objects.filter(
            creatorprofile__series__purchases__buyer=user,
            creatorprofile__series__purchases__status=Purchase.Status.PAID,
        )
        .values("niche_id")
        .annotate(owned=Count("creatorprofile__series__purchases", distinct=True))
        .order_by("-owned", "niche_id")
        .values("niche_id")[:NICHES_CONSIDERED]
    )
    in_niches = Exists(
        CreatorProfile.niches.through.objects.filter(
            creatorprofile_id=OuterRef("creator_id"), niche_id__in=niches
        )
    )
    # A join (not a subquery repeated in each ORDER BY term): cheap to plan.
    followed = ExpressionWrapper(Q(follow__isnull=False), output_field=BooleanField())
    picks = list(
        Series.objects.filter(status=Series.Status.PUBLISHED)
        .exclude(pk__in=owned_series_ids(user))
        .exclude(creator__user=user)
        .annotate(
            follow=FilteredRelation(
                "creator__followers", condition=Q(creator__followers__fan=user)
            ),
            followed=followed,
        )
        # On the annotation, so the followers are joined once (a filter on
        # follow__isnull joins them a second time, which PostgreSQL plans slowly).
        .filter(Q(followed=True) | in_niches)
        .select_related("creator")
        .only(
            "pk",
            "title",
            "cover",
            "price",
            "currency",
            "published_at",
            "rating_average",
            "rating_count",
            "updated_at",
            "creator__id",
            "creator__display_name",
            "creator__updated_at",
        )
        .order_by(
            F("followed").desc(),
            # Followed creators' Series by date (newest first), the others by rating.
            Case(When(followed=True, then=F("published_at"))).desc(nulls_last=True),
            F("rating_average").desc(nulls_last=True),
            "-rating_count",
            "-published_at",
            "-pk",
        )[:limit]
    )
    if not picks:
        return []
    # Those not ended, the later ones too: the fan's home is kept until the
    # next of them starts or ends (``fans.selectors_home``).
    not_ended = Discount.objects.filter(series__in=picks, ends_at__gt=now).order_by("starts_at")
    discounts = {}
    for discount in not_ended:
        discounts.setdefault(discount.series_id, []).append(discount)
    for series in picks:
        series.kept_discounts = discounts.get(series.pk, [])
    return [(series, offer(series, now, series.kept_discounts)) for series in picks]


def followed_series(*, user):
    """``(creator id, Series id)`` of each creator ``user`` follows and each of
    their Series, whatever its status (``(creator id, None)`` for a creator
    with none); one query."""
    return list(Follow.objects.filter(fan=user).values_list("creator_id", "creator__series__id"))


def following(*, user):
    """The creators ``user`` follows, latest first."""
    return Follow.objects.filter(fan=user).select_related("creator").order_by("-created_at", "-pk")


def is_following(user, creator):
    return user.is_authenticated and Follow.objects.filter(fan=user, creator=creator).exists()
