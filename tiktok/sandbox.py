"""A TikTok without the network, for ``make run``, demos and tests.

:class:`SandboxTikTokClient` answers every call of :class:`tiktok.client.TikTokClient`
with the shapes the real client returns. Its figures come from a hash of the
account's ``open_id``, so one account shows the same plausible numbers on every run
(thousands to tens of thousands of followers, ~30 videos over the last 60 days).

Its tokens carry what TikTok keeps on its side: ``sbx-at.<open_id>.<expiry>.<nonce>``
(24 hours) and ``sbx-rt.<open_id>.<expiry>.<nonce>`` (365 days). An expired token,
one revoked through :meth:`~SandboxTikTokClient.revoke` in this process, or one whose
string is marked revoked (containing ``.revoked``) raises
:class:`~tiktok.client.TokenRejected`, as TikTok's would. The authorization page is
a local consent page (``tiktok:sandbox_authorize``) issuing codes
``sandbox-<open_id>[.<code_challenge>]``."""

import hashlib
import secrets
from datetime import UTC, timedelta

from django.urls import reverse
from django.utils import timezone

from tiktok.client import (
    SCOPES,
    TikTokClient,
    TokenRejected,
    Tokens,
    UserInfo,
    Video,
    VideoPage,
    authorize_query,
    pkce_challenge,
)

ACCESS_LIFETIME = timedelta(hours=24)
REFRESH_LIFETIME = timedelta(days=365)
CODE_PREFIX = "sandbox-"
REVOKED_MARK = ".revoked"
VIDEOS_PER_ACCOUNT = 30
SPAN_SECONDS = 60 * 24 * 3600  # videos of the last 60 days

# Tokens revoked in this process (TikTok would remember them on its side).
_revoked = set()


def sandbox_open_id(seed):
    """A stable sandbox ``open_id`` for ``seed`` (e.g. a portal user's email)."""
    return "sbx" + hashlib.sha256(f"sandbox-open-id:{seed}".encode()).hexdigest()[:20]


def code_for(open_id, code_challenge=""):
    """The authorization code the consent page issues for ``open_id``."""
    return CODE_PREFIX + open_id + (f".{code_challenge}" if code_challenge else "")


def _number(open_id, label, low, high):
    """A whole number in ``[low, high]`` fixed by ``open_id`` and ``label``."""
    digest = hashlib.sha256(f"{open_id}:{label}".encode()).digest()
    return low + int.from_bytes(digest[:8], "big") % (high - low + 1)


def _token(kind, open_id, expires_at):
    return f"sbx-{kind}.{open_id}.{int(expires_at.timestamp())}.{secrets.token_urlsafe(12)}"


def _open_id_of(token, kind):
    """The ``open_id`` a live token of ``kind`` was issued for; TokenRejected otherwise."""
    parts = (token or "").split(".")
    if (
        len(parts) != 4
        or parts[0] != f"sbx-{kind}"
        or REVOKED_MARK in token
        or token in _revoked
        or not parts[2].isdigit()
    ):
        code = "invalid_grant" if kind == "rt" else "access_token_invalid"
        raise TokenRejected("The token is invalid or was revoked.", code=code)
    if int(parts[2]) <= timezone.now().timestamp():
        code = "invalid_grant" if kind == "rt" else "access_token_invalid"
        raise TokenRejected("The token has expired.", code=code)
    return parts[1]


def mark_revoked(token):
    """``token`` as the sandbox's TikTok would see it once revoked (for demos and tests)."""
    return token + REVOKED_MARK


def user_info_for(open_id):
    """The sandbox account's profile and counts."""
    videos = videos_for(open_id)
    name = f"Sandbox {open_id[3:9].upper()}"
    return UserInfo(
        open_id=open_id,
        display_name=name,
        username=f"sandbox_{open_id[3:11]}",
        avatar_url="",
        profile_url=f"https://www.tiktok.com/@sandbox_{open_id[3:11]}",
        is_verified=_number(open_id, "verified", 0, 9) == 0,
        follower_count=_number(open_id, "followers", 2_500, 60_000),
        following_count=_number(open_id, "following", 40, 900),
        likes_count=sum(video.like_count for video in videos)
        + _number(open_id, "older-likes", 10_000, 400_000),
        video_count=len(videos) + _number(open_id, "older-videos", 0, 120),
    )


