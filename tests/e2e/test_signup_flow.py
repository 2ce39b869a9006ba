"""A new creator signs up, verifies through the emailed link, logs in and sees
their dashboard, in Debian's Chromium; axe-core checks each page on the way."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "kopi-susu-gula-aren-42"


def test_a_new_creator_signs_up_verifies_logs_in_and_sees_the_dashboard(page, axe_violations):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Creators and small businesses, together"
    )
    assert axe_violations(page) == []

    page.get_by_role("navigation").get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", name="Sign Up")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("A creator: I make videos and want brand deals and Series").check()
    page.get_by_label("Display name or business name").fill("Siti Rahma")
    page.get_by_label("Email").fill("siti@example.com")
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()

    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)

    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Sign In")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Email").fill("siti@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    expect(page.get_by_role("heading", name="Creator dashboard")).to_be_visible()
    expect(page.get_by_text("Welcome, Siti Rahma.")).to_be_visible()
    assert axe_violations(page) == []


def test_the_site_switches_to_english_and_back_from_the_language_buttons(page):
    page.goto("/")
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Creators and small businesses, together"
    )


def test_the_menu_works_at_phone_width(phone_page, axe_violations):
    phone_page.goto("/")
    menu_button = phone_page.get_by_role("button", name="Toggle navigation")
    expect(menu_button).to_be_visible()

    menu_button.click()

    expect(phone_page.get_by_role("link", name="Log in")).to_be_visible()
    assert axe_violations(phone_page) == []
