"""On a phone, a person finds "Email notifications" in the Account menu, turns
a kind of email off, and later unsubscribes from another with an email's link."""

from playwright.sync_api import expect

from core.email_preferences import turned_off_categories, unsubscribe_path
from tests.factories import DEFAULT_PASSWORD, UserFactory


def test_a_person_chooses_their_emails_on_a_phone(phone_page, axe_violations):
    user = UserFactory()
    page = phone_page
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.get_by_role("button", name="Toggle navigation").click()
    page.get_by_role("button", name="Account").click()
    page.get_by_role("link", name="Email notifications").click()

    expect(page.get_by_role("heading", name="Email notifications")).to_be_visible()
    expect(page.get_by_label("Your payout method was changed")).to_be_disabled()
    page.get_by_label("Brand invitations and campaigns").uncheck()
    page.get_by_role("button", name="Save my choices").click()

    expect(page.get_by_text("Your email choices are saved.")).to_be_visible()
    expect(page.get_by_label("Brand invitations and campaigns")).not_to_be_checked()
    expect(page.get_by_label("Purchases and receipts")).to_be_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    assert turned_off_categories(user) == {"campaigns"}

    page.goto(unsubscribe_path(user.pk, "new_episodes"))
    page.get_by_role("button", name="Unsubscribe").click()

    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert turned_off_categories(user) == {"campaigns", "new_episodes"}
