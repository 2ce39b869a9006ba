"""The fake's payouts (``/v2/payouts``) and bank account validation
(``/bank_account_data_requests``).

- ``POST /v2/payouts``: needs an ``Idempotency-key``; the same key answers the
  same payout (Xendit's documented behaviour), a channel code the fake does
  not know is a 400 ``API_VALIDATION_ERROR``; ``balance`` (None: unlimited)
  below the amount answers Xendit's insufficient balance error.
- ``GET /v2/payouts/{id}``: the payout as it is now.
- ``settle(payout_id, status, failure_code=None)`` moves a payout as Xendit
  would later (SUCCEEDED appends a DISBURSEMENT transaction with its fee),
  ``notification(...)`` builds the body Xendit would POST, and ``deliver(...)``
  sends it with the right token or a forged one.
- ``add_bank_account(bank_code, number, holder)`` registers an account the
  name validator knows; any other is a FAILURE with a reason.
- ``fail_payouts(shape, path_prefix=...)`` makes requests to a path answer an
  error shape (``FAIL_SHAPES``, or ``"timeout"``) until ``heal_payouts()``.
"""

import itertools
import json
import re
import time
from datetime import UTC, datetime
from decimal import Decimal

import requests

PAYOUT_CHANNELS = {
    f"ID_{code}"
    for code in (
        "BCA BRI BNI MANDIRI CIMB BSI PERMATA DANAMON BTN OCBC JAGO SEABANK MAYBANK "
        "PANIN BJB MEGA BCA_DIGITAL OVO DANA GOPAY SHOPEEPAY LINKAJA"
    ).split()
}
DISBURSEMENT_FEE = Decimal("2500")
VAT_RATE = Decimal("0.11")
FAIL_SHAPES = {
    400: ("API_VALIDATION_ERROR", "Inputs are failing validation"),
    401: ("INVALID_API_KEY", "API key is not authorized for this API service"),
    404: ("DATA_NOT_FOUND", "Payout not found"),
    409: ("DUPLICATE_ERROR", "A payout with this reference_id already exists"),
    429: ("RATE_LIMIT_EXCEEDED", "Too many requests"),
    500: ("SERVER_ERROR", "Something went wrong"),
    503: ("SERVER_ERROR", "Service unavailable"),
}
EVENTS = {"SUCCEEDED": "payout.succeeded", "FAILED": "payout.failed", "REVERSED": "payout.reversed"}


