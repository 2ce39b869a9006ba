"""What the posted videos achieved: their views, likes, comments and shares,
read from TikTok daily for 30 days after posting, then weekly up to 90 days.

The hourly ``queue_figure_reads`` finds the creators with a video due and
queues one job per creator (``collaborations.tasks.read_creator_video_figures``);
each asks TikTok once per 20 of that creator's videos (``query_videos``) and
keeps one row per video and day (Asia/Jakarta), so a job run twice on a day
overwrites that day's row rather than adding one. When TikTok does not answer
(rate limit, outage, a rejected token) the last figures stay as they are and
the videos are due again at the next run. A video TikTok no longer returns for
the creator's account is marked gone and not asked for again."""

import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from collaborations.models import Collaboration, VideoFigures
from collaborations.selectors import track_records
from core import jobs
from creators.services import record_campaign_videos
from tiktok.client import (
    ScopeMissing,
    TokenRejected,
    Unavailable,
    VideoNotFound,
    get_client,
)
from tiktok.models import LinkedAccount
from tiktok.services import access_token_for

logger = logging.getLogger(__name__)

DAILY_FOR = timedelta(days=30)
WEEKLY_UNTIL = timedelta(days=90)
WEEK_DAYS = 7
BATCH = 20  # TikTok answers at most 20 video ids per query


@dataclass
class Reading:
    """What one creator's read did: collaboration ids read, marked gone, left as they were."""

    read: list = field(default_factory=list)
    gone: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    error: str = ""


def _day_start(now):
    """The start of ``now``'s day in the site's time zone (Asia/Jakarta)."""
    local = timezone.localtime(now)
    return timezone.make_aware(datetime.combine(local.date(), time.min), local.tzinfo)


def videos_due(now=None):
    """Posted videos whose figures are due: never read, or posted within 30 days
    and not read yet today, or posted 30 to 90 days ago and last read 7 or more
    days ago. Videos TikTok no longer shows are left out."""
    now = now or timezone.now()
    today = _day_start(now)
    return Collaboration.objects.filter(
        ~Q(tiktok_video_id=""),
        video_gone_at__isnull=True,
        posted_at__gte=now - WEEKLY_UNTIL,
    ).filter(
        Q(figures_read_at__isnull=True)
        | Q(posted_at__gte=now - DAILY_FOR, figures_read_at__lt=today)
        | Q(
            posted_at__lt=now - DAILY_FOR,
            figures_read_at__lt=today - timedelta(days=WEEK_DAYS - 1),
        )
    )


def queue_figure_reads(*, now=None):
    """Queue one figures job per creator with a video due; returns how many."""
    creator_ids = list(videos_due(now).values_list("creator_id", flat=True).distinct().order_by())
    for creator_id in creator_ids:
        jobs.enqueue("collaborations.tasks.read_creator_video_figures", creator_id=creator_id)
    return len(creator_ids)


def read_creator_video_figures(*, creator_id, now=None):
    """Read the figures of ``creator_id``'s videos that are due, one TikTok call
    per 20 videos, and record them (see the module). Returns a ``Reading``.
    Raises ``tiktok.client.RateLimited`` so the caller can back off; other TikTok errors
    leave the figures as they were and are named in ``Reading.error``."""
    now = now or timezone.now()
    due = list(
        videos_due(now)
        .filter(creator_id=creator_id)
        .select_related("creator")
        .only("pk", "tiktok_video_id", "creator", "creator__user_id")
        .order_by("pk")
    )
    reading = Reading()
    if not due:
        return reading
    account = LinkedAccount.objects.filter(
        user_id=due[0].creator.user_id, status=LinkedAccount.Status.ACTIVE
    ).first()
    if account is None:
        reading.kept = [item.pk for item in due]
        reading.error = "no active TikTok link"
        return reading
    client = get_client()
    for start in range(0, len(due), BATCH):
        batch = due[start : start + BATCH]
        try:
            videos = _query(client, account, [item.tiktok_video_id for item in batch])
        except (Unavailable, TokenRejected, ScopeMissing) as error:
            reading.kept += [item.pk for item in due[start:]]
            reading.error = f"{type(error).__name__}: {error}"
            logger.warning("Video figures of creator %s not read: %s", creator_id, error)
            break
        _record(batch, videos, now, reading)
    if reading.read:
        copy_campaign_videos_to_profiles(creator_ids=[creator_id])
    return reading


def copy_campaign_videos_to_profiles(*, creator_ids):
    """Copy how each creator's posted videos did against their own average
    (``selectors.track_records``) onto their profile, where the profile pages
    and the media kit read it. One query for the records, one update per
    creator whose figure changed. Returns the ids of the profiles changed."""
    records = track_records(creator_ids=creator_ids)
    changed = []
    for creator_id in creator_ids:
        record = records.get(creator_id, {})
        if record_campaign_videos(
            profile_id=creator_id,
            measured=record.get("videos_measured", 0),
            vs_average=record.get("vs_average"),
        ):
            changed.append(creator_id)
    return changed


def _query(client, account, video_ids):
    """TikTok's videos among ``video_ids``, by id. A batch TikTok answers with
    "not found" is asked again one by one, so one deleted video does not hide
    the others."""
    try:
        found = client.query_videos(access_token=access_token_for(account), video_ids=video_ids)
    except VideoNotFound:
        if len(video_ids) == 1:
            return {}
        found = []
        for video_id in video_ids:
            found += _query(client, account, [video_id]).values()
    return {video.id: video for video in found}


def _record(batch, videos, now, reading):
    day = timezone.localdate(now)
    with transaction.atomic():
        for item in batch:
            video = videos.get(item.tiktok_video_id)
            if video is None:
                Collaboration.objects.filter(pk=item.pk).update(video_gone_at=now)
                reading.gone.append(item.pk)
                continue
            VideoFigures.objects.update_or_create(
                collaboration_id=item.pk,
                day=day,
                defaults={
                    "views": video.view_count,
                    "likes": video.like_count,
                    "comments": video.comment_count,
                    "shares": video.share_count,
                    "read_at": now,
                },
            )
            reading.read.append(item.pk)
        Collaboration.objects.filter(pk__in=reading.read).update(figures_read_at=now)
