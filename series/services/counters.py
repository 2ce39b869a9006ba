"""Page views and plays counted outside the database, and their flush into
the daily figures."""

import logging
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from django.core.files import locks
from django.db import transaction
from django.utils import timezone
from redis.exceptions import RedisError

from series.models import Series
from series.services.daily_stats import add_to_daily_stats

logger = logging.getLogger(__name__)

COUNTED_EVENTS = {"page_views", "preview_plays", "episode_starts", "episode_completions"}
COUNTER_TIMEOUT = 3 * 24 * 60 * 60


def _counter_key(day, series_id, event):
    return f"series-stats:{day.isoformat()}:{series_id}:{event}"


class _CachedCounters:
    """The counters in a cache every process shares."""

    def __init__(self, store):
        self.store = store

    def incr(self, key):
        self.store.add(key, 0, timeout=COUNTER_TIMEOUT)
        self.store.incr(key)

    def decr(self, key, amount):
        self.store.decr(key, amount)

    def get_many(self, keys):
        return self.store.get_many(keys)


class _RedisCounters(_CachedCounters):
    """The counters in Redis (Django's cache): an increment is one round trip
    (a pipeline that creates the counter with its expiry when it is missing,
    then increments it atomically), where the cache's ``add`` and ``incr``
    take three. Django stores whole numbers as plain Redis integers, so the
    cache's ``get_many`` and ``decr`` read and change the same counters."""

    def incr(self, key):
        key = self.store.make_and_validate_key(key)
        pipeline = self.store._cache.get_client(key, write=True).pipeline(transaction=False)
        pipeline.set(key, 0, ex=COUNTER_TIMEOUT, nx=True)
        pipeline.incr(key)
        pipeline.execute()

    def incr_reading(self, key, keys):
        """``incr``, and the cache's values of ``keys`` read in the same round trip."""
        key = self.store.make_and_validate_key(key)
        read = [self.store.make_and_validate_key(name) for name in keys]
        pipeline = self.store._cache.get_client(key, write=True).pipeline(transaction=False)
        pipeline.set(key, 0, ex=COUNTER_TIMEOUT, nx=True)
        pipeline.incr(key)
        pipeline.mget(read)
        values = pipeline.execute()[-1]
        loads = self.store._cache._serializer.loads
        pairs = zip(keys, values, strict=True)
        return {name: loads(value) for name, value in pairs if value is not None}


class _FileCounters(_CachedCounters):
    """The counters in files under ``SERIES_PRIVATE_ROOT``, for the embedded
    default, whose in-memory cache each process keeps to itself: the web server
    counts and the worker flushes, so both must see the same counts. One lock
    file makes each increment and decrement atomic, as a Redis command is."""

    def __init__(self, folder):
        super().__init__(
            FileBasedCache(
                str(folder),
                # incr() and decr() write the value again with the default timeout.
                {"TIMEOUT": COUNTER_TIMEOUT, "OPTIONS": {"MAX_ENTRIES": 1_000_000}},
            )
        )
        self.lock_path = folder / "lock"

    @contextmanager
    def _locked(self):
        with open(self.lock_path, "ab") as lock_file:
            locks.lock(lock_file, locks.LOCK_EX)
            try:
                yield
            finally:
                locks.unlock(lock_file)

    def incr(self, key):
        with self._locked():
            super().incr(key)

    def decr(self, key, amount):
        with self._locked():
            super().decr(key, amount)


def _counters():
    """Where events are counted until the flush: a store that the web processes
    and the worker share, whichever the setup."""
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        return _FileCounters(Path(settings.SERIES_PRIVATE_ROOT) / "counters")
    store = caches["default"]
    if isinstance(store, RedisCache):
        return _RedisCounters(store)
    return _CachedCounters(store)


def count_event(*, series_id, event, now=None):
    """Count one page view, preview play, episode start or completion.

    In the request this is one atomic increment in Redis, or in a counter file
    on the embedded default (no database write, no row lock);
    ``flush_event_counters`` moves the counts into ``DailyStats`` every minute."""
    if event not in COUNTED_EVENTS:
        raise ValueError(event)
    day = timezone.localdate(now)
    try:
        _counters().incr(_counter_key(day, series_id, event))
    except (RedisError, OSError):
        # The store is unreachable: count it in the database instead of failing the page.
        add_to_daily_stats(series_id=series_id, day=day, **{event: 1})


def count_event_reading(*, series_id, event, keys, now=None):
    """``count_event`` and the shared cache's values of ``keys`` (what its
    ``get_many`` returns) in one round trip to Redis: a kept page reads its
    versions as its view is counted. None, and nothing counted, without Redis
    or when it cannot be reached: the caller then reads and counts apart. A
    view counted before its page was found is taken back by ``uncount_event``."""
    if event not in COUNTED_EVENTS:
        raise ValueError(event)
    counters = _counters()
    if not isinstance(counters, _RedisCounters):
        return None
    try:
        return counters.incr_reading(_counter_key(timezone.localdate(now), series_id, event), keys)
    except (RedisError, OSError):
        return None


def uncount_event(*, series_id, event, now=None):
    """Take back one event counted by ``count_event_reading`` (the page it
    counted was not found)."""
    try:
        _counters().decr(_counter_key(timezone.localdate(now), series_id, event), 1)
    except (RedisError, OSError, ValueError):
        logger.warning("Event %s of Series %s not taken back", event, series_id)


def flush_event_counters(*, now=None):
    """Move the counts of today and yesterday into ``DailyStats``.

    Each count is subtracted from its counter (not reset) once written, so
    events that arrive during the flush are kept for the next one; running it
    twice adds nothing twice. Returns the number of events moved."""
    today = timezone.localdate(now)
    days = [today - timedelta(days=1), today]
    series_ids = list(Series.objects.exclude(approved_at=None).values_list("pk", flat=True))
    keys = {
        _counter_key(day, series_id, event): (day, series_id, event)
        for day in days
        for series_id in series_ids
        for event in COUNTED_EVENTS
    }
    counters = _counters()
    moved = 0
    for key, count in counters.get_many(list(keys)).items():
        if not count:
            continue
        day, series_id, event = keys[key]
        with transaction.atomic():
            add_to_daily_stats(series_id=series_id, day=day, **{event: count})
        counters.decr(key, count)
        moved += count
    return moved


# --- Notifications --------------------------------------------------------
