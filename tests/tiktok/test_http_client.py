"""The real client against the local fake of TikTok's endpoints."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from tests.fakes.tiktok import (
    REVOKE,
    TOKEN,
    USER_INFO,
    VIDEO_LIST,
    VIDEO_QUERY,
    fake_video,
)
from tiktok.client import (
    RateLimited,
    ScopeMissing,
    TokenRejected,
    Unavailable,
    VideoNotFound,
    get_client,
)
from tiktok.http import HttpTikTokClient
from tiktok.services import begin_link

CALLBACK = "http://testserver/creator/tiktok/callback/"


@pytest.fixture
def api(fake_tiktok):
    client = get_client()
    assert isinstance(client, HttpTikTokClient)
    return client


@pytest.fixture
def token(fake_tiktok):
    fake_tiktok.add_account(
        "open-1",
        display_name="Sari",
        username="sari.masak",
        follower_count=15_200,
        videos=[fake_video("open-1", index) for index in range(25)],
    )
    return fake_tiktok.issue_tokens("open-1")["access_token"]


def test_authorize_url_asks_for_the_scopes_with_pkce(api, settings):
    url = api.authorize_url(state="st", code_challenge="ch", redirect_uri=CALLBACK)
    assert url.startswith(settings.TIKTOK_AUTH_URL + "?")
    assert "client_key=fake-client-key" in url
    assert "scope=user.info.basic%2Cuser.info.profile%2Cuser.info.stats%2Cvideo.list" in url
    assert "code_challenge=ch&code_challenge_method=S256" in url
    assert "state=st" in url and "response_type=code" in url


def test_it_exchanges_a_code_with_its_verifier(api, fake_tiktok):
    start = begin_link()
    code = fake_tiktok.issue_code("open-1", start.code_challenge)
    tokens = api.exchange_code(code=code, code_verifier=start.code_verifier, redirect_uri=CALLBACK)
    assert tokens.open_id == "open-1"
    assert "video.list" in tokens.scopes
    now = timezone.now()
    assert abs(tokens.access_expires_at - (now + timedelta(days=1))) < timedelta(seconds=10)
    assert abs(tokens.refresh_expires_at - (now + timedelta(days=365))) < timedelta(seconds=10)
    _, form, headers = fake_tiktok.requests[-1]
    assert form["client_secret"] == "fake-client-secret"
    assert form["redirect_uri"] == CALLBACK
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"


def test_a_wrong_verifier_or_a_used_code_is_rejected(api, fake_tiktok):
    start = begin_link()
    code = fake_tiktok.issue_code("open-1", start.code_challenge)
    with pytest.raises(TokenRejected) as caught:
        api.exchange_code(code=code, code_verifier="another", redirect_uri=CALLBACK)
    assert caught.value.code == "invalid_grant"
    with pytest.raises(TokenRejected):
        api.exchange_code(code=code, code_verifier=start.code_verifier, redirect_uri=CALLBACK)


def test_it_refreshes_and_an_expired_refresh_token_is_rejected(api, fake_tiktok):
    issued = fake_tiktok.issue_tokens("open-1")
    fresh = api.refresh(refresh_token=issued["refresh_token"])
    assert fresh.access_token != issued["access_token"]
    fake_tiktok.expire(fresh.refresh_token)
    with pytest.raises(TokenRejected):
        api.refresh(refresh_token=fresh.refresh_token)


def test_it_reads_the_user_and_their_counts(api, token, fake_tiktok):
    info = api.user_info(access_token=token)
    assert (info.open_id, info.display_name, info.username) == ("open-1", "Sari", "sari.masak")
    assert info.follower_count == 15_200 and info.video_count == 25
    _, _, headers = fake_tiktok.requests[-1]
    assert headers["Authorization"] == f"Bearer {token}"


def test_it_pages_through_the_video_list(api, token):
    first = api.list_videos(access_token=token)
    assert len(first.videos) == 20 and first.has_more
    second = api.list_videos(access_token=token, cursor=first.cursor)
    assert len(second.videos) == 5 and not second.has_more
    video = first.videos[0]
    assert video.created_at.tzinfo == UTC
    assert video.created_at < datetime.now(UTC)
    assert video.view_count == 10_000 and video.like_count == 1_000
    assert video.comment_count == 100 and video.share_count == 50
    assert video.share_url.endswith("/video/0")


def test_a_query_returns_the_accounts_videos_and_leaves_out_absent_ones(api, token):
    videos = api.list_videos(access_token=token).videos
    found = api.query_videos(access_token=token, video_ids=[videos[3].id, "7000000000000000001"])
    assert [video.id for video in found] == [videos[3].id]
    assert api.query_videos(access_token=token, video_ids=[]) == []


def test_revoke_ends_the_token(api, token, fake_tiktok):
    api.revoke(access_token=token)
    assert fake_tiktok.calls(REVOKE) == 1
    with pytest.raises(TokenRejected):
        api.user_info(access_token=token)


@pytest.mark.parametrize("shape", ["invalid_token", "expired_token", "revoked"])
@pytest.mark.parametrize("path", [USER_INFO, VIDEO_LIST, VIDEO_QUERY])
def test_a_rejected_access_token_is_token_rejected(api, token, fake_tiktok, path, shape):
    fake_tiktok.fail(path, shape)
    with pytest.raises(TokenRejected) as caught:
        call(api, path, token)
    assert caught.value.code == "access_token_invalid"
    assert caught.value.log_id


@pytest.mark.parametrize("shape", ["invalid_token", "expired_token", "revoked"])
def test_a_rejected_refresh_is_token_rejected(api, fake_tiktok, shape):
    issued = fake_tiktok.issue_tokens("open-1")
    fake_tiktok.fail(TOKEN, shape)
    with pytest.raises(TokenRejected) as caught:
        api.refresh(refresh_token=issued["refresh_token"])
    assert caught.value.code == "invalid_grant"


def test_a_missing_scope_is_scope_missing(api, token, fake_tiktok):
    fake_tiktok.fail(VIDEO_LIST, "scope_missing")
    with pytest.raises(ScopeMissing):
        api.list_videos(access_token=token)


@pytest.mark.parametrize("path", [USER_INFO, VIDEO_LIST, VIDEO_QUERY, TOKEN])
def test_a_rate_limit_is_rate_limited_with_retry_after(api, token, fake_tiktok, path):
    fake_tiktok.fail(path, "rate_limited", retry_after=17)
    with pytest.raises(RateLimited) as caught:
        call(api, path, token)
    assert caught.value.retry_after == 17


def test_a_rate_limit_without_retry_after_waits_a_minute(api, token, fake_tiktok):
    fake_tiktok.fail(USER_INFO, "rate_limited")
    with pytest.raises(RateLimited) as caught:
        api.user_info(access_token=token)
    assert caught.value.retry_after == 60


def test_more_than_600_requests_a_minute_are_rate_limited(api, token, fake_tiktok):
    fake_tiktok.per_minute = 3
    for _ in range(3):
        api.user_info(access_token=token)
    with pytest.raises(RateLimited):
        api.user_info(access_token=token)
    api.list_videos(access_token=token)  # the limit is per endpoint


@pytest.mark.parametrize("shape", ["server_error", "malformed", "missing_keys"])
@pytest.mark.parametrize("path", [USER_INFO, VIDEO_LIST, VIDEO_QUERY, TOKEN])
def test_a_broken_answer_is_unavailable(api, token, fake_tiktok, path, shape):
    fake_tiktok.fail(path, shape)
    with pytest.raises(Unavailable):
        call(api, path, token)


def test_a_time_out_is_unavailable(api, token, fake_tiktok, settings):
    settings.TIKTOK_TIMEOUT_SECONDS = 0.1
    fake_tiktok.fail(USER_INFO, "timeout", delay=0.5)
    with pytest.raises(Unavailable) as caught:
        get_client().user_info(access_token=token)
    assert caught.value.code == "timeout"


def test_an_unreachable_tiktok_is_unavailable(settings):
    settings.TIKTOK_CLIENT = "tiktok.http.HttpTikTokClient"
    settings.TIKTOK_API_URL = "http://127.0.0.1:9"  # the discard port: nothing listens
    with pytest.raises(Unavailable):
        get_client().user_info(access_token="x")


def test_a_video_not_found_code_is_video_not_found(api, token, fake_tiktok):
    fake_tiktok.fail(VIDEO_QUERY, "video_not_found")
    with pytest.raises(VideoNotFound):
        api.query_videos(access_token=token, video_ids=["1"])


def test_every_request_has_a_time_out(fake_tiktok, token, settings, monkeypatch):
    settings.TIKTOK_TIMEOUT_SECONDS = 3.5
    client = get_client()
    timeouts = []
    send = client.session.request

    def recording(*args, **kwargs):
        timeouts.append(kwargs.get("timeout"))
        return send(*args, **kwargs)

    monkeypatch.setattr(client.session, "request", recording)
    for path in (USER_INFO, VIDEO_LIST, VIDEO_QUERY, TOKEN, REVOKE):
        call(client, path, token, fake=fake_tiktok)
    assert timeouts == [3.5] * 5


def call(api, path, token, fake=None):
    """One request to ``path`` through the client."""
    if path == USER_INFO:
        return api.user_info(access_token=token)
    if path == VIDEO_LIST:
        return api.list_videos(access_token=token)
    if path == VIDEO_QUERY:
        return api.query_videos(access_token=token, video_ids=["1"])
    if path == REVOKE:
        return api.revoke(access_token=token)
    refresh = fake.issue_tokens("open-1")["refresh_token"] if fake else "rft.unknown"
    return api.refresh(refresh_token=refresh)


def test_a_wrong_client_secret_is_unavailable_never_a_rejected_token(api, fake_tiktok, settings):
    issued = fake_tiktok.issue_tokens("open-1")
    settings.TIKTOK_CLIENT_SECRET = "wrong"
    with pytest.raises(Unavailable) as caught:
        get_client().refresh(refresh_token=issued["refresh_token"])
    assert caught.value.code == "invalid_client"
