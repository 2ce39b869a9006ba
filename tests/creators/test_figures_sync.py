"""Figures verified from TikTok: read through the sandbox client (the real
implementation, deterministic), derived as the pages say, and kept when a
read fails."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from creators import verification
from creators.models import CreatorProfile, FigureSnapshot
from creators.signals import creator_figures_changed
from creators.verification import Outcome, derive_figures, sync_figures_from_tiktok
from tests.creators.factories import EligibleCreatorFactory
from tests.tiktok.factories import LinkedAccountFactory
from tiktok.client import UserInfo, Video
from tiktok.models import LinkedAccount
from tiktok.sandbox import SandboxTikTokClient, mark_revoked, user_info_for, videos_for

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 3, 5, 0, tzinfo=UTC)


def video(days_old, views, likes=0, comments=0, shares=0):
    return Video(
        id=f"v{days_old}-{views}",
        created_at=NOW - timedelta(days=days_old),
        view_count=views,
        like_count=likes,
        comment_count=comments,
        share_count=shares,
    )


def info(**counts):
    return UserInfo(open_id="x", display_name="x", **counts)


def linked_creator(**fields):
    profile = EligibleCreatorFactory(**fields)
    account = LinkedAccountFactory(user=profile.user)
    return profile, account


# --- What the figures are -------------------------------------------------------------


def test_views_are_the_sum_of_the_videos_posted_in_the_last_30_days():
    figures = derive_figures(
        info(follower_count=12_345, likes_count=99_000),
        [video(1, 1_000), video(29, 500), video(30, 250), video(31, 10_000)],
        now=NOW,
    )

    assert figures.views_last_30_days == 1_750
    assert figures.public_video_count == 3
    assert figures.follower_count == 12_345
    assert figures.likes_count == 99_000


def test_engagement_is_likes_comments_and_shares_over_views_in_percent():
    figures = derive_figures(
        info(),
        [video(2, 3_000, likes=200, comments=30, shares=7), video(40, 10, likes=10)],
        now=NOW,
    )

    # (200 + 30 + 7) / 3,000 x 100 = 7.9
    assert figures.engagement_rate == Decimal("7.90")


def test_engagement_is_rounded_half_up_to_two_decimals():
    figures = derive_figures(info(), [video(2, 800, likes=1)], now=NOW)  # 0.125 %

    assert figures.engagement_rate == Decimal("0.13")


def test_engagement_is_at_most_100_percent():
    figures = derive_figures(info(), [video(2, 10, likes=30, comments=5)], now=NOW)

    assert figures.engagement_rate == Decimal("100")


def test_engagement_is_unknown_without_views():
    figures = derive_figures(info(), [video(2, 0, likes=3), video(45, 900)], now=NOW)

    assert figures.engagement_rate is None
    assert figures.public_video_count == 1
    assert figures.views_last_30_days == 0


# --- Reading TikTok -------------------------------------------------------------------


def test_a_linked_creator_gets_figures_verified_from_tiktok():
    profile, account = linked_creator(engagement_rate=None)
    now = timezone.now()

    result = sync_figures_from_tiktok(profile=profile, now=now)

    assert result.outcome == Outcome.VERIFIED
    user = user_info_for(account.open_id)
    recent = [v for v in videos_for(account.open_id) if v.created_at >= now - timedelta(days=30)]
    profile.refresh_from_db()
    assert profile.follower_count == user.follower_count
    assert profile.views_last_30_days == sum(v.view_count for v in recent)
    assert profile.public_video_count == len(recent)
    assert profile.engagement_rate is not None
    assert profile.figures_source == FigureSnapshot.Source.API
    assert profile.figures_verified_at == now
    assert profile.figures_are_verified
    snapshot = FigureSnapshot.objects.get(profile=profile, source=FigureSnapshot.Source.API)
    assert snapshot.get_source_display() == "TikTok"
    assert snapshot.recorded_on == timezone.localdate(now)
    assert snapshot.likes_count == user.likes_count
    assert snapshot.videos_counted == len(recent)
    assert snapshot.engagement_rate == profile.engagement_rate
    assert "view_count" in snapshot.method


def test_reading_twice_a_day_keeps_one_snapshot_for_the_day():
    profile, _account = linked_creator()

    sync_figures_from_tiktok(profile=profile)
    sync_figures_from_tiktok(profile=profile)

    assert FigureSnapshot.objects.filter(profile=profile).count() == 1


def test_a_good_read_clears_the_stale_mark():
    profile, _account = linked_creator(figures_stale_since=timezone.now() - timedelta(days=2))

    sync_figures_from_tiktok(profile=profile)

    profile.refresh_from_db()
    assert profile.figures_stale_since is None


def test_the_matcher_hears_of_new_figures_once_they_are_committed(
    django_capture_on_commit_callbacks,
):
    profile, _account = linked_creator()
    heard = []

    def listener(sender, profile_id, **kwargs):
        heard.append(profile_id)

    creator_figures_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            sync_figures_from_tiktok(profile=profile)
        assert heard == []
        for callback in callbacks:
            callback()
    finally:
        creator_figures_changed.disconnect(listener)

    assert profile.pk in heard


def test_a_creator_without_a_link_is_not_read():
    profile = EligibleCreatorFactory()

    assert sync_figures_from_tiktok(profile=profile).outcome == Outcome.NOT_LINKED
    assert not FigureSnapshot.objects.filter(profile=profile).exists()


def test_a_disconnected_creator_is_not_read():
    profile, account = linked_creator()
    LinkedAccount.objects.filter(pk=account.pk).update(status=LinkedAccount.Status.DISCONNECTED)

    assert sync_figures_from_tiktok(profile=profile).outcome == Outcome.NOT_LINKED


class PageCountingSandbox(SandboxTikTokClient):
    """The sandbox, remembering the video-list pages it answered."""

    pages = []

    def list_videos(self, **kwargs):
        page = super().list_videos(**kwargs)
        self.pages.append(page)
        return page


def test_the_video_list_is_read_only_as_far_back_as_30_days(settings):
    settings.TIKTOK_CLIENT = f"{__name__}.PageCountingSandbox"
    PageCountingSandbox.pages.clear()
    profile, _account = linked_creator()

    sync_figures_from_tiktok(profile=profile)

    pages = PageCountingSandbox.pages
    month_ago = timezone.now() - timedelta(days=30)
    assert 1 <= len(pages) <= verification.MAX_VIDEO_PAGES
    assert all(v.created_at >= month_ago for page in pages[:-1] for v in page.videos)
    assert any(v.created_at < month_ago for v in pages[-1].videos) or not pages[-1].has_more


# --- When TikTok refuses --------------------------------------------------------------


def test_a_rejected_token_breaks_the_link_and_keeps_the_figures_marked_stale(mailoutbox):
    profile, account = linked_creator(follower_count=12_000)
    LinkedAccount.objects.filter(pk=account.pk).update(
        access_token=mark_revoked(account.access_token),
        refresh_token=mark_revoked(account.refresh_token),
        access_expires_at=timezone.now() + timedelta(hours=2),
    )
    now = timezone.now()

    result = sync_figures_from_tiktok(profile=profile, now=now)

    assert result.outcome == Outcome.BROKEN
    account.refresh_from_db()
    assert account.status == LinkedAccount.Status.BROKEN
    profile = CreatorProfile.objects.get(pk=profile.pk)
    assert profile.follower_count == 12_000
    assert profile.figures_stale_since == now
    assert not FigureSnapshot.objects.filter(profile=profile).exists()


def test_marking_figures_stale_changes_the_profiles_updated_at():
    profile = EligibleCreatorFactory()
    before = CreatorProfile.objects.get(pk=profile.pk).updated_at

    verification.mark_figures_stale(profile=profile, since=timezone.now())

    assert CreatorProfile.objects.get(pk=profile.pk).updated_at > before
