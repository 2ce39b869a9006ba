"""In Debian's Chromium at phone size: a new business signs up, staff verify it
(welcome credit), it completes the campaign wizard, launches with credit, staff
approve, and the campaign is live. axe-core checks the wizard pages."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from brands import services
from brands.models import Business, Campaign
from tests.brands.factories import BusinessMembershipFactory, CampaignFactory, give_credit
from tests.factories import DEFAULT_PASSWORD, StaffFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "keripik-tempe-pedas-7"


def sign_up_and_log_in(page):
    page.goto("/accounts/signup/")
    page.get_by_label("A business: I want creators to promote my brand").check()
    page.get_by_label("Display name or business name").fill("Keripik Sri")
    page.get_by_label("Your name").fill("Sri Wahyuni")
    page.get_by_label("Email").fill("sri@example.com")
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Email").fill("sri@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Business dashboard")).to_be_visible()


def test_a_new_business_launches_a_campaign_with_credit_on_a_phone(
    phone_page, axe_violations, settings
):
    settings.BUSINESS_WELCOME_CREDIT = "4500000.00"
    page = phone_page
    sign_up_and_log_in(page)
    business = Business.objects.get(name="Keripik Sri")
    services.verify_business(business=business, staff=StaffFactory())

    page.get_by_role("link", name="Campaigns").first.click()
    expect(page.get_by_text("No campaigns yet.")).to_be_visible()
    page.get_by_role("button", name="Start a new campaign").click()

    expect(page.get_by_role("heading", name="Step 1 of 5: Goal and product")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Choose what you want the campaign to achieve.")).to_be_visible()
    page.get_by_label("More sales").check()
    page.get_by_label("Product or service").fill("Keripik tempe pedas")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Step 2 of 5: Budget and dates")).to_be_visible()
    assert axe_violations(page) == []
    start = timezone.localdate() + timedelta(days=3)
    page.get_by_label("Total budget (Rp)").fill("1000000")
    page.get_by_label("Fee per creator (Rp)").fill("250000")
    expect(page.get_by_text("This budget pays 4 creators at this fee.")).to_be_visible()
    page.get_by_label("Fee per creator (Rp)").fill("333333.33")
    expect(page.get_by_text("This budget pays 3 creators at this fee.")).to_be_visible()
    page.get_by_label("Fee per creator (Rp)").fill("250000")
    page.get_by_label("Start date").fill(start.isoformat())
    page.get_by_label("End date").fill((start - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("The end date must be on or after the start date.")).to_be_visible()
    page.get_by_label("End date").fill((start + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Step 3 of 5: Who to reach")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Jawa Timur").check()
    page.get_by_label("Smallest creator audience (followers)").fill("1000")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Step 4 of 5: Brief")).to_be_visible()
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_label("Jawa Timur")).to_be_checked()
    page.get_by_role("button", name="Save and continue").click()
    assert axe_violations(page) == []
    page.get_by_label("What the video should show").fill("Open the pack and taste it.")
    page.get_by_label("Deliverables").fill("One 30-second video.")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Step 5 of 5: Review and launch")).to_be_visible()
    assert axe_violations(page) == []
    expect(page.locator("#from-balance")).to_have_text("Rp 0")
    expect(page.locator("#from-credit")).to_have_text("Rp 1,000,000")
    page.get_by_role("button", name="Launch campaign").click()

    expect(page.get_by_text("Campaign launched and sent for review.")).to_be_visible()
    expect(page.get_by_text("In review", exact=True)).to_be_visible()
    campaign = Campaign.objects.get(business=business)
    services.approve_campaign(campaign=campaign, staff=StaffFactory())

    page.reload()
    expect(page.get_by_text("Live", exact=True)).to_be_visible()
    expect(page.get_by_text("In review → Live")).to_be_visible()
    assert axe_violations(page) == []
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.LIVE


def test_the_business_pages_pass_axe_at_phone_width(phone_page, axe_violations):
    membership = BusinessMembershipFactory(business__name="Batik Sekar")
    give_credit(membership.business, "500000.00")
    CampaignFactory(business=membership.business)
    page = phone_page
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(membership.user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Business dashboard")).to_be_visible()

    for name, heading in [
        ("Balance and credit", "Balance and credit"),
        ("Profile", "Business profile"),
        ("Team", "Team"),
        ("Campaigns", "Campaigns"),
    ]:
        page.goto("/business/")
        page.get_by_role("link", name=name).first.click()
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        assert axe_violations(page) == [], name
