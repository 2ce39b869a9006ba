"""The event counters in Redis: one round trip an increment, read and
flushed by the same cache calls as before."""

import os
import uuid

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from series.models import DailyStats
from series.services.counters import (
    COUNTER_TIMEOUT,
    _counter_key,
    count_event,
    count_event_reading,
    flush_event_counters,
)
from tests.celery_workers import redis_is_up
from tests.conftest import require
from tests.series.factories import EpisodeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_counters(settings):
    """The default cache in Redis, under a key prefix of this test's own."""
    url = os.environ.get("REDIS_URL", "")
    require(url and redis_is_up(url), "Redis (REDIS_URL)")
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-counters-{uuid.uuid4().hex}",
        },
    }
    store = caches["default"]
    yield store
    # Only this test's keys: clear() would empty the whole Redis database.
    client = store._cache.get_client(write=True)
    for key in client.keys(store.make_key("*")):
        client.delete(key)


def test_counts_in_redis_reach_the_daily_figures_once(redis_counters):
    series = EpisodeFactory().series

    for _ in range(3):
        count_event(series_id=series.pk, event="page_views")
    moved = flush_event_counters()
    again = flush_event_counters()

    assert (moved, again) == (3, 0)
    assert DailyStats.objects.get(series=series).page_views == 3


def test_a_counter_in_redis_expires_as_the_cache_would_set_it(redis_counters):
    series = EpisodeFactory().series

    count_event(series_id=series.pk, event="preview_plays")

    client = redis_counters._cache.get_client(write=False)
    keys = client.keys(redis_counters.make_key("series-stats:*"))
    assert len(keys) == 1
    assert 0 < client.ttl(keys[0]) <= COUNTER_TIMEOUT


def test_a_view_counted_with_a_read_is_counted_once_and_reads_the_keys(redis_counters):
    series = EpisodeFactory().series
    redis_counters.set("version:shown", "token", None)

    found = count_event_reading(
        series_id=series.pk, event="page_views", keys=["version:shown", "version:never-set"]
    )

    assert found == {"version:shown": "token"}
    assert flush_event_counters() == 1


def test_a_kept_series_page_counts_each_view_and_a_missing_page_none(client, redis_counters):
    series = EpisodeFactory().series
    for _ in range(2):
        assert client.get(series.get_absolute_url()).status_code == 200
    missing = series.pk + 1000

    assert client.get(reverse("series:detail", args=[missing])).status_code == 404

    assert flush_event_counters() == 2
    key = _counter_key(timezone.localdate(), missing, "page_views")
    assert not redis_counters.get(key)
