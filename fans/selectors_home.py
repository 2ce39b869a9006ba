"""A fan's home, kept in the process's fragment cache under version tokens
read from the shared cache in one round trip (``core.versions``, through
``series.selectors_library.kept_read``): no query while nothing it shows has
changed. The reads (the library with progress, new episodes from followed
creators, recommendations with their prices, and which Series the followed
creators have) take six queries. They name the versions of what they show:

- what the fan owns (``series.selectors_library.owner_version``: a purchase
  paid, a duplicate, a refund);
- whom they follow and how far they watched (``fans.signals.fan_version``);
- which Series each followed creator has (``fans.signals.creator_series_version``:
  a new one) and what each Series shown or followed shows
  (``series.services.page_version.series_version``: its status, title, cover,
  price, discounts and episodes, its creator's name). A fan following more
  than ``MOST_FOLLOWED_VERSIONS`` creators and Series of theirs is kept under
  the catalogue's version instead (``page_version.CATALOGUE``, moved on by a
  change of any Series).

Instants matter too: the reads are kept until the next instant a shown
discount starts or ends, or the oldest new episode turns ``NEW_EPISODE_DAYS``
old, and no longer than ``RECOMMENDATIONS_KEPT`` (recommendations follow
ratings and the niches' best Series across the catalogue, which no version
follows: they may lag it that long, never the fan's own data or a price).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from fans import selectors
from fans.signals import creator_series_version, fan_version
from series.selectors_library import Reading, kept_read, owner_version
from series.services.page_version import CATALOGUE, series_version

RECOMMENDATIONS_KEPT = timedelta(minutes=10)
# Versions of followed creators and their Series read on each request at most;
# past this the catalogue's version stands for them.
MOST_FOLLOWED_VERSIONS = 100


@dataclass
class HomeReads:
    library: list
    more_in_library: bool
    new_episodes: list
    recommendations: list
    followed: list  # (creator id, Series id or None), fans.selectors.followed_series


def _until(now, reads):
    """The first instant the reads may show something else by time alone."""
    instants = [now + RECOMMENDATIONS_KEPT]
    instants += [
        episode.approved_at + timedelta(days=selectors.NEW_EPISODE_DAYS)
        for episode in reads.new_episodes
    ]
    for series, _offer in reads.recommendations:
        for discount in series.kept_discounts:
            instants.append(discount.starts_at if discount.starts_at > now else discount.ends_at)
    return min(instants)


def _read(user, now):
    library, more = selectors.library_progress(user=user)
    return HomeReads(
        library=library,
        more_in_library=more,
        new_episodes=selectors.new_episodes_from_followed(user=user, now=now),
        recommendations=selectors.recommendations(user=user, now=now),
        followed=selectors.followed_series(user=user),
    )


def _names(user, reads):
    """The versions of what ``reads`` show (see the module's docstring)."""
    mine = [owner_version(user.pk), fan_version(user.pk)]
    creators = {creator_id for creator_id, _series_id in reads.followed}
    followed = {series_id for _creator_id, series_id in reads.followed if series_id is not None}
    if len(creators) + len(followed) > MOST_FOLLOWED_VERSIONS:
        return [*mine, CATALOGUE]
    shown = followed | {entry.series.pk for entry in reads.library}
    shown |= {episode.series_id for episode in reads.new_episodes}
    shown |= {series.pk for series, _offer in reads.recommendations}
    return [
        *mine,
        *(creator_series_version(creator_id) for creator_id in sorted(creators)),
        *(series_version(series_id) for series_id in sorted(shown)),
    ]


@dataclass
class Home:
    """The fan's home for one request: ``stamp`` keys its sections' HTML
    (None: not kept); the reads are loaded (from the fragment cache, else the
    database) only when a section is rendered."""

    now: datetime
    reading: Reading

    @property
    def stamp(self):
        return self.reading.stamp

    @property
    def minute(self):
        """The request's minute when new episodes are shown: they say how long
        ago they came."""
        return int(self.now.timestamp()) // 60 if self.reading.facts else None

    @property
    def reads(self):
        return self.reading.reads


def home(*, user, now=None):
    """The fan's home at ``now``: no query while what it shows has not changed
    since it was last read, else the reads (six queries)."""
    now = now or timezone.now()
    reading = kept_read(
        f"fan-home:{user.pk}",
        [owner_version(user.pk), fan_version(user.pk)],
        lambda: _read(user, now),
        names_of=lambda reads: _names(user, reads),
        facts_of=lambda reads: bool(reads.new_episodes),
        now=now,
        until_of=lambda reads: _until(now, reads),
    )
    return Home(now=now, reading=reading)
