"""``XenditProvider``: Series purchases and business top-ups through Xendit's
hosted invoice page (QRIS, e-wallets, bank virtual accounts, cards).

Every call goes through the official client (``payments.xendit.api_client``)
with the configured time-out and no hidden retries; whatever goes wrong
becomes ``GatewayUnavailable`` (down, slow, 5xx, 429: try later) or
``GatewayRefused`` (Xendit's code and message), never an HTTP exception.
"""

import json
import logging
from decimal import Decimal, InvalidOperation

import urllib3
from django.conf import settings
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from xendit.balance_and_transaction.transaction_api import TransactionApi
from xendit.exceptions import OpenApiException, XenditSdkException
from xendit.invoice import InvoiceApi
from xendit.invoice.model.create_invoice_request import CreateInvoiceRequest
from xendit.invoice.model.customer_object import CustomerObject
from xendit.refund.model.create_refund import CreateRefund
from xendit.refund.refund_api import RefundApi

from core.emails import absolute_url
from payments.providers import (
    GatewayRefused,
    GatewayStatus,
    GatewayUnavailable,
    PaymentProvider,
    RefundResult,
    invoice_duration,
)
from payments.statuses import (
    INVOICE_FROM_XENDIT,
    REFUND_FROM_XENDIT,
    TRANSACTION_FROM_XENDIT,
    method_from_xendit,
)
from payments.xendit import api_client, request_timeout

logger = logging.getLogger(__name__)

# Xendit's invoice page speaks these; anyone else reads it in English.
LOCALES = {"id": "id", "en": "en"}


def call(method, *args, **kwargs):
    """Call an SDK ``method`` and return Xendit's JSON answer as a dict."""
    try:
        response = method(
            *args, _request_timeout=request_timeout(), _preload_content=False, **kwargs
        )
        return json.loads(response.data or b"{}")
    except XenditSdkException as error:
        status = int(error.status) if str(error.status).isdigit() else 0
        if status in {0, 429} or status >= 500:
            raise GatewayUnavailable(f"Xendit answered {status}: {error.errorMessage}") from error
        raise GatewayRefused(error.errorMessage or str(status), code=error.errorCode) from error
    except (urllib3.exceptions.HTTPError, OSError, ValueError, OpenApiException) as error:
        raise GatewayUnavailable(f"Xendit did not answer: {type(error).__name__}") from error


def whole_rupiah(amount):
    """``amount`` as Xendit takes it: a whole number (IDR has no cents there)."""
    amount = Decimal(str(amount))
    if amount != amount.to_integral_value():
        raise GatewayRefused("Xendit takes whole rupiah only.", code="API_VALIDATION_ERROR")
    return int(amount)


def _decimal(value):
    try:
        return Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        return None


class XenditProvider(PaymentProvider):
    name = "xendit"

    def __init__(self):
        self.client = api_client(retries=0)

    def start(self, payment):
        waiting = absolute_url(reverse("payments:waiting", args=[payment.reference]))
        payer = payment.payer
        request = CreateInvoiceRequest(
            external_id=payment.idempotency_key,
            amount=float(whole_rupiah(payment.amount)),
            payer_email=payer.email,
            description=payment.description,
            invoice_duration=float(invoice_duration().total_seconds()),
            success_redirect_url=waiting,
            failure_redirect_url=waiting,
            payment_methods=list(settings.PAYMENT_METHODS),
            currency=payment.currency,
            locale=LOCALES.get(getattr(payer, "language", ""), "en"),
            customer=CustomerObject(given_names=payer.full_name or payer.email, email=payer.email),
        )
        invoice = call(InvoiceApi(self.client).create_invoice, request)
        return invoice["invoice_url"], invoice["id"], parse_datetime(invoice["expiry_date"])

    def status(self, payment):
        """Asks ``GET /v2/invoices/{id}``; for a paid invoice, also the
        Transactions API for the fee (``xendit_fee`` + ``value_added_tax``) and
        a reversal. The fee is often not there yet when the payment is first
        confirmed: it is then None (recorded as 0), and the daily
        reconciliation, which reads the same report, records the difference."""
        invoice = call(InvoiceApi(self.client).get_invoice_by_id, payment.gateway_reference)
        raw = invoice.get("status", "")
        status = INVOICE_FROM_XENDIT.get(raw, "")
        fee = None
        if status == "paid":
            transaction = self._transaction(payment.gateway_reference)
            if transaction:
                status = TRANSACTION_FROM_XENDIT.get(transaction.get("status"), status)
                fee = self._fee(transaction)
        return GatewayStatus(
            status=status,
            gateway_status=raw,
            paid_amount=_decimal(invoice.get("paid_amount")),
            method=method_from_xendit(invoice.get("payment_method")),
            channel=str(invoice.get("payment_channel") or "")[:40],
            paid_at=parse_datetime(invoice["paid_at"]) if invoice.get("paid_at") else None,
            fee=fee,
        )

    def _transaction(self, invoice_id):
        try:
            page = call(TransactionApi(self.client).get_all_transactions, product_id=invoice_id)
        except (GatewayUnavailable, GatewayRefused) as error:
            logger.info("No fee yet for invoice %s: %s", invoice_id, error)
            return None
        payments = [row for row in page.get("data", []) if row.get("type") == "PAYMENT"]
        return payments[0] if payments else None

    @staticmethod
    def _fee(transaction):
        fee = transaction.get("fee") or {}
        parts = [_decimal(fee.get("xendit_fee")), _decimal(fee.get("value_added_tax"))]
        if any(part is None for part in parts):
            return None
        return sum(parts, Decimal("0.00"))

    def refund(self, payment, amount, reason, key):
        answer = call(
            RefundApi(self.client).create_refund,
            idempotency_key=key,
            create_refund=CreateRefund(
                invoice_id=payment.gateway_reference,
                reference_id=key,
                amount=float(whole_rupiah(amount)),
                currency=payment.currency,
                reason=reason,
            ),
        )
        return RefundResult(
            status=REFUND_FROM_XENDIT.get(answer.get("status"), "pending"),
            gateway_reference=answer.get("id", ""),
            failure_code=answer.get("failure_code") or "",
        )

    def refund_status(self, gateway_reference):
        """What Xendit says of a refund now (``GET /refunds/{id}``)."""
        answer = call(RefundApi(self.client).get_refund, gateway_reference)
        return RefundResult(
            status=REFUND_FROM_XENDIT.get(answer.get("status"), "pending"),
            gateway_reference=answer.get("id", gateway_reference),
            failure_code=answer.get("failure_code") or "",
        )
