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
from django.utils.translation import gettext as _

from core.emails import absolute_url, email_users
from core.models import User
from core.money import CENT
from core.refusals import Refusal
from payments.ledger import check_ledger
from payments.models import Payment, PaymentRefund
from payments.providers import (
    REFUND_UNSUPPORTED_CODES,
    GatewayRefused,
    GatewayUnavailable,
    get_provider,
)
from payments.signals import payment_refund_asked, payment_refunded, payment_succeeded

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Payment-Signature"


class InvalidWebhook(Refusal):
    """The webhook's signature or body is not acceptable; nothing was changed."""


class RefundRefused(Refusal):
    """A refund that cannot be made as asked; nothing was refunded."""


# Xendit's refund reasons.
REFUND_REASONS = ["REQUESTED_BY_CUSTOMER", "CANCELLATION", "DUPLICATE", "FRAUDULENT", "OTHERS"]


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

    Kept for the sandbox's signed notifications (the demo data and older
    tests use it); it accepts sandbox payments only, so that a payment made
    through Xendit changes only as Xendit confirms (``payments.notifications``).
    """
    if not signature or not hmac.compare_digest(sign_webhook_body(body), signature):
        raise InvalidWebhook("bad signature")
    try:
        data = json.loads(body)
        reference, event = data["payment"], data["event"]
        payment = Payment.objects.select_for_update().get(reference=reference)
    except (ValueError, KeyError, TypeError, ValidationError, Payment.DoesNotExist) as error:
        raise InvalidWebhook("unknown payment or malformed body") from error
    if payment.provider != "sandbox":
        raise InvalidWebhook("not a sandbox payment")
    if event not in {"payment.succeeded", "payment.declined"}:
        raise InvalidWebhook("unknown event")
    fee = _fee(data, payment)
    if payment.status != Payment.Status.PENDING:
        return payment
    payment.completed_at = timezone.now()
    if event == "payment.succeeded":
        payment.status = Payment.Status.PAID
        payment.fee = fee
        payment.paid_at = payment.completed_at
        payment.save(update_fields=["status", "fee", "completed_at", "paid_at"])
        payment_succeeded.send(sender=Payment, payment=payment)
    else:
        payment.status = Payment.Status.DECLINED
        payment.save(update_fields=["status", "completed_at"])
    return payment


@transaction.atomic
def refund_payment(*, payment_id, amount, reason, staff, note="", refunded_before=None):
    """Give ``amount`` of a paid payment back, through the gateway when its
    channel can refund, else recorded as manual (staff pay it by bank
    transfer). Returns the ``PaymentRefund``.

    The gateway's idempotency key is the payment and the total refunded after
    this refund, so a retry after a time-out never refunds twice;
    ``refunded_before`` (what the staff member saw refunded) refuses a form
    sent twice.

    Before the gateway is asked, ``payment_refund_asked`` lets the app that
    sold what was paid for refuse (a top-up whose balance was spent); after,
    ``payment_refunded`` makes it post the refund's ledger entries (a Series
    purchase fully refunded also loses its access there), so every refund,
    from any page, is booked once and by one code path.
    """
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    try:
        amount = Decimal(str(amount)).quantize(CENT)
    except (InvalidOperation, ValueError) as error:
        raise RefundRefused(_("Enter the amount to refund.")) from error
    if reason not in REFUND_REASONS:
        raise RefundRefused(_("Choose a reason for the refund."))
    if payment.status not in Payment.RECEIVED:
        raise RefundRefused(_("Only a paid payment can be refunded."))
    if refunded_before is not None and Decimal(str(refunded_before)) != payment.refunded_amount:
        raise RefundRefused(_("This payment was refunded meanwhile; look at it again."))
    if not 0 < amount <= payment.refundable:
        raise RefundRefused(
            _("A refund is more than zero and at most %(left)s.") % {"left": payment.refundable}
        )
    if payment.currency == "IDR" and amount != amount.to_integral_value():
        raise RefundRefused(_("Refunds in rupiah are whole rupiah."))
    try:
        payment_refund_asked.send(sender=Payment, payment=payment, amount=amount)
    except RefundRefused:
        raise
    except Refusal as refusal:
        raise RefundRefused(str(refusal)) from refusal
    total = payment.refunded_amount + amount
    key = f"refund:{payment.reference}:{total}"
    method, status, reference = PaymentRefund.Method.GATEWAY, "", ""
    provider = get_provider()
    if payment.provider != provider.name:
        method, note = PaymentRefund.Method.MANUAL, note or f"paid through {payment.provider}"
    else:
        try:
            result = provider.refund(payment, amount, reason, key)
            status, reference = result.status, result.gateway_reference
        except GatewayUnavailable as error:
            raise RefundRefused(
                _("The gateway did not answer; nothing was refunded. Try again later.")
            ) from error
        except GatewayRefused as error:
            if error.code not in REFUND_UNSUPPORTED_CODES:
                raise RefundRefused(
                    _("The gateway refused the refund: %(message)s") % {"message": error}
                ) from error
            method, note = PaymentRefund.Method.MANUAL, note or str(error)
        if status in {PaymentRefund.Status.FAILED, PaymentRefund.Status.CANCELLED}:
            raise RefundRefused(
                _("The gateway refused the refund (%(status)s).") % {"status": status}
            )
    refund = PaymentRefund.objects.create(
        payment=payment,
        amount=amount,
        method=method,
        status=status if method == PaymentRefund.Method.GATEWAY else PaymentRefund.Status.TO_PAY,
        idempotency_key=key,
        gateway_reference=reference,
        reason=reason,
        note=note[:300],
        staff=staff,
    )
    payment.refunded_amount = total
    payment.status = (
        Payment.Status.REFUNDED if total == payment.amount else Payment.Status.PARTIALLY_REFUNDED
    )
    payment.save(update_fields=["refunded_amount", "status"])
    logger.info("Payment %s: %s refunded (%s) by %s", payment.reference, amount, method, staff.pk)
    payment_refunded.send(sender=Payment, payment=payment, amount=amount, refund=refund)
    return refund


def check_ledger_and_alert_staff(*, reconciliation=None):
    """Check that every account balances and keep the result (the admin lists
    them); when the check finds a problem every active staff member gets an
    email and the error is logged. ``reconciliation`` (a dict: ``day``,
    ``outcome``, ``open_differences``, ``url``) is the last daily
    reconciliation with the gateway, kept with the check and named in the
    email. Returns the number of problems."""
    result = check_ledger()
    if reconciliation:
        result.reconciliation = reconciliation
        result.save(update_fields=["reconciliation"])
    if result.problems:
        logger.error(
            "The ledger check found %s problems: %s", len(result.problems), result.problems
        )
        email_users(
            User.objects.filter(is_staff=True, is_active=True).only("email", "language"),
            "payments/emails/ledger_problems",
            {
                "check": result,
                "reconciliation": result.reconciliation,
                "link": absolute_url(
                    reverse("admin:payments_ledgercheck_change", args=[result.pk])
                ),
            },
        )
    return len(result.problems)
