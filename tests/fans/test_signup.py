"""A person who only wants to watch signs up as a fan, by email or with Google
or TikTok, and lands on their own home, not a creator's dashboard."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.core.context import request_context
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from brands.models import BusinessMembership
from core.models import User
from creators.models import CreatorProfile
from tests.test_accounts import NEW_PASSWORD, sign_up

pytestmark = pytest.mark.django_db


def sign_up_a_fan(client, capture, **fields):
    return sign_up(client, capture, **{"role": "fan", "name": "Ayu Lestari", **fields})


def test_the_signup_form_offers_a_fan_account(client):
    response = client.get(reverse("account_signup"))

    assert "A fan: I want to watch and support creators" in response.text
    assert 'value="fan"' in response.text


def test_a_link_for_fans_preselects_the_fan_choice(client):
    response = client.get(reverse("account_signup") + "?role=fan")

    assert re.search(r'value="fan"[^>]*checked', response.text)


def test_a_fan_signs_up_with_their_name_and_no_creator_or_business(
    client, django_capture_on_commit_callbacks
):
    response = sign_up_a_fan(client, django_capture_on_commit_callbacks)

    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="siti@example.com")
    assert user.role == User.Role.FAN
    assert user.is_fan and not user.is_creator and not user.is_business
    assert user.full_name == "Ayu Lestari"
    assert not CreatorProfile.objects.filter(user=user).exists()
    assert not BusinessMembership.objects.filter(user=user).exists()


def test_a_fan_verifies_their_email_before_logging_in_and_then_lands_on_their_home(
    client, django_capture_on_commit_callbacks
):
    sign_up_a_fan(client, django_capture_on_commit_callbacks)
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "siti@example.com", "password": NEW_PASSWORD}
    )
    assert response.url == reverse("account_email_verification_sent")

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    client.post(link)
    response = client.post(
        reverse("account_login"), {"login": "siti@example.com", "password": NEW_PASSWORD}
    )

    assert client.get(response.url, follow=True).redirect_chain[-1][0] == reverse("fans:home")


# What each provider says about the person once they have agreed on its own
# pages (which a test never reaches): Google gives a verified email address,
# TikTok gives none.
PROFILES = {
    "google": {
        "sub": "108000000000000000001",
        "email": "dewi@example.com",
        "email_verified": True,
        "given_name": "Dewi",
        "family_name": "Sartika",
    },
    "tiktok": {"open_id": "tiktok-open-id-1", "username": "dewi.s", "display_name": "Dewi"},
}


def pending_social_signup(client, provider):
    """Put in the session what allauth keeps after the provider's callback while
    the person still has to answer the signup questions."""
    SocialApp.objects.create(provider=provider, name=provider, client_id="id", secret="secret")
    request = RequestFactory().get("/")
    request.session = client.session
    with request_context(request):
        provider_object = get_adapter().get_provider(request, provider)
        sociallogin = provider_object.sociallogin_from_response(request, PROFILES[provider])
        data = sociallogin.serialize()
    session = client.session
    session["socialaccount_sociallogin"] = data
    session.save()


def social_sign_up(client, capture, **fields):
    with capture(execute=True):
        return client.post(
            reverse("socialaccount_signup"),
            {"email": "dewi@example.com", "role": "fan", "name": "Dewi Sartika", **fields},
        )


@pytest.mark.parametrize("provider", ["google", "tiktok"])
def test_a_social_signup_asks_the_same_question(client, provider):
    pending_social_signup(client, provider)

    form = client.get(reverse("socialaccount_signup"))

    assert "A fan: I want to watch and support creators" in form.text


def test_a_fan_signs_up_with_google_and_lands_on_their_home(
    client, django_capture_on_commit_callbacks
):
    pending_social_signup(client, "google")

    response = social_sign_up(client, django_capture_on_commit_callbacks)

    user = User.objects.get(email="dewi@example.com")
    assert user.role == User.Role.FAN
    assert user.full_name == "Dewi Sartika"
    assert SocialAccount.objects.get(user=user).provider == "google"
    # Google vouched for the address: no verification email, straight home.
    assert client.get(response.url, follow=True).redirect_chain[-1][0] == reverse("fans:home")


def test_a_fan_signs_up_with_tiktok_and_verifies_the_address_they_give(
    client, django_capture_on_commit_callbacks
):
    pending_social_signup(client, "tiktok")

    response = social_sign_up(client, django_capture_on_commit_callbacks)

    user = User.objects.get(email="dewi@example.com")
    assert user.role == User.Role.FAN
    assert SocialAccount.objects.get(user=user).provider == "tiktok"
    assert response.url == reverse("account_email_verification_sent")
    assert [message.to for message in mail.outbox] == [["dewi@example.com"]]
    assert not EmailAddress.objects.get(email="dewi@example.com").verified


def test_a_social_signup_without_a_choice_creates_nothing(
    client, django_capture_on_commit_callbacks
):
    pending_social_signup(client, "google")

    response = social_sign_up(client, django_capture_on_commit_callbacks, role="")

    assert response.status_code == 200
    assert "Choose whether you are a creator, a business or a fan." in response.text
    assert not User.objects.exists()


def test_the_front_page_invites_fans_to_join(client):
    page = client.get(reverse("home")).text

    assert f'href="{reverse("account_signup")}?role=fan"' in page
    assert "For fans" in page
