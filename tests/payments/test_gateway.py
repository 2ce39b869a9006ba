"""XenditProvider against the local fake: the invoice it creates, the status it
reads back (with Xendit's fee), and the errors it turns into its own."""

import time
from decimal import Decimal

import pytest

from payments.gateway import XenditProvider
from payments.models import Payment
from payments.providers import GatewayRefused, GatewayUnavailable
from payments.statuses import (
    INVOICE_FROM_XENDIT,
    INVOICE_TO_XENDIT,
    METHOD_FROM_XENDIT,
    METHOD_TO_XENDIT,
    REFUND_FROM_XENDIT,
    REFUND_TO_XENDIT,
    TRANSACTION_FROM_XENDIT,
    method_from_xendit,
)
from tests.factories import UserFactory
from tests.payments.conftest import a_payment, started

pytestmark = pytest.mark.django_db
D = Decimal


def test_checkout_creates_an_invoice_with_the_payments_key_amount_and_payer(fake_xendit):
    payer = UserFactory(email="sari@example.com", full_name="Sari Dewi", language="id")
    payment, invoice = started(fake_xendit, payer=payer, amount="75000.00")

    assert invoice["external_id"] == payment.idempotency_key
    assert invoice["amount"] == 75000
    assert invoice["payer_email"] == "sari@example.com"
    assert invoice["customer"] == {"given_names": "Sari Dewi", "email": "sari@example.com"}
    assert invoice["locale"] == "id"
    assert "QRIS" in invoice["payment_methods"] and "BCA" in invoice["payment_methods"]
    assert invoice["success_redirect_url"].endswith(f"/payments/{payment.reference}/")
    assert payment.checkout_url == invoice["invoice_url"]
    assert payment.gateway_reference == invoice["id"]
    assert payment.expires_at is not None


def test_a_second_checkout_of_one_payment_makes_no_second_invoice(fake_xendit):
    payment, _invoice = started(fake_xendit)

    XenditProvider().checkout_url(payment)

    assert fake_xendit.calls("/v2/invoices", "POST") == 1


def test_the_status_of_a_paid_invoice_carries_xendits_fee(fake_xendit):
    payment, invoice = started(fake_xendit, amount="200000.00")
    fake_xendit.pay(invoice["id"], "EWALLET", "DANA")

    status = XenditProvider().status(payment)

    assert (status.status, status.gateway_status) == ("paid", "PAID")
    assert status.paid_amount == D("200000")
    assert (status.method, status.channel) == ("ewallet", "DANA")
    # DANA 1.5 % = 3,000, and 11 % VAT on it.
    assert status.fee == D("3330.00")
    assert status.paid_at is not None


def test_a_virtual_account_costs_a_flat_fee(fake_xendit):
    payment, invoice = started(fake_xendit, amount="200000.00")
    fake_xendit.pay(invoice["id"], "BANK_TRANSFER", "BCA")

    status = XenditProvider().status(payment)

    assert (status.method, status.fee) == ("virtual_account", D("4440.00"))


def test_a_fee_not_yet_reported_is_unknown(fake_xendit):
    payment, invoice = started(fake_xendit)
    fake_xendit.pay(invoice["id"])
    fake_xendit.transactions.clear()

    assert XenditProvider().status(payment).fee is None


def test_a_reversed_payment_reads_as_reversed(fake_xendit):
    payment, invoice = started(fake_xendit)
    fake_xendit.pay(invoice["id"])
    fake_xendit.reverse(invoice["id"], "VOIDED")

    assert XenditProvider().status(payment).status == "reversed"


@pytest.mark.parametrize("shape", ["500", "503", "429"])
def test_a_gateway_in_trouble_is_unavailable(fake_xendit, shape):
    payment, _invoice = started(fake_xendit)
    fake_xendit.fail("/v2/invoices", shape)

    with pytest.raises(GatewayUnavailable):
        XenditProvider().status(payment)


