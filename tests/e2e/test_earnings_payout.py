"""In Debian's Chromium: a business approves delivered content, the creator's
available earnings rise by the fee less the platform fee, the creator adds a
bank account, and the month's run pays it out. axe-core checks the pages."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from earnings import services
from tests.collaborations.factories import CollaborationFactory
from tests.factories import StaffFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_approved_fee_becomes_available_and_is_paid_out_in_the_monthly_run(
    tab_for, axe_violations
):
    collaboration = CollaborationFactory(status="submitted", fee=Decimal("1000000.00"))
    creator = collaboration.creator

    tab = tab_for(creator.user)
    tab.goto("/earnings/")
    money = tab.get_by_role("region", name="Your money now")
    expect(money.get_by_text("Available (IDR)")).to_be_visible()
    expect(tab.get_by_test_id("available-IDR")).to_have_text("Rp 0")
    expect(money.get_by_text("Rp 1,000,000")).to_be_visible()  # pending, held
    assert axe_violations(tab) == []

    business = tab_for(collaboration.campaign.member)
    business.goto(f"/collaborations/{collaboration.pk}/")
    business.get_by_role("link", name="Approve the content").click()
    business.get_by_role("button", name="Yes, approve and pay").click()
    expect(business.get_by_text("The collaboration is now: approved.")).to_be_visible()

    tab.reload()
    # The platform keeps COLLABORATION_PLATFORM_FEE_PERCENT (10%) of the fee.
    expect(tab.get_by_test_id("available-IDR")).to_have_text("Rp 900,000")
    expect(tab.get_by_role("cell", name="Collaboration fees")).to_be_visible()

    tab.get_by_role("link", name="Add a payout method").click()
    # Only the chosen kind's fields show.
    expect(tab.get_by_role("radio", name="Bank account")).to_be_checked()
    expect(tab.get_by_label("E-wallet phone number")).to_be_hidden()
    tab.get_by_role("radio", name="E-wallet").check()
    expect(tab.get_by_label("E-wallet phone number")).to_be_visible()
    expect(tab.get_by_label("Account number")).to_be_hidden()
    tab.get_by_role("radio", name="Bank account").check()
    expect(tab.get_by_label("E-wallet phone number")).to_be_hidden()
    tab.get_by_label("Bank", exact=True).select_option(label="BCA")
    tab.get_by_label("Account number").fill("123 456 7890")
    tab.get_by_label("Account holder name").fill(creator.display_name)
    assert axe_violations(tab) == []
    tab.get_by_role("button", name="Save payout method").click()
    expect(tab.get_by_text("Payouts now go to BCA ••••7890.")).to_be_visible()
    # Staff check the creator's identity in the admin (tested in test_admin).
    services.check_identity(creator_ids=[creator.pk], staff=StaffFactory())

    services.make_monthly_statements(timezone.localdate())

    tab.reload()
    payouts = tab.get_by_role("region", name="Payouts")
    expect(payouts.get_by_role("link", name="Rp 900,000 for")).to_be_visible()
    expect(payouts.get_by_text("Paid")).to_be_visible()
    expect(tab.get_by_test_id("available-IDR")).to_have_text("Rp 0")
    assert axe_violations(tab) == []
