"""The match score: each part at its edges with the sentence that explains it,
and the weighted mean of the parts, through ``matching.runs.match_campaign``
(the service the tasks and the command run) and the rows it stores."""

from decimal import Decimal

import pytest

from brands.models import CampaignMatch, MatchingWeights
from collaborations.models import Collaboration
from creators.models import RatePackage, Region
from tests.brands.matching_helpers import (
    campaign,
    collaborations,
    creator,
    match,
    parts,
    posted_videos,
    sentence,
)

pytestmark = pytest.mark.django_db


# --- Niche ----------------------------------------------------------------------


def test_niche_part_is_the_share_of_the_wanted_niches_the_creator_covers():
    food_only = creator(niches=["food"])
    both = creator(niches=["food", "beauty"])
    neither = creator(niches=["gaming"])
    wanted = campaign(niches=["food", "beauty"])

    match(wanted)

    assert parts(wanted, both)["niche"]["score"] == 1.0
    assert parts(wanted, food_only)["niche"]["score"] == 0.5
    assert parts(wanted, neither)["niche"]["score"] == 0.0
    assert (
        sentence(parts(wanted, food_only)["niche"])
        == "Makes content in 1 of the 2 niches you chose."
    )


def test_a_campaign_without_niches_fits_every_niche():
    profile = creator(niches=["gaming"])
    open_campaign = campaign(niches=[])

    match(open_campaign)

    part = parts(open_campaign, profile)["niche"]
    assert part["score"] == 1.0
    assert sentence(part) == "You chose no niche, so every niche fits."


# --- Region and language --------------------------------------------------------


def test_place_and_language_part_reads_languages_spoken_and_indonesian_audience():
    bilingual = creator(languages=["id", "jv"], share="80")
    unreported = creator(languages=["id"])
    wanted = campaign(languages=["id", "jv"])

    match(wanted)

    assert parts(wanted, bilingual)["place_and_language"]["score"] == 0.9  # (1 + 0.8) / 2
    # Half the languages, audience not reported (neutral 0.5).
    assert parts(wanted, unreported)["place_and_language"]["score"] == 0.5
    assert sentence(parts(wanted, bilingual)["place_and_language"]) == (
        "Lives in Jawa Timur, one of the regions you chose; 80% of the audience is in "
        "Indonesia. Speaks 2 of the 2 languages you chose."
    )
    assert sentence(parts(wanted, unreported)["place_and_language"]) == (
        "Lives in Jawa Timur, one of the regions you chose; where the audience is was not "
        "reported. Speaks 1 of the 2 languages you chose."
    )


def test_without_regions_the_sentence_says_where_the_creator_lives():
    in_province = creator(share="75.5")
    no_province = creator(province="")
    abroad = creator(country=Region.objects.get(code="MY"), province="", share="10")
    everywhere = campaign(regions=[])

    match(everywhere)

    def place(profile):
        return sentence(parts(everywhere, profile)["place_and_language"])

    assert place(in_province) == (
        "Lives in Jawa Timur, Indonesia; 75.5% of the audience is in Indonesia."
    )
    assert place(no_province) == "Lives in Indonesia; where the audience is was not reported."
    assert place(abroad) == "Lives outside Indonesia; 10% of the audience is in Indonesia."


def test_a_match_stored_before_provinces_still_reads():
    part = {
        "part": "place_and_language",
        "score": 0.9,
        "values": {"spoken": 0, "wanted": 0, "indonesian_share": 80.0},
    }

    assert sentence(part) == "Lives in Indonesia; 80% of the audience is in Indonesia."


# --- Audience size ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("followers", "expected", "reason"),
    [
        (10_000, 1.0, "10,000 followers: within the audience size you want."),
        (100_000, 1.0, "100,000 followers: within the audience size you want."),
        (9_999, 1.0, "9,999 followers: fewer than the 10,000 you want."),
        (100_001, 1.0, "100,001 followers: more than the 100,000 you want."),
        (3_162, 0.5, "3,162 followers: fewer than the 10,000 you want."),
        (1_000, 0.0, "1,000 followers: fewer than the 10,000 you want."),
        (1_000_000, 0.0, "1,000,000 followers: more than the 100,000 you want."),
        (50, 0.0, "50 followers: fewer than the 10,000 you want."),
    ],
)
def test_audience_size_is_full_in_range_and_falls_to_zero_at_ten_times_off(
    followers, expected, reason
):
    profile = creator(follower_count=followers)
    wanted = campaign(audience_min=10_000, audience_max=100_000)

    match(wanted)

    part = parts(wanted, profile)["audience_size"]
    assert part["score"] == expected
    assert sentence(part) == reason


