from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.tiktok.factories import CreatorUserFactory
from tiktok.client import TokenRejected
from tiktok.sandbox import (
    SandboxTikTokClient,
    code_for,
    mark_revoked,
    pkce_challenge,
    sandbox_open_id,
)

CALLBACK = "http://testserver/creator/tiktok/callback/"


@pytest.fixture
def client_api():
    return SandboxTikTokClient()


def link(client_api, open_id="sbxabc123"):
    code = code_for(open_id)
    return client_api.exchange_code(code=code, code_verifier="v", redirect_uri=CALLBACK)


def test_it_issues_tokens_that_expire_like_tiktoks(client_api):
    tokens = link(client_api)
    now = timezone.now()
    assert tokens.open_id == "sbxabc123"
    assert abs(tokens.access_expires_at - (now + timedelta(hours=24))) < timedelta(seconds=5)
    assert abs(tokens.refresh_expires_at - (now + timedelta(days=365))) < timedelta(seconds=5)
    assert tokens.access_token != tokens.refresh_token


def test_it_shows_the_same_plausible_figures_for_one_open_id_every_time(client_api):
    first = client_api.user_info(access_token=link(client_api).access_token)
    second = client_api.user_info(access_token=link(client_api).access_token)
    other = client_api.user_info(access_token=link(client_api, "sbxother").access_token)
    assert first == second
    assert first != other
    assert 1_000 <= first.follower_count <= 99_999
    assert first.video_count >= 27


def test_it_lists_about_thirty_videos_of_the_last_sixty_days_page_by_page(client_api):
    token = link(client_api).access_token
    videos, cursor, has_more = [], None, True
    while has_more:
        page = client_api.list_videos(access_token=token, cursor=cursor, max_count=20)
        videos += page.videos
        cursor, has_more = page.cursor, page.has_more
    assert 27 <= len(videos) <= 33
    assert len({video.id for video in videos}) == len(videos)
    assert [v.created_at for v in videos] == sorted((v.created_at for v in videos), reverse=True)
    assert all(timezone.now() - v.created_at <= timedelta(days=61) for v in videos)
    assert all(v.view_count > v.like_count > v.comment_count >= 0 for v in videos)


def test_it_answers_a_query_with_the_accounts_videos_only(client_api):
    token = link(client_api).access_token
    own = client_api.list_videos(access_token=token).videos[:2]
    foreign = client_api.list_videos(access_token=link(client_api, "sbxother").access_token)
    found = client_api.query_videos(
        access_token=token, video_ids=[own[0].id, own[1].id, foreign.videos[0].id, "1"]
    )
    assert {video.id for video in found} == {own[0].id, own[1].id}


def test_a_revoked_token_is_rejected(client_api):
    tokens = link(client_api)
    client_api.revoke(access_token=tokens.access_token)
    with pytest.raises(TokenRejected):
        client_api.user_info(access_token=tokens.access_token)
    with pytest.raises(TokenRejected):
        client_api.refresh(refresh_token=mark_revoked(tokens.refresh_token))


def test_an_expired_or_foreign_token_is_rejected(client_api):
    with pytest.raises(TokenRejected):
        client_api.user_info(access_token="sbx-at.sbxabc.1000.nonce")
    with pytest.raises(TokenRejected):
        client_api.refresh(refresh_token="not-a-sandbox-token")
    with pytest.raises(TokenRejected):
        client_api.exchange_code(code="other-code", code_verifier="v", redirect_uri=CALLBACK)


def test_a_code_checks_its_pkce_verifier(client_api):
    code = code_for("sbxabc", pkce_challenge("the-verifier"))
    assert client_api.exchange_code(code=code, code_verifier="the-verifier", redirect_uri=CALLBACK)
    with pytest.raises(TokenRejected):
        client_api.exchange_code(code=code, code_verifier="another", redirect_uri=CALLBACK)


def test_a_refresh_gives_new_tokens_for_the_same_account(client_api):
    tokens = link(client_api)
    fresh = client_api.refresh(refresh_token=tokens.refresh_token)
    assert fresh.open_id == tokens.open_id
    assert fresh.access_token != tokens.access_token


@pytest.mark.django_db
class TestConsentPage:
    def url(self):
        return SandboxTikTokClient().authorize_url(
            state="s1", code_challenge="c1", redirect_uri=CALLBACK
        )

    def test_it_shows_the_creator_what_is_asked(self, client):
        user = CreatorUserFactory()
        client.login(email=user.email, password=DEFAULT_PASSWORD)
        response = client.get(self.url())
        assert response.status_code == 200
        assert b"user.info.stats" in response.content
        assert sandbox_open_id(user.email).encode() in response.content

    def test_allow_sends_the_creator_back_with_a_code_and_the_state(self, client):
        user = CreatorUserFactory()
        client.login(email=user.email, password=DEFAULT_PASSWORD)
        response = client.post(
            reverse("tiktok:sandbox_authorize"),
            {
                "redirect_uri": CALLBACK,
                "state": "s1",
                "code_challenge": "c1",
                "open_id": "sbxme",
                "allow": "1",
            },
        )
        assert response.status_code == 302
        assert response["Location"] == CALLBACK + "?code=sandbox-sbxme.c1&state=s1"

    def test_cancel_sends_the_creator_back_with_access_denied(self, client):
        user = CreatorUserFactory()
        client.login(email=user.email, password=DEFAULT_PASSWORD)
        response = client.post(
            reverse("tiktok:sandbox_authorize"),
            {"redirect_uri": CALLBACK, "state": "s1", "cancel": "1"},
        )
        assert response["Location"].startswith(CALLBACK + "?error=access_denied")
        assert response["Location"].endswith("&state=s1")

    def test_it_refuses_to_send_the_creator_to_another_site(self, client):
        user = CreatorUserFactory()
        client.login(email=user.email, password=DEFAULT_PASSWORD)
        response = client.post(
            reverse("tiktok:sandbox_authorize"),
            {"redirect_uri": "https://evil.example/cb", "state": "s1", "allow": "1"},
        )
        assert response.status_code == 400

    def test_it_is_a_404_when_the_real_client_is_configured(self, client, settings):
        settings.TIKTOK_CLIENT = "tiktok.client.TikTokClient"
        user = CreatorUserFactory()
        client.login(email=user.email, password=DEFAULT_PASSWORD)
        assert client.get(self.url()).status_code == 404

    def test_it_needs_a_logged_in_creator(self, client):
        assert client.get(self.url()).status_code == 302
        business = UserFactory(role="business")
        client.login(email=business.email, password=DEFAULT_PASSWORD)
        assert client.get(self.url())["Location"] == reverse("dashboard")
