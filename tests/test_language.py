import pytest
from django.test import Client
from django.urls import reverse

from core.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_indonesian_is_the_default_for_a_browser_that_asks_for_no_language():
    response = Client().get(reverse("home"))

    assert response.headers["Content-Language"] == "id"
    assert '<html lang="id">' in response.text
    assert "Kreator dan usaha kecil, bersama" in response.text


def test_a_browser_that_asks_for_english_gets_english():
    response = Client(headers={"Accept-Language": "en-US,en;q=0.9"}).get(reverse("home"))

    assert response.headers["Content-Language"] == "en"
    assert "Creators and small businesses, together" in response.text


def test_switching_language_changes_the_page_language_and_returns_to_the_page():
    browser = Client()
    login_url = reverse("account_login")

    response = browser.post(reverse("set_language"), {"language": "en", "next": login_url})

    assert response.status_code == 302
    assert response.url == login_url
    page = browser.get(login_url)
    assert page.headers["Content-Language"] == "en"
    assert "Log in" in page.text

    browser.post(reverse("set_language"), {"language": "id", "next": login_url})
    assert browser.get(login_url).headers["Content-Language"] == "id"


def test_every_page_offers_the_language_switcher(client):
    for url in [reverse("home"), reverse("account_login"), reverse("account_signup")]:
        response = client.get(url)
        assert f'action="{reverse("set_language")}"' in response.text
        assert 'name="language" value="id"' in response.text
        assert 'name="language" value="en"' in response.text


def test_language_switcher_requires_csrf():
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(reverse("set_language"), {"language": "en"})

    assert response.status_code == 403


def test_switching_language_while_logged_in_sets_the_language_of_emails(client):
    user = UserFactory(language="id")
    client.force_login(user)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    user.refresh_from_db()
    assert user.language == "en"


def test_a_new_account_keeps_the_language_it_signed_up_in(django_capture_on_commit_callbacks):
    browser = Client(headers={"Accept-Language": "en"})

    with django_capture_on_commit_callbacks(execute=True):
        browser.post(
            reverse("account_signup"),
            {
                "role": "creator",
                "name": "Siti",
                "email": "siti@example.com",
                "password1": "kopi-susu-gula-aren-42",
                "password2": "kopi-susu-gula-aren-42",
            },
        )

    assert User.objects.get(email="siti@example.com").language == "en"
