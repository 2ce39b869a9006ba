"""The monthly task, run by a real Celery worker process against the test
database (PostgreSQL: the worker needs a database it can share)."""

import pytest

from earnings.models import Payout, Statement
from earnings.tasks import monthly_statements
from tests.celery_workers import wait_for_worker
from tests.creators.factories import CreatorProfileFactory
from tests.earnings.factories import at, first_of, ready_for_payouts, sell

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_makes_the_months_statements_and_payouts(broker_env, worker, books_balance):
    broker_connection, queue, outbox, process = worker
    creators = CreatorProfileFactory.create_batch(2)
    for creator in creators:
        ready_for_payouts(creator)
        sell(creator, "900000.00", when=at(2025, 3, 10))

    # The run queues tasks for batches of creators; the worker takes those too.
    monthly_statements.apply_async(args=["2025-03"], queue=queue, connection=broker_connection)

    wait_for_worker(
        process,
        lambda: Payout.objects.filter(status="paid").count() == 2,
        "The worker did not pay both creators.",
    )
    for creator in creators:
        statement = Statement.objects.get(creator=creator)
        assert statement.month == first_of(2025, 3)
        assert statement.payout.status == Payout.Status.PAID

    # Each creator's statement and payout emails are sent by the worker too.
    # (The file backend may append two emails to one file: count the emails.)
    def sent():
        return "".join(path.read_text() for path in outbox.glob("*.log"))

    wait_for_worker(
        process,
        lambda: sent().count("\nTo: ") >= 4,
        "The worker did not send the statement and payout emails.",
    )
    for creator in creators:
        assert sent().count(f"To: {creator.user.email}") == 2
    books_balance()
