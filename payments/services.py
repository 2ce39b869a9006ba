import hashlib
import hmac
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from payments.models import Payment
from payments.providers import get_provider
from payments.signals import payment_succeeded

SIGNATURE_HEADER = "X-Payment-Signature"


class InvalidWebhook(Exception):
    """The webhook's signature or body is not acceptable; nothing was changed."""


def create_payment(
    *, payer, amount, currency, description, purpose, purpose_reference, idempotency_key, return_url
):
    """Create a pending payment, or return the one already made with ``idempotency_key``
    (so a double-click or a retried form never asks for the money twice)."""
    payment, _created = Payment.objects.get_or_create(
        idempotency_key=idempotency_key,
        defaults={
            "payer": payer,
            "amount": amount,
            "currency": currency,
            "description": description,
            "purpose": purpose,
            "purpose_reference": purpose_reference,
            "provider": get_provider().name,
            "return_url": return_url,
        },
    )
    return payment


def sign_webhook_body(body):
    """The hex HMAC-SHA256 of ``body`` (bytes) with the webhook secret."""
    return hmac.new(settings.PAYMENT_WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()


def webhook_body(*, payment, event):
    return json.dumps({"payment": str(payment.reference), "event": event}).encode()


@transaction.atomic
def handle_webhook(*, body, signature):
    """Apply a provider's signed notification. Returns the payment.

    Marks the payment paid (and sends ``payment_succeeded``) or declined exactly
    once: the payment row is locked, and a notification about a payment that is
    no longer pending changes nothing.
    """
    if not signature or not hmac.compare_digest(sign_webhook_body(body), signature):
        raise InvalidWebhook("bad signature")
    try:
        data = json.loads(body)
        reference, event = data["payment"], data["event"]
        payment = Payment.objects.select_for_update().get(reference=reference)
    except (ValueError, KeyError, TypeError, ValidationError, Payment.DoesNotExist) as error:
        raise InvalidWebhook("unknown payment or malformed body") from error
    if event not in {"payment.succeeded", "payment.declined"}:
        raise InvalidWebhook("unknown event")
    if payment.status != Payment.Status.PENDING:
        return payment
    payment.completed_at = timezone.now()
    if event == "payment.succeeded":
        payment.status = Payment.Status.PAID
        payment.save(update_fields=["status", "completed_at"])
        payment_succeeded.send(sender=Payment, payment=payment)
    else:
        payment.status = Payment.Status.DECLINED
        payment.save(update_fields=["status", "completed_at"])
    return payment
