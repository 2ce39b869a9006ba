"""The periodic full refresh fanned out over workers in chunks stores the same
matches as the single-process refresh, loads the creators once per worker
process and refresh, and records its run once whatever is retried."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.utils import timezone

from brands.models import Campaign, CampaignMatch, MatchRun
from matching import coalescing, fanout, runs, tasks
from matching.models import RefreshRun
from tests.brands.matching_helpers import campaign, creator
from tests.brands.test_match_runs import mixed_campaigns, mixed_creators
from tests.brands.test_match_tasks import matching_routed_to  # noqa: F401 (a fixture)
from tests.celery_workers import wait_for_worker
from tests.creators.factories import typed_figures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_columns_from_another_test():
    fanout.forget_creators()
    yield
    fanout.forget_creators()


@pytest.fixture
def campaigns():
    """Creators, and seven live campaigns (three chunks of three) and a draft."""
    mixed_creators()
    made = mixed_campaigns() + [
        campaign(niches=niches, audience_min=low)
        for niches, low in [(["food"], 0), (["beauty"], 10_000), ([], 0), (["food"], 40_000)]
    ]
    campaign(status=Campaign.Status.DRAFT)
    return made


def every_match():
    """Every stored match as a page reads it (campaign, creator, rank, score,
    tier, followers, reasons), and each campaign's creators scored."""
    return (
        sorted(
            CampaignMatch.objects.values_list(
                "campaign_id", "creator_id", "rank", "score", "tier", "followers", "parts"
            )
        ),
        dict(MatchRun.objects.values_list("campaign_id", "candidates")),
    )


def single_process_matches():
    runs.refresh_all_matches()
    stored = every_match()
    CampaignMatch.objects.all().delete()
    MatchRun.objects.all().delete()
    return stored


def test_the_fanned_out_refresh_stores_the_same_matches_as_the_single_process_one(
    campaigns, settings
):
    settings.MATCHING_CAMPAIGNS_PER_TASK = 3
    expected = single_process_matches()
    assert len(expected[0]) > 15

    result = tasks.refresh_all_matches.delay().get()

    assert every_match() == expected
    assert result == {"campaigns": 7, "creators": 8, "stored": len(expected[0])}
    refresh = RefreshRun.objects.get()
    assert (refresh.status, refresh.campaigns, refresh.chunks) == (RefreshRun.Status.DONE, 7, 3)
    assert refresh.finished_at >= refresh.started_at
    assert sorted(chunk["campaigns"] for chunk in refresh.chunk_results.values()) == [1, 3, 3]


