"""The gateway's notifications, and every change of a payment's status that
follows from what the gateway says.

A notification is only a hint: its token is checked (constant time), it is
stored (``PaymentNotification``, the log staff read), and then the gateway is
asked (``provider.status``) before anything changes. ``apply_status`` then
moves the payment once, under a row lock: a payment already final changes
nothing, a paid amount that differs from the payment's is not paid
(``mismatch``), and a gateway that does not answer leaves everything as it
was (``deferred``: the view answers 503 so that Xendit retries).
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from payments import ledger
from payments.models import LedgerEntry, Payment, PaymentNotification, PaymentRefund
from payments.providers import GatewayRefused, GatewayUnavailable, get_provider
from payments.signals import payment_succeeded
from payments.statuses import INVOICE_FROM_XENDIT

logger = logging.getLogger(__name__)

Outcome = PaymentNotification.Outcome


@dataclass(frozen=True)
class Received:
    """What became of a notification: the stored row and the HTTP status to answer."""

    notification: PaymentNotification
    http_status: int


def _text(value, length=100):
    return str(value or "")[:length]


def receive_invoice_notification(*, data, authentic, remote_addr=""):
    """Handle an invoice notification's JSON ``data`` (``authentic``: its token passed)."""
    row = PaymentNotification(
        kind=PaymentNotification.Kind.INVOICE,
        gateway_id=_text(data.get("id")) if isinstance(data, dict) else "",
        external_id=_text(data.get("external_id")) if isinstance(data, dict) else "",
        claimed_status=_text(data.get("status"), 30) if isinstance(data, dict) else "",
        remote_addr=_text(remote_addr, 45),
    )
    if not authentic:
        logger.warning(
            "Forged payment notification from %s for %s refused",
            remote_addr,
            row.external_id or row.gateway_id or "nothing",
        )
        return _store(row, Outcome.FORGED, "bad or missing callback token", 403)
    if not (row.gateway_id or row.external_id):
        return _store(row, Outcome.UNKNOWN, "malformed body: no id or external_id", 400)
    payment = _payment_of(row)
    if payment is None:
        logger.warning("Payment notification for an unknown invoice %s", row.gateway_id)
        return _store(row, Outcome.UNKNOWN, "no payment with this invoice or external id", 200)
    row.payment = payment
    try:
        confirmed = get_provider().status(payment)
    except (GatewayUnavailable, GatewayRefused) as error:
        logger.warning("Payment %s: status check failed, deferred: %s", payment.reference, error)
        return _store(row, Outcome.DEFERRED, str(error)[:300], 503)
    outcome, detail = apply_status(payment_id=payment.pk, confirmed=confirmed)
    claimed = INVOICE_FROM_XENDIT.get(row.claimed_status.upper())
    if outcome == Outcome.DUPLICATE and claimed != confirmed.status:
        # Late or out of order (EXPIRED after PAID): the gateway's answer wins.
        outcome = Outcome.IGNORED
        detail = f"claimed {row.claimed_status}, gateway says {confirmed.gateway_status}"
    return _store(row, outcome, detail, 200)


def _payment_of(row):
    """The payment a notification is about: by invoice id and external id
    together when both are given (an id alone cannot pick another's payment)."""
    payments = Payment.objects.all()
    if row.gateway_id:
        payments = payments.filter(gateway_reference=row.gateway_id)
    if row.external_id:
        payments = payments.filter(idempotency_key=row.external_id)
    return payments.first()


def _store(row, outcome, detail, http_status):
    row.outcome = outcome
    row.detail = detail[:300]
    row.save()
    return Received(notification=row, http_status=http_status)


@transaction.atomic
def apply_status(*, payment_id, confirmed):
    """Move the payment to what the gateway ``confirmed`` (a ``GatewayStatus``),
    once. Returns (outcome, detail)."""
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    target = confirmed.status
    if target == payment.status:
        return Outcome.DUPLICATE, f"already {payment.status}"
    if target == "reversed" and payment.can_become(Payment.Status.REVERSED):
        logger.error("Payment %s was reversed (chargeback) by the gateway", payment.reference)
        payment.status = Payment.Status.REVERSED
        payment.save(update_fields=["status"])
        return Outcome.APPLIED, "reversed"
    if payment.status != Payment.Status.PENDING or target not in {"paid", "expired", "declined"}:
        return Outcome.IGNORED, f"payment is {payment.status}, gateway says {target or '?'}"
    if target == "paid" and confirmed.paid_amount != payment.amount:
        logger.error(
            "Payment %s: the gateway says %s was paid, the payment is for %s; not marked paid",
            payment.reference,
            confirmed.paid_amount,
            payment.amount,
        )
        return Outcome.MISMATCH, f"paid {confirmed.paid_amount}, expected {payment.amount}"
    now = timezone.now()
    payment.status = target
    payment.completed_at = now
    payment.method = confirmed.method or payment.method
    payment.channel = confirmed.channel or payment.channel
    fields = ["status", "completed_at", "method", "channel"]
    if target == "paid":
        payment.paid_at = confirmed.paid_at or now
        # Unknown yet: 0, and the daily reconciliation records Xendit's figure.
        payment.fee = min(confirmed.fee or 0, payment.amount)
        fields += ["paid_at", "fee"]
    payment.save(update_fields=fields)
    if target == "paid":
        payment_succeeded.send(sender=Payment, payment=payment)
    return Outcome.APPLIED, target