def videos_for(open_id):
    """The sandbox account's ~30 public videos of the last 60 days, newest first.

    Dates are anchored at today's midnight (UTC), so they move with the calendar
    while staying the same within a day."""
    today = timezone.now().astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    count = VIDEOS_PER_ACCOUNT + _number(open_id, "video-count", -3, 3)
    videos = []
    for index in range(count):
        label = f"video-{index}"
        age = timedelta(seconds=_number(open_id, label + "-age", 0, SPAN_SECONDS))
        views = _number(open_id, label + "-views", 800, 90_000)
        videos.append(
            Video(
                id=str(7_000_000_000_000_000_000 + _number(open_id, label, 0, 10**17)),
                created_at=today - age,
                title=f"Sandbox video {index + 1}",
                share_url=f"https://www.tiktok.com/@sandbox_{open_id[3:11]}/video/{index}",
                cover_image_url="",
                duration=_number(open_id, label + "-duration", 8, 180),
                view_count=views,
                like_count=views * _number(open_id, label + "-likes", 30, 120) // 1000,
                comment_count=views * _number(open_id, label + "-comments", 2, 15) // 1000,
                share_count=views * _number(open_id, label + "-shares", 1, 10) // 1000,
            )
        )
    return sorted(videos, key=lambda video: (video.created_at, video.id), reverse=True)


class SandboxTikTokClient(TikTokClient):
    """The sandbox TikTok: same calls, same shapes, same errors, no network."""

    def authorize_url(self, *, state, code_challenge, redirect_uri, scopes=SCOPES):
        query = authorize_query(
            client_key="sandbox",
            state=state,
            code_challenge=code_challenge,
            redirect_uri=redirect_uri,
            scopes=scopes,
        )
        return f"{reverse('tiktok:sandbox_authorize')}?{query}"

    def exchange_code(self, *, code, code_verifier, redirect_uri):
        open_id, _, challenge = (code or "").removeprefix(CODE_PREFIX).partition(".")
        if not code.startswith(CODE_PREFIX) or not open_id:
            raise TokenRejected("The authorization code is invalid.", code="invalid_grant")
        if challenge and not secrets.compare_digest(challenge, pkce_challenge(code_verifier)):
            raise TokenRejected("The code verifier does not match.", code="invalid_grant")
        return self._tokens(open_id)

    def refresh(self, *, refresh_token):
        return self._tokens(_open_id_of(refresh_token, "rt"))

    def revoke(self, *, access_token):
        _open_id_of(access_token, "at")
        _revoked.add(access_token)

    def user_info(self, *, access_token):
        return user_info_for(_open_id_of(access_token, "at"))

    def list_videos(self, *, access_token, cursor=None, max_count=20):
        videos = videos_for(_open_id_of(access_token, "at"))
        if cursor:
            videos = [video for video in videos if video.created_at.timestamp() * 1000 < cursor]
        page = videos[:max_count]
        return VideoPage(
            videos=page,
            cursor=int(page[-1].created_at.timestamp() * 1000) if page else 0,
            has_more=len(videos) > len(page),
        )

    def query_videos(self, *, access_token, video_ids):
        if len(video_ids) > 20:
            raise ValueError("TikTok answers at most 20 video ids per query.")
        wanted = set(video_ids)
        return [
            video for video in videos_for(_open_id_of(access_token, "at")) if video.id in wanted
        ]

    @staticmethod
    def _tokens(open_id):
        now = timezone.now()
        return Tokens(
            open_id=open_id,
            access_token=_token("at", open_id, now + ACCESS_LIFETIME),
            refresh_token=_token("rt", open_id, now + REFRESH_LIFETIME),
            access_expires_at=now + ACCESS_LIFETIME,
            refresh_expires_at=now + REFRESH_LIFETIME,
            scopes=SCOPES,
        )
