"""Payment providers. ``get_provider()`` returns the one ``PAYMENT_PROVIDER`` names.

A provider sends the payer somewhere to pay and later tells the portal the outcome
through the signed webhook (``payments.views.webhook``); the portal never trusts
the browser's word that a payment succeeded.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string

from core.money import share


class PaymentProvider:
    name = ""

    def checkout_url(self, payment):
        """Where to send the payer to pay ``payment``."""
        raise NotImplementedError


class SandboxProvider(PaymentProvider):
    """Takes no money: its confirm page lets the payer approve or decline, and it
    then delivers a signed webhook exactly as a real provider would."""

    name = "sandbox"

    def checkout_url(self, payment):
        return reverse("payments:sandbox_checkout", args=[payment.reference])

    def fee(self, amount):
        """What it keeps of ``amount``: ``PAYMENT_SANDBOX_FEE_PERCENT`` (default 0),
        as a real provider reports its fee in the notification."""
        return share(amount, settings.PAYMENT_SANDBOX_FEE_PERCENT)


def get_provider():
    return import_string(settings.PAYMENT_PROVIDER)()
