"""Xendit's payout notifications: a notification is only a hint, the payout is
looked up at Xendit before anything is booked, and hostile ones (forged,
replayed, out of order, for another amount) change nothing twice, leaving a
stored row and a log line staff can find."""

import logging
from decimal import Decimal

import pytest
from django.urls import reverse

from earnings import services
from earnings.models import PAYOUT_REVERSED, Payout, PayoutNotification
from payments import ledger
from payments.models import Account, LedgerEntry
from tests.creators.factories import CreatorProfileFactory
from tests.earnings.factories import at, first_of, ready_for_payouts, sell
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

MARCH = first_of(2025, 3)
Outcome = PayoutNotification.Outcome
# The notifications changelist, whatever the number of rows on it.
QUERIES = 8


def available(creator):
    return ledger.balance(ledger.account(Account.Kind.CREATOR_EARNINGS, creator=creator))


def booked(kind):
    return LedgerEntry.objects.filter(kind=kind).count()


@pytest.fixture
def accepted(fake_xendit):
    """A creator's Rp 900,000 payout, accepted by Xendit and still on its way."""
    creator = CreatorProfileFactory()
    ready_for_payouts(creator)
    sell(creator, "900000.00", when=at(2025, 3, 10))
    services.make_statements(creator_id=creator.pk, month=MARCH)
    payout = services.send_payout(payout_id=Payout.objects.get(creator=creator).pk)
    assert payout.status == Payout.Status.PROCESSING
    return payout


def outcomes():
    return list(PayoutNotification.objects.order_by("pk").values_list("outcome", flat=True))


def test_a_notification_confirmed_by_xendit_books_the_payout_paid(
    client, fake_xendit, accepted, books_balance
):
    fake_xendit.settle(accepted.provider_reference, "SUCCEEDED")

    response = fake_xendit.deliver_payout(
        client, fake_xendit.payout_notification(accepted.provider_reference)
    )

    assert response.status_code == 200
    accepted.refresh_from_db()
    assert accepted.status == Payout.Status.PAID
    assert outcomes() == [Outcome.APPLIED]
    row = PayoutNotification.objects.get()
    assert (row.gateway_id, row.reference, row.claimed_status, row.payout) == (
        accepted.provider_reference,
        accepted.reference,
        "SUCCEEDED",
        accepted,
    )
    assert fake_xendit.calls("/v2/payouts/", method="GET") == 1
    books_balance()


def test_a_replayed_notification_books_nothing_twice(client, fake_xendit, accepted, books_balance):
    fake_xendit.settle(accepted.provider_reference, "SUCCEEDED")
    body = fake_xendit.payout_notification(accepted.provider_reference)

    answers = [fake_xendit.deliver_payout(client, body).status_code for _ in range(3)]

    assert answers == [200, 200, 200]
    assert booked(LedgerEntry.Kind.PAYOUT_PAID) == 1
    assert outcomes() == [Outcome.APPLIED, Outcome.DUPLICATE, Outcome.DUPLICATE]
    books_balance()


def test_a_forged_notification_is_refused_stored_and_logged(
    client, fake_xendit, accepted, caplog, books_balance
):
    fake_xendit.settle(accepted.provider_reference, "SUCCEEDED")
    body = fake_xendit.payout_notification(accepted.provider_reference)

    with caplog.at_level(logging.WARNING, logger="earnings.payouts"):
        response = fake_xendit.deliver_payout(client, body, forged=True)

    assert response.status_code == 403
    accepted.refresh_from_db()
    assert accepted.status == Payout.Status.PROCESSING
    assert outcomes() == [Outcome.FORGED]
    # Nothing was asked of Xendit for a forged notification.
    assert fake_xendit.calls("/v2/payouts/", method="GET") == 0
    assert "forged" in caplog.text
    assert accepted.reference in caplog.text
    books_balance()


def test_a_notification_claiming_success_xendit_does_not_confirm_books_nothing(
    client, fake_xendit, accepted, books_balance
):
    body = fake_xendit.payout_notification(accepted.provider_reference, status="SUCCEEDED")

    response = fake_xendit.deliver_payout(client, body)

    assert response.status_code == 200
    accepted.refresh_from_db()
    assert accepted.status == Payout.Status.PROCESSING
    assert booked(LedgerEntry.Kind.PAYOUT_PAID) == 0
    assert outcomes() == [Outcome.DUPLICATE]
    assert "ACCEPTED" in PayoutNotification.objects.get().detail
    books_balance()


def test_notifications_out_of_order_end_where_xendit_is(
    client, fake_xendit, accepted, books_balance
):
    succeeded = fake_xendit.payout_notification(
        accepted.provider_reference, status="SUCCEEDED"
    )  # sent first, arrives last
    fake_xendit.settle(accepted.provider_reference, "SUCCEEDED")
    fake_xendit.settle(accepted.provider_reference, "REVERSED")
    reversed_ = fake_xendit.payout_notification(accepted.provider_reference)

    fake_xendit.deliver_payout(client, reversed_)
    fake_xendit.deliver_payout(client, succeeded)

    accepted.refresh_from_db()
    assert accepted.status == Payout.Status.REVERSED
    assert booked(LedgerEntry.Kind.PAYOUT_PAID) == booked(PAYOUT_REVERSED) == 1
    assert available(accepted.creator) == Decimal("900000.00")
    assert outcomes() == [Outcome.APPLIED, Outcome.DUPLICATE]
    books_balance()


