"""The monthly run: a statement per creator and currency made from the ledger,
and a payout when the available money may be paid out."""

from decimal import Decimal

import pytest
from django.core import mail

from core import jobs
from earnings import selectors, services, tasks
from earnings.models import IdentityCheck, NoPayout, Payout, PayoutFreeze, Statement, TaxDetails
from earnings.services import lift_freeze, make_monthly_statements
from payments import ledger
from payments.models import Account, LedgerEntry
from tests.creators.factories import CreatorProfileFactory
from tests.earnings.factories import (
    BankMethodFactory,
    at,
    first_of,
    hold_fee,
    pay_fee,
    ready_for_payouts,
    refund,
    sell,
)
from tests.factories import StaffFactory

# Transactional: the ledger check opens its own REPEATABLE READ transaction,
# which PostgreSQL refuses inside the test's.
pytestmark = pytest.mark.django_db(transaction=True)

MARCH = first_of(2025, 3)
APRIL = first_of(2025, 4)


@pytest.fixture
def creator():
    return CreatorProfileFactory(display_name="Sri Rahayu")


def available(creator, currency="IDR"):
    return ledger.balance(
        ledger.account(Account.Kind.CREATOR_EARNINGS, currency=currency, creator=creator)
    )


def run(month, capture):
    with capture(execute=True):
        return make_monthly_statements(month)


def test_it_pays_out_available_money_at_exactly_the_threshold(
    creator, books_balance, django_capture_on_commit_callbacks
):
    ready_for_payouts(creator)
    sell(creator, "800000.00", when=at(2025, 3, 10))

    run(MARCH, django_capture_on_commit_callbacks)

    statement = Statement.objects.get(creator=creator, month=MARCH, currency="IDR")
    assert statement.closing_available == Decimal("800000.00")
    assert statement.no_payout_reasons == []
    payout = Payout.objects.get(creator=creator)
    assert (payout.amount, payout.status, payout.statement) == (
        Decimal("800000.00"),
        Payout.Status.PAID,
        statement,
    )
    assert payout.method_snapshot["account_number"] == "1234567890"
    assert available(creator) == Decimal("0.00")
    assert ledger.balance(ledger.account(Account.Kind.MONEY_OUT)) == Decimal("800000.00")
    assert LedgerEntry.objects.filter(reference=f"payout:{payout.pk}").exists()
    assert LedgerEntry.objects.filter(reference=f"payout_paid:{payout.pk}").exists()
    books_balance()


def test_it_keeps_money_below_the_threshold_for_a_later_month(
    creator, books_balance, django_capture_on_commit_callbacks
):
    ready_for_payouts(creator)
    sell(creator, "799999.99", when=at(2025, 3, 10))

    run(MARCH, django_capture_on_commit_callbacks)

    statement = Statement.objects.get(creator=creator, month=MARCH)
    assert statement.no_payout_reasons == [NoPayout.BELOW_THRESHOLD]
    assert not Payout.objects.exists()
    assert available(creator) == Decimal("799999.99")
    books_balance()

    # April's sale takes the total over the threshold: all of it is paid, in
    # whole rupiah (transfers have no cents); the cents stay available.
    sell(creator, "15000.00", when=at(2025, 4, 2))
    run(APRIL, django_capture_on_commit_callbacks)
    assert Payout.objects.get().amount == Decimal("814999.00")
    assert available(creator) == Decimal("0.99")
    april = Statement.objects.get(creator=creator, month=APRIL)
    assert april.opening_available == Decimal("799999.99")
    assert april.payouts == Decimal("0.00")  # paid out in May's books
    books_balance()


def test_it_pays_out_everything_available_above_the_threshold(
    creator, books_balance, django_capture_on_commit_callbacks
):
    ready_for_payouts(creator)
    pay_fee(creator, "2000000.00", when=at(2025, 3, 3))
    sell(creator, "150000.00", when=at(2025, 3, 20))

    run(MARCH, django_capture_on_commit_callbacks)

    assert Payout.objects.get().amount == Decimal("1950000.00")
    assert available(creator) == Decimal("0.00")
    books_balance()


