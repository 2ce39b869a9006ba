"""Figures verified from TikTok: read a linked creator's counts and recent
videos, derive the 30-day figures, and record them as a dated snapshot.

TikTok's errors are handled here, never HTTP ones: a rejected token breaks the
link, an outage keeps the last good figures and marks them stale with the
date, and a rate limit marks them stale too, for the task to wait out."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models.functions import Mod
from django.utils import timezone

from core.jobs import enqueue
from creators.models.figures import FigureSnapshot
from creators.models.profiles import CreatorProfile
from creators.services import record_figures
from creators.signals import creator_changed
from tiktok import selectors as tiktok_selectors
from tiktok import services as tiktok_services
from tiktok.client import RateLimited, ScopeMissing, TokenRejected, Unavailable, get_client

# The window of "views in the last 30 days" and "public videos in the last 30 days".
WINDOW_DAYS = 30
# A page of the video list holds at most 20 videos (TikTok's maximum); more
# than 10 pages (200 videos in a month) is not read, to bound the requests.
VIDEOS_PER_PAGE = 20
MAX_VIDEO_PAGES = 10
# Written on each snapshot read from TikTok: how its figures were worked out.
METHOD = (
    "followers and likes: TikTok user info; views in the last 30 days: sum of view_count "
    "of the public videos created in the 30 days before the read; public videos: their "
    "count; engagement rate: (likes + comments + shares) / views x 100 over those videos"
)


class Outcome:
    VERIFIED = "verified"
    NOT_LINKED = "not_linked"
    BROKEN = "broken"
    STALE = "stale"


@dataclass(frozen=True)
class TikTokFigures:
    """What one read of TikTok gives, derived as the pages say it is."""

    follower_count: int
    likes_count: int
    public_video_count: int
    views_last_30_days: int
    engagement_rate: Decimal | None


@dataclass(frozen=True)
class SyncResult:
    outcome: str
    snapshot: FigureSnapshot | None = None


def derive_figures(user_info, videos, *, now):
    """The figures from ``user_info`` and ``videos``: views, public videos and
    engagement over the videos created in the ``WINDOW_DAYS`` before ``now``.
    The engagement rate is None when those videos have no views, and at most 100."""
    since = now - timedelta(days=WINDOW_DAYS)
    recent = [video for video in videos if since <= video.created_at <= now]
    views = sum(video.view_count for video in recent)
    interactions = sum(
        video.like_count + video.comment_count + video.share_count for video in recent
    )
    engagement = None
    if views:
        # More interactions than views is possible on a handful of views; a
        # rate is shown (and stored on the profile) as at most 100 %.
        engagement = min(
            (Decimal(interactions) * 100 / Decimal(views)).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            ),
            Decimal(100),
        )
    return TikTokFigures(
        follower_count=user_info.follower_count,
        likes_count=user_info.likes_count,
        public_video_count=len(recent),
        views_last_30_days=views,
        engagement_rate=engagement,
    )


def recent_videos(client, access_token, *, since):
    """The account's videos, newest first, paged until they are older than
    ``since``, TikTok has no more, or ``MAX_VIDEO_PAGES`` were read."""
    videos, cursor = [], None
    for _page in range(MAX_VIDEO_PAGES):
        page = client.list_videos(
            access_token=access_token, cursor=cursor, max_count=VIDEOS_PER_PAGE
        )
        videos.extend(page.videos)
        older = any(video.created_at < since for video in page.videos)
        if older or not page.has_more or not page.videos:
            break
        cursor = page.cursor
    return videos


def mark_figures_stale(*, profile, since=None):
    """TikTok did not answer: keep the last good figures and say since when
    they are not fresh (the first failure's time stays until a good read)."""
    since = since or timezone.now()
    # updated_at and the creator's version too: pages keep what they show of a
    # profile under them (an update() sends no signal).
    CreatorProfile.objects.filter(pk=profile.pk, figures_stale_since__isnull=True).update(
        figures_stale_since=since, updated_at=timezone.now()
    )
    creator_changed(profile.pk)
    if profile.figures_stale_since is None:
        profile.figures_stale_since = since
    return profile


def sync_figures_from_tiktok(*, profile, now=None):
    """Read the creator's figures from their linked TikTok account and record
    them (a snapshot of today from TikTok, the profile's current figures
    verified now; ``creator_figures_changed`` follows the commit).

    No linked, working account: nothing is read (``NOT_LINKED``). A rejected
    token or a missing scope breaks the link (``tiktok.services.mark_broken``)
    and marks the figures stale (``BROKEN``). TikTok down or answering nonsense
    (``Unavailable``) or rate limiting (``RateLimited``) marks them stale and
    raises, so the task retries later (after ``retry_after`` for a rate limit).
    The last good figures are never replaced by a failed read."""
    now = now or timezone.now()
    account = tiktok_selectors.account_for(profile.user)
    if account is None or not account.is_active:
        return SyncResult(Outcome.NOT_LINKED)
    client = get_client()
    try:
        access_token = tiktok_services.access_token_for(account)
        user_info = client.user_info(access_token=access_token)
        videos = recent_videos(client, access_token, since=now - timedelta(days=WINDOW_DAYS))
    except (TokenRejected, ScopeMissing) as error:
        tiktok_services.mark_broken(account, reason=str(error) or error.code)
        mark_figures_stale(profile=profile, since=now)
        return SyncResult(Outcome.BROKEN)
    except (Unavailable, RateLimited):
        mark_figures_stale(profile=profile, since=now)
        raise
    figures = derive_figures(user_info, videos, now=now)
    snapshot = record_figures(
        profile=profile,
        recorded_on=timezone.localdate(now),
        source=FigureSnapshot.Source.API,
        follower_count=figures.follower_count,
        public_video_count=figures.public_video_count,
        views_last_30_days=figures.views_last_30_days,
        likes_count=figures.likes_count,
        videos_counted=figures.public_video_count,
        engagement_rate=figures.engagement_rate,
        method=METHOD,
        read_at=now,
    )
    return SyncResult(Outcome.VERIFIED, snapshot)


# The daily refresh runs in 24 hourly slices (a creator's slice is their
# profile id modulo 24), and each slice sends its creators' reads this many a
# minute: one user-info request and, for most creators, one or two video-list
# pages each, well under TikTok's 600 requests a minute per endpoint.
SLICES = 24
CREATORS_PER_MINUTE = 250
SYNC_TASK = "creators.tasks.sync_creator_figures"


def linked_profiles():
    """Profiles whose creator has a working TikTok link."""
    return CreatorProfile.objects.filter(
        user_id__in=tiktok_selectors.active_accounts().values("user_id")
    )


def schedule_figures_slice(*, hour):
    """Queue one figures read for each linked creator of slice ``hour`` (0-23),
    spaced ``60 / CREATORS_PER_MINUTE`` seconds apart. Returns how many were queued."""
    profile_ids = (
        linked_profiles()
        .annotate(slice=Mod("pk", SLICES))
        .filter(slice=hour % SLICES)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    spacing = 60 / CREATORS_PER_MINUTE
    count = 0
    for position, profile_id in enumerate(profile_ids.iterator()):
        enqueue(SYNC_TASK, countdown=round(position * spacing, 2), profile_id=profile_id)
        count += 1
    return count


def sync_when_linked(sender, *, user_id, **kwargs):
    """``tiktok.signals.account_linked``: read the new account's figures at once."""
    profile_id = CreatorProfile.objects.filter(user_id=user_id).values_list("pk", flat=True).first()
    if profile_id is not None:
        enqueue(SYNC_TASK, profile_id=profile_id)
