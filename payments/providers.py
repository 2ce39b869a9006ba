"""Payment providers. ``get_provider()`` returns the one ``PAYMENT_PROVIDER`` names.

A provider sends the payer to its hosted checkout (``start``), answers what it
knows of a payment (``status``) and gives money back (``refund``). The portal
never trusts the browser's word, nor a notification's: a notification only
makes ``payments.notifications`` ask ``status`` before anything changes.

``XenditProvider`` (``payments.gateway``) is the real one; ``SandboxProvider``
takes no money but keeps a gateway's side of each checkout in its own table
(``SandboxInvoice``), so that the demo walks the same path.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from core.money import share
from core.refusals import Refusal


class GatewayUnavailable(Refusal):
    """The gateway did not answer (down, slow, or a 5xx/429): try again later."""


class GatewayRefused(Refusal):
    """The gateway refused the request; ``code`` is its error code, the message its own."""

    def __init__(self, message, code=""):
        super().__init__(message)
        self.code = code


# Xendit's codes for a refund the payment's channel cannot make (a virtual
# account, some QR codes): staff then pay it back by bank transfer.
REFUND_UNSUPPORTED_CODES = {"REFUND_NOT_SUPPORTED", "PARTIAL_REFUND_NOT_SUPPORTED"}


@dataclass(frozen=True)
class GatewayStatus:
    """What the gateway says of a payment, in the portal's words.

    ``status`` is one of ``Payment.Status``'s values; ``fee`` is None when the
    gateway has not reported it yet."""

    status: str
    gateway_status: str = ""
    paid_amount: Decimal | None = None
    method: str = ""
    channel: str = ""
    paid_at: datetime | None = None
    fee: Decimal | None = None


@dataclass(frozen=True)
class RefundResult:
    """The gateway's answer to a refund: status pending|succeeded|failed|cancelled."""

    status: str
    gateway_reference: str = ""
    failure_code: str = ""


class PaymentProvider:
    name = ""

    def start(self, payment):
        """Create the hosted checkout for ``payment``; returns (url, gateway
        reference, expires_at)."""
        raise NotImplementedError

    def status(self, payment):
        """A ``GatewayStatus``: what the gateway knows of ``payment`` now."""
        raise NotImplementedError

    def refund(self, payment, amount, reason, key):
        """Give ``amount`` of ``payment`` back (``key``: the idempotency key); a
        ``RefundResult``, or ``GatewayRefused`` with a code in
        ``REFUND_UNSUPPORTED_CODES`` when the channel cannot."""
        raise NotImplementedError

    def refund_status(self, gateway_reference):
        """A ``RefundResult``: what the gateway says of a refund now."""
        raise NotImplementedError

    def checkout_url(self, payment):
        """Where to send the payer: the checkout made once per payment (a
        retried form finds the stored one)."""
        if not payment.checkout_url:
            url, reference, expires_at = self.start(payment)
            payment.checkout_url = url
            payment.gateway_reference = reference
            payment.expires_at = expires_at
            payment.save(update_fields=["checkout_url", "gateway_reference", "expires_at"])
        return payment.checkout_url


# The sandbox's methods and channels, as its checkout page offers them.
SANDBOX_CHANNELS = {
    "qris": ["QRIS"],
    "ewallet": ["OVO", "DANA", "SHOPEEPAY", "LINKAJA", "ASTRAPAY"],
    "virtual_account": ["BCA", "BNI", "BRI", "MANDIRI", "PERMATA"],
}
SANDBOX_STATUSES = {
    "PENDING": "pending",
    "PAID": "paid",
    "EXPIRED": "expired",
    "FAILED": "declined",
}


class SandboxProvider(PaymentProvider):
    """Takes no money: its checkout page lets the payer choose a method, then
    approve, decline or let it expire; the page then delivers a notification
    through the same handler as Xendit's, which asks ``status`` here."""

    name = "sandbox"

    def start(self, payment):
        from payments.models import SandboxInvoice

        SandboxInvoice.objects.get_or_create(payment=payment)
        url = reverse("payments:sandbox_checkout", args=[payment.reference])
        return url, f"sandbox-{payment.reference}", timezone.now() + invoice_duration()

    def status(self, payment):
        from payments.models import SandboxInvoice

        invoice, _created = SandboxInvoice.objects.get_or_create(payment=payment)
        if (
            invoice.status == "PENDING"
            and payment.expires_at
            and payment.expires_at <= timezone.now()
        ):
            # As Xendit does, the sandbox expires an invoice left unpaid.
            invoice.status = "EXPIRED"
            invoice.save(update_fields=["status"])
        paid = invoice.status == "PAID"
        return GatewayStatus(
            status=SANDBOX_STATUSES.get(invoice.status, "pending"),
            gateway_status=invoice.status,
            paid_amount=payment.amount if paid else None,
            method=invoice.method,
            channel=invoice.channel,
            paid_at=invoice.paid_at,
            fee=self.fee(payment.amount) if paid else None,
        )

    def refund(self, payment, amount, reason, key):
        if payment.method == "virtual_account":
            raise GatewayRefused(
                "The payment channel does not support refunds.", code="REFUND_NOT_SUPPORTED"
            )
        return RefundResult(status="succeeded", gateway_reference=f"sandbox-refund-{key}")

    def refund_status(self, gateway_reference):
        return RefundResult(status="succeeded", gateway_reference=gateway_reference)

    def fee(self, amount):
        """What it keeps of ``amount``: ``PAYMENT_SANDBOX_FEE_PERCENT`` (default 0),
        as a real gateway reports its fee."""
        return share(amount, settings.PAYMENT_SANDBOX_FEE_PERCENT)


def invoice_duration():
    """How long a checkout stays open: ``PAYMENT_INVOICE_DURATION_SECONDS``."""
    return timedelta(seconds=settings.PAYMENT_INVOICE_DURATION_SECONDS)


def get_provider():
    return import_string(settings.PAYMENT_PROVIDER)()
