"""The portal's Redis cache (core.cache): Django's, with one redis-py client
a process, against the real Redis."""

import os

import pytest
from django.utils.module_loading import import_string

from tests.celery_workers import redis_is_up
from tests.conftest import require


@pytest.fixture
def redis_cache():
    url = os.environ.get("REDIS_URL", "")
    require(url and redis_is_up(url), "Redis (REDIS_URL)")
    cache = import_string("core.cache.RedisCache")(url, {"KEY_PREFIX": "test-core-cache"})
    yield cache
    cache.delete_many(["row", "other"])


def test_every_call_shares_one_client(redis_cache):
    redis_cache.set("row", {"email": "a@example.com"}, 60)

    assert redis_cache.get("row") == {"email": "a@example.com"}
    assert redis_cache._cache.get_client("row") is redis_cache._cache.get_client("other")


def test_writes_and_reads_reach_the_same_redis(redis_cache):
    redis_cache.set_many({"row": 1, "other": 2}, 60)
    redis_cache.incr("row")

    assert redis_cache.get_many(["row", "other"]) == {"row": 2, "other": 2}
    redis_cache.delete("row")
    assert redis_cache.get("row") is None
