"""Payouts through Xendit (``POST /v2/payouts`` with the official client) and
the check of a bank account with Xendit's name validator.

A payout is created with the payout's reference (``payout:<id>``) as both its
``reference_id`` and its ``Idempotency-key``: asked twice, Xendit answers the
same payout. Xendit answers ACCEPTED and moves it later (REQUESTED, then
SUCCEEDED, FAILED, CANCELLED, or REVERSED after success); ``lookup`` reads where
it is (``GET /v2/payouts/{id}``). Answers are read as plain JSON rather than the
client's models, so that a status or failure code Xendit adds later is still
read (the client's models refuse values they do not list).
"""

import json
import logging
from decimal import Decimal, InvalidOperation

import requests
import urllib3
from django.conf import settings
from xendit.exceptions import OpenApiException, XenditSdkException
from xendit.payout import PayoutApi
from xendit.payout.model import CreatePayoutRequest, DigitalPayoutChannelProperties

from earnings.providers import (
    AccountCheck,
    PayoutProvider,
    PayoutProviderError,
    PayoutRefused,
    PayoutResult,
    PayoutUnavailable,
)
from payments.xendit import api_client, request_timeout

logger = logging.getLogger(__name__)

BANK_CHANNELS = {
    "bca": "ID_BCA",
    "bri": "ID_BRI",
    "bni": "ID_BNI",
    "mandiri": "ID_MANDIRI",
    "cimb_niaga": "ID_CIMB",
    "bsi": "ID_BSI",
    "permata": "ID_PERMATA",
    "danamon": "ID_DANAMON",
    "btn": "ID_BTN",
    "ocbc_nisp": "ID_OCBC",
    "jago": "ID_JAGO",
    "seabank": "ID_SEABANK",
    "maybank": "ID_MAYBANK",
    "panin": "ID_PANIN",
    "bjb": "ID_BJB",
    "mega": "ID_MEGA",
    "blu": "ID_BCA_DIGITAL",
}
WALLET_CHANNELS = {
    "ovo": "ID_OVO",
    "dana": "ID_DANA",
    "gopay": "ID_GOPAY",
    "shopeepay": "ID_SHOPEEPAY",
    "linkaja": "ID_LINKAJA",
}

# Xendit's failure codes → ``Payout.Failure``; anything else is "rejected".
FAILURES = {
    "INVALID_DESTINATION": "account_not_found",
    "REJECTED_BY_CHANNEL": "rejected",
    "DESTINATION_MAXIMUM_LIMIT": "rejected",
    "INSUFFICIENT_BALANCE": "insufficient_balance",
    "TEMPORARY_TRANSFER_ERROR": "transfer_error",
    "TRANSFER_ERROR": "transfer_error",
    "UNKNOWN_BANK_NETWORK_ERROR": "transfer_error",
}
PENDING = {"ACCEPTED", "REQUESTED", "LOCKED", "PENDING"}
# Errors that say "not now" rather than "no": the same request may be tried later.
RETRY_LATER = {"INSUFFICIENT_BALANCE", "RATE_LIMIT_EXCEEDED", "SERVER_ERROR"}


def channel_code(method):
    """Xendit's channel code for a payout method's snapshot (or form fields)."""
    if method.get("kind") == "wallet":
        return WALLET_CHANNELS.get(method.get("wallet", ""), "")
    return BANK_CHANNELS.get(method.get("bank", ""), "")


def account_number(method):
    """The number Xendit expects: a bank account's digits, or an e-wallet's
    phone number in the national form (08…)."""
    if method.get("kind") == "wallet":
        phone = method.get("phone", "")
        return "0" + phone[3:] if phone.startswith("+62") else phone
    return method.get("account_number", "")


def whole_rupiah(amount):
    """``amount`` as the integer Xendit takes, refusing a fraction rather than
    sending a different sum."""
    amount = Decimal(amount)
    if amount != amount.to_integral_value():
        raise PayoutProviderError(f"Xendit pays whole rupiah; {amount} has cents.")
    return int(amount)


