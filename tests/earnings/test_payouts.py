"""Payouts through the payout provider: paid, failed (the money comes back to
available and the creator is told what to fix), and each booked once."""

from decimal import Decimal

import pytest
from django.core import mail

from earnings import services
from earnings.models import Payout, Statement
from earnings.providers import PayoutResult, SandboxPayoutProvider, get_payout_provider
from payments import ledger
from payments.models import Account, LedgerEntry
from tests.creators.factories import CreatorProfileFactory
from tests.earnings.factories import at, first_of, ready_for_payouts, refund, sell

pytestmark = pytest.mark.django_db(transaction=True)

MARCH = first_of(2025, 3)


def available(creator):
    return ledger.balance(ledger.account(Account.Kind.CREATOR_EARNINGS, creator=creator))


def on_the_way(creator):
    return ledger.balance(ledger.account(Account.Kind.PAYOUTS, creator=creator))


@pytest.mark.parametrize(
    ("account_number", "code", "advice"),
    [
        ("1234560000", Payout.Failure.ACCOUNT_NOT_FOUND, "Check the account or phone number"),
        ("1234569999", Payout.Failure.NAME_MISMATCH, "Enter the name exactly as your bank"),
    ],
)
def test_a_failed_payout_returns_the_money_to_available_and_tells_the_creator_what_to_fix(
    account_number, code, advice, books_balance
):
    creator = CreatorProfileFactory()
    ready_for_payouts(creator, account_number=account_number)
    sell(creator, "900000.00", when=at(2025, 3, 10))

    services.make_monthly_statements(MARCH)

    payout = Payout.objects.get()
    assert (payout.status, payout.failure_code, payout.provider) == (
        Payout.Status.FAILED,
        code,
        "sandbox",
    )
    assert payout.completed_at is not None
    assert available(creator) == Decimal("900000.00")
    assert on_the_way(creator) == Decimal("0.00")
    assert LedgerEntry.objects.filter(reference=f"payout_failed:{payout.pk}").count() == 1
    failed = next(m for m in mail.outbox if "did not go through" in m.subject)
    assert failed.to == [creator.user.email]
    assert advice in failed.body
    assert "/earnings/payout-method/" in failed.body
    books_balance()


def test_the_returned_money_goes_out_next_month_to_the_corrected_method(books_balance):
    creator = CreatorProfileFactory()
    ready_for_payouts(creator, account_number="1234560000")
    sell(creator, "900000.00", when=at(2025, 3, 10))
    services.make_monthly_statements(MARCH)
    services.save_payout_method(
        creator=creator,
        data={
            "kind": "bank",
            "bank": "bri",
            "account_number": "987654321",
            "account_holder": "Sri",
        },
    )

    services.make_monthly_statements(first_of(2025, 4))

    april = Statement.objects.get(month=first_of(2025, 4))
    # The failed payout went out and came back after the month (today, in the
    # ledger), so April's books still hold the money, and April pays it.
    assert april.closing_available == Decimal("900000.00")
    assert april.payout.amount == Decimal("900000.00")
    assert april.payout.status == Payout.Status.PAID
    assert april.payout.method_snapshot["bank"] == "bri"
    assert available(creator) == Decimal("0.00")
    books_balance()


def test_a_payout_left_processing_is_sent_once_when_the_month_runs_again(books_balance):
    creator = CreatorProfileFactory()
    ready_for_payouts(creator)
    sell(creator, "900000.00", when=at(2025, 3, 10))
    # The run stopped after making the statement, before asking the provider.
    services.make_statements(creator_id=creator.pk, month=MARCH)
    assert Payout.objects.get().status == Payout.Status.PROCESSING
    assert on_the_way(creator) == Decimal("900000.00")
    books_balance()

    services.make_monthly_statements(MARCH)
    services.make_monthly_statements(MARCH)

    assert Payout.objects.get().status == Payout.Status.PAID
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYOUT_PAID).count() == 1
    assert on_the_way(creator) == Decimal("0.00")
    books_balance()


def test_a_second_answer_from_the_provider_books_nothing(books_balance):
    creator = CreatorProfileFactory()
    ready_for_payouts(creator)
    sell(creator, "900000.00", when=at(2025, 3, 10))
    services.make_statements(creator_id=creator.pk, month=MARCH)
    payout = Payout.objects.get()

    services.record_payout_result(
        payout_id=payout.pk, result=PayoutResult(paid=True, provider_reference="x"), provider="p"
    )
    late = services.record_payout_result(
        payout_id=payout.pk,
        result=PayoutResult(paid=False, failure_code="rejected", failure_reason="late"),
        provider="p",
    )

    assert late.status == Payout.Status.PAID
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYOUT_FAILED).count() == 0
    assert available(creator) == Decimal("0.00")
    books_balance()


def test_a_refund_after_the_month_ended_lowers_the_payout_to_what_is_available(books_balance):
    creator = CreatorProfileFactory()
    ready_for_payouts(creator)
    sell(creator, "1000000.00", when=at(2025, 3, 10))
    sell(creator, "100000.00", when=at(2025, 3, 11))
    refund(creator, "100000.00", when=at(2025, 4, 1, hour=1))

    services.make_monthly_statements(MARCH)

    statement = Statement.objects.get(month=MARCH)
    assert statement.closing_available == Decimal("1100000.00")
    assert statement.payout.amount == Decimal("1000000.00")
    assert available(creator) == Decimal("0.00")
    books_balance()


def test_the_sandbox_is_the_default_provider_and_answers_as_documented():
    provider = get_payout_provider()
    assert isinstance(provider, SandboxPayoutProvider)
    send = provider.send
    assert (
        send(
            reference="payout:1", amount=1, currency="IDR", method={"phone": "+6281200000000"}
        ).failure_code
        == "account_not_found"
    )
    paid = send(
        reference="payout:1", amount=1, currency="IDR", method={"account_number": "12345678"}
    )
    assert (paid.paid, paid.provider_reference) == (True, "sandbox-payout:1")
