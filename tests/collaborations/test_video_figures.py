"""The posted videos' figures: read daily for 30 days after posting, then
weekly up to 90, batched per creator, kept as they were when TikTok fails."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from collaborations.models import Collaboration, VideoFigures
from collaborations.services.figures import (
    queue_figure_reads,
    read_creator_video_figures,
    videos_due,
)
from tests.collaborations.factories import CollaborationFactory
from tests.creators.factories import CreatorProfileFactory
from tests.fakes.tiktok import VIDEO_QUERY, fake_video
from tests.tiktok.factories import LinkedAccountFactory
from tiktok.client import RateLimited
from tiktok.sandbox import videos_for

pytestmark = pytest.mark.django_db
Status = Collaboration.Status
NOON = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)  # 12:00 in Jakarta


def posted(creator, video_id, posted_at, **fields):
    return CollaborationFactory(
        creator=creator,
        status=Status.APPROVED,
        tiktok_video_id=video_id,
        posted_at=posted_at,
        **fields,
    )


@pytest.fixture
def sandbox_creator():
    creator = CreatorProfileFactory()
    creator.account = LinkedAccountFactory(user=creator.user)
    return creator


def test_it_records_what_tiktok_counts_for_the_day(sandbox_creator):
    video = videos_for(sandbox_creator.account.open_id)[0]
    collaboration = posted(sandbox_creator, video.id, timezone.now() - timedelta(days=2))

    reading = read_creator_video_figures(creator_id=sandbox_creator.pk)

    assert reading.read == [collaboration.pk]
    row = VideoFigures.objects.get()
    assert (row.collaboration, row.day) == (collaboration, timezone.localdate())
    assert (row.views, row.likes, row.comments, row.shares) == (
        video.view_count,
        video.like_count,
        video.comment_count,
        video.share_count,
    )
    collaboration.refresh_from_db()
    assert collaboration.figures_read_at == row.read_at


def test_it_reads_daily_for_30_days_then_weekly_up_to_90(sandbox_creator):
    video = videos_for(sandbox_creator.account.open_id)[0]
    collaboration = posted(sandbox_creator, video.id, NOON)

    def due(at):
        return list(videos_due(at).values_list("pk", flat=True)) == [collaboration.pk]

    def read(at):
        assert read_creator_video_figures(creator_id=sandbox_creator.pk, now=at).read

    read(NOON)
    assert not due(NOON + timedelta(hours=11))  # 23:00 in Jakarta, the same day
    assert due(NOON + timedelta(hours=13))  # 01:00 the next day in Jakarta
    for day in range(1, 31):
        at = NOON + timedelta(days=day)
        assert due(at), day
        read(at)
        assert not due(at + timedelta(hours=1)), day
    # Day 30 was read; from day 31 on, a week after the last reading.
    for day in range(31, 37):
        assert not due(NOON + timedelta(days=day)), day
    assert due(NOON + timedelta(days=37))
    read(NOON + timedelta(days=37))
    assert not due(NOON + timedelta(days=43))
    assert due(NOON + timedelta(days=44))
    # Past 90 days it is never read again.
    assert not due(NOON + timedelta(days=91))
    days = list(VideoFigures.objects.values_list("day", flat=True))
    assert len(days) == len(set(days)) == 32


def test_a_second_read_on_the_same_day_updates_that_days_row(sandbox_creator):
    video = videos_for(sandbox_creator.account.open_id)[0]
    collaboration = posted(sandbox_creator, video.id, timezone.now() - timedelta(days=1))
    read_creator_video_figures(creator_id=sandbox_creator.pk)
    Collaboration.objects.filter(pk=collaboration.pk).update(figures_read_at=None)

    read_creator_video_figures(creator_id=sandbox_creator.pk)

    assert VideoFigures.objects.count() == 1


def linked_to_fake(fake_tiktok, open_id, videos):
    fake_tiktok.add_account(open_id, videos=videos)
    tokens = fake_tiktok.issue_tokens(open_id)
    creator = CreatorProfileFactory()
    LinkedAccountFactory(
        user=creator.user,
        open_id=open_id,
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
        access_expires_at=datetime.fromtimestamp(2**31, UTC),
    )
    return creator


def test_one_query_per_20_videos_of_a_creator(fake_tiktok):
    open_id = "open-batch"
    items = [fake_video(open_id, index, views=1_000 + index) for index in range(45)]
    creator = linked_to_fake(fake_tiktok, open_id, items)
    now = timezone.now()
    for item in items:
        posted(creator, item["id"], now - timedelta(days=3))

    reading = read_creator_video_figures(creator_id=creator.pk)

    assert len(reading.read) == 45
    assert fake_tiktok.calls(VIDEO_QUERY) == 3
    assert sorted(VideoFigures.objects.values_list("views", flat=True)) == [
        1_000 + index for index in range(45)
    ]


@pytest.mark.parametrize("shape", ["server_error", "malformed", "invalid_token"])
def test_when_tiktok_fails_the_last_figures_stay(fake_tiktok, shape):
    open_id = "open-fails"
    item = fake_video(open_id, 1, views=5_000)
    creator = linked_to_fake(fake_tiktok, open_id, [item])
    collaboration = posted(creator, item["id"], timezone.now() - timedelta(days=3))
    yesterday = timezone.now() - timedelta(days=1)
    read_creator_video_figures(creator_id=creator.pk, now=yesterday)
    before = list(VideoFigures.objects.values_list("day", "views"))
    fake_tiktok.fail(VIDEO_QUERY, shape, times=10)

    reading = read_creator_video_figures(creator_id=creator.pk)

    assert reading.kept == [collaboration.pk] and reading.error
    assert list(VideoFigures.objects.values_list("day", "views")) == before
    collaboration.refresh_from_db()
    assert collaboration.figures_read_at == yesterday
    assert collaboration.video_gone_at is None
    assert list(videos_due().values_list("pk", flat=True)) == [collaboration.pk]


def test_a_rate_limit_is_raised_for_the_task_to_back_off(fake_tiktok):
    open_id = "open-limited"
    item = fake_video(open_id, 1)
    creator = linked_to_fake(fake_tiktok, open_id, [item])
    posted(creator, item["id"], timezone.now() - timedelta(days=3))
    fake_tiktok.fail(VIDEO_QUERY, "rate_limited", times=10, retry_after=30)

    with pytest.raises(RateLimited):
        read_creator_video_figures(creator_id=creator.pk)
    assert not VideoFigures.objects.exists()


def test_a_video_tiktok_no_longer_shows_is_marked_gone(fake_tiktok):
    open_id = "open-deletes"
    kept, deleted = fake_video(open_id, 1), fake_video(open_id, 2)
    creator = linked_to_fake(fake_tiktok, open_id, [kept, deleted])
    now = timezone.now()
    stays = posted(creator, kept["id"], now - timedelta(days=3))
    goes = posted(creator, deleted["id"], now - timedelta(days=3))
    fake_tiktok.accounts[open_id].videos.remove(deleted)

    reading = read_creator_video_figures(creator_id=creator.pk)

    assert (reading.read, reading.gone) == ([stays.pk], [goes.pk])
    goes.refresh_from_db()
    assert goes.video_gone_at is not None
    assert list(videos_due(now + timedelta(days=1)).values_list("pk", flat=True)) == [stays.pk]


def test_a_video_not_found_answer_is_asked_again_one_by_one(fake_tiktok):
    open_id = "open-not-found"
    items = [fake_video(open_id, index) for index in range(3)]
    creator = linked_to_fake(fake_tiktok, open_id, items)
    for item in items:
        posted(creator, item["id"], timezone.now() - timedelta(days=3))
    fake_tiktok.fail(VIDEO_QUERY, "video_not_found", times=1)

    reading = read_creator_video_figures(creator_id=creator.pk)

    assert len(reading.read) == 3
    assert fake_tiktok.calls(VIDEO_QUERY) == 4


def test_a_creator_without_an_active_link_keeps_their_figures(sandbox_creator):
    video = videos_for(sandbox_creator.account.open_id)[0]
    collaboration = posted(sandbox_creator, video.id, timezone.now() - timedelta(days=3))
    sandbox_creator.account.status = "broken"
    sandbox_creator.account.save()

    reading = read_creator_video_figures(creator_id=sandbox_creator.pk)

    assert reading.kept == [collaboration.pk]
    assert not VideoFigures.objects.exists()


def test_the_hourly_task_queues_one_read_per_creator_and_they_run(
    sandbox_creator, django_capture_on_commit_callbacks
):
    from collaborations.tasks import queue_video_figure_reads

    videos = videos_for(sandbox_creator.account.open_id)
    now = timezone.now()
    for video in videos[:3]:
        posted(sandbox_creator, video.id, now - timedelta(days=4))
    other = CreatorProfileFactory()
    other.account = LinkedAccountFactory(user=other.user)
    posted(other, videos_for(other.account.open_id)[0].id, now - timedelta(days=4))
    posted(other, "", None)  # not posted yet: nothing to read

    with django_capture_on_commit_callbacks(execute=True):
        assert queue_video_figure_reads.delay().get() == 2

    assert VideoFigures.objects.count() == 4
    assert queue_figure_reads() == 0