@pytest.mark.parametrize(
    ("missing", "reason"),
    [
        ("method", NoPayout.NO_METHOD),
        ("identity", NoPayout.NO_IDENTITY_CHECK),
    ],
)
def test_it_does_not_pay_out_without_a_method_or_an_identity_check(
    creator, missing, reason, books_balance, django_capture_on_commit_callbacks
):
    if missing != "method":
        BankMethodFactory(creator=creator)
    if missing != "identity":
        IdentityCheck.objects.create(creator=creator, checked_by=StaffFactory())
    sell(creator, "900000.00", when=at(2025, 3, 10))

    run(MARCH, django_capture_on_commit_callbacks)

    assert Statement.objects.get(creator=creator).no_payout_reasons == [reason]
    assert not Payout.objects.exists()
    assert available(creator) == Decimal("900000.00")
    books_balance()


def test_a_freeze_stops_payouts_until_staff_lift_it(
    creator, books_balance, django_capture_on_commit_callbacks
):
    ready_for_payouts(creator)
    staff = StaffFactory()
    freeze = PayoutFreeze.objects.create(creator=creator, reason="Chargebacks", frozen_by=staff)
    sell(creator, "900000.00", when=at(2025, 3, 10))

    run(MARCH, django_capture_on_commit_callbacks)
    assert Statement.objects.get(month=MARCH).no_payout_reasons == [NoPayout.FROZEN]
    assert not Payout.objects.exists()

    assert lift_freeze(freeze=freeze, staff=staff) is True
    assert lift_freeze(freeze=freeze, staff=staff) is False
    freeze.refresh_from_db()
    assert (freeze.lifted_by, freeze.lifted_at is not None) == (staff, True)
    run(APRIL, django_capture_on_commit_callbacks)
    assert Payout.objects.get().amount == Decimal("900000.00")
    books_balance()


def test_above_the_npwp_limit_it_pays_out_only_with_an_npwp(
    creator, settings, books_balance, django_capture_on_commit_callbacks
):
    settings.EARNINGS_NPWP_REQUIRED_ABOVE = "60000000.00"
    ready_for_payouts(creator)
    # Gross counts before the platform fee: 61,000,000 gross is 54,900,000 net.
    pay_fee(creator, "61000000.00", when=at(2025, 3, 10))

    run(MARCH, django_capture_on_commit_callbacks)
    assert Statement.objects.get(month=MARCH).no_payout_reasons == [NoPayout.NEEDS_NPWP]
    assert not Payout.objects.exists()

    TaxDetails.objects.create(creator=creator, npwp="0123456789012345", name="Sri Rahayu")
    run(APRIL, django_capture_on_commit_callbacks)
    assert Payout.objects.get().amount == Decimal("54900000.00")
    books_balance()


def test_within_the_npwp_limit_no_npwp_is_needed_and_last_year_does_not_count(
    creator, settings, django_capture_on_commit_callbacks
):
    settings.EARNINGS_NPWP_REQUIRED_ABOVE = "60000000.00"
    ready_for_payouts(creator)
    pay_fee(creator, "59000000.00", when=at(2024, 12, 30))
    pay_fee(creator, "60000000.00", when=at(2025, 1, 5))

    run(first_of(2025, 1), django_capture_on_commit_callbacks)

    assert Statement.objects.get().no_payout_reasons == []
    assert Payout.objects.get().status == Payout.Status.PAID


def test_running_the_month_twice_makes_no_second_statement_payout_or_email(
    creator, books_balance, django_capture_on_commit_callbacks
):
    ready_for_payouts(creator)
    sell(creator, "900000.00", when=at(2025, 3, 10))

    assert run(MARCH, django_capture_on_commit_callbacks) == 1
    sent = len(mail.outbox)
    assert run(MARCH, django_capture_on_commit_callbacks) == 1

    assert Statement.objects.count() == 1
    assert Payout.objects.count() == 1
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYOUT).count() == 1
    assert len(mail.outbox) == sent
    books_balance()


