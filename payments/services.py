import hashlib
import hmac
import json
import logging
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.emails import absolute_url, email_users
from core.models import User
from core.money import CENT
from core.refusals import Refusal
from payments.ledger import check_ledger
from payments.models import Payment
from payments.providers import get_provider
from payments.signals import payment_succeeded

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Payment-Signature"


class InvalidWebhook(Refusal):
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


def webhook_body(*, payment, event, fee=None):
    """A notification as providers send it; ``fee`` is what the provider kept
    of a successful payment (left out: none)."""
    data = {"payment": str(payment.reference), "event": event}
    if fee is not None:
        data["fee"] = str(fee)
    return json.dumps(data).encode()


def _fee(data, payment):
    """The provider's fee in a notification: a decimal string of whole cents,
    from zero up to the payment's amount, or ``InvalidWebhook``."""
    try:
        fee = Decimal(str(data.get("fee", "0")))
    except (InvalidOperation, ValueError) as error:
        raise InvalidWebhook("malformed fee") from error
    if not fee.is_finite() or fee != fee.quantize(CENT) or not 0 <= fee <= payment.amount:
        raise InvalidWebhook("fee outside the payment's amount")
    return fee


@transaction.atomic
def handle_webhook(*, body, signature):
    """Apply a provider's signed notification. Returns the payment.

    Marks the payment paid, with the fee the provider kept (and sends
    ``payment_succeeded``), or declined exactly once: the payment row is
    locked, and a notification about a payment that is no longer pending
    changes nothing. A fee that is not whole cents between zero and the
    amount refuses the notification.
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
    fee = _fee(data, payment)
    if payment.status != Payment.Status.PENDING:
        return payment
    payment.completed_at = timezone.now()
    if event == "payment.succeeded":
        payment.status = Payment.Status.PAID
        payment.fee = fee
        payment.save(update_fields=["status", "fee", "completed_at"])
        payment_succeeded.send(sender=Payment, payment=payment)
    else:
        payment.status = Payment.Status.DECLINED
        payment.save(update_fields=["status", "completed_at"])
    return payment


def check_ledger_and_alert_staff():
    """Check that every account balances and keep the result (the admin lists
    them); when the check finds a problem every active staff member gets an
    email and the error is logged. Returns the number of problems."""
    result = check_ledger()
    if result.problems:
        logger.error(
            "The ledger check found %s problems: %s", len(result.problems), result.problems
        )
        email_users(
            User.objects.filter(is_staff=True, is_active=True).only("email", "language"),
            "payments/emails/ledger_problems",
            {
                "check": result,
                "link": absolute_url(
                    reverse("admin:payments_ledgercheck_change", args=[result.pk])
                ),
            },
        )
    return len(result.problems)