def test_just_outside_the_audience_range_scores_a_little_less_than_inside():
    inside = creator(follower_count=10_000)
    outside = creator(follower_count=9_000)
    wanted = campaign(audience_min=10_000, audience_max=100_000)

    match(wanted)

    assert parts(wanted, outside)["audience_size"]["score"] == 0.95  # 1 - log10(10001/9001)
    assert parts(wanted, inside)["audience_size"]["score"] == 1.0


def test_without_an_audience_range_every_size_fits():
    tiny, huge = creator(follower_count=120), creator(follower_count=4_000_000)
    wanted = campaign()

    match(wanted)

    assert parts(wanted, tiny)["audience_size"]["score"] == 1.0
    assert parts(wanted, huge)["audience_size"]["score"] == 1.0


# --- Engagement and views --------------------------------------------------------


def test_performance_rewards_engagement_and_views_per_follower():
    strong = creator(follower_count=10_000, views_last_30_days=30_000, engagement_rate=Decimal("8"))
    weak = creator(follower_count=10_000, views_last_30_days=0, engagement_rate=Decimal("0"))
    unreported = creator(follower_count=10_000, views_last_30_days=15_000)
    wanted = campaign()

    match(wanted)

    assert parts(wanted, strong)["performance"]["score"] == 1.0
    assert parts(wanted, weak)["performance"]["score"] == 0.0
    # Engagement not reported (neutral 0.5), views at half the strong level.
    assert parts(wanted, unreported)["performance"]["score"] == 0.5
    assert sentence(parts(wanted, strong)["performance"]) == (
        "8% engagement and 30,000 views in the last 30 days."
    )
    assert sentence(parts(wanted, unreported)["performance"]) == (
        "15,000 views in the last 30 days; engagement not reported."
    )


# --- Fee --------------------------------------------------------------------------------


def test_a_rate_equal_to_the_fee_per_creator_is_kept_and_scores_half():
    exact = creator(fee=250_000)
    cheap = creator(fee=50_000)
    wanted = campaign(fee_per_creator=Decimal("250000.00"))

    match(wanted)

    assert parts(wanted, exact)["fee"]["score"] == 0.5
    assert parts(wanted, cheap)["fee"]["score"] == 0.9
    assert (
        sentence(parts(wanted, cheap)["fee"])
        == "Cheapest package Rp 50,000, within your fee of Rp 250,000 per creator."
    )


def test_a_creator_without_a_rate_card_is_kept_as_neutral():
    no_card = creator()
    wanted = campaign(fee_per_creator=Decimal("250000.00"))

    match(wanted)

    part = parts(wanted, no_card)["fee"]
    assert part["score"] == 0.5
    assert sentence(part) == "Has no rate card yet; agree the fee in your invitation."


def test_the_cheapest_package_counts_not_the_others():
    profile = creator(fee=900_000)
    RatePackage.objects.create(profile=profile, name="Story", price_idr=100_000)
    wanted = campaign(fee_per_creator=Decimal("250000.00"))

    match(wanted)

    assert parts(wanted, profile)["fee"]["values"]["cheapest"] == 100_000


# --- Reliability ----------------------------------------------------------------------


def test_reliability_is_neutral_without_a_track_record():
    newcomer = creator()
    wanted = campaign()

    match(wanted)

    part = parts(wanted, newcomer)["reliability"]
    assert part["score"] == 0.5
    assert sentence(part) == "No past collaborations to judge by yet; counted as neutral."


def test_reliability_reads_the_track_record_pulled_towards_neutral():
    trusted = creator()
    collaborations(trusted, on_time=4, late=1, approved=5, stars=[5, 5, 5, 4, 4])
    wanted = campaign()

    match(wanted)

    part = parts(wanted, trusted)["reliability"]
    # Record (0.8 on time + 1.0 approved + 0.9 rating) / 3 = 0.9, weighed
    # against two neutral collaborations: (5 * 0.9 + 2 * 0.5) / 7.
    assert part["score"] == 0.79
    assert part["values"] == {
        "judged": 5,
        "on_time": 4,
        "approved": 5,
        "stars": 4.6,
        "videos_measured": 0,
        "vs_average": None,
    }
    assert sentence(part) == "Delivered 4 of 5 collaborations on time, 5 approved, rated 4.6/5."


