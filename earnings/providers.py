"""Payout providers. ``get_payout_provider()`` returns the one ``PAYOUT_PROVIDER``
names (a dotted path).

A provider sends money to a creator's bank account or e-wallet and answers paid
or failed. ``send`` receives the payout's reference as an idempotency key: a
payout sent twice (a task retried after a crash) must be paid once, which real
disbursement APIs (Xendit, Flip, Midtrans Iris) all support.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class PayoutResult:
    paid: bool
    provider_reference: str = ""
    # One of ``earnings.models.Payout.Failure`` when not paid.
    failure_code: str = ""
    # The provider's own words, for staff.
    failure_reason: str = ""


class PayoutProvider:
    name = ""

    def send(self, *, reference, amount, currency, method):
        """Send ``amount`` in ``currency`` to ``method`` (a payout method's
        ``snapshot()``); ``reference`` is the idempotency key. Returns a
        ``PayoutResult``."""
        raise NotImplementedError


class SandboxPayoutProvider(PayoutProvider):
    """Moves no money and answers at once, deterministically, so that every path
    can be tried by hand and in tests:

    - an account or phone number ending in ``0000``: failed, account not found;
    - one ending in ``9999``: failed, the holder's name does not match;
    - anything else: paid.
    """

    name = "sandbox"

    def send(self, *, reference, amount, currency, method):
        number = method.get("account_number") or method.get("phone") or ""
        provider_reference = f"sandbox-{reference}"
        if number.endswith("0000"):
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


def get_payout_provider():
    return import_string(settings.PAYOUT_PROVIDER)()