def test_the_statement_figures_match_the_ledger(
    creator, books_balance, django_capture_on_commit_callbacks
):
    sell(creator, "70000.00", when=at(2025, 2, 27))  # February: the opening balance
    sell(creator, "100000.00", platform_fee="10000.00", when=at(2025, 3, 1, hour=0))
    sell(creator, "50000.00", when=at(2025, 3, 5))
    refund(creator, "50000.00", when=at(2025, 3, 6))
    pay_fee(creator, "250000.00", when=at(2025, 3, 12))
    hold_fee(creator, "300000.00", when=at(2025, 3, 31, hour=23))
    sell(creator, "99000.00", when=at(2025, 4, 1, hour=0))  # April in Jakarta

    run(MARCH, django_capture_on_commit_callbacks)

    statement = Statement.objects.get(creator=creator, month=MARCH)
    assert statement.opening_available == Decimal("70000.00")
    assert (statement.sales_gross, statement.sales_fees, statement.sales_net) == (
        Decimal("150000.00"),
        Decimal("10000.00"),
        Decimal("140000.00"),
    )
    assert statement.refunds == Decimal("-50000.00")
    assert (
        statement.collaboration_gross,
        statement.collaboration_fees,
        statement.collaboration_net,
    ) == (Decimal("250000.00"), Decimal("25000.00"), Decimal("225000.00"))
    assert statement.payouts == Decimal("0.00")
    assert statement.closing_available == Decimal("385000.00")
    assert statement.pending_held == Decimal("300000.00")
    # The closing figure is what the ledger held at the month's end: today's
    # balance less April's sale.
    assert available(creator) - Decimal("99000.00") == statement.closing_available
    assert statement.no_payout_reasons == [
        NoPayout.BELOW_THRESHOLD,
        NoPayout.NO_METHOD,
        NoPayout.NO_IDENTITY_CHECK,
    ]
    books_balance()


def test_each_currency_has_its_own_statement_and_threshold(
    creator, django_capture_on_commit_callbacks
):
    ready_for_payouts(creator)
    sell(creator, "50.00", currency="USD", when=at(2025, 3, 10))
    sell(creator, "500000.00", when=at(2025, 3, 10))

    run(MARCH, django_capture_on_commit_callbacks)

    usd = Statement.objects.get(currency="USD")
    idr = Statement.objects.get(currency="IDR")
    assert usd.payout.amount == Decimal("50.00")
    assert idr.no_payout_reasons == [NoPayout.BELOW_THRESHOLD]
    assert available(creator, "USD") == Decimal("0.00")


def test_the_task_spreads_the_creators_to_state_over_tasks_of_a_few_each(
    creator, books_balance, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(services, "CREATORS_PER_TASK", 2)
    batches = []
    send = jobs.send

    def record_batch(name, /, **kwargs):
        if name == "earnings.tasks.creator_statements":
            batches.append(kwargs["creator_ids"])
        return send(name, **kwargs)

    monkeypatch.setattr(jobs, "send", record_batch)
    ready_for_payouts(creator)
    sell(creator, "900000.00", when=at(2025, 3, 10))
    below = CreatorProfileFactory.create_batch(2)
    for other in below:
        sell(other, "100000.00", when=at(2025, 3, 11))
    CreatorProfileFactory()  # nothing to state

    with django_capture_on_commit_callbacks(execute=True):
        queued = tasks.monthly_statements("2025-03")

    assert queued == 3
    assert sorted(len(batch) for batch in batches) == [1, 2]
    assert set(Statement.objects.values_list("creator", flat=True)) == {
        creator.pk,
        *(other.pk for other in below),
    }
    payout = Payout.objects.get()
    assert (payout.creator, payout.status) == (creator, Payout.Status.PAID)
    books_balance()


def test_a_creator_without_money_or_movements_gets_no_statement(
    creator, django_capture_on_commit_callbacks
):
    sell(creator, "100000.00", when=at(2025, 1, 10))
    refund(creator, "100000.00", when=at(2025, 1, 11))
    other = CreatorProfileFactory()

    run(MARCH, django_capture_on_commit_callbacks)

    assert not Statement.objects.filter(creator__in=[creator, other]).exists()
    assert selectors.creators_to_state(*selectors.month_bounds(first_of(2025, 1))) == [creator.pk]


def test_the_statement_email_tells_the_creator_about_the_payout(
    creator, django_capture_on_commit_callbacks
):
    ready_for_payouts(creator)
    sell(creator, "900000.00", when=at(2025, 3, 10))

    run(MARCH, django_capture_on_commit_callbacks)

    statement_mail = next(m for m in mail.outbox if "statement" in m.subject)
    assert statement_mail.to == [creator.user.email]
    assert statement_mail.subject == "Your statement for March 2025 is ready"
    assert "A payout of Rp 900,000 is on its way to BCA ••••7890." in statement_mail.body
    assert "/earnings/" in statement_mail.body
    paid_mail = next(m for m in mail.outbox if "paid" in m.subject)
    assert paid_mail.subject == "You have been paid Rp 900,000"
