"""A gateway refund that fails after it was accepted is undone once: its
ledger entries reversed, the payment's refunded amount given back."""

from decimal import Decimal

import pytest

from payments import ledger
from payments.ledger import check_ledger
from payments.models import Account, LedgerEntry, LedgerLine, Payment, PaymentRefund
from payments.services import refund_payment
from series.models import Purchase
from series.services.sales import PURCHASE_PURPOSE, record_purchase
from tests.factories import StaffFactory
from tests.payments.test_refunds import paid
from tests.series.factories import PublishedSeriesFactory

pytestmark = pytest.mark.django_db
D = Decimal


def test_a_failed_refund_is_reversed_once(client, fake_xendit):
    series = PublishedSeriesFactory(price=D("50000.00"))
    payment, _invoice = paid(client, fake_xendit, purpose="other", amount="50000.00")
    Payment.objects.filter(pk=payment.pk).update(
        purpose=PURCHASE_PURPOSE, purpose_reference=str(series.pk)
    )
    payment.refresh_from_db()
    purchase = record_purchase(payment=payment)
    creator = {"account__kind": Account.Kind.CREATOR_EARNINGS, "account__creator": series.creator}
    earned = ledger.sums(LedgerLine.objects.filter(**creator), total=None)["total"]
    refund = refund_payment(
        payment_id=payment.pk, amount="50000", reason="OTHERS", staff=StaffFactory()
    )
    assert refund.status == PaymentRefund.Status.PENDING
    fake_xendit.settle_refund(refund.gateway_reference, "FAILED", "REFUND_FAILED")
    notification = fake_xendit.refund_notification(refund.gateway_reference)

    for _twice in range(2):
        fake_xendit.deliver(client, notification, path="/payments/xendit/refunds/")

    payment.refresh_from_db()
    assert (payment.status, payment.refunded_amount) == (Payment.Status.PAID, 0)
    reversal = LedgerEntry.objects.get(kind=LedgerEntry.Kind.REFUND_FAILED)
    assert reversal.reference == f"failed:{ledger.refund_reference(refund)}"
    assert ledger.sums(LedgerLine.objects.filter(**creator), total=None)["total"] == earned
    assert check_ledger().passed
    # The buyer asked for their money: the purchase stays refunded, and staff
    # may refund the payment again (by bank transfer if need be).
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.REFUNDED
    assert payment.refundable == D("50000.00")
