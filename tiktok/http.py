"""The real TikTok client: Login Kit v2 (OAuth 2 with PKCE) and the Display API v2.

TikTok publishes no maintained official Python client for these APIs, so this is a
small one on ``requests``: one :class:`requests.Session`, a time-out
(``TIKTOK_TIMEOUT_SECONDS``) on every request, base URLs (``TIKTOK_AUTH_URL``,
``TIKTOK_API_URL``) and the app's client key and secret from settings. Every
answer TikTok documents is turned into the interface's dataclasses or errors, so
no caller ever sees HTTP:

* OAuth ``{"error": "invalid_grant"}``, ``access_token_invalid`` or HTTP 401 →
  :class:`TokenRejected`;
* ``scope_not_authorized`` / ``scope_permission_missed`` → :class:`ScopeMissing`;
* HTTP 429 or ``rate_limit_exceeded`` → :class:`RateLimited` (``Retry-After`` or 60 s);
* 5xx, ``internal_error``, time-outs, connection errors, a body that is not JSON or
  lacks what it must hold → :class:`Unavailable`;
* a ``video_not_found``-style code → :class:`VideoNotFound` (a video simply absent
  from a query's answer is just not returned).
"""

import logging
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import requests
from django.conf import settings
from django.utils import timezone

from tiktok.client import (
    SCOPES,
    RateLimited,
    ScopeMissing,
    TikTokClient,
    TokenRejected,
    Tokens,
    Unavailable,
    UserInfo,
    Video,
    VideoNotFound,
    VideoPage,
    authorize_query,
)

logger = logging.getLogger(__name__)

USER_FIELDS = (
    "open_id,avatar_url,display_name,username,profile_deep_link,is_verified,"
    "follower_count,following_count,likes_count,video_count"
)
VIDEO_FIELDS = (
    "id,create_time,title,share_url,cover_image_url,duration,"
    "view_count,like_count,comment_count,share_count"
)
DEFAULT_RETRY_AFTER = 60
MAX_QUERY_IDS = 20

TOKEN_CODES = {
    "invalid_grant",
    "access_token_invalid",
    "access_token_expired",
    "token_expired",
    "invalid_token",
    "refresh_token_invalid",
}
SCOPE_CODES = {"scope_not_authorized", "scope_permission_missed"}
RATE_CODES = {"rate_limit_exceeded", "too_many_requests"}
# The app's own key or secret is wrong: no creator's link is at fault, so this is
# never TokenRejected (which breaks links and emails creators).
CLIENT_CODES = {"invalid_client", "unauthorized_client"}


