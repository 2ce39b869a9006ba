"""With the cache's Redis unreachable, pages that count things in it still
work: rate limits let the request through, and Series page views are written
to the database instead. (Matching and emails with Redis down are covered in
tests/brands/test_match_faults.py.) The Redis here is a real client pointed at
a port where nothing listens."""

import pytest

from core import ratelimit
from series.models import DailyStats
from tests.factories import UserFactory
from tests.series.factories import EpisodeFactory

pytestmark = pytest.mark.django_db


def test_a_rate_limited_action_goes_through_when_nothing_can_be_counted(cache_down):
    user = UserFactory()

    assert all(ratelimit.allow(user, "message") for _ in range(100))


def test_a_series_page_view_is_counted_in_the_database_when_redis_is_down(client, cache_down):
    series = EpisodeFactory().series

    response = client.get(series.get_absolute_url())

    assert response.status_code == 200
    assert DailyStats.objects.get(series=series).page_views == 1
