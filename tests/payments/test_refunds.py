"""Staff refunds: through Xendit where the channel can, manual where it cannot,
full and partial, never twice; and a Series refund refunds its payment."""

from decimal import Decimal

import pytest
from django.urls import reverse

from payments.models import Payment, PaymentNotification, PaymentRefund
from payments.services import RefundRefused, refund_payment
from payments.signals import payment_refunded
from series.models import Purchase
from series.services.sales import PURCHASE_PURPOSE, refund_purchase
from tests.factories import StaffFactory, UserFactory
from tests.payments.conftest import started
from tests.series.factories import PublishedSeriesFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def staff():
    return StaffFactory()


def paid(client, fake, method="EWALLET", channel="OVO", **fields):
    payment, invoice = started(fake, **fields)
    fake.pay(invoice["id"], method, channel)
    fake.deliver(client, fake.notification(invoice["id"]))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    return payment, invoice


@pytest.fixture
def refunds_announced():
    seen = []

    def receiver(sender, payment, amount, refund, **kwargs):
        seen.append((payment.pk, amount, refund.method))

    payment_refunded.connect(receiver, dispatch_uid="test-refunds")
    yield seen
    payment_refunded.disconnect(dispatch_uid="test-refunds")


def test_a_full_refund_goes_through_xendit_with_an_idempotency_key(
    client, fake_xendit, staff, refunds_announced
):
    payment, invoice = paid(client, fake_xendit, amount="100000.00")

    refund = refund_payment(
        payment_id=payment.pk, amount=D("100000"), reason="REQUESTED_BY_CUSTOMER", staff=staff
    )

    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED
    assert payment.refunded_amount == D("100000.00")
    assert (refund.method, refund.status) == ("gateway", "pending")
    assert refund.idempotency_key == f"refund:{payment.reference}:100000.00"
    xendit_refund = fake_xendit.refunds[refund.gateway_reference]
    assert (xendit_refund["invoice_id"], xendit_refund["amount"]) == (invoice["id"], 100000)
    assert refunds_announced == [(payment.pk, D("100000.00"), "gateway")]


def test_partial_refunds_add_up_to_a_full_one(client, fake_xendit, staff):
    payment, _invoice = paid(client, fake_xendit, amount="100000.00")

    refund_payment(payment_id=payment.pk, amount="30000", reason="OTHERS", staff=staff)
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_amount) == ("partially_refunded", D("30000.00"))

    refund_payment(payment_id=payment.pk, amount="70000", reason="OTHERS", staff=staff)
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_amount) == ("refunded", D("100000.00"))
    assert PaymentRefund.objects.count() == 2


@pytest.mark.parametrize("amount", ["0", "-1", "100001", "500.50", "abc"])
def test_a_refund_outside_what_was_paid_is_refused(client, fake_xendit, staff, amount):
    payment, _invoice = paid(client, fake_xendit, amount="100000.00")

    with pytest.raises(RefundRefused):
        refund_payment(payment_id=payment.pk, amount=amount, reason="OTHERS", staff=staff)

    assert not PaymentRefund.objects.exists()
    assert fake_xendit.refunds == {}


def test_an_unpaid_payment_cannot_be_refunded(fake_xendit, staff):
    payment, _invoice = started(fake_xendit)

    with pytest.raises(RefundRefused):
        refund_payment(payment_id=payment.pk, amount="1000", reason="OTHERS", staff=staff)


def test_a_virtual_account_refund_is_recorded_as_manual(client, fake_xendit, staff):
    payment, _invoice = paid(client, fake_xendit, "BANK_TRANSFER", "BCA", amount="100000.00")

    refund = refund_payment(payment_id=payment.pk, amount="100000", reason="OTHERS", staff=staff)

    assert (refund.method, refund.status) == ("manual", "to_pay")
    assert "does not support refunds" in refund.note
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED


def test_a_refund_when_xendit_is_down_refunds_nothing(client, fake_xendit, staff):
    payment, _invoice = paid(client, fake_xendit)
    fake_xendit.fail("/refunds", "503")

    with pytest.raises(RefundRefused, match="did not answer"):
        refund_payment(payment_id=payment.pk, amount="1000", reason="OTHERS", staff=staff)

    payment.refresh_from_db()
    assert (payment.status, payment.refunded_amount) == ("paid", D("0.00"))


def test_a_retry_after_a_time_out_does_not_refund_twice(client, fake_xendit, staff):
    payment, _invoice = paid(client, fake_xendit, amount="100000.00")
    fake_xendit.fail("/refunds", "timeout", times=1)
    with pytest.raises(RefundRefused):
        refund_payment(payment_id=payment.pk, amount="40000", reason="OTHERS", staff=staff)

    refund_payment(payment_id=payment.pk, amount="40000", reason="OTHERS", staff=staff)

    # The timed-out request reached Xendit; the retry carried the same key.
    assert len(fake_xendit.refunds) == 1


def test_a_form_sent_twice_refunds_once(client, fake_xendit, staff):
    payment, _invoice = paid(client, fake_xendit, amount="100000.00")
    refund_payment(
        payment_id=payment.pk, amount="1000", reason="OTHERS", staff=staff, refunded_before="0"
    )

    with pytest.raises(RefundRefused, match="meanwhile"):
        refund_payment(
            payment_id=payment.pk, amount="1000", reason="OTHERS", staff=staff, refunded_before="0"
        )


