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


def test_a_provider_staff_add_shows_at_once_after_the_page_was_seen(client):
    client.get(reverse("account_login"))

    app = SocialApp.objects.create(provider="google", name="Google", client_id="id", secret="s")
    response = client.get(reverse("account_login"))

    assert 'title="Google"' in response.text
    app.settings = {"hidden": True}
    app.save()
    assert 'title="Google"' not in client.get(reverse("account_login")).text
    app.settings = {}
    app.save()
    assert 'title="Google"' in client.get(reverse("account_login")).text
    app.delete()
    assert 'title="Google"' not in client.get(reverse("account_login")).text


def test_the_login_page_reads_the_social_applications_once(client, django_assert_num_queries):
    SocialApp.objects.create(provider="tiktok", name="TikTok", client_id="id", secret="s")
    client.get(reverse("account_login"))

    with django_assert_num_queries(0):
        response = client.get(reverse("account_login"))

    assert 'title="TikTok"' in response.text


def test_with_the_cache_down_the_login_page_still_lists_the_providers(client, cache_down):
    SocialApp.objects.create(provider="tiktok", name="TikTok", client_id="id", secret="s")

    response = client.get(reverse("account_login"))

    assert 'title="TikTok"' in response.text
