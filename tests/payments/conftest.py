"""Payments made through the gateway, for the gateway's tests."""

import uuid
from decimal import Decimal

import pytest

from payments.models import Payment
from payments.providers import get_provider
from payments.services import create_payment
from payments.signals import payment_succeeded
from tests.factories import UserFactory


def a_payment(payer=None, amount="150000.00", purpose="something_else", return_url="/"):
    return create_payment(
        payer=payer or UserFactory(),
        amount=Decimal(amount),
        currency="IDR",
        description="Test",
        purpose=purpose,
        purpose_reference="1",
        idempotency_key=str(uuid.uuid4()),
        return_url=return_url,
    )


def started(fake, **fields):
    """A payment whose checkout was made at the fake: (payment, its invoice)."""
    payment = a_payment(**fields)
    get_provider().checkout_url(payment)
    payment = Payment.objects.get(pk=payment.pk)
    return payment, fake.invoice_for(payment.idempotency_key)


@pytest.fixture
def announced():
    """The payments announced by ``payment_succeeded`` during the test."""
    payments = []

    def receiver(sender, payment, **kwargs):
        payments.append(payment.pk)

    payment_succeeded.connect(receiver, dispatch_uid="test-announced")
    yield payments
    payment_succeeded.disconnect(dispatch_uid="test-announced")
