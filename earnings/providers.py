"""Payout providers. ``get_payout_provider()`` returns the one ``PAYOUT_PROVIDER``
names (a dotted path).

A provider sends money to a creator's bank account or e-wallet. ``send``
receives the payout's reference as an idempotency key: a payout sent twice (a
task retried after a crash) must be paid once, which real disbursement APIs
(Xendit, Flip, Midtrans Iris) all support. Real providers answer
asynchronously: "accepted, still on its way" is an answer (``PayoutResult``
with ``pending``), and ``lookup`` asks later where the payout is.

Errors: ``PayoutUnavailable`` when the provider could not be asked or did not
answer in time (nothing is known, try again later); ``PayoutRefused`` when it
answered no to the request itself.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.module_loading import import_string


class PayoutProviderError(Exception):
    """The provider could not give an answer about a payout or an account."""


class PayoutUnavailable(PayoutProviderError):
    """The provider was down, refused to be asked now, or did not answer in
    time: nothing is known, and the same request may be tried again later."""


class PayoutRefused(PayoutProviderError):
    """The provider refused the request itself (its words are the message)."""

    def __init__(self, message, code=""):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class PayoutResult:
    """Where a payout is, as the provider says: ``paid``, ``failed`` (neither
    flag set), still on its way (``pending``), or paid then sent back
    (``reversed``)."""

    paid: bool = False
    provider_reference: str = ""
    # One of ``earnings.models.Payout.Failure`` when failed.
    failure_code: str = ""
    # The provider's own words, for staff.
    failure_reason: str = ""
    pending: bool = False
    reversed: bool = False
    # What the provider says it holds, when it says (``lookup``): compared with
    # the payout before anything is booked.
    amount: Decimal | None = None
    reference: str = ""
    # The provider's own status word (ACCEPTED, SUCCEEDED…), for staff.
    provider_status: str = ""

    @property
    def final(self):
        return not self.pending


@dataclass(frozen=True)
class AccountCheck:
    """What the bank or e-wallet said of an account: ``valid`` True with the
    ``name`` it gives, False with its ``message``, or None when it could not be
    checked (no validator for the channel), said as ``message``."""

    valid: bool | None
    name: str = ""
    message: str = ""


class PayoutProvider:
    name = ""

    def send(self, *, reference, amount, currency, method):
        """Send ``amount`` in ``currency`` to ``method`` (a payout method's
        ``snapshot()``); ``reference`` is the idempotency key. Returns a
        ``PayoutResult``."""
        raise NotImplementedError

    def lookup(self, *, provider_reference):
        """Where the payout the provider knows as ``provider_reference`` is now:
        a ``PayoutResult``."""
        raise NotImplementedError

    def validate_account(self, method_fields):
        """Ask the bank or e-wallet about an account (the payout method form's
        fields: kind, bank, account_number, account_holder, wallet, phone).
        Returns an ``AccountCheck``."""
        raise NotImplementedError


def _failing_number(number):
    return number.endswith("0000")


class SandboxPayoutProvider(PayoutProvider):
    """Moves no money and answers at once, deterministically, so that every path
    can be tried by hand and in tests:

    - an account or phone number ending in ``0000``: failed, account not found
      (and refused when the method is saved);
    - one ending in ``9999``: failed, the holder's name does not match;
    - anything else: paid; a bank account is valid under its holder's name in
      capitals, an e-wallet is not checked.
    """

    name = "sandbox"

    def send(self, *, reference, amount, currency, method):
        number = method.get("account_number") or method.get("phone") or ""
        provider_reference = f"sandbox-{reference}"
        if _failing_number(number):
            return PayoutResult(
                paid=False,
                provider_reference=provider_reference,
                failure_code="account_not_found",
                failure_reason="Sandbox: the destination account does not exist.",
            )
        if number.endswith("9999"):
            return PayoutResult(
                paid=False,
                provider_reference=provider_reference,
                failure_code="name_mismatch",
                failure_reason="Sandbox: the account holder's name does not match.",
            )
        return PayoutResult(paid=True, provider_reference=provider_reference)

    def lookup(self, *, provider_reference):
        # The sandbox answers at once, so a payout it knows is always final;
        # one it is asked about again was paid.
        return PayoutResult(paid=True, provider_reference=provider_reference)

    def validate_account(self, method_fields):
        number = method_fields.get("account_number") or method_fields.get("phone") or ""
        if _failing_number(number):
            return AccountCheck(valid=False, message="Sandbox: account not found.")
        if method_fields.get("kind") == "bank":
            return AccountCheck(valid=True, name=method_fields.get("account_holder", "").upper())
        return AccountCheck(valid=None, message="Sandbox: e-wallets are not checked.")


def get_payout_provider():
    return import_string(settings.PAYOUT_PROVIDER)()
