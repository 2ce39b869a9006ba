"""A fan's home, kept in the process's fragment cache under the version of
what it shows.

The home's reads (the library with progress, new episodes from followed
creators, recommendations with their prices) take five ORM queries, which
cost more to build than PostgreSQL takes to run. So each request reads only
the version of what the home shows, in one plain SQL query
(``home_version``), and the sections' HTML is kept under a stamp of the
reads made at that version (``KeptHome.stamp``). The version changes with:

- what the fan owns and the Series and creators of it
  (``series.selectors_library.owned_version_source``: a purchase, a refund,
  a new episode, title, cover or name);
- their progress: how many episodes they started and the sum of the
  progress rows' ``updated_at``;
- whom they follow: the set of their follows (its size and the sum of its
  ids, which only grow), the followed creators' Series (how many, and the
  sum of their ``updated_at``, moved on by a publication, a new episode or
  a discount) and the sum of the creators' ``updated_at``;
- the Series recommended: the sum of their ``updated_at`` and their
  creators'.

Times are summed, not their latest taken: any change changes a sum,
whatever order concurrent changes commit in.

Instants matter too: the reads are kept until the next instant a shown
discount starts or ends, or the oldest new episode turns ``NEW_EPISODE_DAYS``
old, and no longer than ``RECOMMENDATIONS_KEPT`` (recommendations follow
ratings and the niches' best Series across the catalogue, which no version
follows: they may lag it that long, never the fan's own data or a price).
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from creators.models import CreatorProfile
from fans import selectors
from fans.models import Follow
from series.models import EpisodeProgress, Series
from series.selectors_library import microseconds, microseconds_of, owned_version_source

RECOMMENDATIONS_KEPT = timedelta(minutes=10)

# The parts of the home's version: one row each, an aggregate over one join
# (cheap to plan). Tables' names from the models, instants as whole
# microseconds summed (``series.selectors_library.microseconds``: any change
# changes the sum, whatever order changes commit in), values as parameters.
PROGRESS_VERSION_SQL = (
    "SELECT COUNT(*) AS started, SUM({progress_updated}) AS watched"
    " FROM {progress} e WHERE e.user_id = %s"
)
# Follow ids are unique: DISTINCT undoes the join to the Series (and a
# creator's time counts once per Series of theirs, which changes nothing).
FOLLOWS_VERSION_SQL = (
    "SELECT COUNT(DISTINCT f.id) AS follows, SUM(DISTINCT f.id) AS follow_ids,"
    " SUM({creator_updated}) AS creators_updated, COUNT(s.id) AS series,"
    " SUM({series_updated}) AS series_updated"
    " FROM {follow} f JOIN {creator} c ON c.id = f.creator_id"
    " LEFT JOIN {series} s ON s.creator_id = f.creator_id WHERE f.fan_id = %s"
)
RECOMMENDED_VERSION_SQL = (
    "SELECT SUM({{series_updated}}) AS series_updated,"
    " SUM({{creator_updated}}) AS creators_updated"
    " FROM {{series}} s JOIN {{creator}} c ON c.id = s.creator_id WHERE s.id IN ({ids})"
)
SELECT_ALL_SQL = "SELECT * FROM {}"
KEPT_SECONDS = 3600


def home_version(*, user, recommended_ids):
    """``(version, recommended)``: the version of what ``user``'s home shows
    but the recommendations, and the version of the Series in
    ``recommended_ids`` (see the module's docstring); one query of one row,
    each part an aggregate over one join (cheap to plan)."""
    owned, params = owned_version_source(user.pk)
    tables = {
        "series": Series._meta.db_table,
        "creator": CreatorProfile._meta.db_table,
        "follow": Follow._meta.db_table,
        "progress": EpisodeProgress._meta.db_table,
        "progress_updated": microseconds("e.updated_at"),
        "series_updated": microseconds("s.updated_at"),
        "creator_updated": microseconds("c.updated_at"),
    }
    parts = [owned, PROGRESS_VERSION_SQL, FOLLOWS_VERSION_SQL]
    params += [user.pk, user.pk]
    if recommended_ids:
        parts.append(RECOMMENDED_VERSION_SQL.format(ids=", ".join(["%s"] * len(recommended_ids))))
        params += recommended_ids
    sql = SELECT_ALL_SQL.format(
        ", ".join(f"({part.format(**tables)}) AS part{number}" for number, part in enumerate(parts))
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if not recommended_ids:
        return repr(row), (None, None)
    return repr(row[:-2]), (int(row[-2]), int(row[-1]))


def _recommended_version(recommendations):
    """The version ``home_version`` reads of these recommended Series."""
    if not recommendations:
        return (None, None)
    return (
        microseconds_of(series.updated_at for series, _offer in recommendations),
        microseconds_of(series.creator.updated_at for series, _offer in recommendations),
    )


@dataclass
class KeptHome:
    """What the fan's home showed, read at ``read_at``, valid until ``until``
    while the versions stay the same. ``stamp`` names the sections' HTML."""

    version: str
    recommended_version: tuple
    recommended_ids: list
    has_new_episodes: bool
    read_at: datetime
    until: datetime
    stamp: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass
class HomeReads:
    library: list
    more_in_library: bool
    new_episodes: list
    recommendations: list


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
    )


@dataclass
class Home:
    """The fan's home for one request: ``stamp`` keys its sections' HTML;
    the reads are loaded (from the fragment cache, else the database) only
    when a section is rendered."""

    user: object
    now: datetime
    kept: KeptHome
    _reads: HomeReads | None = None

    @property
    def stamp(self):
        return self.kept.stamp

    @property
    def minute(self):
        """The request's minute when new episodes are shown: they say how long
        ago they came."""
        return int(self.now.timestamp()) // 60 if self.kept.has_new_episodes else None

    @property
    def reads(self):
        if self._reads is None:
            self._reads = caches["fragments"].get(_reads_key(self.kept.stamp)) or _read(
                self.user, self.now
            )
        return self._reads


def _kept_key(user):
    return f"fan-home:{user.pk}"


def _reads_key(stamp):
    return f"fan-home-reads:{stamp}"


def home(*, user, now=None):
    """The fan's home at ``now``: one query when what it shows has not changed
    since it was last read, else that query and the reads (five queries)."""
    now = now or timezone.now()
    store = caches["fragments"]
    kept = store.get(_kept_key(user))
    version, recommended = home_version(
        user=user, recommended_ids=kept.recommended_ids if kept else []
    )
    if (
        kept is not None
        and kept.version == version
        and kept.recommended_version == recommended
        and kept.read_at <= now < kept.until
    ):
        return Home(user=user, now=now, kept=kept)
    reads = _read(user, now)
    kept = KeptHome(
        version=version,
        recommended_version=_recommended_version(reads.recommendations),
        recommended_ids=[series.pk for series, _offer in reads.recommendations],
        has_new_episodes=bool(reads.new_episodes),
        read_at=now,
        until=_until(now, reads),
    )
    store.set(_reads_key(kept.stamp), reads, KEPT_SECONDS)
    store.set(_kept_key(user), kept, KEPT_SECONDS)
    return Home(user=user, now=now, kept=kept, _reads=reads)