def test_a_slow_gateway_times_out_once_not_four_times(fake_xendit):
    payment, _invoice = started(fake_xendit)
    fake_xendit.fail("/v2/invoices", "timeout")

    began = time.monotonic()
    with pytest.raises(GatewayUnavailable):
        XenditProvider().status(payment)

    assert time.monotonic() - began < 4


def test_a_refusal_keeps_xendits_code_and_message(fake_xendit):
    fake_xendit.fail("/v2/invoices", "400")

    with pytest.raises(GatewayRefused) as refused:
        XenditProvider().checkout_url(a_payment())

    assert refused.value.code == "API_VALIDATION_ERROR"
    assert str(refused.value) == "Invalid request"


def test_a_wrong_key_is_a_refusal(fake_xendit, settings):
    settings.XENDIT_SECRET_KEY = "xnd_development_wrong"

    with pytest.raises(GatewayRefused) as refused:
        XenditProvider().checkout_url(a_payment())

    assert refused.value.code == "INVALID_API_KEY"


def test_an_amount_with_cents_is_never_rounded_for_xendit(fake_xendit):
    with pytest.raises(GatewayRefused):
        XenditProvider().checkout_url(a_payment(amount="150000.50"))

    assert fake_xendit.calls("/v2/invoices") == 0


# --- Each status mapping, both ways ----------------------------------------------


@pytest.mark.parametrize(
    ("xendit", "portal"),
    [("PENDING", "pending"), ("PAID", "paid"), ("SETTLED", "paid"), ("EXPIRED", "expired")],
)
def test_each_invoice_status_maps_both_ways(xendit, portal):
    assert INVOICE_FROM_XENDIT[xendit] == portal
    assert INVOICE_FROM_XENDIT[INVOICE_TO_XENDIT[portal]] == portal


@pytest.mark.parametrize(
    ("xendit", "portal"),
    [
        ("PENDING", "pending"),
        ("SUCCEEDED", "succeeded"),
        ("FAILED", "failed"),
        ("CANCELLED", "cancelled"),
    ],
)
def test_each_refund_status_maps_both_ways(xendit, portal):
    assert REFUND_FROM_XENDIT[xendit] == portal
    assert REFUND_TO_XENDIT[portal] == xendit


@pytest.mark.parametrize(
    ("xendit", "portal"),
    [("SUCCESS", "paid"), ("PENDING", "paid"), ("REVERSED", "reversed"), ("VOIDED", "reversed")],
)
def test_each_transaction_status_maps(xendit, portal):
    assert TRANSACTION_FROM_XENDIT[xendit] == portal
    assert portal in Payment.Status.values


@pytest.mark.parametrize(
    ("xendit", "portal"),
    [
        ("QR_CODE", "qris"),
        ("EWALLET", "ewallet"),
        ("BANK_TRANSFER", "virtual_account"),
        ("CREDIT_CARD", "card"),
    ],
)
def test_each_method_maps_both_ways(xendit, portal):
    assert METHOD_FROM_XENDIT[xendit] == portal
    assert METHOD_TO_XENDIT[portal] == xendit
    assert portal in Payment.Method.values


def test_a_method_xendit_adds_later_is_other_not_a_guess():
    assert method_from_xendit("CRYPTOCURRENCY") == "other"
    assert method_from_xendit(None) == ""


def test_every_invoice_status_lands_on_a_payment_status():
    assert set(INVOICE_FROM_XENDIT.values()) <= set(Payment.Status.values)


@pytest.mark.parametrize(
    ("start", "allowed"),
    [
        ("pending", {"paid", "declined", "expired"}),
        ("paid", {"refunded", "partially_refunded", "reversed"}),
        # A gateway refund that fails afterwards gives its amount back.
        ("partially_refunded", {"refunded", "partially_refunded", "reversed", "paid"}),
        ("declined", set()),
        ("expired", set()),
        ("refunded", {"paid", "partially_refunded"}),
        ("reversed", set()),
    ],
)
def test_the_payment_states(start, allowed):
    assert set(Payment(status=start).next_statuses()) == allowed
