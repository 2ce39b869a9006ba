"""Payouts through Xendit, against the local fake: accepted and then settled,
each of Xendit's statuses booked as the payout's state, and the hourly resend
never making a second payout at Xendit."""

import logging
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from earnings import selectors, services
from earnings.disbursements import XenditPayoutProvider, result_from
from earnings.models import PAYOUT_REVERSED, Payout
from earnings.providers import PayoutUnavailable
from payments import ledger
from payments.models import Account, LedgerEntry
from tests.creators.factories import CreatorProfileFactory
from tests.earnings.factories import at, first_of, ready_for_payouts, sell

pytestmark = pytest.mark.django_db

MARCH = first_of(2025, 3)


def available(creator):
    return ledger.balance(ledger.account(Account.Kind.CREATOR_EARNINGS, creator=creator))


def on_the_way(creator):
    return ledger.balance(ledger.account(Account.Kind.PAYOUTS, creator=creator))


def paid_out():
    return ledger.balance(ledger.account(Account.Kind.MONEY_OUT))


def stated_creator(**method_fields):
    """A creator with Rp 900,000 to pay out in March and its payout made (not sent)."""
    creator = CreatorProfileFactory()
    ready_for_payouts(creator, **method_fields)
    sell(creator, "900000.00", when=at(2025, 3, 10))
    services.make_statements(creator_id=creator.pk, month=MARCH)
    return creator, Payout.objects.get(creator=creator)


def failed(code):
    return {"status": "FAILED", "failure_code": code}


@pytest.mark.parametrize(
    ("xendit", "expected"),
    [
        ({"status": "ACCEPTED"}, ("pending", "")),
        ({"status": "REQUESTED"}, ("pending", "")),
        ({"status": "LOCKED"}, ("pending", "")),
        ({"status": "SUCCEEDED"}, ("paid", "")),
        (failed("INVALID_DESTINATION"), ("failed", "account_not_found")),
        (failed("REJECTED_BY_CHANNEL"), ("failed", "rejected")),
        (failed("INSUFFICIENT_BALANCE"), ("failed", "insufficient_balance")),
        (failed("TEMPORARY_TRANSFER_ERROR"), ("failed", "transfer_error")),
        (failed("TRANSFER_ERROR"), ("failed", "transfer_error")),
        (failed("UNKNOWN_BANK_NETWORK_ERROR"), ("failed", "transfer_error")),
        (failed("DESTINATION_MAXIMUM_LIMIT"), ("failed", "rejected")),
        (failed("SOMETHING_NEW"), ("failed", "rejected")),
        ({"status": "CANCELLED"}, ("failed", "cancelled")),
        ({"status": "REVERSED"}, ("reversed", "")),
    ],
)  # fmt: skip
def test_each_xendit_status_reads_as_one_payout_state(xendit, expected):
    result = result_from({"id": "disb-1", "reference_id": "payout:1", "amount": 900000} | xendit)

    state = (
        "pending"
        if result.pending
        else "reversed"
        if result.reversed
        else "paid"
        if result.paid
        else "failed"
    )
    assert (state, result.failure_code) == expected
    assert result.provider_status == xendit["status"]
    if xendit.get("failure_code"):
        # The provider's own words stay for staff.
        assert xendit["failure_code"] in result.failure_reason


@pytest.mark.parametrize(
    ("method_fields", "channel", "number"),
    [
        ({"bank": "bca"}, "ID_BCA", "1234567890"),
        ({"bank": "mandiri"}, "ID_MANDIRI", "1234567890"),
        ({"bank": "blu"}, "ID_BCA_DIGITAL", "1234567890"),
        (
            {
                "kind": "wallet",
                "wallet": "ovo",
                "phone": "+6281234567890",
                "bank": "",
                "account_number": "",
                "account_holder": "",
            },
            "ID_OVO",
            "081234567890",
        ),
    ],
)
def test_a_payout_is_created_at_xendit_with_its_channel_and_stays_processing(
    fake_xendit, method_fields, channel, number, books_balance
):
    creator, payout = stated_creator(**method_fields)

    services.send_payout(payout_id=payout.pk)

    payout.refresh_from_db()
    sent = fake_xendit.payouts[payout.provider_reference]
    assert (payout.status, payout.provider) == (Payout.Status.PROCESSING, "xendit")
    assert sent["reference_id"] == payout.reference
    assert sent["channel_code"] == channel
    assert sent["channel_properties"]["account_number"] == number
    assert sent["amount"] == 900000
    assert on_the_way(creator) == Decimal("900000.00")
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYOUT_PAID).exists()
    books_balance()


