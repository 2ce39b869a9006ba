"""The daily reconciliation finds every difference between the gateway's report
and the ledger, and nothing on a clean day."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from earnings.models import Payout
from earnings.services import make_monthly_statements
from payments.models import LedgerCheck, Payment
from reconciliation import services, sources
from reconciliation.models import Difference, Run
from tests.creators.factories import CreatorProfileFactory
from tests.earnings.factories import at, first_of, ready_for_payouts, sell
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 12, 1)
NOON = datetime(2026, 12, 1, 12, tzinfo=services.JAKARTA)
Kind = Difference.Kind


def payment(key, amount="49000.00", fee="0.00", *, when=NOON, status="paid", provider="xendit"):
    """A payment as the gateway's notification leaves it."""
    return Payment.objects.create(
        idempotency_key=key,
        payer=UserFactory(),
        amount=Decimal(amount),
        fee=Decimal(fee),
        currency="IDR",
        description="Series purchase",
        purpose="series_purchase",
        purpose_reference="1",
        provider=provider,
        status=status,
        return_url="/",
        completed_at=when,
    )


def payout(amount="1000000", *, when=NOON, status="paid", provider="xendit"):
    """A creator's monthly payout, made by the real monthly run and then
    moved to ``status`` at ``when`` as the payout provider's answer would."""
    creator = CreatorProfileFactory()
    sell(creator, amount, when=at(2026, 11))
    ready_for_payouts(creator)
    with override_settings(PAYOUT_PROVIDER="earnings.providers.SandboxPayoutProvider"):
        make_monthly_statements(first_of(2026, 11))
    made = Payout.objects.get(creator=creator)
    Payout.objects.filter(pk=made.pk).update(status=status, provider=provider, completed_at=when)
    made.refresh_from_db()
    return made


def gateway_payment(fake, made, *, amount=None, fee=None, status="SUCCESS", when=NOON):
    return fake.add_transaction(
        type="PAYMENT",
        reference_id=made.idempotency_key,
        amount=made.amount if amount is None else Decimal(amount),
        fee=made.fee if fee is None else Decimal(fee),
        status=status,
        created=when,
    )


def gateway_payout(fake, made, *, amount=None, status="SUCCESS", when=NOON):
    return fake.add_transaction(
        type="DISBURSEMENT",
        reference_id=made.reference,
        amount=made.amount if amount is None else Decimal(amount),
        status=status,
        channel_category="BANK",
        channel_code="ID_BCA",
        created=when,
    )


def kinds(run):
    return sorted(run.differences.values_list("kind", flat=True))


def test_a_clean_day_has_no_difference_and_emails_no_one(
    fake_xendit, django_capture_on_commit_callbacks
):
    StaffFactory()
    sale = payment("sale-1", fee="343.00")
    paid_out = payout()
    gateway_payment(fake_xendit, sale)
    gateway_payout(fake_xendit, paid_out)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        run = services.reconcile_day(day=DAY)

    assert run.outcome == Run.Outcome.CLEAN
    assert run.differences.count() == 0
    assert (run.gateway_rows, run.payments_checked, run.payouts_checked) == (2, 1, 1)
    assert mail.outbox == []