def test_a_refund_notification_is_confirmed_and_settles_the_refund(client, fake_xendit, staff):
    payment, _invoice = paid(client, fake_xendit)
    refund = refund_payment(payment_id=payment.pk, amount="1000", reason="OTHERS", staff=staff)
    fake_xendit.settle_refund(refund.gateway_reference)

    body = fake_xendit.refund_notification(refund.gateway_reference)
    response = fake_xendit.deliver(client, body, path="/payments/xendit/refunds/")
    again = fake_xendit.deliver(client, body, path="/payments/xendit/refunds/")

    assert (response.status_code, again.status_code) == (200, 200)
    refund.refresh_from_db()
    assert refund.status == "succeeded"
    outcomes = PaymentNotification.objects.filter(kind="refund").order_by("pk")
    assert list(outcomes.values_list("outcome", flat=True)) == ["applied", "duplicate"]


def test_a_refund_notification_that_lies_changes_nothing(client, fake_xendit, staff):
    payment, _invoice = paid(client, fake_xendit)
    refund = refund_payment(payment_id=payment.pk, amount="1000", reason="OTHERS", staff=staff)

    body = fake_xendit.refund_notification(refund.gateway_reference, status="SUCCEEDED")
    fake_xendit.deliver(client, body, path="/payments/xendit/refunds/")
    forged = fake_xendit.deliver(client, body, token="nope", path="/payments/xendit/refunds/")

    refund.refresh_from_db()
    assert refund.status == "pending"
    assert forged.status_code == 403


def test_a_failed_refund_is_marked_failed_for_staff(client, fake_xendit, staff, caplog):
    payment, _invoice = paid(client, fake_xendit)
    refund = refund_payment(payment_id=payment.pk, amount="1000", reason="OTHERS", staff=staff)
    fake_xendit.settle_refund(refund.gateway_reference, "FAILED", "REFUND_FAILED")

    fake_xendit.deliver(
        client,
        fake_xendit.refund_notification(refund.gateway_reference),
        path="/payments/xendit/refunds/",
    )

    refund.refresh_from_db()
    assert refund.status == "failed"
    assert "pay it back by bank transfer" in caplog.text


def test_refunding_a_series_purchase_refunds_its_payment(client, fake_xendit, staff):
    series = PublishedSeriesFactory()
    # Paid as something else first, so that no receiver looks for a Series
    # before the payment names this one.
    payment, _invoice = paid(client, fake_xendit, purpose="other", amount=str(series.price))
    Payment.objects.filter(pk=payment.pk).update(
        purpose=PURCHASE_PURPOSE, purpose_reference=str(series.pk)
    )
    payment.refresh_from_db()
    from series.services.sales import record_purchase

    purchase = record_purchase(payment=payment)

    assert refund_purchase(purchase=purchase, staff=staff) is True

    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED
    assert PaymentRefund.objects.get().amount == series.price
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.REFUNDED


def test_a_series_refund_the_gateway_refuses_changes_nothing(client, fake_xendit, staff):
    series = PublishedSeriesFactory()
    payment, _invoice = paid(client, fake_xendit, purpose="other", amount=str(series.price))
    Payment.objects.filter(pk=payment.pk).update(
        purpose=PURCHASE_PURPOSE, purpose_reference=str(series.pk)
    )
    payment.refresh_from_db()
    from series.services.sales import record_purchase

    purchase = record_purchase(payment=payment)
    fake_xendit.fail("/refunds", "500")

    with pytest.raises(RefundRefused):
        refund_purchase(purchase=purchase, staff=staff)

    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PAID


# --- The admin page --------------------------------------------------------------


@pytest.fixture
def staff_client(client, staff, settings):
    settings.STAFF_REQUIRE_MFA = False
    client.force_login(staff)
    return client


def test_staff_refund_from_the_admin_after_a_confirmation_page(staff_client, fake_xendit):
    payment, _invoice = paid(staff_client, fake_xendit, amount="100000.00")
    url = reverse("admin:payments_payment_refund", args=[payment.pk])

    page = staff_client.get(url)
    done = staff_client.post(
        url,
        {"amount": "25000", "reason": "OTHERS", "note": "late delivery", "refunded_before": "0"},
    )

    assert "Yes, refund" in page.text
    assert done.status_code == 302
    payment.refresh_from_db()
    assert payment.refunded_amount == D("25000.00")
    assert PaymentRefund.objects.get().note == "late delivery"


def test_the_admin_shows_a_refusal_and_refunds_nothing(staff_client, fake_xendit):
    payment, _invoice = paid(staff_client, fake_xendit, amount="100000.00")

    response = staff_client.post(
        reverse("admin:payments_payment_refund", args=[payment.pk]),
        {"amount": "200000", "reason": "OTHERS", "refunded_before": "0"},
    )

    assert response.status_code == 200
    assert "at most" in response.text
    assert not PaymentRefund.objects.exists()


def test_the_notification_log_is_filterable_by_outcome(staff_client, fake_xendit):
    fake_xendit.deliver(staff_client, {"id": "x", "external_id": "y"}, token="forged")

    response = staff_client.get(
        reverse("admin:payments_paymentnotification_changelist"), {"outcome__exact": "forged"}
    )

    assert response.status_code == 200
    assert "Forged (bad token)" in response.text


def test_a_buyer_cannot_open_the_refund_page(client, fake_xendit):
    payment, _invoice = started(fake_xendit)
    client.force_login(UserFactory())

    response = client.get(reverse("admin:payments_payment_refund", args=[payment.pk]))

    assert response.status_code == 302
    assert "/admin/login/" in response.url
