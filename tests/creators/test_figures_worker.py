"""A real worker runs the hourly slice of the daily refresh: it queues the
slice's reads, reads each linked creator from the local fake of TikTok with
the real HTTP client, and stores their verified figures."""

from datetime import timedelta

import pytest
from django.utils import timezone

from creators import tasks
from creators.models import CreatorProfile, FigureSnapshot
from portal.celery import app as celery_app
from tests.celery_workers import wait_for_worker
from tests.creators.factories import EligibleCreatorFactory
from tests.fakes.tiktok import USER_INFO, fake_video
from tests.tiktok.factories import LinkedAccountFactory


@pytest.fixture
def worker_on_fake_tiktok(broker_env, fake_tiktok, request):
    """A worker whose TikTok is the local fake (the real HTTP client)."""
    env, _connection = broker_env
    env.update(
        DEBUG="1",
        TIKTOK_CLIENT="tiktok.http.HttpTikTokClient",
        TIKTOK_API_URL=fake_tiktok.url,
        TIKTOK_CLIENT_KEY="fake-client-key",
        TIKTOK_CLIENT_SECRET="fake-client-secret",
    )
    yield request.getfixturevalue("worker")
    celery_app.control.purge()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("broker", ["filesystem"], indirect=True)
def test_a_real_worker_refreshes_a_linked_creators_figures_from_tiktok(
    worker_on_fake_tiktok, fake_tiktok
):
    connection, queue, _outbox, process = worker_on_fake_tiktok
    videos = [fake_video("open-w", day, views=2_000) for day in (1, 10, 20, 45)]
    fake_tiktok.add_account("open-w", follower_count=23_456, videos=videos)
    tokens = fake_tiktok.issue_tokens("open-w")
    profile = EligibleCreatorFactory(follower_count=100)
    LinkedAccountFactory(
        user=profile.user,
        open_id="open-w",
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
        access_expires_at=timezone.now() + timedelta(hours=20),
    )

    tasks.sync_figures_slice.apply_async(
        kwargs={"hour": profile.pk % 24}, queue=queue, connection=connection
    )

    wait_for_worker(
        process,
        lambda: FigureSnapshot.objects.filter(
            profile=profile, source=FigureSnapshot.Source.API
        ).exists(),
        "The worker stored no figures from TikTok.",
    )
    profile = CreatorProfile.objects.get(pk=profile.pk)
    assert profile.follower_count == 23_456
    assert profile.views_last_30_days == 6_000
    assert profile.public_video_count == 3
    assert profile.figures_are_verified
    assert fake_tiktok.calls(USER_INFO) == 1
