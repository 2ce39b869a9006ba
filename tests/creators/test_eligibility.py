"""``evaluate``: every criterion at its boundary, the exception, and rules as data."""

from datetime import date, timedelta

import pytest

from creators.eligibility import age_on, evaluate
from creators.models import Region
from tests.creators.factories import (
    EligibleCreatorFactory,
    ViolationFactory,
    creativity,
    series,
    years_ago,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def criterion(profile, code, programme=None, today=TODAY):
    evaluation = evaluate(profile, programme or series(), today=today)
    return next(c for c in evaluation.criteria if c.code == code)


def eligible(**fields):
    defaults = {
        "date_of_birth": years_ago(25, TODAY),
        "platform_account_created_on": TODAY - timedelta(days=400),
        "figures_recorded_on": TODAY,
    }
    return EligibleCreatorFactory(**{**defaults, **fields})


def test_an_eligible_creator_meets_every_series_criterion():
    evaluation = evaluate(eligible(), series(), today=TODAY)

    assert evaluation.eligible
    assert evaluation.can_apply
    assert [c.code for c in evaluation.criteria] == [
        "age",
        "region",
        "followers",
        "account_age",
        "public_videos",
        "views",
        "public_account",
        "original_content",
        "good_standing",
    ]
    assert all(c.advice == "Done." for c in evaluation.criteria)


def test_exactly_10000_followers_is_enough():
    assert criterion(eligible(follower_count=10_000), "followers").met


def test_9999_followers_is_one_short_and_says_so():
    result = criterion(eligible(follower_count=9_999), "followers")

    assert not result.met
    assert result.value == "9,999"
    assert result.threshold == "10,000"
    assert result.advice == (
        "You need 1 more follower, or add a link to premium content you sell elsewhere."
    )


def test_the_advice_counts_the_missing_followers():
    result = criterion(eligible(follower_count=7_700), "followers")

    assert result.advice == (
        "You need 2,300 more followers, or add a link to premium content you sell elsewhere."
    )


def test_a_creator_who_turns_18_today_is_old_enough():
    assert criterion(eligible(date_of_birth=date(2008, 11, 23)), "age").met


def test_a_creator_who_turns_18_tomorrow_is_not_and_is_told_when():
    result = criterion(eligible(date_of_birth=date(2008, 11, 24)), "age")

    assert not result.met
    assert result.value == "17"
    assert result.advice == "You can apply from Nov. 24, 2026, when you turn 18."


def test_a_creator_born_on_29_february_comes_of_age_on_1_march():
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_a_region_can_raise_the_minimum_age():
    korea = Region.objects.get(code="KR")
    profile = eligible(country=korea, date_of_birth=years_ago(18, TODAY))

    result = criterion(profile, "age")

    assert not result.met
    assert result.threshold == "19"


def test_a_creator_in_an_ineligible_region_is_told_so():
    profile = eligible(country=Region.objects.get(code="US"))

    result = criterion(profile, "region")

    assert not result.met
    assert result.advice == "Series is not open to creators in United States yet."


def test_an_account_exactly_30_days_old_is_old_enough():
    assert criterion(
        eligible(platform_account_created_on=TODAY - timedelta(days=30)), "account_age"
    ).met


def test_an_account_29_days_old_is_not():
    result = criterion(
        eligible(platform_account_created_on=TODAY - timedelta(days=29)), "account_age"
    )

    assert not result.met
    assert result.value == "29"


def test_figures_recorded_exactly_30_days_ago_still_count():
    profile = eligible(figures_recorded_on=TODAY - timedelta(days=30))

    assert criterion(profile, "views").met
    assert criterion(profile, "public_videos").met


def test_figures_recorded_31_days_ago_are_outside_the_window():
    profile = eligible(figures_recorded_on=TODAY - timedelta(days=31))

    views = criterion(profile, "views")
    assert not views.met
    assert views.advice == "Update your figures: they must be from the last 30 days."
    assert not criterion(profile, "public_videos").met


def test_exactly_1000_views_and_3_videos_are_enough_and_one_less_is_not():
    assert criterion(eligible(views_last_30_days=1_000), "views").met
    assert not criterion(eligible(views_last_30_days=999), "views").met
    assert criterion(eligible(public_video_count=3), "public_videos").met
    assert criterion(eligible(public_video_count=2), "public_videos").advice == (
        "Post 1 more public video."
    )


def test_private_and_political_accounts_are_not_eligible():
    assert not criterion(eligible(account_type="private"), "public_account").met
    assert not criterion(eligible(account_type="political"), "public_account").met
    assert criterion(eligible(account_type="business"), "public_account").met


def test_two_violations_within_90_days_disqualify_until_the_older_leaves_the_window():
    profile = eligible()
    ViolationFactory(profile=profile, occurred_on=TODAY - timedelta(days=89))
    ViolationFactory(profile=profile, occurred_on=TODAY - timedelta(days=10))

    result = criterion(profile, "good_standing")

    assert not result.met
    assert result.value == "2"
    assert criterion(profile, "good_standing", today=TODAY + timedelta(days=1)).met


def test_one_violation_does_not_disqualify_from_series():
    profile = eligible()
    ViolationFactory(profile=profile, occurred_on=TODAY)

    assert criterion(profile, "good_standing").met


def test_the_premium_content_link_waives_the_follower_minimum():
    profile = eligible(follower_count=500, premium_content_url="https://karyakarsa.com/siti")

    evaluation = evaluate(profile, series(), today=TODAY)
    followers = next(c for c in evaluation.criteria if c.code == "followers")

    assert not followers.met
    assert followers.waived
    assert not evaluation.eligible
    assert evaluation.can_apply
    assert evaluation.uses_exception


def test_the_exception_does_not_waive_anything_else():
    profile = eligible(
        follower_count=500,
        premium_content_url="https://karyakarsa.com/siti",
        views_last_30_days=10,
    )

    evaluation = evaluate(profile, series(), today=TODAY)

    assert not evaluation.can_apply
    assert [c.code for c in evaluation.unmet] == ["views"]


def test_the_creativity_program_has_its_own_rules():
    profile = eligible(
        country=Region.objects.get(code="US"),
        province="",
        views_last_30_days=50_000,
        premium_content_url="https://example.com/x",
    )

    evaluation = evaluate(profile, creativity(), today=TODAY)

    assert [c.code for c in evaluation.unmet] == ["views"]
    assert "public_videos" not in [c.code for c in evaluation.criteria]


def test_the_creativity_program_is_for_creators_in_the_united_states():
    in_indonesia = criterion(eligible(), "region", creativity())

    assert not in_indonesia.met
    assert in_indonesia.threshold == "United States"
    assert in_indonesia.advice == "Creativity Program is not open to creators in Indonesia yet."


def test_the_creativity_checklist_says_only_videos_over_a_minute_count():
    duration = criterion(eligible(), "video_duration", creativity())

    assert duration.label == "Only videos longer than 1 minute count"
    assert duration.threshold == "longer than 1 minute"
    assert duration.met
    assert "video_duration" not in [c.code for c in evaluate(eligible(), series()).criteria]


def test_a_creator_without_figures_is_told_what_to_add():
    evaluation = evaluate(
        EligibleCreatorFactory(date_of_birth=None, country=None, platform_account_created_on=None),
        series(),
        today=TODAY,
    )

    advice = {c.code: c.advice for c in evaluation.unmet}
    assert advice["age"] == "Add your date of birth."
    assert advice["region"] == "Add your country."
    assert advice["account_age"] == "Add the date you created your account."


def test_the_snapshot_is_plain_json():
    import json

    snapshot = evaluate(eligible(), series(), today=TODAY).as_snapshot()

    assert json.loads(json.dumps(snapshot)) == snapshot
    assert snapshot["evaluated_on"] == "2026-11-23"
    assert snapshot["criteria"][0]["code"] == "age"
