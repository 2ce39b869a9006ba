"""The fake's invoices, refunds and transactions (``/v2/invoices``,
``/refunds``, ``/transactions``), and the notifications Xendit sends about them.

Tests drive it as a payer and as Xendit would::

    invoice = fake.pay(invoice_id, "EWALLET", "OVO")       # paid, fee recorded
    fake.deliver(client, fake.notification(invoice_id))      # the callback
    fake.fail("/v2/invoices", "timeout")                     # the status API is slow

``fail(path_prefix, shape, times=None)`` makes the next requests to a path
answer an error in Xendit's shape (400, 401, 404, 409, 429, 500, 503) or
answer only after the client's time-out (``timeout``).
"""

import json
import re
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

FEES = {
    # payment_method: (percent, flat rupiah); channels override below.
    "QR_CODE": (Decimal("0.7"), Decimal(0)),
    "EWALLET": (Decimal("1.5"), Decimal(0)),
    "BANK_TRANSFER": (Decimal(0), Decimal(4000)),
    "CREDIT_CARD": (Decimal("2.9"), Decimal(2000)),
}
CHANNEL_FEES = {"OVO": (Decimal(2), Decimal(0)), "SHOPEEPAY": (Decimal(2), Decimal(0))}
VAT_PERCENT = Decimal(11)
CENT = Decimal("0.01")
CHANNEL_CATEGORIES = {
    "QR_CODE": "QR_CODE",
    "EWALLET": "EWALLET",
    "BANK_TRANSFER": "VIRTUAL_ACCOUNT",
    "CREDIT_CARD": "CARDS",
}
ERRORS = {
    "400": (400, "API_VALIDATION_ERROR", "Invalid request"),
    "401": (401, "INVALID_API_KEY", "API key is not authorized for this API service"),
    "404": (404, "INVOICE_NOT_FOUND_ERROR", "Invoice not found"),
    "409": (409, "DUPLICATE_ERROR", "Duplicate request"),
    "429": (429, "RATE_LIMIT_EXCEEDED", "Too many requests"),
    "500": (500, "SERVER_ERROR", "Something went wrong"),
    "503": (503, "SERVICE_UNAVAILABLE", "Service is temporarily unavailable"),
}


def now_iso(moment=None):
    moment = moment or datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def fee_for(amount, method, channel):
    """What Xendit keeps: (xendit_fee, value_added_tax) for a payment of ``amount``."""
    percent, flat = CHANNEL_FEES.get(channel, FEES.get(method, (Decimal(0), Decimal(0))))
    fee = (Decimal(amount) * percent / 100 + flat).quantize(Decimal(1), ROUND_HALF_UP)
    return fee, (fee * VAT_PERCENT / 100).quantize(CENT, ROUND_HALF_UP)


