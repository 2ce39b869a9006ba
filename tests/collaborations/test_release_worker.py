"""The auto-release task, run by a real Celery worker process against the test
database (PostgreSQL: the worker needs a database it can share)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from collaborations.models import Collaboration
from collaborations.tasks import release_unanswered_holds
from payments.models import LedgerEntry
from tests.celery_workers import wait_for_worker
from tests.collaborations.factories import CollaborationFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_releases_a_fee_the_business_left_unanswered(broker_env, worker):
    broker_connection, queue, _outbox, process = worker
    collaboration = CollaborationFactory(status=Collaboration.Status.SUBMITTED)
    Collaboration.objects.filter(pk=collaboration.pk).update(
        submitted_at=timezone.now() - timedelta(hours=73)
    )

    release_unanswered_holds.apply_async(queue=queue, connection=broker_connection)

    paid = LedgerEntry.objects.filter(collaboration=collaboration, kind="pay")
    wait_for_worker(process, lambda: paid.exists(), "The worker released nothing.")
    collaboration.refresh_from_db()
    assert (collaboration.status, collaboration.approved_automatically) == ("approved", True)
