"""Paid payments for billing's tests, paid the way the provider pays them: a
signed notification through ``payments.services.handle_webhook``, which sends
``payment_succeeded`` to series, brands and billing."""

import io
import uuid
from decimal import Decimal

from pypdf import PdfReader

from brands.services import TOP_UP_PURPOSE
from payments.models import Payment
from payments.services import handle_webhook, sign_webhook_body, webhook_body
from series.services.sales import PURCHASE_PURPOSE


def paid(payment, fee="0"):
    body = webhook_body(payment=payment, event="payment.succeeded", fee=Decimal(fee))
    handle_webhook(body=body, signature=sign_webhook_body(body))
    payment.refresh_from_db()
    return payment


def a_payment(*, payer, purpose, reference, amount):
    return Payment.objects.create(
        idempotency_key=f"test:{uuid.uuid4()}",
        payer=payer,
        amount=Decimal(amount),
        currency="IDR",
        description="Test payment",
        purpose=purpose,
        purpose_reference=str(reference),
        provider="sandbox",
        return_url="/",
    )


def buy(series, buyer, amount="49000.00", fee="1500.00"):
    """``buyer`` pays for ``series``: the paid payment."""
    payment = a_payment(payer=buyer, purpose=PURCHASE_PURPOSE, reference=series.pk, amount=amount)
    return paid(payment, fee)


def top_up(business, payer, amount="500000.00"):
    """``payer`` tops up ``business``'s balance: the paid payment."""
    payment = a_payment(payer=payer, purpose=TOP_UP_PURPOSE, reference=business.pk, amount=amount)
    return paid(payment)


def pdf_text(data):
    """The text of every page of a PDF (bytes), parsed back with pypdf."""
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)
