"""The credit expiry task, run by a real Celery worker process against the test
database (PostgreSQL: the worker needs a database it can share)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from brands.selectors import balances_for_business
from brands.tasks import expire_credit
from payments.models import Account, LedgerEntry
from tests.brands.factories import BusinessFactory, give_credit
from tests.celery_workers import wait_for_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_expires_credit_past_its_date(broker_env, worker):
    broker_connection, queue, _outbox, process = worker
    business = BusinessFactory()
    give_credit(business, "750000.00", expires_at=timezone.now() - timedelta(minutes=1))

    expire_credit.apply_async(queue=queue, connection=broker_connection)

    wait_for_worker(
        process,
        lambda: LedgerEntry.objects.filter(kind="expire").exists(),
        "The worker expired nothing.",
    )
    expired = LedgerEntry.objects.get(kind="expire")
    assert expired.amount_on(Account.Kind.BUSINESS_CREDIT) == Decimal("-750000.00")
    assert balances_for_business(business.pk).credit == Decimal("0.00")