class Invoices:
    def register(self):
        super().register()
        self.invoices = {}
        self.refunds = {}
        self.refund_keys = {}
        self.failures = {}
        self.timeout_delay = 2.5
        self.delivered = []
        server = self.server
        server.expect_request(re.compile(r"^/v2/invoices/?$"), method="POST").respond_with_handler(
            self._guarded(self._create_invoice)
        )
        server.expect_request(
            re.compile(r"^/v2/invoices/[^/]+/?$"), method="GET"
        ).respond_with_handler(self._guarded(self._get_invoice))
        server.expect_request(
            re.compile(r"^/invoices/[^/]+/expire!$"), method="POST"
        ).respond_with_handler(self._guarded(self._expire_invoice))
        server.expect_request(re.compile(r"^/refunds/?$"), method="POST").respond_with_handler(
            self._guarded(self._create_refund)
        )
        server.expect_request(re.compile(r"^/refunds/[^/]+/?$"), method="GET").respond_with_handler(
            self._guarded(self._get_refund)
        )

    # --- Failures --------------------------------------------------------------

    def fail(self, path_prefix, shape, times=None):
        """Answer requests to paths starting with ``path_prefix`` with ``shape``
        ("400".."503", "timeout"), ``times`` times (None: until ``heal``)."""
        assert shape in ERRORS or shape == "timeout", shape
        self.failures[path_prefix] = [shape, times]

    def heal(self, path_prefix=None):
        if path_prefix is None:
            self.failures.clear()
        else:
            self.failures.pop(path_prefix, None)

    def _guarded(self, handler):
        def guarded(request):
            self.record(request)
            for prefix, failure in list(self.failures.items()):
                if not request.path.startswith(prefix):
                    continue
                shape, times = failure
                if times is not None:
                    failure[1] -= 1
                    if failure[1] <= 0:
                        self.failures.pop(prefix, None)
                if shape == "timeout":
                    time.sleep(self.timeout_delay)
                    break
                return self.error(*ERRORS[shape])
            if not self.authorized(request):
                return self.unauthorized()
            return handler(request)

        return guarded

    # --- Invoices --------------------------------------------------------------

    def _create_invoice(self, request):
        body = request.get_json(silent=True) or {}
        amount = body.get("amount")
        if not body.get("external_id") or not isinstance(amount, int | float) or amount <= 0:
            return self.error(400, "API_VALIDATION_ERROR", "external_id and amount are required")
        if body.get("currency", "IDR") == "IDR" and amount != int(amount):
            return self.error(400, "API_VALIDATION_ERROR", "IDR amounts must be whole numbers")
        invoice_id = uuid.uuid4().hex[:24]
        created = datetime.now(UTC)
        duration = int(body.get("invoice_duration") or 86400)
        invoice = {
            "id": invoice_id,
            "external_id": body["external_id"],
            "user_id": "fake-business-id",
            "status": "PENDING",
            "merchant_name": "Portal",
            "merchant_profile_picture_url": "https://example.com/logo.png",
            "amount": amount,
            "payer_email": body.get("payer_email"),
            "description": body.get("description"),
            "expiry_date": now_iso(created + timedelta(seconds=duration)),
            "invoice_url": f"https://checkout-staging.xendit.co/web/{invoice_id}",
            "available_banks": [],
            "available_retail_outlets": [],
            "available_ewallets": [],
            "available_qr_codes": [],
            "available_direct_debits": [],
            "available_paylaters": [],
            "should_exclude_credit_card": False,
            "should_send_email": False,
            "success_redirect_url": body.get("success_redirect_url"),
            "failure_redirect_url": body.get("failure_redirect_url"),
            "payment_methods": body.get("payment_methods", []),
            "locale": body.get("locale", "en"),
            "customer": body.get("customer"),
            "created": now_iso(created),
            "updated": now_iso(created),
            "currency": body.get("currency", "IDR"),
        }
        with self.lock:
            self.invoices[invoice_id] = invoice
        return self.json(invoice)

    def _invoice_id(self, request):
        return request.path.rstrip("/").split("/")[-1 if "expire!" not in request.path else -2]

    def _get_invoice(self, request):
        invoice = self.invoices.get(self._invoice_id(request))
        if invoice is None:
            return self.error(404, "INVOICE_NOT_FOUND_ERROR", "Invoice not found")
        return self.json(invoice)

    def _expire_invoice(self, request):
        invoice = self.invoices.get(self._invoice_id(request))
        if invoice is None:
            return self.error(404, "INVOICE_NOT_FOUND_ERROR", "Invoice not found")
        if invoice["status"] != "PENDING":
            return self.error(400, "INVOICE_NOT_FOUND_ERROR", "Invoice is not pending")
        self.expire(invoice["id"])
        return self.json(invoice)

    def invoice_for(self, external_id):
        """The invoice made for ``external_id`` (the payment's idempotency key)."""
        return next(i for i in self.invoices.values() if i["external_id"] == external_id)

    def pay(self, invoice_id, method="QR_CODE", channel="QRIS", amount=None, status="PAID"):
        """The payer pays: the invoice is PAID (``amount``: what was paid, when
        it differs) and its PAYMENT transaction, with Xendit's fee, is listed."""
        invoice = self.invoices[invoice_id]
        paid = invoice["amount"] if amount is None else amount
        moment = now_iso()
        invoice.update(
            status=status,
            paid_amount=paid,
            payment_method=method,
            payment_channel=channel,
            bank_code=channel if method == "BANK_TRANSFER" else None,
            paid_at=moment,
            updated=moment,
        )
        fee, vat = fee_for(paid, method, channel)
        self.add_transaction(
            product_id=invoice_id,
            type="PAYMENT",
            reference_id=invoice["external_id"],
            amount=paid,
            cashflow="MONEY_IN",
            channel_category=CHANNEL_CATEGORIES.get(method, "OTHER"),
            channel_code=channel,
            fee=fee,
            vat=vat,
        )
        return invoice

    def expire(self, invoice_id):
        invoice = self.invoices[invoice_id]
        invoice.update(status="EXPIRED", updated=now_iso())
        return invoice

    def reverse(self, invoice_id, status="REVERSED"):
        """A chargeback: the invoice's payment transaction becomes REVERSED (or VOIDED)."""
        for transaction in self.transactions:
            if transaction["product_id"] == invoice_id and transaction["type"] == "PAYMENT":
                transaction.update(status=status, updated=now_iso())

    # --- Refunds -------------------------------------------------------------------

    def _create_refund(self, request):
        body = request.get_json(silent=True) or {}
        key = request.headers.get("Idempotency-key", "")
        if key and key in self.refund_keys:
            return self.json(self.refunds[self.refund_keys[key]])
        invoice = self.invoices.get(body.get("invoice_id", ""))
        if invoice is None or invoice["status"] not in {"PAID", "SETTLED"}:
            return self.error(404, "DATA_NOT_FOUND", "Transaction not found")
        if invoice.get("payment_method") == "BANK_TRANSFER":
            return self.error(
                400, "REFUND_NOT_SUPPORTED", "The payment channel does not support refunds"
            )
        amount = body.get("amount") or invoice["paid_amount"]
        refunded = sum(
            r["amount"]
            for r in self.refunds.values()
            if r["invoice_id"] == invoice["id"] and r["status"] in {"PENDING", "SUCCEEDED"}
        )
        if amount + refunded > invoice["paid_amount"]:
            return self.error(
                400, "MAXIMUM_REFUND_AMOUNT_REACHED", "Refund amount exceeds the payment"
            )
        moment = now_iso()
        refund = {
            "id": f"rfd-{uuid.uuid4()}",
            "payment_request_id": None,
            "invoice_id": invoice["id"],
            "amount": amount,
            "payment_id": f"pm-{invoice['id']}",
            "channel_code": invoice.get("payment_channel"),
            "currency": body.get("currency", "IDR"),
            "status": "PENDING",
            "reason": body.get("reason", "OTHERS"),
            "reference_id": body.get("reference_id"),
            "failure_code": None,
            "refund_fee_amount": None,
            "created": moment,
            "updated": moment,
            "metadata": body.get("metadata"),
        }
        with self.lock:
            self.refunds[refund["id"]] = refund
            if key:
                self.refund_keys[key] = refund["id"]
        return self.json(refund)

    def _get_refund(self, request):
        refund = self.refunds.get(request.path.rstrip("/").split("/")[-1])
        if refund is None:
            return self.error(404, "DATA_NOT_FOUND", "Refund not found")
        return self.json(refund)

    def settle_refund(self, refund_id, status="SUCCEEDED", failure_code=None):
        """The channel answers a refund; a success lists its REFUND transaction."""
        refund = self.refunds[refund_id]
        refund.update(status=status, failure_code=failure_code, updated=now_iso())
        if status == "SUCCEEDED":
            self.add_transaction(
                product_id=refund["id"],
                type="REFUND",
                reference_id=refund["reference_id"],
                amount=refund["amount"],
                cashflow="MONEY_OUT",
                channel_code=refund["channel_code"] or "",
            )
        return refund

    # --- Notifications -------------------------------------------------------------

    def notification(self, invoice_id, **overrides):
        """The body Xendit posts about an invoice, as it is now (``overrides``
        change any field, e.g. ``status="EXPIRED"`` for a lie)."""
        invoice = self.invoices[invoice_id]
        body = {
            key: invoice.get(key)
            for key in (
                "id",
                "external_id",
                "user_id",
                "status",
                "merchant_name",
                "amount",
                "paid_amount",
                "payer_email",
                "description",
                "payment_method",
                "payment_channel",
                "bank_code",
                "paid_at",
                "currency",
                "created",
                "updated",
            )
            if invoice.get(key) is not None
        }
        body["is_high"] = False
        return {**body, **overrides}

    def refund_notification(self, refund_id, **overrides):
        refund = self.refunds[refund_id]
        event = {"SUCCEEDED": "refund.succeeded", "FAILED": "refund.failed"}.get(
            refund["status"], "refund.pending"
        )
        return {
            "event": event,
            "business_id": "fake-business-id",
            "created": now_iso(),
            "data": {**refund, **overrides},
        }

    def deliver(self, target, body, *, token=None, path="/payments/xendit/invoices/"):
        """Post ``body`` as Xendit does, with the callback token (``token``: a
        forged one; "" none), to a ``django.test.Client`` or a live server's URL."""
        token = self.callback_token if token is None else token
        headers = {"x-callback-token": token} if token else {}
        data = json.dumps(body)
        if isinstance(target, str):
            import requests

            response = requests.post(
                target.rstrip("/") + path,
                data=data,
                headers={**headers, "Content-Type": "application/json"},
                timeout=30,
            )
        else:
            response = target.post(path, data, content_type="application/json", headers=headers)
        self.delivered.append((path, body, response.status_code))
        return response
