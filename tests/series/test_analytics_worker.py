"""The counter flush task, run by a real Celery worker process: counts made in
Redis by the web process reach the daily figures in the test database."""

import pytest
from django.conf import settings

from series import services
from series.models import DailyStats
from series.tasks import flush_event_counters
from tests.celery_workers import wait_for_worker
from tests.conftest import require
from tests.series.factories import EpisodeFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_flushes_the_counted_page_views(broker_env, worker):
    require(services._cache_is_shared(), f"a shared cache, not {settings.CACHES}")
    broker_connection, queue, _outbox, process = worker
    series = EpisodeFactory().series
    for _ in range(3):
        services.count_event(series_id=series.pk, event="page_views")

    flush_event_counters.apply_async(queue=queue, connection=broker_connection)

    counted = DailyStats.objects.filter(series=series, page_views=3)
    wait_for_worker(process, lambda: counted.exists(), "The worker flushed nothing.")
    assert services.flush_event_counters() == 0
