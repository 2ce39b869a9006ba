"""Payouts through the payout provider: paid, failed (the money comes back to
available and the creator is told what to fix), and each booked once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format

from earnings import services
from earnings.models import NoPayout, Payout, PayoutMethod, Statement
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


BRI = {"kind": "bank", "bank": "bri", "account_number": "987654321", "account_holder": "Sri"}


def test_the_returned_money_goes_out_next_month_to_the_corrected_method(books_balance):
    creator = CreatorProfileFactory()
    ready_for_payouts(creator, account_number="1234560000")
    sell(creator, "900000.00", when=at(2025, 3, 10))
    services.make_monthly_statements(MARCH)
    corrected = services.save_payout_method(creator=creator, **BRI)

    # The next run comes weeks later; the corrected method's wait is over by then.
    services.make_monthly_statements(first_of(2025, 4), now=corrected.usable_from)

    april = Statement.objects.get(month=first_of(2025, 4))
    # The failed payout went out and came back after the month (today, in the
    # ledger), so April's books still hold the money, and April pays it.
    assert april.closing_available == Decimal("900000.00")
    assert april.payout.amount == Decimal("900000.00")
    assert april.payout.status == Payout.Status.PAID
    assert april.payout.method_snapshot["bank"] == "bri"
    assert available(creator) == Decimal("0.00")
    books_balance()


def test_a_method_that_replaces_another_is_paid_to_only_once_its_wait_is_over(
    settings, books_balance
):
    settings.EARNINGS_NEW_METHOD_WAIT_DAYS = 3
    creator = CreatorProfileFactory()
    ready_for_payouts(creator)
    sell(creator, "900000.00", when=at(2025, 3, 10))
    before = timezone.now()
    replacing = services.save_payout_method(creator=creator, **BRI)
    assert before + timedelta(days=3) <= replacing.usable_from <= timezone.now() + timedelta(days=3)

    # A second before the wait ends, the month is stated but nothing is paid:
    # the money stays available, and the creator is told why.
    services.make_monthly_statements(MARCH, now=replacing.usable_from - timedelta(seconds=1))

    march = Statement.objects.get(month=MARCH)
    assert march.no_payout_reasons == [NoPayout.NEW_METHOD]
    assert not Payout.objects.exists()
    assert available(creator) == Decimal("900000.00")
    statement_mail = next(m for m in mail.outbox if m.subject.startswith("Your statement"))
    assert "payouts go to a new method a few days after the change" in statement_mail.body

    # From the moment the wait ends, the next run pays the new method.
    services.make_monthly_statements(first_of(2025, 4), now=replacing.usable_from)

    payout = Statement.objects.get(month=first_of(2025, 4)).payout
    assert (payout.status, payout.amount) == (Payout.Status.PAID, Decimal("900000.00"))
    assert payout.method == replacing
    books_balance()


def test_the_first_method_is_paid_to_at_once_and_a_change_is_emailed_with_its_date(settings):
    settings.EARNINGS_NEW_METHOD_WAIT_DAYS = 3
    creator = CreatorProfileFactory()

    first = services.save_payout_method(creator=creator, **BRI)
    replacing = services.save_payout_method(
        creator=creator, kind="wallet", wallet="ovo", phone="+6281234567890"
    )

    assert not first.waiting()
    assert replacing.waiting()
    assert list(PayoutMethod.objects.filter(creator=creator, is_current=True)) == [replacing]
    first_mail, change_mail = mail.outbox
    assert "Your payouts now go to BRI ••••4321." in first_mail.body
    with translation.override("en"):
        shown = date_format(timezone.localtime(replacing.usable_from), "DATETIME_FORMAT")
    assert f"Your payouts go to OVO ••••7890 from {shown} (Jakarta time)." in change_mail.body
    assert "If you did not make this change" in change_mail.body


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


class UnreachableForOneAccount(SandboxPayoutProvider):
    """The sandbox, except that the network fails for account 1111111111."""

    def send(self, *, reference, amount, currency, method):
        if method.get("account_number") == "1111111111":
            raise ConnectionError("provider unreachable")
        return super().send(reference=reference, amount=amount, currency=currency, method=method)


def test_a_payout_still_processing_an_hour_later_is_sent_again_once(settings, books_balance):
    settings.EARNINGS_RESEND_AFTER_MINUTES = 60
    settings.PAYOUT_PROVIDER = f"{__name__}.UnreachableForOneAccount"
    unreachable, reachable = CreatorProfileFactory(), CreatorProfileFactory()
    ready_for_payouts(unreachable, account_number="1111111111")
    ready_for_payouts(reachable)
    for creator in (unreachable, reachable):
        sell(creator, "900000.00", when=at(2025, 3, 10))
        # The run stopped after making the statement, before asking the provider.
        services.make_statements(creator_id=creator.pk, month=MARCH)
    made = Payout.objects.latest("created_at").created_at

    assert services.resend_stuck_payouts(now=made + timedelta(minutes=59)) == 0
    assert set(Payout.objects.values_list("status", flat=True)) == {Payout.Status.PROCESSING}

    # The provider cannot be reached for one payout; the other is still paid.
    assert services.resend_stuck_payouts(now=made + timedelta(minutes=60)) == 1
    assert Payout.objects.get(creator=reachable).status == Payout.Status.PAID
    assert Payout.objects.get(creator=unreachable).status == Payout.Status.PROCESSING
    assert on_the_way(unreachable) == Decimal("900000.00")

    # An hour later the provider answers; what was paid is not paid again.
    settings.PAYOUT_PROVIDER = "earnings.providers.SandboxPayoutProvider"
    assert services.resend_stuck_payouts(now=made + timedelta(hours=2)) == 1
    assert services.resend_stuck_payouts(now=made + timedelta(hours=3)) == 0
    assert set(Payout.objects.values_list("status", flat=True)) == {Payout.Status.PAID}
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYOUT_PAID).count() == 2
    assert on_the_way(unreachable) == on_the_way(reachable) == Decimal("0.00")
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
