"""Who a campaign's run lists: the hard conditions (in the database and in
the arrays, kept in step), what a run records, and the tier mixing of the best
50, through ``matching.runs`` and the rows it stores."""

from decimal import Decimal

import pytest

from brands.models import CampaignMatch, MatchRun
from creators.models import CreatorProfile, Region
from matching import runs
from matching.scoring import TOP_MATCHES
from tests.brands.matching_helpers import campaign, creator, listed, match

pytestmark = pytest.mark.django_db


# --- Hard conditions ----------------------------------------------------------------------


def test_creators_outside_indonesia_are_left_out_when_the_campaign_names_regions():
    at_home = creator()
    creator(country=Region.objects.get(code="MY"))
    creator(country=None)
    regional = campaign(regions=["jatim"])

    result = match(regional)

    assert listed(regional) == [at_home.pk]
    assert result.candidates == 1


def run_both_ways(campaign):
    """The campaign's list from its own run (the database prefilter, then the
    arrays) and from the full refresh (the arrays alone over every creator)."""
    match(campaign)
    own = set(listed(campaign))
    runs.refresh_all_matches()
    assert set(listed(campaign)) == own, "the prefilter and the full refresh disagree"
    return own


def test_a_campaign_naming_regions_lists_only_creators_in_those_provinces():
    east_java = creator(province="jatim")
    west_java = creator(province="jabar")
    elsewhere = creator(province="bali")
    no_province = creator(province="")
    abroad = creator(country=Region.objects.get(code="MY"), province="")
    # Only reachable without the form's validation: a province but no country.
    no_country = creator(country=None, province="jatim")
    java = campaign(regions=["jatim", "jabar"])

    assert run_both_ways(java) == {east_java.pk, west_java.pk}
    assert {elsewhere.pk, no_province.pk, abroad.pk, no_country.pk}.isdisjoint(listed(java))


def test_one_region_is_enough_and_an_unknown_code_matches_no_one():
    east_java = creator(province="jatim")
    creator(province="jabar")
    one = campaign(regions=["jatim"])
    unknown = campaign(regions=["atlantis"])

    assert run_both_ways(one) == {east_java.pk}
    assert run_both_ways(unknown) == set()


def test_a_creator_who_records_a_province_joins_a_regional_campaign():
    profile = creator(province="")
    regional = campaign(regions=["jatim"])
    match(regional)
    assert listed(regional) == []

    CreatorProfile.objects.filter(pk=profile.pk).update(province="jatim")
    runs.match_creator(profile_id=profile.pk)

    assert listed(regional) == [profile.pk]


def test_without_regions_creators_anywhere_are_matched():
    at_home = creator()
    abroad = creator(country=Region.objects.get(code="MY"), province="")
    no_province = creator(province="")
    everywhere = campaign(regions=[])

    assert run_both_ways(everywhere) == {at_home.pk, abroad.pk, no_province.pk}


def test_creators_speaking_none_of_the_campaign_languages_are_left_out():
    speaker = creator(languages=["id"])
    other = creator(languages=["en"])
    silent = creator(languages=[])
    wanted = campaign(languages=["id", "jv"])

    match(wanted)

    assert listed(wanted) == [speaker.pk]
    assert {other.pk, silent.pk}.isdisjoint(listed(wanted))


def test_creators_whose_cheapest_rate_is_above_the_fee_per_creator_are_left_out():
    within = creator(fee=250_000)
    above = creator(fee=250_001)
    wanted = campaign(fee_per_creator=Decimal("250000.00"))

    match(wanted)

    assert listed(wanted) == [within.pk]
    assert above.pk not in listed(wanted)


def test_creators_not_open_to_offers_are_left_out():
    open_creator = creator()
    closed = creator(contact_preference=CreatorProfile.ContactPreference.NONE)
    by_email = creator(contact_preference=CreatorProfile.ContactPreference.EMAIL)
    wanted = campaign()

    match(wanted)

    assert set(listed(wanted)) == {open_creator.pk, by_email.pk}
    assert closed.pk not in listed(wanted)


def test_a_run_records_how_many_creators_it_scored():
    creator(), creator(), creator(contact_preference=CreatorProfile.ContactPreference.NONE)
    wanted = campaign()

    result = match(wanted)

    run = MatchRun.objects.get(campaign=wanted)
    assert (run.status, run.candidates) == (MatchRun.Status.DONE, 2)
    assert run.finished_at is not None
    assert (result.candidates, result.stored) == (2, 2)


# --- Tier mixing ----------------------------------------------------------------------------


def test_a_list_full_of_strong_macro_creators_still_has_the_best_small_ones_near_the_top():
    def strong(followers):
        return creator(
            follower_count=followers,
            views_last_30_days=followers * 3,
            engagement_rate=Decimal("9"),
        )

    macros = [strong(2_000_000 + number) for number in range(55)]
    # Weaker on every part that can differ, but the best of their tiers.
    nano = creator(follower_count=5_000, views_last_30_days=2_000, engagement_rate=Decimal("1"))
    micro = creator(follower_count=50_000, views_last_30_days=9_000, engagement_rate=Decimal("1"))
    mid = creator(follower_count=500_000, views_last_30_days=90_000, engagement_rate=Decimal("2"))
    weaker_nano = creator(follower_count=4_000, views_last_30_days=0, engagement_rate=Decimal("0"))
    wanted = campaign()

    match(wanted)

    ranked = listed(wanted)
    scores = dict(CampaignMatch.objects.filter(campaign=wanted).values_list("creator", "score"))
    macro_ids = {macro.pk for macro in macros}
    # Every listed macro outscores every smaller creator, yet these come first.
    assert min(score for pk, score in scores.items() if pk in macro_ids) > max(
        scores[small.pk] for small in (nano, micro, mid, weaker_nano)
    )
    assert len(ranked) == TOP_MATCHES
    assert set(ranked[:4]) == {ranked[0], nano.pk, micro.pk, mid.pk}
    assert ranked[0] in macro_ids
    assert ranked.index(weaker_nano.pk) < 8
    tiers = dict(CampaignMatch.objects.filter(campaign=wanted).values_list("creator", "tier"))
    assert (tiers[nano.pk], tiers[micro.pk], tiers[mid.pk]) == ("nano", "micro", "mid")


def test_equal_scores_go_to_the_older_profile_so_reruns_keep_the_order():
    twins = [creator() for _ in range(3)]
    wanted = campaign()

    match(wanted)

    assert listed(wanted) == [twin.pk for twin in twins]


def test_select_top_takes_one_of_each_tier_per_round():
    profiles = [creator(follower_count=followers) for followers in (500, 600, 20_000)]
    wanted = campaign()

    match(wanted)

    stored = CampaignMatch.objects.filter(campaign=wanted).order_by("rank")
    assert [row.rank for row in stored] == [1, 2, 3]
    # One nano and the micro in the first round, the second nano after them.
    assert stored[2].creator_id in {profiles[0].pk, profiles[1].pk}
    assert stored[2].tier == "nano"