def receive_refund_notification(*, data, authentic, remote_addr=""):
    """Handle a refund notification ({event, data{id, status, ...}}): confirmed
    with the gateway, then the ``PaymentRefund`` row takes the final status."""
    body = data.get("data") if isinstance(data, dict) else None
    body = body if isinstance(body, dict) else {}
    row = PaymentNotification(
        kind=PaymentNotification.Kind.REFUND,
        gateway_id=_text(body.get("id")),
        external_id=_text(body.get("reference_id")),
        claimed_status=_text(body.get("status"), 30),
        remote_addr=_text(remote_addr, 45),
    )
    if not authentic:
        logger.warning("Forged refund notification from %s refused", remote_addr)
        return _store(row, Outcome.FORGED, "bad or missing callback token", 403)
    refund = PaymentRefund.objects.filter(
        gateway_reference=row.gateway_id, method=PaymentRefund.Method.GATEWAY
    ).first()
    if not row.gateway_id or refund is None:
        return _store(row, Outcome.UNKNOWN, "no refund with this id", 200)
    row.payment_id = refund.payment_id
    try:
        confirmed = get_provider().refund_status(refund.gateway_reference)
    except (GatewayUnavailable, GatewayRefused) as error:
        return _store(row, Outcome.DEFERRED, str(error), 503)
    outcome, detail = apply_refund_status(refund_id=refund.pk, status=confirmed.status)
    return _store(row, outcome, detail, 200)


@transaction.atomic
def apply_refund_status(*, refund_id, status):
    """Give a pending gateway refund the final status the gateway confirmed,
    once. A refund that failed (or was cancelled) is undone: its ledger
    entries are reversed and the payment's refunded amount goes back, so
    staff may refund it again (by bank transfer when the gateway cannot).
    What the refund did beyond the money (a Series purchase closed) stays."""
    payment_id = PaymentRefund.objects.values_list("payment_id", flat=True).get(pk=refund_id)
    # The payment first, as ``refund_payment`` locks it: one lock order.
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    refund = PaymentRefund.objects.select_for_update().get(pk=refund_id)
    if refund.status == status:
        return Outcome.DUPLICATE, f"already {status}"
    if refund.status != PaymentRefund.Status.PENDING or status == "pending":
        return Outcome.IGNORED, f"refund is {refund.status}, gateway says {status}"
    refund.status = status
    refund.save(update_fields=["status"])
    if status != PaymentRefund.Status.SUCCEEDED:
        _undo_refund(payment, refund)
        logger.error(
            "Refund %s of payment %s %s at the gateway: undone, pay it back by bank transfer",
            refund.pk,
            refund.payment_id,
            status,
        )
    return Outcome.APPLIED, status


def _undo_refund(payment, refund):
    """Reverse the ledger entries of a failed ``refund`` (each once) and give
    its amount back to the payment's refundable amount."""
    for entry in ledger.refund_entries(refund).order_by("pk"):
        ledger.reverse(
            entry,
            kind=LedgerEntry.Kind.REFUND_FAILED,
            reference=f"failed:{entry.reference}",
            business_id=entry.business_id,
            creator_id=entry.creator_id,
            note=f"Refund {refund.pk} of payment {payment.reference} failed at the gateway",
        )
    payment.refunded_amount -= refund.amount
    if payment.status in {Payment.Status.REFUNDED, Payment.Status.PARTIALLY_REFUNDED}:
        payment.status = (
            Payment.Status.PARTIALLY_REFUNDED if payment.refunded_amount else Payment.Status.PAID
        )
    payment.save(update_fields=["refunded_amount", "status"])


def check_overdue_payments(*, now=None, limit=500):
    """Ask the gateway about payments still pending past their ``expires_at``
    and apply what it says when that is final: EXPIRED marks them expired
    (nothing is emailed; the waiting page says so), PAID applies the payment.
    A gateway that does not answer leaves them for the next run. Returns the
    counts of what happened."""
    now = now or timezone.now()
    provider = get_provider()
    overdue = (
        Payment.objects.filter(
            status=Payment.Status.PENDING, expires_at__lt=now, provider=provider.name
        )
        .order_by("expires_at")
        .values_list("pk", flat=True)[:limit]
    )
    counts = {"expired": 0, "paid": 0, "pending": 0, "deferred": 0, "other": 0}
    for payment in Payment.objects.filter(pk__in=list(overdue)).select_related("payer"):
        try:
            confirmed = provider.status(payment)
        except (GatewayUnavailable, GatewayRefused) as error:
            logger.warning("Payment %s: overdue check deferred: %s", payment.reference, error)
            counts["deferred"] += 1
            continue
        if confirmed.status not in {"expired", "paid"}:
            counts["pending" if confirmed.status == "pending" else "other"] += 1
            continue
        outcome, _detail = apply_status(payment_id=payment.pk, confirmed=confirmed)
        counts[confirmed.status if outcome == Outcome.APPLIED else "other"] += 1
    return counts
