"""The sandbox gateway's checkout: what its page shows and what its buttons do.

The page changes only the sandbox's own side (``SandboxInvoice``), then
delivers the notification Xendit would send through the same handler
(``notifications.receive_invoice_notification``), which asks
``SandboxProvider.status`` before anything changes.
"""

import hashlib

from django.utils import timezone

from payments.models import Payment, SandboxInvoice
from payments.notifications import receive_invoice_notification
from payments.providers import SANDBOX_CHANNELS
from payments.statuses import METHOD_TO_XENDIT

# The page's buttons, as the invoice status the sandbox gateway then keeps.
DECISIONS = {"approve": "PAID", "decline": "FAILED", "expire": "EXPIRED"}
QR_SIZE = 21  # modules of a version-1 QR code


def _choose(method, channel):
    """A valid (method, channel); QRIS when nothing (or nonsense) was chosen."""
    if method not in SANDBOX_CHANNELS:
        return "", ""
    channels = SANDBOX_CHANNELS[method]
    return method, channel if channel in channels else channels[0]


def qr_cells(payment):
    """The dark squares of a placeholder QR code drawn from the payment's
    reference (it looks like a QR code; no app can read it)."""
    bits = "".join(f"{byte:08b}" for byte in hashlib.sha256(payment.reference.bytes).digest() * 2)
    finder = {(r, c) for r in range(7) for c in range(7)}
    corners = [(0, 0), (0, QR_SIZE - 7), (QR_SIZE - 7, 0)]
    cells = []
    for row in range(QR_SIZE):
        for col in range(QR_SIZE):
            in_finder = next(
                ((row - r, col - c) for r, c in corners if (row - r, col - c) in finder), None
            )
            if in_finder is not None:
                r, c = in_finder
                dark = r in {0, 6} or c in {0, 6} or (2 <= r <= 4 and 2 <= c <= 4)
            else:
                dark = bits[(row * QR_SIZE + col) % len(bits)] == "1"
            if dark:
                cells.append((col, row))
    return cells


def virtual_account_number(payment, channel):
    """A made-up, stable virtual account number for ``channel``."""
    digits = str(int(hashlib.sha256(payment.reference.bytes).hexdigest(), 16))[:10]
    prefix = {"BCA": "3901", "BNI": "8808", "BRI": "2621", "MANDIRI": "8860", "PERMATA": "8215"}
    return prefix.get(channel, "9999") + digits


def sandbox_choice(payment, method, channel):
    """The page's context: the methods, and what the chosen one shows."""
    method, channel = _choose(method, channel)
    return {
        "methods": SANDBOX_CHANNELS,
        "method": method,
        "channel": channel,
        "qr_cells": qr_cells(payment) if method == "qris" else [],
        "qr_size": QR_SIZE,
        "va_number": virtual_account_number(payment, channel)
        if method == "virtual_account"
        else "",
    }


def notification_for(payment, invoice):
    """The body Xendit would post about ``invoice``."""
    data = {
        "id": payment.gateway_reference,
        "external_id": payment.idempotency_key,
        "user_id": "sandbox",
        "status": invoice.status,
        "amount": float(payment.amount),
        "currency": payment.currency,
        "payment_method": METHOD_TO_XENDIT.get(invoice.method, ""),
        "payment_channel": invoice.channel,
    }
    if invoice.status == "PAID":
        data["paid_amount"] = float(payment.amount)
        data["paid_at"] = invoice.paid_at.isoformat()
    return data


def sandbox_decide(*, payment, decision, method, channel):
    """Apply the payer's button (approve, decline, let it expire) on the
    sandbox's side, then deliver the notification. Returns the payment as it is now."""
    invoice, _created = SandboxInvoice.objects.get_or_create(payment=payment)
    if invoice.status == "PENDING" and decision in DECISIONS:
        invoice.method, invoice.channel = _choose(method, channel)
        if not invoice.method:
            invoice.method, invoice.channel = "qris", "QRIS"
        invoice.status = DECISIONS[decision]
        invoice.paid_at = timezone.now() if invoice.status == "PAID" else None
        invoice.save()
    receive_invoice_notification(
        data=notification_for(payment, invoice), authentic=True, remote_addr="sandbox"
    )
    return Payment.objects.get(pk=payment.pk)
