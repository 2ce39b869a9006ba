import pytest
from allauth.socialaccount.models import SocialApp
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_offers_no_social_login_until_staff_add_credentials(client):
    response = client.get(reverse("account_login"))

    assert "Google" not in response.text
    assert "TikTok" not in response.text


@pytest.mark.parametrize(("provider", "name"), [("google", "Google"), ("tiktok", "TikTok")])
def test_login_page_offers_a_provider_once_staff_add_its_credentials(client, provider, name):
    SocialApp.objects.create(provider=provider, name=name, client_id="id", secret="secret")

    response = client.get(reverse("account_login"))

    assert f'title="{name}"' in response.text
    assert reverse(f"{provider}_login") in response.text
