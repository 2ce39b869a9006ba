"""Reads for fans' pages, planned so their query counts do not grow with the data."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef
from django.utils import timezone

from creators.models import Niche
from fans.models import Follow
from series.models import Discount, Episode, EpisodeProgress, Purchase, Series
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
        .order_by("-paid_at", "-pk")
    )


def library_progress(*, user, limit=HOME_LIBRARY_SIZE):
    """The fan's latest ``limit`` owned Series, each with their progress
    (three queries). Also returns whether they own more."""
    purchases = list(owned(user=user)[: limit + 1])
    return with_progress(user=user, purchases=purchases[:limit]), len(purchases) > limit


def with_progress(*, user, purchases):
    """A ``LibraryEntry`` for each of ``purchases`` (two queries, none without purchases)."""
    if not purchases:
        return []
    episodes = list(
        Episode.objects.filter(
            series_id__in=[purchase.series_id for purchase in purchases],
            approved_at__isnull=False,
        )
        .only("pk", "series_id", "title", "position", "duration_ms")
        .order_by("series_id", "position")
    )
    progress = {
        row.episode_id: row
        for row in EpisodeProgress.objects.filter(
            user=user, episode__in=[episode.pk for episode in episodes]
        )
    }
    by_series = {}
    for episode in episodes:
        by_series.setdefault(episode.series_id, []).append(episode)
    entries = []
    for purchase in purchases:
        own = by_series.get(purchase.series_id, [])
        unfinished = [
            episode
            for episode in own
            if not (episode.pk in progress and progress[episode.pk].finished)
        ]
        next_episode = unfinished[0] if unfinished else None
        started = progress.get(next_episode.pk) if next_episode else None
        entries.append(
            LibraryEntry(
                purchase=purchase,
                watched=len(own) - len(unfinished),
                total=len(own),
                next_episode=next_episode,
                resume_at=started.position_seconds if started else 0,
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
    own). Four queries, or fewer when there is nothing to recommend."""
    now = now or timezone.now()
    owned = owned_series_ids(user)
    on_sale = (
        Series.objects.filter(status=Series.Status.PUBLISHED)
        .exclude(pk__in=owned)
        .exclude(creator__user=user)
        .select_related("creator")
    )
    picks = list(
        on_sale.filter(creator__followers__fan=user).order_by("-published_at", "-pk")[:limit]
    )
    if len(picks) < limit:
        niches = (
            Niche.objects.filter(
                creators__series__purchases__buyer=user,
                creators__series__purchases__status=Purchase.Status.PAID,
            )
            .annotate(owned=Count("creators__series__purchases", distinct=True))
            .order_by("-owned", "pk")
            .values("pk")[:NICHES_CONSIDERED]
        )
        picks += list(
            on_sale.filter(creator__niches__in=niches)
            .exclude(pk__in=[series.pk for series in picks])
            .distinct()
            .order_by(
                F("rating_average").desc(nulls_last=True), "-rating_count", "-published_at", "-pk"
            )[: limit - len(picks)]
        )
    if not picks:
        return []
    running = Discount.objects.filter(
        series__in=picks, starts_at__lte=now, ends_at__gt=now
    ).order_by("starts_at")
    discounts = {}
    for discount in running:
        discounts.setdefault(discount.series_id, []).append(discount)
    return [(series, offer(series, now, discounts.get(series.pk, []))) for series in picks]


def following(*, user):
    """The creators ``user`` follows, latest first."""
    return Follow.objects.filter(fan=user).select_related("creator").order_by("-created_at", "-pk")


def is_following(user, creator):
    return user.is_authenticated and Follow.objects.filter(fan=user, creator=creator).exists()