def _now():
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class Payouts:
    def register(self):
        super().register()
        self.payouts = {}
        self.payout_keys = {}
        self.bank_accounts = {}
        self.payout_failures = {}
        self.balance = None
        self._payout_ids = itertools.count(1)
        self.server.expect_request("/v2/payouts", method="POST").respond_with_handler(
            self._create_payout
        )
        self.server.expect_request(
            re.compile(r"^/v2/payouts/[^/]+$"), method="GET"
        ).respond_with_handler(self._get_payout)
        self.server.expect_request(
            "/bank_account_data_requests", method="POST"
        ).respond_with_handler(self._validate_bank_account)

    # --- Control from tests ------------------------------------------------------

    def fail_payouts(self, shape, path_prefix="/v2/payouts"):
        """Answer requests to ``path_prefix`` with ``shape``: a status in
        ``FAIL_SHAPES``, or ``"timeout"`` (an answer after longer than the
        client waits)."""
        self.payout_failures[path_prefix] = shape

    def heal_payouts(self):
        self.payout_failures.clear()

    def add_bank_account(self, bank_code, number, holder):
        self.bank_accounts[(bank_code, number)] = holder

    def settle(self, payout_id, status, failure_code=None):
        """Move the payout to ``status`` as Xendit would; returns it."""
        with self.lock:
            payout = self.payouts[payout_id]
            payout.update(status=status, updated=_now())
            if failure_code:
                payout["failure_code"] = failure_code
            if status == "SUCCEEDED":
                self.transactions.append(self._disbursement(payout))
            elif status == "REVERSED":
                for transaction in self.transactions:
                    if transaction["product_id"] == payout_id:
                        transaction.update(status="REVERSED", updated=payout["updated"])
            return dict(payout)

    def payout_notification(self, payout_id, status=None, **changes):
        """The body Xendit POSTs for the payout (its present state, or
        ``status`` and any field in ``changes`` as a hostile sender would say)."""
        data = dict(self.payouts[payout_id]) if payout_id in self.payouts else {"id": payout_id}
        data.pop("channel_properties", None)
        if status:
            data["status"] = status
        data.update(changes)
        return {
            "event": EVENTS.get(data.get("status"), "payout.updated"),
            "business_id": "fake-business",
            "created": _now(),
            "data": data,
        }

    def deliver_payout(self, client, body, *, forged=False, url="/earnings/xendit/payouts/"):
        """POST ``body`` as Xendit would: with a ``django.test.Client`` (to
        ``url``) or to a full URL (a live server) when ``client`` is a string.
        ``forged`` sends a wrong token. Returns the response."""
        token = "forged-" + self.callback_token if forged else self.callback_token
        payload = json.dumps(body)
        if isinstance(client, str):
            return requests.post(
                client,
                data=payload,
                headers={"x-callback-token": token, "Content-Type": "application/json"},
                timeout=10,
            )
        return client.post(
            url, data=payload, content_type="application/json", HTTP_X_CALLBACK_TOKEN=token
        )

    # --- Handlers ----------------------------------------------------------------

    def _failure(self, request):
        for prefix, shape in self.payout_failures.items():
            if request.path.startswith(prefix):
                if shape == "timeout":
                    time.sleep(self.settings()["XENDIT_TIMEOUT_SECONDS"] + 0.5)
                    return self.error(504, "SERVER_ERROR", "Timed out")
                return self.error(shape, *FAIL_SHAPES[shape])
        return None

    def _create_payout(self, request):
        self.record(request)
        if not self.authorized(request):
            return self.unauthorized()
        failed = self._failure(request)
        if failed:
            return failed
        key = request.headers.get("Idempotency-key", "")
        if not key:
            return self.error(400, "API_VALIDATION_ERROR", "Idempotency-key header is required")
        body = json.loads(request.data or b"{}")
        with self.lock:
            if key in self.payout_keys:
                return self.json(self.payouts[self.payout_keys[key]])
            if body.get("channel_code") not in PAYOUT_CHANNELS:
                return self.error(400, "API_VALIDATION_ERROR", "channel_code is not supported")
            amount = Decimal(str(body.get("amount", 0)))
            if amount != amount.to_integral_value() or amount <= 0:
                return self.error(400, "API_VALIDATION_ERROR", "amount must be a whole number")
            if self.balance is not None and amount > self.balance:
                return self.error(
                    400, "INSUFFICIENT_BALANCE", "Balance is insufficient for this payout"
                )
            if self.balance is not None:
                self.balance -= amount
            payout_id = f"disb-fake{next(self._payout_ids):06d}"
            now = _now()
            payout = {
                "id": payout_id,
                "business_id": "fake-business",
                "reference_id": body.get("reference_id"),
                "channel_code": body.get("channel_code"),
                "channel_properties": body.get("channel_properties"),
                "amount": body.get("amount"),
                "currency": body.get("currency"),
                "description": body.get("description"),
                "status": "ACCEPTED",
                "created": now,
                "updated": now,
                "estimated_arrival_time": now,
            }
            self.payouts[payout_id] = payout
            self.payout_keys[key] = payout_id
            return self.json(payout)

    def _get_payout(self, request):
        self.record(request)
        if not self.authorized(request):
            return self.unauthorized()
        failed = self._failure(request)
        if failed:
            return failed
        payout = self.payouts.get(request.path.rsplit("/", 1)[1])
        if payout is None:
            return self.error(404, *FAIL_SHAPES[404])
        return self.json(payout)

    def _validate_bank_account(self, request):
        self.record(request)
        if not self.authorized(request):
            return self.unauthorized()
        failed = self._failure(request)
        if failed:
            return failed
        body = json.loads(request.data or b"{}")
        code, number = body.get("bank_code", ""), body.get("bank_account_number", "")
        holder = self.bank_accounts.get((code, number))
        answer = {"bank_code": code, "bank_account_number": number, "id": f"bad-{number}"}
        if holder is None:
            return self.json(
                answer
                | {
                    "status": "FAILURE",
                    "account_holder_name": None,
                    "failure_reason": "Account number not found at the bank",
                }
            )
        return self.json(answer | {"status": "SUCCESS", "account_holder_name": holder})

    def _disbursement(self, payout):
        amount = Decimal(str(payout["amount"]))
        return {
            "id": f"txn-{payout['id']}",
            "product_id": payout["id"],
            "type": "DISBURSEMENT",
            "status": "SUCCESS",
            "channel_category": "EWALLET"
            if payout["channel_code"]
            in {"ID_OVO", "ID_DANA", "ID_GOPAY", "ID_SHOPEEPAY"} | {"ID_LINKAJA"}
            else "BANK",
            "channel_code": payout["channel_code"],
            "reference_id": payout["reference_id"],
            "currency": payout["currency"],
            "amount": float(amount),
            "cashflow": "MONEY_OUT",
            "fee": {
                "xendit_fee": float(DISBURSEMENT_FEE),
                "value_added_tax": float(DISBURSEMENT_FEE * VAT_RATE),
                "xendit_withholding_tax": 0,
                "third_party_withholding_tax": 0,
                "status": "COMPLETED",
            },
            "created": payout["updated"],
            "updated": payout["updated"],
        }