def test_a_failure_that_arrives_after_the_payout_was_paid_changes_nothing(
    client, fake_xendit, accepted, books_balance
):
    late_failure = fake_xendit.payout_notification(accepted.provider_reference, status="FAILED")
    fake_xendit.settle(accepted.provider_reference, "SUCCEEDED")
    fake_xendit.deliver_payout(client, fake_xendit.payout_notification(accepted.provider_reference))

    fake_xendit.deliver_payout(client, late_failure)

    accepted.refresh_from_db()
    assert accepted.status == Payout.Status.PAID
    assert booked(LedgerEntry.Kind.PAYOUT_FAILED) == 0
    assert outcomes() == [Outcome.APPLIED, Outcome.DUPLICATE]
    books_balance()


def test_a_notification_for_another_amount_books_nothing(
    client, fake_xendit, accepted, caplog, books_balance
):
    fake_xendit.settle(accepted.provider_reference, "SUCCEEDED")
    body = fake_xendit.payout_notification(accepted.provider_reference, amount=9000000)

    with caplog.at_level(logging.WARNING, logger="earnings.payouts"):
        response = fake_xendit.deliver_payout(client, body)

    assert response.status_code == 200
    accepted.refresh_from_db()
    assert accepted.status == Payout.Status.PROCESSING
    assert outcomes() == [Outcome.MISMATCH]
    assert "9000000" in caplog.text
    books_balance()


def test_a_payout_xendit_holds_for_another_amount_books_nothing(
    client, fake_xendit, accepted, books_balance
):
    fake_xendit.settle(accepted.provider_reference, "SUCCEEDED")
    fake_xendit.payouts[accepted.provider_reference]["amount"] = 800000
    body = fake_xendit.payout_notification(accepted.provider_reference, amount=900000)

    fake_xendit.deliver_payout(client, body)

    accepted.refresh_from_db()
    assert accepted.status == Payout.Status.PROCESSING
    assert outcomes() == [Outcome.MISMATCH]
    books_balance()


def test_a_notification_for_a_payout_we_do_not_have_is_stored_as_unknown(
    client, fake_xendit, accepted
):
    body = fake_xendit.payout_notification(
        accepted.provider_reference, reference_id="payout:999999"
    )

    response = fake_xendit.deliver_payout(client, body)

    assert response.status_code == 200
    assert outcomes() == [Outcome.UNKNOWN]


def test_the_status_api_down_answers_503_so_xendit_sends_it_again(
    client, fake_xendit, accepted, books_balance
):
    fake_xendit.settle(accepted.provider_reference, "SUCCEEDED")
    body = fake_xendit.payout_notification(accepted.provider_reference)
    fake_xendit.fail_payouts(503, path_prefix="/v2/payouts/")

    assert fake_xendit.deliver_payout(client, body).status_code == 503
    accepted.refresh_from_db()
    assert accepted.status == Payout.Status.PROCESSING

    fake_xendit.heal_payouts()
    assert fake_xendit.deliver_payout(client, body).status_code == 200
    accepted.refresh_from_db()
    assert accepted.status == Payout.Status.PAID
    assert outcomes() == [Outcome.DEFERRED, Outcome.APPLIED]
    books_balance()


def test_a_body_that_is_not_a_notification_is_a_400_with_the_right_token(client, fake_xendit):
    response = client.post(
        reverse("earnings:xendit_payouts"),
        data="not json",
        content_type="application/json",
        HTTP_X_CALLBACK_TOKEN=fake_xendit.callback_token,
    )

    assert response.status_code == 400
    assert outcomes() == []


def test_staff_find_notifications_by_outcome_in_the_admin(
    client, fake_xendit, accepted, django_assert_num_queries
):
    body = fake_xendit.payout_notification(accepted.provider_reference)
    fake_xendit.deliver_payout(client, body, forged=True)
    fake_xendit.deliver_payout(client, body)
    client.force_login(StaffFactory(is_superuser=True))
    url = reverse("admin:earnings_payoutnotification_changelist")

    forged = client.get(url, {"outcome__exact": "forged"})
    everything = client.get(url)

    assert forged.status_code == 200
    assert list(forged.context["cl"].result_list.values_list("outcome", flat=True)) == ["forged"]
    assert everything.context["cl"].result_count == 2


@pytest.mark.parametrize("rows", [1, 8])
def test_the_notifications_admin_page_costs_the_same_queries_for_more_rows(
    client, rows, django_assert_num_queries
):
    for index in range(rows):
        PayoutNotification.objects.create(
            gateway_id=f"disb-{index}", reference="payout:1", outcome=Outcome.FORGED
        )
    client.force_login(StaffFactory(is_superuser=True))
    url = reverse("admin:earnings_payoutnotification_changelist")
    client.get(url)  # sessions and caches warmed

    with django_assert_num_queries(QUERIES):
        response = client.get(url)

    assert response.context["cl"].result_count == rows
