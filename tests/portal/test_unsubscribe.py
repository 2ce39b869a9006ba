"""The one-click unsubscribe link of every optional email: GET asks, POST
turns the category off, with no login and no CSRF cookie, only for a link
we signed for that person and that category."""

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from core.email_preferences import (
    UNSUBSCRIBE_SALT,
    turned_off_categories,
    unsubscribe_path,
    unsubscribe_token,
)
from core.emails import email_user
from tests.core.stand_ins import stand_in_context
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SIGNER = signing.Signer(salt=UNSUBSCRIBE_SALT)


@pytest.fixture
def mail_client():
    """A mail program: no cookies, no CSRF token, CSRF checks on."""
    return Client(enforce_csrf_checks=True, headers={"Accept-Language": "en"})


def link_in_headers(user, django_capture_on_commit_callbacks):
    prefix = "series/emails/new_episodes"
    with django_capture_on_commit_callbacks(execute=True):
        email_user(user, prefix, stand_in_context(prefix))
    (message,) = mail.outbox
    header = message.extra_headers["List-Unsubscribe"]
    return header.removeprefix("<").removesuffix(">").removeprefix("http://127.0.0.1:8000")


def test_get_asks_to_confirm_and_changes_nothing(client):
    user = UserFactory()

    response = client.get(unsubscribe_path(user.pk, "new_episodes"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Stop sending me “New episodes and creators you follow” emails?" in html
    assert '<form method="post">' in html
    assert user.email not in html
    assert turned_off_categories(user) == set()


def test_the_confirmation_button_turns_the_category_off(client):
    user = UserFactory()

    response = client.post(unsubscribe_path(user.pk, "new_episodes"))

    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert turned_off_categories(user) == {"new_episodes"}


def test_a_mail_programs_one_click_post_from_the_header_works_without_cookies(
    mail_client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8000"
    user = UserFactory()
    path = link_in_headers(user, django_capture_on_commit_callbacks)

    response = mail_client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert turned_off_categories(user) == {"new_episodes"}


def test_the_next_email_of_that_category_is_not_sent(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    client.post(unsubscribe_path(user.pk, "new_episodes"))
    prefix = "series/emails/new_episodes"

    with django_capture_on_commit_callbacks(execute=True):
        email_user(user, prefix, stand_in_context(prefix))

    assert mail.outbox == []


def test_unsubscribing_twice_is_harmless(client):
    user = UserFactory()
    path = unsubscribe_path(user.pk, "campaigns")

    client.post(path)
    response = client.post(path)

    assert response.status_code == 200
    assert turned_off_categories(user) == {"campaigns"}


def tampered(token):
    last = "A" if token[-1] != "A" else "B"
    return token[:-1] + last


def test_a_tampered_link_is_refused_and_changes_nothing(mail_client):
    user = UserFactory()
    path = reverse("email_unsubscribe", args=[tampered(unsubscribe_token(user.pk, "campaigns"))])

    for response in (mail_client.get(path), mail_client.post(path)):
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.content.decode()
    assert turned_off_categories(user) == set()


def test_one_persons_link_cannot_be_turned_into_anothers(mail_client):
    victim, attacker = UserFactory(), UserFactory()
    token = unsubscribe_token(attacker.pk, "campaigns")
    signature = token.rsplit(":", 1)[1]
    forged_payload = SIGNER.sign_object({"u": victim.pk, "c": "campaigns"})
    forged = forged_payload.rsplit(":", 1)[0] + ":" + signature

    response = mail_client.post(reverse("email_unsubscribe", args=[forged]))

    assert response.status_code == 400
    assert turned_off_categories(victim) == set()


def test_a_link_changes_its_owners_choice_not_the_logged_in_persons(client):
    owner, someone_else = UserFactory(), UserFactory()
    client.force_login(someone_else)

    client.post(unsubscribe_path(owner.pk, "earnings"))

    assert turned_off_categories(owner) == {"earnings"}
    assert turned_off_categories(someone_else) == set()


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        signing.Signer().sign_object({"u": 1, "c": "campaigns"}),  # signed, for another use
        SIGNER.sign_object({"u": 1, "c": "account"}),  # always sent
        SIGNER.sign_object({"u": "1", "c": "campaigns"}),
        SIGNER.sign_object(["campaigns"]),
    ],
)
def test_links_we_did_not_make_for_an_optional_category_are_refused(mail_client, token):
    response = mail_client.post(reverse("email_unsubscribe", args=[token]))

    assert response.status_code == 400


def test_a_link_of_a_closed_account_is_not_found(mail_client):
    user = UserFactory(is_active=False)

    response = mail_client.post(unsubscribe_path(user.pk, "campaigns"))

    assert response.status_code == 404
    assert "no longer exists" in response.content.decode()
    assert turned_off_categories(user) == set()


def test_it_rejects_other_methods(mail_client):
    user = UserFactory()

    assert mail_client.put(unsubscribe_path(user.pk, "campaigns")).status_code == 405
