"""Where the gateway's own report of a day comes from.

``get_report()`` returns the report of the configured gateway: Xendit's
Transactions API when ``XENDIT_SECRET_KEY`` is set, otherwise the sandbox's.
Each gives :class:`GatewayRow` objects, the gateway's side of every payment and
payout it made in a time window.

Xendit's report is read with ``requests`` rather than the official client:
xendit-python 7.0.0 writes the ``created`` filter as a Python dict
(``created={'gte': ...}``) instead of the documented ``created[gte]=...``,
and turning 100,000 rows into its model objects costs more than the rest of
the reconciliation.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

import requests
from django.conf import settings

from earnings.models import Payout
from payments.models import Payment

PAYMENT, PAYOUT, REFUND = "payment", "payout", "refund"
KINDS = {"PAYMENT": PAYMENT, "DISBURSEMENT": PAYOUT, "REFUND": REFUND}
PAGE = 50


class ReportUnavailable(Exception):
    """The gateway's report could not be read (down, slow, refused); nothing
    was compared."""


@dataclass(frozen=True)
class GatewayRow:
    gateway_id: str
    product_id: str
    kind: str  # PAYMENT, PAYOUT or REFUND
    status: str  # the gateway's own: SUCCESS, PENDING, FAILED, REVERSED, VOIDED
    reference: str  # our idempotency key (payments) or reference (payouts)
    amount: Decimal
    fee: Decimal  # the gateway's fee with its VAT
    currency: str
    created: datetime


def _stamp(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _decimal(value):
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


class XenditReport:
    provider = "xendit"

    def rows(self, start, end):
        """Every payment, payout and refund Xendit made from ``start`` to
        ``end``, 50 a page (Xendit's largest), or ``ReportUnavailable``."""
        params = {
            "types": list(KINDS),
            "created[gte]": _stamp(start),
            "created[lte]": _stamp(end),
            "limit": PAGE,
        }
        with requests.Session() as session:
            session.auth = (settings.XENDIT_SECRET_KEY, "")
            while True:
                data = self._page(session, params)
                for row in data.get("data", []):
                    parsed = self._row(row)
                    if parsed is not None:
                        yield parsed
                if not data.get("has_more") or not data.get("data"):
                    return
                params["after_id"] = data["data"][-1]["id"]

    def _page(self, session, params):
        url = settings.XENDIT_API_URL.rstrip("/") + "/transactions"
        try:
            response = session.get(url, params=params, timeout=settings.XENDIT_TIMEOUT_SECONDS)
        except requests.RequestException as error:
            raise ReportUnavailable(f"Xendit did not answer: {error.__class__.__name__}") from error
        if response.status_code != 200:
            try:
                message = response.json().get("message", "")
            except ValueError:
                message = response.text[:100]
            raise ReportUnavailable(f"Xendit answered {response.status_code}: {message}")
        try:
            return response.json()
        except ValueError as error:
            raise ReportUnavailable("Xendit's report is not JSON") from error

    @staticmethod
    def _row(row):
        kind = KINDS.get(row.get("type"))
        if kind is None:
            return None
        fee = row.get("fee") or {}
        return GatewayRow(
            gateway_id=row["id"],
            product_id=row.get("product_id") or "",
            kind=kind,
            status=row.get("status", ""),
            reference=row.get("reference_id") or "",
            amount=_decimal(row.get("amount")),
            fee=_decimal(fee.get("xendit_fee")) + _decimal(fee.get("value_added_tax")),
            currency=row.get("currency", ""),
            created=datetime.fromisoformat(row["created"].replace("Z", "+00:00")),
        )


class SandboxReport:
    """The sandbox moves no money and keeps no books apart from the portal's:
    its report is what the portal recorded for sandbox payments and payouts,
    so a sandbox day always reconciles. It lets the demo walk the same screens."""

    provider = "sandbox"

    def rows(self, start, end):
        payments = Payment.objects.filter(
            provider=self.provider, completed_at__gte=start, completed_at__lt=end
        ).exclude(status__in=["pending", "declined", "expired"])
        for payment in payments.iterator():
            yield GatewayRow(
                gateway_id=f"sandbox-{payment.reference}",
                product_id=str(payment.reference),
                kind=PAYMENT,
                status="SUCCESS",
                reference=payment.idempotency_key,
                amount=payment.amount,
                fee=payment.fee,
                currency=payment.currency,
                created=payment.completed_at,
            )
        payouts = Payout.objects.filter(
            provider=self.provider, completed_at__gte=start, completed_at__lt=end
        )
        for payout in payouts.iterator():
            yield GatewayRow(
                gateway_id=payout.provider_reference or f"sandbox-{payout.pk}",
                product_id=payout.provider_reference,
                kind=PAYOUT,
                status=PAYOUT_STATUS_OF.get(payout.status, "PENDING"),
                reference=payout.reference,
                amount=payout.amount,
                fee=Decimal("0.00"),
                currency=payout.currency,
                created=payout.completed_at,
            )


# How a payout's state reads in the gateway's words.
PAYOUT_STATUS_OF = {"paid": "SUCCESS", "failed": "FAILED", "processing": "PENDING"}


def get_report():
    return XenditReport() if settings.XENDIT_SECRET_KEY else SandboxReport()