def test_each_injected_difference_is_found_once(fake_xendit, django_capture_on_commit_callbacks):
    staff = StaffFactory(language="id")
    ok = payment("ok")
    gateway_payment(fake_xendit, ok)
    # Money the gateway received for an order the portal never made.
    fake_xendit.add_transaction(
        type="PAYMENT", reference_id="nobody-knows", amount="75000", created=NOON
    )
    # Marked paid here; the gateway has nothing.
    ghost = payment("ghost")
    # Amounts and fees that differ.
    short = payment("short", amount="49000.00")
    gateway_payment(fake_xendit, short, amount="40000")
    fee = payment("fee", fee="343.00")
    gateway_payment(fake_xendit, fee, fee="1000")
    # The gateway reversed a payment (a chargeback) the ledger still counts as paid.
    charged_back = payment("charged-back")
    gateway_payment(fake_xendit, charged_back, status="REVERSED")
    # Payouts: one the gateway failed, one it does not know, one it made
    # for an amount the ledger does not hold, one with no record here.
    failed_there = payout()
    gateway_payout(fake_xendit, failed_there, status="FAILED")
    unknown_there = payout()
    more_there = payout()
    gateway_payout(fake_xendit, more_there, amount="1500000")
    fake_xendit.add_transaction(
        type="DISBURSEMENT", reference_id="payout:999999", amount="10000", created=NOON
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        run = services.reconcile_day(day=DAY)

    assert run.outcome == Run.Outcome.DIFFERENCES
    assert kinds(run) == sorted(
        [
            Kind.MONEY_WITHOUT_PAYMENT,
            Kind.PAID_NOT_AT_GATEWAY,
            Kind.PAYMENT_AMOUNT,
            Kind.PAYMENT_FEE,
            Kind.PAYMENT_STATUS,
            Kind.PAYOUT_STATUS,
            Kind.PAYOUT_NOT_AT_GATEWAY,
            Kind.PAYOUT_AMOUNT,
            Kind.PAYOUT_WITHOUT_RECORD,
        ]
    )
    by_kind = {difference.kind: difference for difference in run.differences.all()}
    assert by_kind[Kind.PAID_NOT_AT_GATEWAY].payment == ghost
    assert by_kind[Kind.PAYMENT_AMOUNT].payment == short
    assert by_kind[Kind.PAYMENT_AMOUNT].theirs == "IDR 40000.00"
    assert by_kind[Kind.PAYMENT_FEE].ours == "IDR 343.00"
    assert by_kind[Kind.PAYMENT_STATUS].payment == charged_back
    assert by_kind[Kind.PAYOUT_STATUS].payout == failed_there
    assert by_kind[Kind.PAYOUT_NOT_AT_GATEWAY].payout == unknown_there
    assert by_kind[Kind.PAYOUT_AMOUNT].payout == more_there
    assert by_kind[Kind.MONEY_WITHOUT_PAYMENT].reference == "nobody-knows"
    [message] = [sent for sent in mail.outbox if sent.to == [staff.email]]
    assert "9 perbedaan" in message.subject
    assert reverse("admin:reconciliation_run_change", args=[run.pk]) in message.body


def test_a_payment_stamped_across_midnight_by_the_gateway_still_matches(fake_xendit):
    late = payment("late", when=datetime(2026, 12, 1, 23, 50, tzinfo=services.JAKARTA))
    gateway_payment(fake_xendit, late, when=datetime(2026, 12, 2, 0, 10, tzinfo=services.JAKARTA))

    assert services.reconcile_day(day=DAY).outcome == Run.Outcome.CLEAN


def test_other_days_and_other_providers_are_not_compared(fake_xendit):
    payment("yesterday", when=NOON - timedelta(days=1))
    payment("sandbox", provider="sandbox")

    run = services.reconcile_day(day=DAY)

    assert run.outcome == Run.Outcome.CLEAN
    assert run.payments_checked == 0


@pytest.mark.parametrize("shape", ["server_error", "unauthorized", "timeout"])
def test_a_report_that_cannot_be_read_compares_nothing_and_tells_staff(
    fake_xendit, shape, django_capture_on_commit_callbacks
):
    StaffFactory()
    payment("unchecked")
    fake_xendit.fail_transactions(shape)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        run = services.reconcile_day(day=DAY)

    assert run.outcome == Run.Outcome.FAILED
    assert run.error
    assert run.differences.count() == 0
    assert len(mail.outbox) == 1
    assert "could not read" in mail.outbox[0].subject


def test_the_report_is_read_page_by_page(fake_xendit):
    made = [payment(f"sale-{index}") for index in range(120)]
    for sale in made:
        gateway_payment(fake_xendit, sale)

    run = services.reconcile_day(day=DAY)

    assert run.outcome == Run.Outcome.CLEAN
    assert run.gateway_rows == 120
    assert fake_xendit.calls("/transactions") == 3  # 50 + 50 + 20


@pytest.mark.parametrize("count", [5, 60])
def test_queries_do_not_grow_with_the_day(fake_xendit, django_assert_max_num_queries, count):
    for index in range(count):
        gateway_payment(fake_xendit, payment(f"sale-{index}"))

    with django_assert_max_num_queries(8):
        services.reconcile_day(day=DAY)


def test_the_sandbox_day_reconciles_against_what_the_portal_recorded():
    payment("sandbox-sale", provider="sandbox")

    run = services.reconcile_day(day=DAY, report=sources.SandboxReport())

    assert (run.outcome, run.provider, run.payments_checked) == (Run.Outcome.CLEAN, "sandbox", 1)


def test_yesterday_is_the_day_before_today_in_jakarta(fake_xendit):
    # 20:00 UTC on 1 December is 03:00 on 2 December in Jakarta.
    run = services.reconcile_yesterday(now=datetime(2026, 12, 1, 20, tzinfo=UTC))
    assert run.day == date(2026, 12, 1)


def test_a_difference_is_resolved_once_with_a_note(fake_xendit):
    staff = StaffFactory()
    payment("ghost")
    difference = services.reconcile_day(day=DAY).differences.get()

    with pytest.raises(services.ReconciliationRefused):
        services.resolve_difference(difference_id=difference.pk, staff=staff, note="  ")
    services.resolve_difference(
        difference_id=difference.pk, staff=staff, note="Xendit support: paid by transfer"
    )
    with pytest.raises(services.ReconciliationRefused):
        services.resolve_difference(difference_id=difference.pk, staff=staff, note="again")

    difference.refresh_from_db()
    assert difference.resolved_by == staff
    assert difference.note == "Xendit support: paid by transfer"


def test_staff_resolve_a_difference_in_the_admin_and_it_is_logged(client, fake_xendit):
    staff = StaffFactory()
    payment("ghost")
    difference = services.reconcile_day(day=DAY).differences.get()
    client.force_login(staff)
    url = reverse("admin:reconciliation_difference_resolve", args=[difference.pk])

    assert "What you found and did" in client.get(url).text
    assert client.post(url, {"note": ""}).status_code == 200  # the form says why
    response = client.post(url, {"note": "Refunded by hand"})

    assert response.status_code == 302
    difference.refresh_from_db()
    assert difference.resolved
    assert LogEntry.objects.filter(
        object_id=str(difference.pk), change_message__contains="Refunded by hand"
    ).exists()
    listing = client.get(reverse("admin:reconciliation_difference_changelist") + "?resolved=no")
    assert "ghost" not in listing.text


def test_people_who_are_not_staff_cannot_resolve(client, fake_xendit):
    payment("ghost")
    difference = services.reconcile_day(day=DAY).differences.get()
    client.force_login(UserFactory())

    response = client.post(
        reverse("admin:reconciliation_difference_resolve", args=[difference.pk]), {"note": "x"}
    )

    assert response.status_code == 302
    assert "login" in response.url
    difference.refresh_from_db()
    assert not difference.resolved


def test_the_nightly_ledger_check_links_to_the_last_reconciliation(
    fake_xendit, client, django_capture_on_commit_callbacks
):
    staff = StaffFactory()
    payment("ghost")
    run = services.reconcile_day(day=DAY)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.check_ledger_after_reconciliation() == 0

    check = LedgerCheck.objects.latest("started_at")
    assert check.reconciliation["day"] == "2026-12-01"
    assert check.reconciliation["open_differences"] == 1
    assert check.reconciliation["url"].endswith(
        reverse("admin:reconciliation_run_change", args=[run.pk])
    )
    client.force_login(staff)
    listing = client.get(reverse("admin:payments_ledgercheck_changelist"))
    assert reverse("admin:reconciliation_run_change", args=[run.pk]) in listing.text
