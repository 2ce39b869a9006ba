"""Connecting, the callback and disconnecting, through the test client (sandbox
TikTok unless a test points the real client at the fake)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.creators.factories import CreatorProfileFactory
from tests.factories import UserFactory
from tests.fakes.tiktok import REVOKE
from tests.tiktok.factories import CreatorUserFactory, LinkedAccountFactory
from tiktok.models import LinkedAccount

pytestmark = pytest.mark.django_db

CONNECT = reverse("tiktok:connect")
CALLBACK = reverse("tiktok:callback")
DISCONNECT = reverse("tiktok:disconnect")
PROFILE = reverse("creators:edit_profile")


@pytest.fixture
def creator(client):
    user = CreatorUserFactory()
    client.force_login(user)
    return user


def query_of(url):
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def consent(client, *, open_id="sbxlinked1", choice="allow"):
    """Press Connect, then Allow (or Cancel) on the sandbox's consent page; the
    callback URL TikTok sends the creator back to."""
    authorize = client.get(CONNECT)["Location"]
    assert authorize.startswith(reverse("tiktok:sandbox_authorize"))
    assert client.get(authorize).status_code == 200
    params = query_of(authorize)
    answer = client.post(
        reverse("tiktok:sandbox_authorize"),
        {
            "redirect_uri": params["redirect_uri"],
            "state": params["state"],
            "code_challenge": params["code_challenge"],
            "open_id": open_id,
            choice: "1",
        },
    )
    assert answer["Location"].startswith("http://testserver" + CALLBACK + "?")
    return answer["Location"]


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_creator_links_their_tiktok_account(client, creator):
    response = client.get(consent(client))
    assert response["Location"] == PROFILE
    account = LinkedAccount.objects.get(user=creator)
    assert account.open_id == "sbxlinked1" and account.status == LinkedAccount.Status.ACTIVE
    assert any("is connected" in message for message in messages_of(response))


def test_connect_sends_pkce_and_scopes(client, creator):
    params = query_of(client.get(CONNECT)["Location"])
    assert params["code_challenge_method"] == "S256"
    assert params["scope"] == "user.info.basic,user.info.profile,user.info.stats,video.list"
    assert params["redirect_uri"] == "http://testserver" + CALLBACK
    assert client.session["tiktok_link"]["state"] == params["state"]


def test_a_callback_whose_state_does_not_match_links_nothing(client, creator):
    callback = consent(client)
    forged = callback.replace("state=", "state=forged")
    response = client.get(forged)
    assert response["Location"] == PROFILE
    assert not LinkedAccount.objects.exists()
    assert any("did not start here" in message for message in messages_of(response))
    # The link in progress is used up: the genuine callback no longer works either.
    client.get(callback)
    assert not LinkedAccount.objects.exists()


def test_a_callback_without_a_link_in_progress_links_nothing(client, creator):
    response = client.get(CALLBACK, {"code": "sandbox-sbxlinked1", "state": "anything"})
    assert response["Location"] == PROFILE
    assert not LinkedAccount.objects.exists()


def test_cancelling_at_tiktok_says_so_kindly_and_links_nothing(client, creator):
    response = client.get(consent(client, choice="cancel"))
    assert response["Location"] == PROFILE
    assert not LinkedAccount.objects.exists()
    assert any("You did not allow access" in message for message in messages_of(response))


def test_an_account_linked_to_another_creator_is_refused(client, creator):
    other = LinkedAccountFactory(open_id="sbxtaken")
    response = client.get(consent(client, open_id="sbxtaken"))
    assert response["Location"] == PROFILE
    assert not LinkedAccount.objects.filter(user=creator).exists()
    assert LinkedAccount.objects.get(open_id="sbxtaken").user == other.user
    assert any("already linked to another creator" in m for m in messages_of(response))


def test_relinking_replaces_the_creators_link(client, creator):
    LinkedAccountFactory(user=creator, open_id="sbxold", status=LinkedAccount.Status.BROKEN)
    client.get(consent(client, open_id="sbxnew"))
    account = LinkedAccount.objects.get(user=creator)
    assert (account.open_id, account.status) == ("sbxnew", LinkedAccount.Status.ACTIVE)


def test_the_profile_offers_to_connect_then_to_disconnect(client, creator):
    CreatorProfileFactory(user=creator)
    assert CONNECT.encode() in client.get(PROFILE).content
    client.get(consent(client))
    page = client.get(PROFILE)
    assert DISCONNECT.encode() in page.content
    assert b"Connected as" in page.content


def test_disconnect_asks_first_and_explains(client, creator):
    LinkedAccountFactory(user=creator, username="sari")
    page = client.get(DISCONNECT)
    assert page.status_code == 200
    assert b"<title>Disconnect TikTok" in page.content
    assert b"revoked at TikTok" in page.content
    assert LinkedAccount.objects.get().status == LinkedAccount.Status.ACTIVE


def test_disconnecting_revokes_at_tiktok_and_keeps_the_row(client, creator, fake_tiktok):
    tokens = fake_tiktok.issue_tokens("open-1")
    LinkedAccountFactory(
        user=creator,
        open_id="open-1",
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
    )
    response = client.post(DISCONNECT)
    assert response["Location"] == PROFILE
    assert fake_tiktok.calls(REVOKE) == 1
    assert tokens["access_token"] in fake_tiktok.revoked
    account = LinkedAccount.objects.get()
    assert account.status == LinkedAccount.Status.DISCONNECTED
    assert (account.access_token, account.refresh_token) == ("", "")
    assert messages_of(response) == ["Your TikTok account is disconnected."]


def test_disconnecting_while_tiktok_is_down_still_disconnects_and_says_so(
    client, creator, fake_tiktok
):
    tokens = fake_tiktok.issue_tokens("open-1")
    LinkedAccountFactory(user=creator, open_id="open-1", access_token=tokens["access_token"])
    fake_tiktok.fail(REVOKE, "server_error")
    response = client.post(DISCONNECT)
    assert LinkedAccount.objects.get().status == LinkedAccount.Status.DISCONNECTED
    assert any("could not be reached" in message for message in messages_of(response))


def test_linking_with_the_real_client_against_the_fake(client, creator, fake_tiktok):
    fake_tiktok.add_account("open-9", display_name="Budi", username="budi.masak")
    authorize = client.get(CONNECT)["Location"]
    params = query_of(authorize)
    assert authorize.startswith(fake_tiktok.url + "/v2/auth/authorize/?")
    code = fake_tiktok.issue_code("open-9", params["code_challenge"])
    client.get(CALLBACK, {"code": code, "state": params["state"]})
    account = LinkedAccount.objects.get(user=creator)
    assert (account.open_id, account.username) == ("open-9", "budi.masak")


def test_a_creator_without_a_link_gets_a_404_from_disconnect(client, creator):
    LinkedAccountFactory()  # another creator's
    assert client.get(DISCONNECT).status_code == 404
    assert client.post(DISCONNECT).status_code == 404
    LinkedAccountFactory(user=creator, status=LinkedAccount.Status.DISCONNECTED)
    assert client.get(DISCONNECT).status_code == 404


@pytest.mark.parametrize("url", [CONNECT, CALLBACK, DISCONNECT])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    assert client.get(url)["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("url", [CONNECT, CALLBACK, DISCONNECT])
def test_business_users_are_sent_to_their_dashboard(client, url):
    client.force_login(UserFactory(role="business"))
    assert client.get(url)["Location"] == reverse("dashboard")


def test_connect_and_callback_refuse_post(client, creator):
    assert client.post(CONNECT).status_code == 405
    assert client.post(CALLBACK).status_code == 405


@pytest.mark.parametrize("others", [1, 30])
def test_the_disconnect_page_query_count_does_not_grow_with_links(
    client, creator, django_assert_num_queries, others
):
    LinkedAccountFactory(user=creator)
    LinkedAccountFactory.create_batch(others)
    with django_assert_num_queries(3):  # session, user, the creator's link
        assert client.get(DISCONNECT).status_code == 200
