"""The payment provider interface: the signed webhook, exactly-once crediting,
the sandbox checkout, and top-ups landing in a business's ledger."""

import json
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from payments.models import Payment
from payments.providers import PaymentProvider
from payments.services import (
    SIGNATURE_HEADER,
    create_payment,
    sign_webhook_body,
    webhook_body,
)
from payments.signals import payment_succeeded
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = Decimal


def a_payment(payer=None, **fields):
    return create_payment(
        payer=payer or UserFactory(),
        amount=D("150000.00"),
        currency="IDR",
        description="Test",
        purpose=fields.pop("purpose", "something_else"),
        purpose_reference=fields.pop("purpose_reference", "1"),
        idempotency_key=fields.pop("idempotency_key", str(uuid.uuid4())),
        return_url="/",
    )


def deliver(client, body, signature=None):
    return client.post(
        reverse("payments:webhook"),
        body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: sign_webhook_body(body) if signature is None else signature},
    )


@pytest.fixture
def received():
    """The payments announced by ``payment_succeeded`` during the test."""
    payments = []

    def receiver(sender, payment, **kwargs):
        payments.append(payment.pk)

    payment_succeeded.connect(receiver, dispatch_uid="test-receiver")
    yield payments
    payment_succeeded.disconnect(dispatch_uid="test-receiver")


def test_a_signed_webhook_marks_the_payment_paid_and_announces_it(client, received):
    payment = a_payment()

    response = deliver(client, webhook_body(payment=payment, event="payment.succeeded"))

    assert response.status_code == 200
    assert response.json() == {"payment": str(payment.reference), "status": "paid"}
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert payment.completed_at is not None
    assert received == [payment.pk]


def test_a_second_webhook_for_the_same_payment_changes_nothing(client, received):
    payment = a_payment()
    body = webhook_body(payment=payment, event="payment.succeeded")

    deliver(client, body)
    second = deliver(client, body)
    late_decline = deliver(client, webhook_body(payment=payment, event="payment.declined"))

    assert second.status_code == late_decline.status_code == 200
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert received == [payment.pk]


@pytest.mark.parametrize(
    "signature",
    ["", "0" * 64, "not-hex", sign_webhook_body(b"another body")],
)
def test_a_webhook_with_a_bad_signature_is_refused_and_changes_nothing(client, received, signature):
    payment = a_payment()

    response = deliver(
        client, webhook_body(payment=payment, event="payment.succeeded"), signature=signature
    )

    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert received == []


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        json.dumps({"payment": str(uuid.uuid4()), "event": "payment.succeeded"}).encode(),
        json.dumps({"event": "payment.succeeded"}).encode(),
        json.dumps({"payment": "not-a-uuid", "event": "payment.succeeded"}).encode(),
        json.dumps(["a list"]).encode(),
    ],
)
def test_a_signed_but_malformed_webhook_is_refused(client, body):
    assert deliver(client, body).status_code == 400


def test_an_unknown_event_is_refused(client, received):
    payment = a_payment()

    assert (
        deliver(client, webhook_body(payment=payment, event="payment.refunded")).status_code == 400
    )
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


def test_the_fee_the_provider_reports_is_kept_with_the_payment(client, received):
    payment = a_payment()

    response = deliver(
        client, webhook_body(payment=payment, event="payment.succeeded", fee=D("3750.00"))
    )

    assert response.status_code == 200
    payment.refresh_from_db()
    assert (payment.status, payment.fee) == (Payment.Status.PAID, D("3750.00"))
    assert received == [payment.pk]


@pytest.mark.parametrize(
    "fee", ["-1.00", "150000.01", "1.001", "NaN", "Infinity", "seribu", "", None, [1]]
)
def test_a_fee_that_is_not_whole_cents_within_the_amount_is_refused(client, received, fee):
    payment = a_payment()
    body = json.dumps(
        {"payment": str(payment.reference), "event": "payment.succeeded", "fee": fee}
    ).encode()

    assert deliver(client, body).status_code == 400
    payment.refresh_from_db()
    assert (payment.status, payment.fee) == (Payment.Status.PENDING, D("0.00"))
    assert received == []


def test_the_webhook_accepts_only_post(client):
    assert client.get(reverse("payments:webhook")).status_code == 405


def test_a_declined_payment_is_recorded_without_announcing_success(client, received):
    payment = a_payment()

    deliver(client, webhook_body(payment=payment, event="payment.declined"))

    payment.refresh_from_db()
    assert payment.status == Payment.Status.DECLINED
    assert received == []


def test_the_same_idempotency_key_returns_the_same_payment():
    payer = UserFactory()

    first = a_payment(payer, idempotency_key="order-1")
    second = a_payment(payer, idempotency_key="order-1")

    assert first.pk == second.pk
    assert Payment.objects.count() == 1


def test_the_sandbox_checkout_is_only_for_the_payer(client):
    payment = a_payment()
    client.force_login(UserFactory())
    url = reverse("payments:sandbox_checkout", args=[payment.reference])

    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "approve"}).status_code == 404
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


class RealProvider(PaymentProvider):
    name = "real-bank"

    def checkout_url(self, payment):
        return f"https://bank.example.com/pay/{payment.reference}"


def test_the_sandbox_page_is_gone_when_a_real_provider_is_configured(client, settings):
    settings.PAYMENT_PROVIDER = "tests.payments.test_webhook.RealProvider"
    payer = UserFactory()
    payment = a_payment(payer)
    client.force_login(payer)
    url = reverse("payments:sandbox_checkout", args=[payment.reference])

    assert payment.provider == "real-bank"
    assert client.post(url, {"decision": "approve"}).status_code == 404
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


def test_the_sandbox_cannot_approve_a_payment_made_through_another_provider(client):
    payer = UserFactory()
    payment = a_payment(payer)
    Payment.objects.filter(pk=payment.pk).update(provider="real-bank")
    client.force_login(payer)

    response = client.post(
        reverse("payments:sandbox_checkout", args=[payment.reference]), {"decision": "approve"}
    )

    assert response.status_code == 404
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


def test_the_sandbox_checkout_writes_the_amount_as_every_other_page_does(client):
    payer = UserFactory()
    payment = create_payment(
        payer=payer,
        amount=D("49000.00"),
        currency="IDR",
        description="A Series",
        purpose="something_else",
        purpose_reference="1",
        idempotency_key=str(uuid.uuid4()),
        return_url="/",
    )
    client.force_login(payer)

    page = client.get(
        reverse("payments:sandbox_checkout", args=[payment.reference]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert "Rp 49,000" in page
    assert "IDR 49,000.00" not in page
