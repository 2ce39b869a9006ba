"""Every error shape of TikTok's API, answered by a local fake to the real
HTTP client, leaves the last good figures in place and marked stale."""

from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.utils import timezone

from creators import tasks
from creators.models import CreatorProfile, FigureSnapshot
from creators.verification import Outcome, sync_figures_from_tiktok
from tests.creators.factories import EligibleCreatorFactory
from tests.fakes.tiktok import USER_INFO, VIDEO_LIST, fake_video
from tests.tiktok.factories import LinkedAccountFactory
from tiktok.client import RateLimited, Unavailable
from tiktok.models import LinkedAccount

pytestmark = pytest.mark.django_db

BROKEN_LINK = ["invalid_token", "expired_token", "revoked", "scope_missing"]
TIKTOK_DOWN = ["server_error", "malformed", "missing_keys", "timeout"]


@pytest.fixture
def verified(fake_tiktok, settings):
    """A creator whose figures were just read from the fake TikTok."""
    settings.TIKTOK_TIMEOUT_SECONDS = 0.5
    videos = [fake_video("open-1", day, views=1_000) for day in range(0, 40, 4)]
    fake_tiktok.add_account("open-1", follower_count=15_200, videos=videos)
    tokens = fake_tiktok.issue_tokens("open-1")
    profile = EligibleCreatorFactory(figures_recorded_on=timezone.localdate() - timedelta(days=5))
    LinkedAccountFactory(
        user=profile.user,
        open_id="open-1",
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
        access_expires_at=timezone.now() + timedelta(hours=20),
    )
    assert sync_figures_from_tiktok(profile=profile).outcome == Outcome.VERIFIED
    return CreatorProfile.objects.get(pk=profile.pk)


def figures(profile):
    profile = CreatorProfile.objects.get(pk=profile.pk)
    return (
        profile.follower_count,
        profile.views_last_30_days,
        profile.public_video_count,
        profile.engagement_rate,
        profile.figures_verified_at,
        profile.figures_recorded_on,
    )


def test_the_fake_tiktok_gives_verified_figures(verified):
    # 10 videos, every 4 days: those 0 to 28 days old are the 8 of the last 30 days.
    assert verified.follower_count == 15_200
    assert verified.public_video_count == 8
    assert verified.views_last_30_days == 8_000
    assert str(verified.engagement_rate) == "11.50"  # (100 + 10 + 5) / 1,000
    assert verified.figures_stale_since is None


@pytest.mark.parametrize("path", [USER_INFO, VIDEO_LIST])
@pytest.mark.parametrize("shape", BROKEN_LINK)
def test_a_rejected_link_keeps_the_last_good_figures_marked_stale(
    verified, fake_tiktok, shape, path
):
    before = figures(verified)
    fake_tiktok.fail(path, shape)
    now = timezone.now()

    assert sync_figures_from_tiktok(profile=verified, now=now).outcome == Outcome.BROKEN

    assert figures(verified) == before
    assert CreatorProfile.objects.get(pk=verified.pk).figures_stale_since == now
    assert LinkedAccount.objects.get(user=verified.user).status == LinkedAccount.Status.BROKEN
    assert FigureSnapshot.objects.filter(profile=verified).count() == 1


@pytest.mark.parametrize("path", [USER_INFO, VIDEO_LIST])
@pytest.mark.parametrize("shape", TIKTOK_DOWN)
def test_tiktok_down_keeps_the_last_good_figures_marked_stale(verified, fake_tiktok, shape, path):
    before = figures(verified)
    fake_tiktok.fail(path, shape, delay=1.0)
    now = timezone.now()

    with pytest.raises(Unavailable):
        sync_figures_from_tiktok(profile=verified, now=now)

    assert figures(verified) == before
    assert CreatorProfile.objects.get(pk=verified.pk).figures_stale_since == now
    assert LinkedAccount.objects.get(user=verified.user).status == LinkedAccount.Status.ACTIVE
    assert FigureSnapshot.objects.filter(profile=verified).count() == 1


def test_a_rate_limit_keeps_the_last_good_figures_marked_stale(verified, fake_tiktok):
    before = figures(verified)
    fake_tiktok.fail(USER_INFO, "rate_limited", retry_after=30)
    now = timezone.now()

    with pytest.raises(RateLimited) as caught:
        sync_figures_from_tiktok(profile=verified, now=now)

    assert caught.value.retry_after == 30
    assert figures(verified) == before
    assert CreatorProfile.objects.get(pk=verified.pk).figures_stale_since == now


def test_the_first_failure_date_stays_while_tiktok_stays_down(verified, fake_tiktok):
    first = timezone.now()
    fake_tiktok.fail(USER_INFO, "server_error", times=2)
    with pytest.raises(Unavailable):
        sync_figures_from_tiktok(profile=verified, now=first)
    with pytest.raises(Unavailable):
        sync_figures_from_tiktok(profile=verified, now=first + timedelta(hours=1))

    assert CreatorProfile.objects.get(pk=verified.pk).figures_stale_since == first


# Run in this process (``apply``), Celery raises ``Retry`` saying when a
# worker would run the task again.


def test_the_task_backs_off_when_tiktok_is_down(verified, fake_tiktok):
    fake_tiktok.fail(USER_INFO, "server_error")

    with pytest.raises(Retry) as caught:
        tasks.sync_creator_figures.apply(args=[verified.pk])

    assert 0 <= caught.value.when <= tasks.RETRY_WHILE_TIKTOK_IS_DOWN["retry_backoff"]
    assert CreatorProfile.objects.get(pk=verified.pk).figures_stale_since is not None


def test_the_task_waits_out_a_rate_limit_for_as_long_as_tiktok_says(verified, fake_tiktok):
    fake_tiktok.fail(USER_INFO, "rate_limited", retry_after=42)

    with pytest.raises(Retry) as caught:
        tasks.sync_creator_figures.apply(args=[verified.pk])

    assert caught.value.when == 42
    assert CreatorProfile.objects.get(pk=verified.pk).figures_stale_since is not None