def test_an_accepted_payout_that_succeeds_is_booked_paid_once(fake_xendit, books_balance):
    creator, payout = stated_creator()
    services.send_payout(payout_id=payout.pk)
    payout.refresh_from_db()

    fake_xendit.settle(payout.provider_reference, "SUCCEEDED")
    services.send_payout(payout_id=payout.pk)
    services.send_payout(payout_id=payout.pk)

    payout.refresh_from_db()
    assert payout.status == Payout.Status.PAID
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYOUT_PAID).count() == 1
    assert on_the_way(creator) == Decimal("0.00")
    assert fake_xendit.calls("/v2/payouts", method="POST") == 1
    assert [t["type"] for t in fake_xendit.transactions] == ["DISBURSEMENT"]
    assert fake_xendit.transactions[0]["fee"]["xendit_fee"] == 2500
    books_balance()


def test_a_payout_that_fails_after_being_accepted_returns_the_money_and_emails_the_creator(
    fake_xendit, django_capture_on_commit_callbacks, books_balance
):
    creator, payout = stated_creator()
    services.send_payout(payout_id=payout.pk)
    payout.refresh_from_db()
    mail.outbox.clear()

    fake_xendit.settle(payout.provider_reference, "FAILED", failure_code="INVALID_DESTINATION")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_payout(payout_id=payout.pk)

    payout.refresh_from_db()
    assert (payout.status, payout.failure_code) == (
        Payout.Status.FAILED,
        Payout.Failure.ACCOUNT_NOT_FOUND,
    )
    assert "INVALID_DESTINATION" in payout.failure_reason
    assert available(creator) == Decimal("900000.00")
    assert on_the_way(creator) == Decimal("0.00")
    (email,) = mail.outbox
    assert email.to == [creator.user.email]
    assert "did not go through" in email.subject
    books_balance()


def test_a_payout_reversed_after_paid_returns_the_money_once(
    fake_xendit, django_capture_on_commit_callbacks, books_balance
):
    creator, payout = stated_creator()
    services.send_payout(payout_id=payout.pk)
    payout.refresh_from_db()
    fake_xendit.settle(payout.provider_reference, "SUCCEEDED")
    services.send_payout(payout_id=payout.pk)
    assert available(creator) == Decimal("0.00")
    mail.outbox.clear()

    fake_xendit.settle(payout.provider_reference, "REVERSED")
    result = XenditPayoutProvider().lookup(provider_reference=payout.provider_reference)
    with django_capture_on_commit_callbacks(execute=True):
        for _twice in range(2):
            services.record_payout_result(payout_id=payout.pk, result=result, provider="xendit")

    payout.refresh_from_db()
    assert payout.status == Payout.Status.REVERSED
    assert LedgerEntry.objects.filter(kind=PAYOUT_REVERSED).count() == 1
    assert available(creator) == Decimal("900000.00")
    assert paid_out() == Decimal("0.00")
    (email,) = mail.outbox
    assert "sent a payout back" in email.subject
    books_balance()


def test_the_hourly_resend_confirms_a_known_payout_instead_of_creating_it_again(
    fake_xendit, settings, books_balance
):
    settings.EARNINGS_RESEND_AFTER_MINUTES = 60
    creator, payout = stated_creator()
    services.send_payout(payout_id=payout.pk)
    payout.refresh_from_db()
    later = payout.created_at + timedelta(hours=1)

    assert services.resend_stuck_payouts(now=later) == 0
    fake_xendit.settle(payout.provider_reference, "SUCCEEDED")
    assert services.resend_stuck_payouts(now=later) == 1

    assert fake_xendit.calls("/v2/payouts", method="POST") == 1
    assert fake_xendit.calls("/v2/payouts/", method="GET") == 2
    assert Payout.objects.get().status == Payout.Status.PAID
    books_balance()


def test_a_payout_whose_answer_was_lost_is_sent_again_and_xendit_answers_the_same_one(
    fake_xendit, settings, books_balance
):
    settings.EARNINGS_RESEND_AFTER_MINUTES = 60
    creator, payout = stated_creator()
    # Xendit made the payout but its answer never reached us (the key is kept).
    XenditPayoutProvider().send(
        reference=payout.reference,
        amount=payout.amount,
        currency=payout.currency,
        method=payout.method_snapshot,
    )

    services.resend_stuck_payouts(now=payout.created_at + timedelta(hours=1))

    payout.refresh_from_db()
    assert len(fake_xendit.payouts) == 1
    assert payout.provider_reference == next(iter(fake_xendit.payouts))
    assert payout.status == Payout.Status.PROCESSING
    books_balance()


