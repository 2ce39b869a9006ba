"""Every refund of a Series purchase is booked once: a partial one reverses
the sale in proportion (exact to the cent, the rounding on the creator's
line, the gateway's fee the platform's cost), a full one from the Payment
admin page refunds the purchase as the purchase's own refund does."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from earnings.selectors import movements
from payments import ledger
from payments.ledger import check_ledger
from payments.models import Account, LedgerEntry, LedgerLine, Payment
from payments.services import (
    create_payment,
    handle_webhook,
    refund_payment,
    sign_webhook_body,
    webhook_body,
)
from series.models import Purchase
from series.services.sales import PURCHASE_PURPOSE, refund_purchase
from tests.factories import StaffFactory, UserFactory
from tests.series.factories import PublishedSeriesFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def bought(settings):
    """A Rp 49,000 purchase: the platform's share 20% (9,800), the gateway's fee
    1,000, the creator's earnings 38,200."""
    settings.SERIES_PLATFORM_SHARE_PERCENT = "20"
    series = PublishedSeriesFactory(price=D("49000.00"))
    payment = create_payment(
        payer=UserFactory(language="en"),
        amount=series.price,
        currency="IDR",
        description="Series",
        purpose=PURCHASE_PURPOSE,
        purpose_reference=str(series.pk),
        idempotency_key="ledger-test",
        return_url="/",
    )
    body = webhook_body(payment=payment, event="payment.succeeded", fee="1000.00")
    handle_webhook(body=body, signature=sign_webhook_body(body))
    payment.refresh_from_db()
    return payment, Purchase.objects.get()


def booked(kind, **owners):
    """What the ledger holds on the accounts of ``kind``."""
    lines = LedgerLine.objects.filter(account__kind=kind, **owners)
    return ledger.sums(lines, total=None)["total"]


def refund(payment, amount, staff=None):
    return refund_payment(
        payment_id=payment.pk, amount=amount, reason="OTHERS", staff=staff or StaffFactory()
    )


def test_the_sale_splits_the_price(bought):
    _payment, purchase = bought
    creator = purchase.series.creator_id

    assert booked(Account.Kind.CREATOR_EARNINGS, account__creator_id=creator) == D("38200.00")
    assert booked(Account.Kind.PLATFORM_FEES) == D("9800.00")
    assert booked(Account.Kind.PAYMENT_FEES) == D("1000.00")


def test_a_partial_refund_reverses_the_sale_in_proportion(bought):
    payment, purchase = bought

    made = refund(payment, "10000")

    entry = LedgerEntry.objects.get(kind=LedgerEntry.Kind.PARTIAL_REFUND)
    assert entry.reference == ledger.refund_reference(made)
    by_kind = {line.account.kind: line.amount for line in entry.lines.select_related("account")}
    # The platform gives back its share and the fee's: 10,800 / 49,000 of 10,000.
    assert by_kind == {
        Account.Kind.MONEY_IN: D("10000.00"),
        Account.Kind.PLATFORM_FEES: D("-2204.08"),
        Account.Kind.CREATOR_EARNINGS: D("-7795.92"),
    }
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PAID
    assert check_ledger().passed


def test_partial_refunds_add_up_to_the_whole_sale_reversed(bought):
    payment, purchase = bought
    creator = purchase.series.creator_id

    for amount in ["10000", "3333", "7", "35660"]:
        refund(payment, amount)

    assert booked(Account.Kind.CREATOR_EARNINGS, account__creator_id=creator) == 0
    # The gateway keeps its fee: the platform pays it.
    assert booked(Account.Kind.PAYMENT_FEES) == D("1000.00")
    assert booked(Account.Kind.PLATFORM_FEES) == D("-1000.00")
    assert booked(Account.Kind.MONEY_IN) == 0
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PARTIAL_REFUND).count() == 3
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REFUND).count() == 1
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.REFUNDED
    assert check_ledger().passed


def test_a_creator_paid_out_already_goes_below_zero_on_a_refund(bought):
    payment, purchase = bought
    creator = purchase.series.creator_id
    ledger.post(
        LedgerEntry.Kind.PAYOUT,
        ledger.moves(
            [
                (
                    {"kind": Account.Kind.CREATOR_EARNINGS, "creator": creator},
                    {"kind": Account.Kind.MONEY_OUT},
                    D("38200.00"),
                )
            ]
        ),
        creator_id=creator,
    )

    refund(payment, "49000")

    assert booked(Account.Kind.CREATOR_EARNINGS, account__creator_id=creator) == D("-38200.00")
    assert check_ledger().passed


def test_a_full_refund_from_the_payment_page_refunds_the_purchase(
    client, bought, settings, django_capture_on_commit_callbacks
):
    settings.STAFF_REQUIRE_MFA = False
    payment, purchase = bought
    staff = StaffFactory()
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:payments_payment_refund", args=[payment.pk]),
            {"amount": "49000", "reason": "OTHERS", "refunded_before": "0"},
        )

    assert response.status_code == 302
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.REFUNDED
    assert purchase.refunded_by == staff
    assert [message.to for message in mail.outbox][-1] == [purchase.buyer.email]
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REFUND).count() == 1
    # And the purchase's own refund finds nothing left to do.
    assert refund_purchase(purchase=purchase, staff=staff) is False
    assert check_ledger().passed


def test_the_purchases_refund_books_through_the_same_path(bought):
    payment, purchase = bought
    refund(payment, "9000")

    assert refund_purchase(purchase=purchase, staff=StaffFactory()) is True

    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED
    assert payment.refunds.count() == 2
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REFUND).count() == 1
    assert booked(Account.Kind.MONEY_IN) == 0
    assert check_ledger().passed


def test_the_creators_statement_counts_a_partial_refund(bought):
    payment, purchase = bought
    refund(payment, "10000")
    now = timezone.now()

    moved = movements(purchase.series.creator_id, now - timedelta(days=1), now + timedelta(days=1))

    assert moved["IDR"].refunds_net == D("-7795.92")
    assert moved["IDR"].refunds_gross == D("-10000.00")
    assert moved["IDR"].earned_gross == D("39000.00")
    assert moved["IDR"].other == 0
