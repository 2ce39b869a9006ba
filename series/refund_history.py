"""What staff read when deciding a refund request: the buyer's watching of
the Series, episode by episode, beside their reason.

Series records per viewer where each viewer stopped in each episode
(``EpisodeProgress``).
"""

from dataclasses import dataclass
from datetime import datetime

from series.models import Episode, EpisodeProgress, RefundRequest, Review


@dataclass(frozen=True)
class Watched:
    episode: Episode
    stopped_at_seconds: int | None = None
    finished: bool = False
    last_watched: datetime | None = None

    @property
    def share(self):
        """How far into the episode, in percent (100 when finished), or None."""
        if self.finished:
            return 100
        if self.stopped_at_seconds is None or not self.episode.duration_seconds:
            return None
        return min(100, round(100 * self.stopped_at_seconds / self.episode.duration_seconds))


@dataclass(frozen=True)
class History:
    rows: list
    review: Review | None
    other_requests: int  # the buyer's refund requests for other purchases

    @property
    def watched(self):
        return sum(1 for row in self.rows if row.share)


def watch_history(request):
    """The buyer's watching of the Series of ``request`` (a ``RefundRequest``
    with its purchase), in a fixed number of queries."""
    purchase = request.purchase
    episodes = list(
        Episode.objects.filter(series_id=purchase.series_id)
        .exclude(approved_at=None)
        .only("pk", "title", "position", "duration_ms", "is_free_preview")
        .order_by("position")
    )
    progress = {
        row.episode_id: row
        for row in EpisodeProgress.objects.filter(user_id=purchase.buyer_id, episode__in=episodes)
    }
    rows = [
        Watched(
            episode=episode,
            stopped_at_seconds=progress[episode.pk].position_seconds,
            finished=progress[episode.pk].finished,
            last_watched=progress[episode.pk].updated_at,
        )
        if episode.pk in progress
        else Watched(episode=episode)
        for episode in episodes
    ]
    return History(
        rows=rows,
        review=Review.objects.filter(
            series_id=purchase.series_id, buyer_id=purchase.buyer_id
        ).first(),
        other_requests=RefundRequest.objects.filter(buyer_id=purchase.buyer_id)
        .exclude(purchase_id=purchase.pk)
        .count(),
    )
