"""The Series app's models, one module per part; Django and callers find every
model here."""

from series.models.catalogue import CREATOR, STAFF, Series, StatusChange, Submission
from series.models.discounts import Discount
from series.models.episodes import (
    MAX_EPISODE_MILLISECONDS,
    MAX_EPISODES,
    MIN_EPISODE_MILLISECONDS,
    Episode,
)
from series.models.progress import EpisodeProgress
from series.models.purchases import Purchase
from series.models.refunds import RefundRequest
from series.models.reviews import Review
from series.models.stats import DailyStats

__all__ = [
    "CREATOR",
    "MAX_EPISODES",
    "MAX_EPISODE_MILLISECONDS",
    "MIN_EPISODE_MILLISECONDS",
    "STAFF",
    "DailyStats",
    "Discount",
    "Episode",
    "EpisodeProgress",
    "Purchase",
    "RefundRequest",
    "Review",
    "Series",
    "StatusChange",
    "Submission",
]
