"""Matching in the background: what starts a run, that a run can be repeated,
that bursts of changes start one run (with the real cache), and a real worker
on real Redis matching a campaign that went live."""

import pytest
from celery.signals import before_task_publish
from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError

from brands import services
from brands.models import Campaign, CampaignMatch, MatchRun
from creators.forms import ProfileForm
from creators.models import CreatorProfile, Language, Niche
from creators.services import update_profile
from matching import coalescing, runs, tasks
from portal.celery import app as celery_app
from tests.brands.factories import BusinessMembershipFactory, CampaignFactory, give_credit
from tests.brands.matching_helpers import campaign, creator
from tests.celery_workers import wait_for_worker
from tests.creators.factories import typed_figures
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def stored_rows(campaign):
    """What a page reads of a campaign's matches, without the time computed."""
    return list(
        CampaignMatch.objects.filter(campaign=campaign)
        .order_by("rank")
        .values_list("creator_id", "rank", "score", "tier", "followers", "parts")
    )


def launched_campaign():
    """A campaign submitted for review by a business with enough credit."""
    membership = BusinessMembershipFactory()
    give_credit(membership.business, "5000000.00")
    draft = CampaignFactory(business=membership.business, created_by=membership.user)
    draft.niches.set([Niche.objects.get(slug="food")])
    services.launch_campaign(campaign=draft, user=membership.user)
    return draft


# --- Idempotence -----------------------------------------------------------------------


def test_the_campaign_task_run_twice_leaves_the_same_rows():
    for followers in (3_000, 12_000, 250_000, 2_500_000):
        creator(follower_count=followers)
    wanted = campaign()

    tasks.match_campaign.delay(wanted.pk)
    first = stored_rows(wanted)
    tasks.match_campaign.delay(wanted.pk)

    assert len(first) == 4
    assert stored_rows(wanted) == first
    assert CampaignMatch.objects.filter(campaign=wanted).count() == 4


def test_the_creator_task_run_twice_leaves_the_same_rows():
    profile = creator()
    wanted = campaign()
    runs.match_campaign(campaign_id=wanted.pk)

    tasks.match_creator.delay(profile.pk)
    first = stored_rows(wanted)
    tasks.match_creator.delay(profile.pk)

    assert stored_rows(wanted) == first


def test_tasks_retry_with_back_off_on_database_errors():
    for task in (tasks.match_campaign, tasks.match_creator, tasks.refresh_all_matches):
        assert task.autoretry_for == (OperationalError,)
        assert task.retry_backoff and task.retry_jitter
        assert task.max_retries > 0


# --- What starts a run -------------------------------------------------------------------


def test_a_campaign_going_live_is_matched(django_capture_on_commit_callbacks):
    profile = creator()
    submitted = launched_campaign()

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_campaign(campaign=submitted, staff=StaffFactory())

    assert CampaignMatch.objects.filter(campaign=submitted, creator=profile).exists()
    assert MatchRun.objects.get(campaign=submitted).status == MatchRun.Status.DONE


def test_a_resumed_campaign_is_matched_again(django_capture_on_commit_callbacks):
    submitted = launched_campaign()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_campaign(campaign=submitted, staff=StaffFactory())
        services.pause_campaign(campaign=submitted, user=submitted.created_by)
    newcomer = creator()

    with django_capture_on_commit_callbacks(execute=True):
        services.resume_campaign(campaign=submitted, user=submitted.created_by)

    assert CampaignMatch.objects.filter(campaign=submitted, creator=newcomer).exists()


def test_a_creator_whose_figures_change_is_rematched(django_capture_on_commit_callbacks):
    profile = creator(follower_count=900)
    wanted = campaign(audience_min=10_000)
    runs.match_campaign(campaign_id=wanted.pk)
    assert CampaignMatch.objects.get(creator=profile).followers == 900

    with django_capture_on_commit_callbacks(execute=True):
        typed_figures(
            profile, follower_count=15_000, public_video_count=5, views_last_30_days=40_000
        )

    match = CampaignMatch.objects.get(creator=profile)
    assert (match.followers, match.tier) == (15_000, "micro")


def test_a_creator_who_edits_their_profile_is_rematched(django_capture_on_commit_callbacks):
    profile = creator(niches=["gaming"])
    wanted = campaign(niches=["food"])
    runs.match_campaign(campaign_id=wanted.pk)
    form = ProfileForm(
        {
            "display_name": profile.display_name,
            "country": profile.country_id,
            "province": profile.province,
            "languages": [Language.objects.get(slug="id").pk],
            "niches": [Niche.objects.get(slug="food").pk],
            "account_type": CreatorProfile.AccountType.PERSONAL,
            "contact_preference": CreatorProfile.ContactPreference.PORTAL,
        },
        instance=profile,
    )
    assert form.is_valid(), form.errors

    with django_capture_on_commit_callbacks(execute=True):
        update_profile(profile=profile, **form.changes())

    niche_part = CampaignMatch.objects.get(creator=profile).parts[0]
    assert niche_part["part"] == "niche"
    assert niche_part["score"] == 1.0


def test_a_creator_who_stops_accepting_offers_leaves_the_lists(
    django_capture_on_commit_callbacks,
):
    leaving, staying = creator(), creator()
    wanted = campaign()
    runs.match_campaign(campaign_id=wanted.pk)
    CreatorProfile.objects.filter(pk=leaving.pk).update(
        contact_preference=CreatorProfile.ContactPreference.NONE
    )

    tasks.match_creator.delay(leaving.pk)

    assert list(CampaignMatch.objects.values_list("creator_id", flat=True)) == [staying.pk]