def result_from(data):
    """A ``PayoutResult`` from a payout as Xendit gives it (JSON dict)."""
    status = str(data.get("status") or "").upper()
    try:
        amount = Decimal(str(data["amount"])) if data.get("amount") is not None else None
    except InvalidOperation:
        amount = None
    common = {
        "provider_reference": str(data.get("id") or ""),
        "amount": amount,
        "reference": str(data.get("reference_id") or ""),
        "provider_status": status,
    }
    if status == "SUCCEEDED":
        return PayoutResult(paid=True, **common)
    if status == "REVERSED":
        return PayoutResult(reversed=True, failure_reason="Xendit: REVERSED", **common)
    if status in ("FAILED", "CANCELLED"):
        code = str(data.get("failure_code") or "")
        failure = "cancelled" if status == "CANCELLED" else FAILURES.get(code, "rejected")
        return PayoutResult(
            failure_code=failure,
            failure_reason=f"Xendit: {status} {code}".strip(),
            **common,
        )
    # ACCEPTED, REQUESTED, LOCKED, and a status not documented yet: still on
    # its way as far as we can tell; nothing is booked.
    return PayoutResult(pending=True, **common)


def _error(exception):
    """Our exception for an error of the client or the network."""
    if isinstance(exception, XenditSdkException):
        status = str(exception.status)
        code = str(exception.errorCode or "")
        message = str(exception.errorMessage or "")[:300]
        if status in ("0", "") or status == "429" or status.startswith("5") or code in RETRY_LATER:
            return PayoutUnavailable(f"Xendit {status} {code}: {message}")
        return PayoutRefused(f"Xendit {status} {code}: {message}", code)
    return PayoutUnavailable(f"Xendit did not answer: {type(exception).__name__}: {exception}")


NETWORK_ERRORS = (urllib3.exceptions.HTTPError, OSError, OpenApiException)


class XenditPayoutProvider(PayoutProvider):
    name = "xendit"

    def _api(self):
        return PayoutApi(api_client())

    def _call(self, method, *args, **kwargs):
        try:
            response = method(
                *args, _request_timeout=request_timeout(), _preload_content=False, **kwargs
            )
            return json.loads(response.data)
        except NETWORK_ERRORS as exception:
            raise _error(exception) from exception
        except ValueError as exception:
            raise PayoutUnavailable(f"Xendit's answer was not JSON: {exception}") from exception

    def send(self, *, reference, amount, currency, method):
        code = channel_code(method)
        if not code:
            raise PayoutRefused(f"No Xendit channel for {method.get('label', method)}.")
        if currency != "IDR":
            raise PayoutProviderError(f"Xendit pays creators in IDR only, not {currency}.")
        holder = method.get("account_holder") or method.get("validated_name") or ""
        request = CreatePayoutRequest(
            reference_id=reference,
            channel_code=code,
            channel_properties=DigitalPayoutChannelProperties(
                account_holder_name=holder or "-",
                account_number=account_number(method),
            ),
            amount=float(whole_rupiah(amount)),
            currency=currency,
            description=f"Creator payout {reference}",
        )
        data = self._call(
            self._api().create_payout, idempotency_key=reference, create_payout_request=request
        )
        logger.info("Xendit payout %s for %s: %s", data.get("id"), reference, data.get("status"))
        return result_from(data)

    def lookup(self, *, provider_reference):
        return result_from(self._call(self._api().get_payout_by_id, id=provider_reference))

    def validate_account(self, method_fields):
        if method_fields.get("kind") == "wallet":
            # Xendit's name validator covers bank accounts only.
            return AccountCheck(valid=None, message="Xendit cannot check e-wallet accounts.")
        bank_code = channel_code(method_fields).removeprefix("ID_")
        try:
            # The time-out is request_timeout(), below (bandit cannot see it).
            response = requests.post(  # nosec B113
                settings.XENDIT_API_URL.rstrip("/") + "/bank_account_data_requests",
                json={
                    "bank_account_number": method_fields.get("account_number", ""),
                    "bank_code": bank_code,
                },
                auth=(settings.XENDIT_SECRET_KEY, ""),
                timeout=request_timeout(),
            )
        except requests.RequestException as exception:
            raise PayoutUnavailable(f"Xendit's name validator: {exception}") from exception
        if response.status_code >= 500 or response.status_code == 429:
            raise PayoutUnavailable(f"Xendit's name validator answered {response.status_code}")
        try:
            data = response.json()
        except ValueError as exception:
            raise PayoutUnavailable("Xendit's name validator answered no JSON") from exception
        if response.status_code >= 400:
            return AccountCheck(valid=False, message=str(data.get("message") or "")[:300])
        status = str(data.get("status") or "").upper()
        if status == "SUCCESS":
            return AccountCheck(valid=True, name=str(data.get("account_holder_name") or ""))
        if status == "FAILURE":
            reason = data.get("failure_reason") or "The bank did not recognise this account."
            return AccountCheck(valid=False, message=str(reason)[:300])
        return AccountCheck(valid=None, message="The bank has not answered yet.")
