"""The counter flush task, run by a real Celery worker process: counts made by
the web process (in Redis, or in counter files on the embedded default) reach
the daily figures in the test database."""

import pytest

from series.models import DailyStats
from series.services import counters
from series.tasks import flush_event_counters
from tests.celery_workers import wait_for_worker
from tests.series.factories import EpisodeFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shared_counters(broker_env, settings):
    """The worker counts where this test does: its counter files (without Redis)
    are this test's own."""
    env, _connection = broker_env
    env["SERIES_PRIVATE_ROOT"] = str(settings.SERIES_PRIVATE_ROOT)
    return broker_env


def test_a_real_worker_flushes_the_counted_page_views(shared_counters, worker):
    broker_connection, queue, _outbox, process = worker
    series = EpisodeFactory().series
    for _ in range(3):
        counters.count_event(series_id=series.pk, event="page_views")

    flush_event_counters.apply_async(queue=queue, connection=broker_connection)

    counted = DailyStats.objects.filter(series=series, page_views=3)
    wait_for_worker(process, lambda: counted.exists(), "The worker flushed nothing.")
    assert counters.flush_event_counters() == 0