def test_a_poor_unrated_record_scores_below_neutral():
    late = creator()
    collaborations(late, on_time=0, late=2, approved=0)
    wanted = campaign()

    match(wanted)

    part = parts(wanted, late)["reliability"]
    assert part["score"] == 0.25  # (2 * 0 + 2 * 0.5) / 4
    assert sentence(part) == "Delivered 0 of 2 collaborations on time, 0 approved, not rated yet."


def test_one_collaboration_reads_in_the_singular():
    profile = creator()
    collaborations(profile, on_time=1, late=0, approved=1, stars=[5])
    wanted = campaign()

    match(wanted)

    assert sentence(parts(wanted, profile)["reliability"]) == (
        "Delivered 1 of 1 collaboration on time, 1 approved, rated 5.0/5."
    )


def test_a_posted_video_without_an_average_to_compare_with_is_not_measured():
    profile = creator()
    posted_videos(profile, (5_000, None))
    wanted = campaign()

    match(wanted)

    part = parts(wanted, profile)["reliability"]
    assert part["score"] == 0.67  # (1 * 1.0 + 2 * 0.5) / 3: on time and approved only
    assert part["values"]["videos_measured"] == 0
    assert sentence(part) == "Delivered 1 of 1 collaboration on time, 1 approved, not rated yet."


def test_a_video_below_the_creators_average_pulls_reliability_down():
    profile = creator()
    posted_videos(profile, (500, 1_000))
    wanted = campaign()

    match(wanted)

    part = parts(wanted, profile)["reliability"]
    # 0.5 of the average scores 0.25; record (1 + 1 + 0.25) / 3 = 0.75,
    # against two neutral collaborations: (1 * 0.75 + 2 * 0.5) / 3.
    assert part["score"] == 0.58
    assert part["values"]["videos_measured"] == 1
    assert part["values"]["vs_average"] == 0.5
    assert sentence(part) == (
        "Delivered 1 of 1 collaboration on time, 1 approved, not rated yet. "
        "Posted videos for campaigns reached 0.5× the creator's own average views (1 video)."
    )


def test_videos_at_the_creators_average_count_as_neutral():
    profile = creator()
    posted_videos(profile, (1_000, 1_000), (2_000, 2_000), (40_000, 40_000))
    wanted = campaign()

    match(wanted)

    part = parts(wanted, profile)["reliability"]
    # Record (1 + 1 + 0.5) / 3, weighed 3 against 2 neutral: (2.5 + 1) / 5.
    assert part["score"] == 0.7
    assert sentence(part) == (
        "Delivered 3 of 3 collaborations on time, 3 approved, not rated yet. "
        "Posted videos for campaigns reached 1.0× the creator's own average views (3 videos)."
    )


def test_a_viral_video_counts_three_times_the_average_at_most():
    profile = creator()
    posted_videos(profile, (100_000, 10_000), (10_000, 10_000))
    wanted = campaign()

    match(wanted)

    part = parts(wanted, profile)["reliability"]
    # 10x is counted 3x: mean (3 + 1) / 2 = 2.0, which earns the whole component;
    # record (1 + 1 + 1) / 3 = 1, weighed 2 against 2 neutral: (2 + 1) / 4.
    assert part["values"]["vs_average"] == 2.0
    assert part["score"] == 0.75
    assert "reached 2.0× the creator's own average views (2 videos)." in sentence(part)


def test_a_measured_video_still_in_review_counts_without_a_judged_record():
    profile = creator()
    posted_videos(profile, (1_500, 1_000), status=Collaboration.Status.SUBMITTED)
    wanted = campaign()

    match(wanted)

    part = parts(wanted, profile)["reliability"]
    # Only the videos component: 1.5 / 2 = 0.75, weighed 1 against 2 neutral.
    assert part["score"] == 0.58
    assert sentence(part) == (
        "Posted videos for campaigns reached 1.5× the creator's own average views (1 video)."
    )


# --- The score -----------------------------------------------------------------------------


def test_the_score_is_the_weighted_mean_of_the_parts_and_staff_weights_change_it():
    profile = creator(niches=["gaming"])  # niche 0, every other part known
    wanted = campaign(niches=["food"])

    match(wanted)
    stored = CampaignMatch.objects.get(campaign=wanted, creator=profile)
    weights = MatchingWeights.current().as_dict()
    expected = sum(weights[part["part"]] * part["score"] for part in stored.parts)
    assert stored.score == round(100 * expected / sum(weights.values()))

    MatchingWeights.objects.filter(pk=1).update(
        niche=100,
        place_and_language=0,
        audience_size=0,
        performance=0,
        fee=0,
        reliability=0,
        confidence=0,
    )
    match(wanted)

    assert CampaignMatch.objects.get(campaign=wanted, creator=profile).score == 0