def test_campaigns_are_sent_in_chunks_of_the_setting():
    assert fanout.chunks_of(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert fanout.chunks_of([], 3) == []


def test_a_refresh_with_no_live_campaign_is_done_at_once():
    refresh = fanout.start_refresh()

    assert (refresh.status, refresh.chunks, refresh.stored) == (RefreshRun.Status.DONE, 0, 0)


def test_a_worker_process_loads_the_creators_once_for_every_chunk_of_a_refresh(campaigns, settings):
    settings.MATCHING_CAMPAIGNS_PER_TASK = 2

    refresh = fanout.start_refresh()

    loaded = [refresh.chunk_results[str(number)]["loaded"] for number in range(refresh.chunks)]
    assert loaded == [True, False, False, False]
    columns, seconds = fanout.creators_for(refresh.pk)
    assert seconds == 0.0
    assert fanout.creators_for(refresh.pk)[0] is columns


def test_the_next_refresh_loads_the_creators_again_with_their_changed_figures(settings):
    settings.MATCHING_CAMPAIGNS_PER_TASK = 1
    profile = creator(follower_count=12_000)
    wanted = [campaign(), campaign()]
    fanout.start_refresh()

    typed_figures(
        profile,
        on=date.today(),
        follower_count=150_000,
        public_video_count=40,
        views_last_30_days=90_000,
    )
    refresh = fanout.start_refresh()

    assert [chunk["loaded"] for chunk in refresh.chunk_results.values()] == [True, False]
    for each in wanted:
        stored = CampaignMatch.objects.get(campaign=each, creator=profile)
        assert (stored.followers, stored.tier) == (150_000, CampaignMatch.Tier.MID)


def test_a_chunk_run_again_stores_the_same_rows_and_is_recorded_once(campaigns, settings):
    settings.MATCHING_CAMPAIGNS_PER_TASK = 3
    refresh = fanout.start_refresh()
    stored = every_match()

    tasks.refresh_chunk.delay(refresh.pk, 0, [each.pk for each in campaigns[:3]]).get()

    assert every_match()[0] == stored[0]
    again = RefreshRun.objects.get()
    assert (again.stored, again.finished_at, again.chunk_results) == (
        refresh.stored,
        refresh.finished_at,
        refresh.chunk_results,
    )


def test_a_chunk_retried_after_a_database_error_is_counted_once(campaigns, monkeypatch):
    """The database connection drops after the chunk was recorded but before
    the task ended: Celery retries it, it stores the same rows again, and the
    run's totals count it once."""
    expected = single_process_matches()
    record_chunk, failures = fanout.record_chunk, []

    def dropped_after_recording(**kwargs):
        recorded = record_chunk(**kwargs)
        if kwargs["number"] == 1 and not failures:
            failures.append(kwargs["number"])
            raise OperationalError("server closed the connection unexpectedly")
        return recorded

    monkeypatch.setattr(fanout, "record_chunk", dropped_after_recording)
    refresh = RefreshRun.objects.create(started_at=timezone.now(), campaigns=7, chunks=3)

    for number, ids in enumerate(fanout.chunks_of([each.pk for each in campaigns], 3)):
        # apply(throw=False) runs Celery's retry in this process as a worker would.
        chunk = {"refresh_id": refresh.pk, "number": number, "campaign_ids": ids}
        assert tasks.refresh_chunk.apply(kwargs=chunk, throw=False).successful()

    assert failures == [1]
    assert every_match() == expected
    refresh.refresh_from_db()
    assert (refresh.status, refresh.stored) == (RefreshRun.Status.DONE, len(expected[0]))
    assert sorted(chunk["campaigns"] for chunk in refresh.chunk_results.values()) == [1, 3, 3]


def test_a_chunk_that_fails_for_good_finishes_the_refresh_as_failed_and_frees_the_next(
    campaigns,
):
    # What fan_out_alone does before sending the chunks: take the refresh lock.
    assert cache.add(coalescing.REFRESH_LOCK, 1)
    later = RefreshRun.objects.create(started_at=timezone.now(), campaigns=4, chunks=2)
    ids = [each.pk for each in campaigns[:3]]

    good = tasks.refresh_chunk.apply(
        kwargs={"refresh_id": later.pk, "number": 0, "campaign_ids": ids}, throw=False
    )
    # A chunk whose campaign ids the database refuses fails at once, not retried.
    bad = tasks.refresh_chunk.apply(args=(later.pk, 1, ["not-a-campaign"]), throw=False)

    assert good.successful() and bad.failed()
    later.refresh_from_db()
    assert later.status == RefreshRun.Status.FAILED
    assert later.finished_at is not None
    assert later.chunk_results["1"] == {
        "failed": True,
        "error": "ValueError",
        "campaigns": 1,
        "stored": 0,
        "creators": 0,
    }
    assert later.stored == later.chunk_results["0"]["stored"] > 0
    assert coalescing.fan_out_alone() is not None  # the next refresh may start


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
# On Redis only: this process sends the chunks with the app's own broker.
@pytest.mark.parametrize("broker", ["redis"], indirect=True)
def test_a_real_worker_runs_the_chunks_and_stores_the_single_process_matches(
    broker_env,
    matching_routed_to,  # noqa: F811 (the fixture imported above)
):
    _connection, _queue, _outbox, process = matching_routed_to
    mixed_creators()
    mixed_campaigns()
    campaign(niches=["beauty"])
    expected = single_process_matches()

    refresh = fanout.start_refresh(per_task=2)

    wait_for_worker(
        process,
        lambda: RefreshRun.objects.get(pk=refresh.pk).finished_at is not None,
        "The worker did not finish the refresh.",
    )
    assert every_match() == expected
    refresh.refresh_from_db()
    assert (refresh.chunks, refresh.stored) == (2, len(expected[0]))
    chunks = refresh.chunk_results.values()
    assert len({chunk["pid"] for chunk in chunks}) == 1  # one worker process
    assert sorted(chunk["loaded"] for chunk in chunks) == [False, True]


def test_a_chunk_task_retries_on_database_errors_and_may_outlast_the_default_limit():
    chunk = tasks.refresh_chunk
    assert chunk.autoretry_for == (OperationalError,)
    assert chunk.retry_backoff and chunk.retry_jitter and chunk.max_retries > 0
    assert chunk.soft_time_limit == coalescing.CHUNK_TIME_LIMIT < chunk.time_limit