def _retry_after(response):
    """Seconds from a ``Retry-After`` header (seconds or an HTTP date), else 60."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return int(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return DEFAULT_RETRY_AFTER
    if when is None:
        return DEFAULT_RETRY_AFTER
    return max(0, int((when - timezone.now()).total_seconds()))


def _error_from(code, message, log_id, response):
    """The interface's error for TikTok's ``code`` (``""`` when it sent none)."""
    kwargs = {"code": code, "log_id": log_id}
    if code in CLIENT_CODES:
        logger.error("TikTok refused the app's client key or secret (%s)", code)
        return Unavailable(message or code, **kwargs)
    if code in TOKEN_CODES:
        return TokenRejected(message, **kwargs)
    if code in SCOPE_CODES:
        return ScopeMissing(message, **kwargs)
    if code in RATE_CODES or response.status_code == 429:
        return RateLimited(message, retry_after=_retry_after(response), **kwargs)
    if code.startswith("video_not_found") or code in {"video_not_exist", "video_deleted"}:
        return VideoNotFound(message, **kwargs)
    if response.status_code == 401:
        return TokenRejected(message or "HTTP 401", **kwargs)
    return Unavailable(message or f"HTTP {response.status_code}", **kwargs)


def _timestamp(seconds):
    return datetime.fromtimestamp(int(seconds), tz=UTC)


def _video(item):
    return Video(
        id=str(item["id"]),
        created_at=_timestamp(item["create_time"]),
        title=item.get("title") or "",
        share_url=item.get("share_url") or "",
        cover_image_url=item.get("cover_image_url") or "",
        duration=int(item.get("duration") or 0),
        view_count=int(item.get("view_count") or 0),
        like_count=int(item.get("like_count") or 0),
        comment_count=int(item.get("comment_count") or 0),
        share_count=int(item.get("share_count") or 0),
    )


class HttpTikTokClient(TikTokClient):
    """TikTok over HTTPS (see the module docstring for how answers are mapped)."""

    def __init__(self, *, session=None):
        self.session = session or requests.Session()
        self.api_url = settings.TIKTOK_API_URL.rstrip("/")
        self.timeout = settings.TIKTOK_TIMEOUT_SECONDS
        self.client_key = settings.TIKTOK_CLIENT_KEY
        self.client_secret = settings.TIKTOK_CLIENT_SECRET

    # Login Kit (OAuth 2)

    def authorize_url(self, *, state, code_challenge, redirect_uri, scopes=SCOPES):
        query = authorize_query(
            client_key=self.client_key,
            state=state,
            code_challenge=code_challenge,
            redirect_uri=redirect_uri,
            scopes=scopes,
        )
        return f"{settings.TIKTOK_AUTH_URL}?{query}"

    def exchange_code(self, *, code, code_verifier, redirect_uri):
        return self._tokens(
            {
                "code": code,
                "grant_type": "authorization_code",
                "redirect_uri": redirect_uri,
                "code_verifier": code_verifier,
            }
        )

    def refresh(self, *, refresh_token):
        return self._tokens({"grant_type": "refresh_token", "refresh_token": refresh_token})

    def revoke(self, *, access_token):
        self._oauth("/v2/oauth/revoke/", {"token": access_token}, allow_empty=True)

    # Display API

    def user_info(self, *, access_token):
        data = self._api("GET", "/v2/user/info/", access_token, fields=USER_FIELDS)
        try:
            user = data["user"]
            return UserInfo(
                open_id=str(user["open_id"]),
                display_name=user.get("display_name") or "",
                username=user.get("username") or "",
                avatar_url=user.get("avatar_url") or "",
                profile_url=user.get("profile_deep_link") or "",
                is_verified=bool(user.get("is_verified")),
                follower_count=int(user.get("follower_count") or 0),
                following_count=int(user.get("following_count") or 0),
                likes_count=int(user.get("likes_count") or 0),
                video_count=int(user.get("video_count") or 0),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise Unavailable(f"TikTok's user info lacks {error}", code="malformed") from error

    def list_videos(self, *, access_token, cursor=None, max_count=20):
        body = {"max_count": max_count}
        if cursor:
            body["cursor"] = cursor
        data = self._api("POST", "/v2/video/list/", access_token, fields=VIDEO_FIELDS, json=body)
        try:
            return VideoPage(
                videos=[_video(item) for item in data["videos"] or []],
                cursor=int(data.get("cursor") or 0),
                has_more=bool(data["has_more"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise Unavailable(f"TikTok's video list lacks {error}", code="malformed") from error

    def query_videos(self, *, access_token, video_ids):
        video_ids = [str(video_id) for video_id in video_ids]
        if len(video_ids) > MAX_QUERY_IDS:
            raise ValueError("TikTok answers at most 20 video ids per query.")
        if not video_ids:
            return []
        data = self._api(
            "POST",
            "/v2/video/query/",
            access_token,
            fields=VIDEO_FIELDS,
            json={"filters": {"video_ids": video_ids}},
        )
        try:
            videos = [_video(item) for item in data["videos"] or []]
        except (KeyError, TypeError, ValueError) as error:
            raise Unavailable(f"TikTok's video query lacks {error}", code="malformed") from error
        wanted = set(video_ids)
        return [video for video in videos if video.id in wanted]

    # Transport

    def _send(self, method, path, **kwargs):
        try:
            return self.session.request(method, self.api_url + path, timeout=self.timeout, **kwargs)
        except requests.Timeout as error:
            raise Unavailable("TikTok did not answer in time.", code="timeout") from error
        except requests.RequestException as error:
            raise Unavailable(f"TikTok could not be reached: {error}", code="network") from error

    @staticmethod
    def _json(response):
        try:
            body = response.json()
        except ValueError:
            body = None
        return body if isinstance(body, dict) else None

    def _tokens(self, form):
        body = self._oauth("/v2/oauth/token/", form)
        now = timezone.now()
        try:
            scopes = tuple(scope for scope in str(body.get("scope") or "").split(",") if scope)
            return Tokens(
                open_id=str(body["open_id"]),
                access_token=str(body["access_token"]),
                refresh_token=str(body["refresh_token"]),
                access_expires_at=now + timedelta(seconds=int(body["expires_in"])),
                refresh_expires_at=now + timedelta(seconds=int(body["refresh_expires_in"])),
                scopes=scopes,
            )
        except (KeyError, TypeError, ValueError) as error:
            raise Unavailable(f"TikTok's token answer lacks {error}", code="malformed") from error

    def _oauth(self, path, form, *, allow_empty=False):
        """POST a form with the app's credentials to an OAuth endpoint; its JSON body."""
        data = {"client_key": self.client_key, "client_secret": self.client_secret, **form}
        response = self._send(
            "POST",
            path,
            data=data,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        body = self._json(response)
        error = body.get("error") if body else None
        if isinstance(error, dict):  # the Display API's shape, seen on some OAuth errors
            code, message = error.get("code") or "", error.get("message") or ""
            error = None if code in ("", "ok") else code
        else:
            message = (body or {}).get("error_description") or ""
        if error:
            raise self._error(str(error), message, (body or {}).get("log_id", ""), response)
        if response.status_code >= 400:
            raise _error_from("", "", "", response)
        if body is None and not (allow_empty and not response.content.strip()):
            raise Unavailable("TikTok answered with something that is not JSON.", code="malformed")
        return body or {}

    def _api(self, method, path, access_token, *, fields, json=None):
        """Call a Display API endpoint; the ``data`` of its answer."""
        response = self._send(
            method,
            path,
            params={"fields": fields},
            json=json,
            headers={"Authorization": f"Bearer {access_token}"},
        )
        body = self._json(response)
        error = (body or {}).get("error")
        code = message = log_id = ""
        if isinstance(error, dict):
            code = str(error.get("code") or "")
            message = str(error.get("message") or "")
            log_id = str(error.get("log_id") or "")
        if (code and code != "ok") or response.status_code >= 400:
            raise self._error("" if code == "ok" else code, message, log_id, response)
        if body is None or not isinstance(body.get("data"), dict):
            raise Unavailable("TikTok answered without data.", code="malformed")
        return body["data"]

    @staticmethod
    def _error(code, message, log_id, response):
        error = _error_from(code, message, log_id, response)
        logger.info(
            "TikTok answered %s %s (log id %s): %s",
            response.status_code,
            code or "-",
            log_id or "-",
            type(error).__name__,
        )
        return error
