"""The one interface to TikTok (Login Kit v2 and the Display API v2).

Two implementations share it: :class:`tiktok.http.HttpTikTokClient`, the real
client (base URLs, client key and secret from the environment), and
:class:`tiktok.sandbox.SandboxTikTokClient`, which answers with the same shapes
and no network (``make run``). ``TIKTOK_CLIENT`` names the one in use; callers
get it from :func:`get_client` and catch the errors below, never HTTP ones."""

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.utils.module_loading import import_string

# What the features need: the profile, its counts, and the public videos' counts.
SCOPES = ("user.info.basic", "user.info.profile", "user.info.stats", "video.list")


class TikTokError(Exception):
    """TikTok did not give what was asked; ``code`` is TikTok's error code when it sent one."""

    def __init__(self, message="", *, code="", log_id=""):
        super().__init__(message or code)
        self.code = code
        self.log_id = log_id


class TokenRejected(TikTokError):
    """The access or refresh token is invalid, expired or revoked: the link is broken
    until the creator connects again."""


class ScopeMissing(TikTokError):
    """The creator did not grant a scope this call needs."""


class RateLimited(TikTokError):
    """HTTP 429 / ``rate_limit_exceeded``: wait ``retry_after`` seconds before the next call."""

    def __init__(self, message="", *, retry_after=60, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class Unavailable(TikTokError):
    """TikTok is down or answered nonsense (5xx, a time-out, a malformed body):
    retry later and keep the last good numbers."""


class VideoNotFound(TikTokError):
    """The video does not exist (any more) or is not the account's."""


@dataclass(frozen=True)
class Tokens:
    open_id: str
    access_token: str
    refresh_token: str
    access_expires_at: datetime
    refresh_expires_at: datetime
    scopes: tuple = ()


@dataclass(frozen=True)
class UserInfo:
    open_id: str
    display_name: str
    username: str = ""
    avatar_url: str = ""
    profile_url: str = ""
    is_verified: bool = False
    follower_count: int = 0
    following_count: int = 0
    likes_count: int = 0
    video_count: int = 0


@dataclass(frozen=True)
class Video:
    id: str
    created_at: datetime
    title: str = ""
    share_url: str = ""
    cover_image_url: str = ""
    duration: int = 0
    view_count: int = 0
    like_count: int = 0
    comment_count: int = 0
    share_count: int = 0


@dataclass(frozen=True)
class VideoPage:
    videos: list = field(default_factory=list)
    cursor: int = 0
    has_more: bool = False


class TikTokClient:
    """What the portal asks of TikTok. Every method raises only the errors above."""

    def authorize_url(self, *, state, code_challenge, redirect_uri, scopes=SCOPES):
        """Where to send the creator to grant access (PKCE, S256)."""
        raise NotImplementedError

    def exchange_code(self, *, code, code_verifier, redirect_uri):
        """The :class:`Tokens` for an authorization ``code``."""
        raise NotImplementedError

    def refresh(self, *, refresh_token):
        """New :class:`Tokens` (TikTok may rotate the refresh token)."""
        raise NotImplementedError

    def revoke(self, *, access_token):
        """End the app's access to the account."""
        raise NotImplementedError

    def user_info(self, *, access_token):
        """The account's :class:`UserInfo` with its counts."""
        raise NotImplementedError

    def list_videos(self, *, access_token, cursor=None, max_count=20):
        """One :class:`VideoPage` of the account's public videos, newest first."""
        raise NotImplementedError

    def query_videos(self, *, access_token, video_ids):
        """The account's videos among ``video_ids`` (at most 20); absent ones are not returned."""
        raise NotImplementedError


def pkce_challenge(code_verifier):
    """The S256 code challenge of ``code_verifier`` (RFC 7636)."""
    digest = hashlib.sha256(code_verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def authorize_query(*, client_key, state, code_challenge, redirect_uri, scopes=SCOPES):
    """The query string of TikTok's authorization page (PKCE with S256)."""
    return urlencode(
        {
            "client_key": client_key,
            "scope": ",".join(scopes),
            "response_type": "code",
            "redirect_uri": redirect_uri,
            "state": state,
            "code_challenge": code_challenge,
            "code_challenge_method": "S256",
        }
    )


def get_client():
    """The configured client (``TIKTOK_CLIENT``, a dotted path; the sandbox by default)."""
    return import_string(settings.TIKTOK_CLIENT)()
