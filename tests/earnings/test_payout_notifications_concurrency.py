"""Two copies of one payout notification at the same moment: the creator's
and the payout's row locks let one book the payout and the other find nothing
new, never a second ledger entry."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from earnings import services
from earnings.models import Payout, PayoutNotification
from payments.models import LedgerEntry
from tests.conftest import require
from tests.creators.factories import CreatorProfileFactory
from tests.earnings.factories import at, first_of, ready_for_payouts, sell

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_notifications_at_once_book_the_payout_once(fake_xendit, books_balance):
    require(connection.vendor == "postgresql", "PostgreSQL")
    creator = CreatorProfileFactory()
    ready_for_payouts(creator)
    sell(creator, "900000.00", when=at(2025, 3, 10))
    services.make_statements(creator_id=creator.pk, month=first_of(2025, 3))
    payout = services.send_payout(payout_id=Payout.objects.get().pk)
    fake_xendit.settle(payout.provider_reference, "SUCCEEDED")
    body = fake_xendit.payout_notification(payout.provider_reference)
    barrier = threading.Barrier(2)
    answers = []

    def deliver():
        try:
            barrier.wait()
            answers.append(fake_xendit.deliver_payout(Client(), body).status_code)
        except Exception as error:  # noqa: BLE001 - the test reports any other failure
            answers.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert answers == [200, 200]
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYOUT_PAID).count() == 1
    assert sorted(PayoutNotification.objects.values_list("outcome", flat=True)) == [
        "applied",
        "duplicate",
    ]
    books_balance()