def test_a_creator_run_leaves_lists_it_is_not_on_untouched():
    outsider = creator(languages=["en"])
    listed = creator()
    wanted = campaign(languages=["id"])
    runs.match_campaign(campaign_id=wanted.pk)
    before = CampaignMatch.objects.get(creator=listed).computed_at

    assert tasks.match_creator.delay(outsider.pk).get() == 0

    assert CampaignMatch.objects.get(creator=listed).computed_at == before


def test_the_periodic_refresh_is_scheduled_and_rematches_every_live_campaign():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "matching.tasks.refresh_all_matches" in scheduled
    profile = creator()
    live = [campaign(), campaign()]
    draft = campaign(status=Campaign.Status.DRAFT)

    result = tasks.refresh_all_matches.delay().get()

    assert result == {"campaigns": 2, "creators": 1, "stored": 2}
    for wanted in live:
        assert CampaignMatch.objects.filter(campaign=wanted, creator=profile).exists()
        assert MatchRun.objects.get(campaign=wanted).status == MatchRun.Status.DONE
    assert not CampaignMatch.objects.filter(campaign=draft).exists()


def test_a_refresh_does_nothing_while_another_is_running():
    creator()
    wanted = campaign()
    cache.add(coalescing.REFRESH_LOCK, 1)

    assert tasks.refresh_all_matches.delay().get() is None

    assert not CampaignMatch.objects.filter(campaign=wanted).exists()


# --- Coalescing, with the real cache and broker -------------------------------------------


@pytest.fixture
def published(not_eager):
    """Names of the tasks sent to the broker during the test (then purged)."""
    names = []

    def record(sender, **kwargs):
        names.append(sender)

    before_task_publish.connect(record)
    yield names
    before_task_publish.disconnect(record)
    celery_app.control.purge()


def test_ten_profile_changes_in_a_burst_start_one_creator_run(
    published, django_capture_on_commit_callbacks
):
    profile = creator()

    for followers in range(10_000, 10_010):
        with django_capture_on_commit_callbacks(execute=True):
            typed_figures(
                profile, follower_count=followers, public_video_count=5, views_last_30_days=40_000
            )

    assert published == ["matching.tasks.match_creator"]


def test_a_change_after_the_run_started_starts_another(
    published, django_capture_on_commit_callbacks
):
    profile = creator()
    with django_capture_on_commit_callbacks(execute=True):
        coalescing.enqueue_creator_match(profile.pk)

    tasks.match_creator.apply(args=[profile.pk])  # what a worker does, here
    with django_capture_on_commit_callbacks(execute=True):
        coalescing.enqueue_creator_match(profile.pk)
        coalescing.enqueue_creator_match(profile.pk)

    assert published == ["matching.tasks.match_creator"] * 2


def test_nothing_is_queued_before_the_transaction_commits(
    published, django_capture_on_commit_callbacks
):
    wanted = campaign()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        coalescing.enqueue_campaign_match(wanted.pk)

    # The task's sending waits for the commit (beside the matches page's version).
    sends = [call for call in callbacks if getattr(call, "func", None) is coalescing._send_once]
    assert len(sends) == 1
    assert published == []


def test_campaign_requests_in_a_burst_start_one_campaign_run(
    published, django_capture_on_commit_callbacks
):
    wanted = campaign()

    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            coalescing.enqueue_campaign_match(wanted.pk)

    assert published == ["matching.tasks.match_campaign"]
    assert MatchRun.objects.get(campaign=wanted).status == MatchRun.Status.QUEUED


# --- A real worker ----------------------------------------------------------------------------


def route(routes):
    """Use ``routes`` from the next task sent on (the app caches its router)."""
    celery_app.conf.task_routes = routes
    celery_app.amqp.flush_routes()
    celery_app.amqp.__dict__.pop("router", None)


@pytest.fixture
def matching_routed_to(worker):
    """Send the matching tasks to the test worker's own queue."""
    _connection, queue, _outbox, _process = worker
    route({"matching.tasks.*": {"queue": queue}})
    yield worker
    route(None)
    celery_app.control.purge()  # the emails of the approval, sent to the default queue


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("broker", ["redis"], indirect=True)
def test_a_real_worker_on_redis_matches_a_campaign_that_goes_live(
    broker_env,
    matching_routed_to,
):
    _connection, _queue, _outbox, process = matching_routed_to
    profiles = [creator(follower_count=followers) for followers in (4_000, 40_000, 400_000)]
    submitted = launched_campaign()

    services.approve_campaign(campaign=submitted, staff=StaffFactory())

    assert MatchRun.objects.get(campaign=submitted).status == MatchRun.Status.QUEUED
    wait_for_worker(
        process,
        lambda: CampaignMatch.objects.filter(campaign=submitted).exists(),
        "The worker matched nothing.",
    )
    assert set(
        CampaignMatch.objects.filter(campaign=submitted).values_list("creator_id", flat=True)
    ) == {profile.pk for profile in profiles}
    run = MatchRun.objects.get(campaign=submitted)
    assert (run.status, run.candidates) == (MatchRun.Status.DONE, 3)
