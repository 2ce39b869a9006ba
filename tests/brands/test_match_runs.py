"""The three ways a campaign gets matched (one campaign, the full refresh, the
``match_campaigns`` command) agree, and ``seed_demo`` builds data for them in bulk."""

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from brands.models import Business, Campaign, CampaignMatch, MatchRun
from brands.selectors import campaign_reservation
from creators.models import AudienceSegment, CreatorProfile, RatePackage, Region
from matching import runs
from tests.brands.matching_helpers import campaign, collaborations, creator
from tests.brands.test_match_tasks import stored_rows

pytestmark = pytest.mark.django_db


def mixed_creators():
    """Creators that each campaign below keeps or leaves out for a different reason."""
    malaysia = Region.objects.get(code="MY")
    made = [
        creator(follower_count=800, fee=90_000, share="95", province="jabar"),
        creator(
            follower_count=8_000,
            niches=["food", "beauty"],
            languages=["id", "jv"],
            province="jabar",
        ),
        creator(follower_count=45_000, fee=400_000, engagement_rate=Decimal("7.5")),
        creator(follower_count=300_000, languages=["en"], fee=2_000_000, share="60"),
        creator(
            follower_count=2_400_000,
            niches=["beauty"],
            engagement_rate=Decimal("3"),
            province="jabar",
        ),
        creator(follower_count=20_000, province="jatim"),
        creator(follower_count=15_000, country=malaysia, languages=["ms", "en"]),
        creator(follower_count=60_000, contact_preference=CreatorProfile.ContactPreference.NONE),
        creator(follower_count=5_000, niches=[], languages=[], country=None),
    ]
    collaborations(made[2], on_time=2, late=1, approved=2, stars=[4, 5])
    AudienceSegment.objects.create(
        profile=made[1], kind=AudienceSegment.Kind.COUNTRY, label="Malaysia", share_percent=10
    )
    RatePackage.objects.create(profile=made[1], name="Bundle", price_idr=150_000)
    return made


def mixed_campaigns():
    return [
        campaign(
            niches=["food"],
            languages=["id"],
            regions=["jabar"],
            fee_per_creator=Decimal("250000.00"),
            audience_min=1_000,
            audience_max=50_000,
        ),
        campaign(
            niches=["food", "beauty"],
            regions=[],
            budget=Decimal("5000000.00"),
            fee_per_creator=Decimal("3000000.00"),
        ),
        campaign(
            niches=[],
            languages=["en", "ms"],
            regions=[],
            budget=Decimal("5000000.00"),
            fee_per_creator=Decimal("2000000.00"),
            audience_min=100_000,
        ),
    ]


def test_the_full_refresh_and_one_campaign_runs_store_identical_rows():
    mixed_creators()
    campaigns = mixed_campaigns()

    result = runs.refresh_all_matches()
    refreshed = {wanted.pk: stored_rows(wanted) for wanted in campaigns}
    refreshed_runs = dict(MatchRun.objects.values_list("campaign_id", "candidates"))
    for wanted in campaigns:
        runs.match_campaign(campaign_id=wanted.pk)

    assert {wanted.pk: stored_rows(wanted) for wanted in campaigns} == refreshed
    assert dict(MatchRun.objects.values_list("campaign_id", "candidates")) == refreshed_runs
    # Each campaign left out someone the others kept.
    assert [len(refreshed[wanted.pk]) for wanted in campaigns] == [3, 8, 2]
    assert (result.campaigns, result.stored) == (3, 13)


def test_a_creator_run_agrees_with_a_campaign_run_for_the_creators_listed():
    profiles = mixed_creators()
    campaigns = mixed_campaigns()
    runs.refresh_all_matches()
    CreatorProfile.objects.filter(pk=profiles[0].pk).update(
        follower_count=20_000, views_last_30_days=70_000
    )

    runs.match_creator(profile_id=profiles[0].pk)
    after_creator_run = {wanted.pk: stored_rows(wanted) for wanted in campaigns}
    for wanted in campaigns:
        runs.match_campaign(campaign_id=wanted.pk)

    assert {wanted.pk: stored_rows(wanted) for wanted in campaigns} == after_creator_run


# --- The command ------------------------------------------------------------------------


def run(*args):
    out = StringIO()
    call_command("match_campaigns", *args, stdout=out)
    return out.getvalue()


def test_the_command_matches_the_named_campaigns_and_says_how_long_it_took():
    mixed_creators()
    first, second, _third = mixed_campaigns()

    output = run(str(first.pk), str(second.pk))

    assert re.search(
        rf"^Campaign {first.pk} \(live\): 3 creators scored, 3 matches stored in \d+\.\d\d s\.$",
        output,
        re.MULTILINE,
    )
    assert re.search(rf"^Campaign {second.pk} \(live\): 8 creators scored", output, re.MULTILINE)
    assert re.search(r"^2 campaigns in \d+\.\d\d s\.$", output, re.MULTILINE)
    assert CampaignMatch.objects.filter(campaign__in=[first, second]).count() == 11


def test_the_command_refreshes_every_live_campaign_with_all():
    mixed_creators()
    mixed_campaigns()

    output = run("--all")

    assert re.fullmatch(
        r"Matched 3 live campaigns against 8 creators: 13 matches stored in \d+\.\d s "
        r"\(creators loaded in \d+\.\d s\)\.\n",
        output,
    )


def test_the_command_needs_campaigns_or_all_and_refuses_unknown_ids():
    wanted = campaign()

    with pytest.raises(CommandError, match="Name the campaigns to match by id, or pass --all"):
        run()
    with pytest.raises(CommandError, match="Name the campaigns"):
        run("--all", str(wanted.pk))
    with pytest.raises(CommandError, match=f"No campaign with id {wanted.pk + 1}"):
        run(str(wanted.pk), str(wanted.pk + 1))
    assert not CampaignMatch.objects.exists()


# --- Bulk demo data ------------------------------------------------------------------------


def seed(**options):
    out = StringIO()
    call_command("seed_demo", allow_production=True, stdout=out, **options)
    return out.getvalue()


def test_seed_demo_bulk_mode_builds_creators_and_live_campaigns_once():
    seed(creators=60, campaigns=7)
    seed(creators=60, campaigns=7)

    assert CreatorProfile.objects.count() == 60
    live = Campaign.objects.filter(status=Campaign.Status.LIVE)
    assert live.count() == 7
    assert Business.objects.filter(verified_at__isnull=False).count() == 2
    assert RatePackage.objects.exists() and AudienceSegment.objects.exists()
    assert CreatorProfile.objects.filter(niches__isnull=False).distinct().count() == 60
    assert set(CreatorProfile.objects.values_list("languages__slug", flat=True).distinct()) >= {
        "id"
    }
    for each in live:
        assert campaign_reservation(each.pk).get("credit") == each.budget
        assert 0 < each.fee_per_creator <= each.budget


def test_seed_demo_tops_up_to_the_numbers_asked_and_the_matcher_runs_on_it():
    seed(creators=30, campaigns=3)

    output = seed(creators=45, campaigns=5)

    assert "15 creators and 2 live campaigns created" in output
    assert CreatorProfile.objects.count() == 45
    result = runs.refresh_all_matches()
    assert result.campaigns == 5
    assert result.stored > 0


def test_seed_demo_bulk_mode_refuses_with_debug_off_like_the_demo():
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo", creators=10, campaigns=1, stdout=StringIO())
    assert not CreatorProfile.objects.exists()
