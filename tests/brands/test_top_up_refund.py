"""Refunding a business's top-up: the money leaves its free paid balance, the
credit matched to the refunded part goes back while it is unspent, and a
refund the balances cannot cover is refused before the gateway is asked."""

from decimal import Decimal

import pytest
from django.urls import reverse

from brands.selectors import balances_for_business
from brands.services import pool_spec, reserve_spec, start_top_up
from payments import ledger
from payments.ledger import check_ledger
from payments.models import Account, LedgerEntry, Payment, PaymentRefund
from payments.services import RefundRefused, handle_webhook, refund_payment, webhook_body
from payments.services import sign_webhook_body as sign
from tests.brands.factories import BusinessMembershipFactory, CampaignFactory
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def staff():
    return StaffFactory()


def topped_up(amount="1000000.00", business=None):
    """A paid top-up (through the sandbox's signed notification)."""
    membership = (
        BusinessMembershipFactory(business=business) if business else BusinessMembershipFactory()
    )
    payment = start_top_up(
        business=membership.business,
        user=membership.user,
        amount=D(amount),
        idempotency_key=str(amount) + str(membership.pk),
        return_url="/",
    )
    body = webhook_body(payment=payment, event="payment.succeeded")
    handle_webhook(body=body, signature=sign(body))
    payment.refresh_from_db()
    return membership.business, payment


def reserve(business, pool, amount):
    campaign = CampaignFactory(business=business)
    ledger.post(
        LedgerEntry.Kind.RESERVE,
        ledger.moves([(pool_spec(business.pk, pool), reserve_spec(campaign, pool), D(amount))]),
        business=business,
        campaign=campaign,
    )


def refund(payment, amount, staff):
    return refund_payment(payment_id=payment.pk, amount=amount, reason="OTHERS", staff=staff)


def test_a_full_refund_takes_the_money_and_its_matched_credit_back(staff):
    business, payment = topped_up("1000000.00")
    assert balances_for_business(business.pk).credit == D("1000000.00")

    made = refund(payment, "1000000", staff)

    balances = balances_for_business(business.pk)
    assert (balances.balance, balances.credit, balances.matched) == (0, 0, 0)
    entry = LedgerEntry.objects.get(kind=LedgerEntry.Kind.TOP_UP_REFUND)
    assert entry.reference == ledger.refund_reference(made)
    assert entry.business == business
    assert check_ledger().passed


def test_a_partial_refund_takes_back_the_same_part_of_the_matched_credit(staff, settings):
    settings.BUSINESS_CREDIT_MATCH_CAP = "300000.00"
    business, payment = topped_up("900000.00")
    assert balances_for_business(business.pk).credit == D("300000.00")

    refund(payment, "100000", staff)
    after_one = balances_for_business(business.pk)
    refund(payment, "800000", staff)
    after_all = balances_for_business(business.pk)

    assert (after_one.balance, after_one.credit) == (D("800000.00"), D("266666.67"))
    assert (after_all.balance, after_all.credit, after_all.matched) == (0, 0, 0)
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.TOP_UP_REFUND).count() == 2
    assert check_ledger().passed


def test_a_refund_beyond_the_free_balance_is_refused_and_changes_nothing(staff):
    business, payment = topped_up("1000000.00")
    reserve(business, Account.Pool.BALANCE, "600000.00")

    with pytest.raises(RefundRefused, match="Rp 400,000 of paid balance available"):
        refund(payment, "500000", staff)

    payment.refresh_from_db()
    assert payment.refunded_amount == 0
    assert not PaymentRefund.objects.exists()
    assert balances_for_business(business.pk).balance == D("400000.00")
    # What is free may still be refunded.
    refund(payment, "400000", staff)
    assert balances_for_business(business.pk).balance == 0


def test_a_refund_whose_matched_credit_was_spent_is_refused(staff):
    business, payment = topped_up("1000000.00")
    reserve(business, Account.Pool.CREDIT, "900000.00")

    with pytest.raises(RefundRefused, match="credit left unspent"):
        refund(payment, "500000", staff)

    assert not PaymentRefund.objects.exists()
    assert Payment.objects.get().status == Payment.Status.PAID
    refund(payment, "100000", staff)
    assert balances_for_business(business.pk).credit == 0
    assert check_ledger().passed


def test_refunding_a_top_up_gives_back_the_room_to_match(staff, settings):
    settings.BUSINESS_CREDIT_MATCH_CAP = "1000000.00"
    business, payment = topped_up("1000000.00")
    refund(payment, "1000000", staff)

    _business, second = topped_up("400000.00", business=business)

    assert balances_for_business(business.pk).credit == D("400000.00")


def test_the_payment_page_shows_the_refusal_and_refunds_nothing(client, staff, settings):
    settings.STAFF_REQUIRE_MFA = False
    business, payment = topped_up("1000000.00")
    reserve(business, Account.Pool.BALANCE, "1000000.00")
    staff.language = "en"
    staff.save(update_fields=["language"])
    client.force_login(staff)

    response = client.post(
        reverse("admin:payments_payment_refund", args=[payment.pk]),
        {"amount": "1000000", "reason": "OTHERS", "refunded_before": "0"},
    )

    assert response.status_code == 200
    assert "Rp 0 of paid balance available" in response.text
    assert not PaymentRefund.objects.exists()