def test_a_time_out_leaves_the_payout_processing_with_nothing_booked(
    fake_xendit, caplog, books_balance
):
    creator, payout = stated_creator()
    fake_xendit.fail_payouts("timeout")

    with pytest.raises(PayoutUnavailable):
        services.send_payout(payout_id=payout.pk)

    payout.refresh_from_db()
    assert (payout.status, payout.provider_reference) == (Payout.Status.PROCESSING, "")
    assert on_the_way(creator) == Decimal("900000.00")
    books_balance()


@pytest.mark.parametrize("status", [500, 503, 429])
def test_xendit_down_leaves_the_payout_processing_for_the_hourly_resend(
    fake_xendit, status, caplog, books_balance
):
    creator, payout = stated_creator()
    fake_xendit.fail_payouts(status)

    with caplog.at_level(logging.ERROR):
        assert services.resend_stuck_payouts(now=payout.created_at + timedelta(hours=2)) == 0

    assert Payout.objects.get().status == Payout.Status.PROCESSING
    assert f"Could not send payout {payout.pk} again" in caplog.text
    books_balance()


def test_not_enough_money_at_xendit_keeps_the_payout_for_later(fake_xendit, books_balance):
    creator, payout = stated_creator()
    fake_xendit.balance = Decimal("100000")

    with pytest.raises(PayoutUnavailable, match="INSUFFICIENT_BALANCE"):
        services.send_payout(payout_id=payout.pk)

    fake_xendit.balance = None
    services.send_payout(payout_id=payout.pk)
    assert Payout.objects.get().provider_reference
    books_balance()


def test_a_channel_xendit_refuses_fails_the_payout_with_its_words(fake_xendit, books_balance):
    creator, payout = stated_creator()
    fake_xendit.fail_payouts(400)

    services.send_payout(payout_id=payout.pk)

    payout.refresh_from_db()
    assert (payout.status, payout.failure_code) == (Payout.Status.FAILED, "rejected")
    assert "API_VALIDATION_ERROR" in payout.failure_reason
    assert available(creator) == Decimal("900000.00")
    books_balance()


def test_the_creator_s_pages_say_a_payout_was_sent_back(client, fake_xendit, books_balance):
    creator, payout = stated_creator()
    services.send_payout(payout_id=payout.pk)
    payout.refresh_from_db()
    fake_xendit.settle(payout.provider_reference, "SUCCEEDED")
    fake_xendit.settle(payout.provider_reference, "REVERSED")
    services.send_payout(payout_id=payout.pk)
    client.force_login(creator.user)

    index = client.get("/earnings/").content.decode()
    detail = client.get(f"/earnings/payouts/{payout.pk}/").content.decode()

    assert "Returned by the bank" in index
    assert "The bank sent this payout back" in index
    assert "sent this payout back after it was paid" in detail
    books_balance()


def test_a_reversal_counts_among_the_payouts_of_the_month_s_statement(fake_xendit, books_balance):
    creator, payout = stated_creator()
    services.send_payout(payout_id=payout.pk)
    payout.refresh_from_db()
    fake_xendit.settle(payout.provider_reference, "SUCCEEDED")
    fake_xendit.settle(payout.provider_reference, "REVERSED")
    services.send_payout(payout_id=payout.pk)

    start, end = selectors.month_bounds(timezone.now())
    moved = selectors.movements(creator.pk, start, end)["IDR"]

    # Sent (-900,000) and returned (+900,000) this month, both among payouts,
    # nothing left as an unexplained adjustment.
    assert (moved.payouts, moved.other) == (Decimal("0.00"), Decimal("0.00"))
    assert available(creator) == Decimal("900000.00")
    books_balance()


def test_a_rupiah_payout_leaves_the_cents_available_for_next_time(fake_xendit, books_balance):
    creator = CreatorProfileFactory()
    ready_for_payouts(creator)
    sell(creator, "900000.75", when=at(2025, 3, 10))

    services.make_statements(creator_id=creator.pk, month=MARCH)
    payout = services.send_payout(payout_id=Payout.objects.get().pk)

    assert payout.amount == Decimal("900000.00")
    assert fake_xendit.payouts[payout.provider_reference]["amount"] == 900000
    assert available(creator) == Decimal("0.75")
    books_balance()
