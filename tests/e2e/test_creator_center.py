"""In Chromium: a creator fills their profile, watches the Series checklist turn
green and applies; staff approve in the admin; the creator sees it and is emailed."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from creators.models import CreatorProfile
from tests.creators.factories import CreatorProfileFactory
from tests.factories import DEFAULT_PASSWORD, StaffFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _shipped_programmes(transactional_db):
    """Transactional tests start from an emptied database: ship the programmes again."""
    migration = import_module("creators.migrations.0003_ship_programmes")
    migration.ship(apps, schema_editor=None)
    import_module("creators.migrations.0010_indonesian_names_and_programme_data").ship(apps, None)


def staff_tab(browser, live_server):
    """A second browser whose session belongs to a staff user."""
    client = Client()
    client.force_login(StaffFactory(email="reviewer@example.com"))
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    return tab


def test_a_creator_applies_to_series_and_staff_approve(page, browser, live_server, mailoutbox):
    CreatorProfileFactory(
        display_name="Siti Rahma", handle="siti-rahma", user__email="siti@example.com"
    )
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("siti@example.com")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Creator dashboard")).to_be_visible()
    series_checklist = page.get_by_role("list", name="Series checklist")
    expect(series_checklist).to_contain_text("Not met:")
    expect(series_checklist).to_contain_text("Add your date of birth.")
    expect(page.get_by_role("button", name="Apply to Series")).to_have_count(0)

    page.get_by_role("link", name="Edit profile").click()
    page.get_by_label("Date of birth").fill("2000-01-15")
    page.get_by_label("Country").select_option(label="Malaysia")
    expect(page.get_by_label("Province")).to_be_hidden()
    page.get_by_label("Country").select_option(label="Indonesia")
    page.get_by_label("Province").select_option(label="Jawa Barat")
    page.get_by_label("City").fill("Bandung")
    page.get_by_label("Indonesian").check()
    page.get_by_label("Food & culinary").check()
    page.get_by_label("Account type").select_option(label="Public personal account")
    page.get_by_label("I post original content").check()
    created = timezone.localdate() - timedelta(days=400)
    page.get_by_label("Platform account created on").fill(created.isoformat())
    page.get_by_label("Package").fill("1 video")
    page.get_by_label("Price (IDR)").fill("1500000")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    assert CreatorProfile.objects.get(handle="siti-rahma").province == "jabar"

    page.get_by_role("link", name="Update figures").click()
    page.get_by_label("Followers").fill("12000")
    page.get_by_label("Public videos posted in the last 30 days").fill("5")
    page.get_by_label("Video views in the last 30 days").fill("5000")
    page.get_by_role("button", name="Save figures").click()

    expect(page.get_by_text("Your figures are updated.")).to_be_visible()
    expect(series_checklist).not_to_contain_text("Not met:")
    expect(series_checklist.get_by_role("listitem")).to_have_count(9)
    page.get_by_role("button", name="Apply to Series").click()
    expect(page.get_by_text("Your application to Series is submitted.")).to_be_visible()

    staff = staff_tab(browser, live_server)
    staff.goto("/admin/creators/programmeapplication/")
    staff.get_by_role("link", name="Siti Rahma (@siti-rahma)").click()
    expect(staff.get_by_role("cell", name="12,000 (met)")).to_have_count(2)
    staff.get_by_role("link", name="Approve or reject…").click()
    staff.get_by_label("Decision").select_option(label="Approve")
    staff.get_by_label("Reason (the creator sees it)").fill("Welcome to Series!")
    staff.get_by_role("button", name="Confirm decision").click()
    expect(
        staff.get_by_text("1 application is now approved; the creator is emailed.")
    ).to_be_visible()
    staff.context.close()

    page.reload()
    history = page.get_by_role("table")
    expect(history).to_contain_text("Approved")
    expect(history).to_contain_text("Welcome to Series!")
    [email] = mailoutbox
    assert email.to == ["siti@example.com"]
    assert email.subject == "Your Series application: Approved"
    assert "Welcome to Series!" in email.body


@pytest.mark.parametrize("path", ["/creator/", "/creator/profile/", "/creator/figures/"])
def test_creator_pages_fit_a_phone_and_have_no_serious_accessibility_problems(
    phone_page, live_server, axe_violations, path
):
    profile = CreatorProfileFactory(handle="siti-rahma")
    client = Client()
    client.force_login(profile.user)
    phone_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    phone_page.goto(path)

    expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
    page_width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 390
    assert axe_violations(phone_page) == []


def test_the_media_kit_fits_a_phone_and_has_no_serious_accessibility_problems(
    phone_page, axe_violations
):
    CreatorProfileFactory(display_name="Siti Rahma", handle="siti-rahma")

    phone_page.goto("/creator/kit/siti-rahma/")

    expect(phone_page.get_by_role("heading", name="Siti Rahma")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(phone_page) == []
