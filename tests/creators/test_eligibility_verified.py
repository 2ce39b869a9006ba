"""Series eligibility from figures verified from TikTok: the boundaries, and
the checklist saying which criteria were checked against TikTok."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from creators.eligibility import CHECKED_ON_TIKTOK, SELF_REPORTED, evaluate
from creators.verification import sync_figures_from_tiktok
from tests.creators.factories import EligibleCreatorFactory, series, years_ago
from tests.tiktok.factories import LinkedAccountFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
FIGURES = ("followers", "public_videos", "views")


def verified(**fields):
    read_at = timezone.make_aware(datetime(2026, 11, 23, 6, 0))
    defaults = {
        "date_of_birth": years_ago(25, TODAY),
        "platform_account_created_on": TODAY - timedelta(days=400),
        "figures_recorded_on": TODAY,
        "figures_source": "api",
        "figures_verified_at": read_at,
    }
    return EligibleCreatorFactory(**{**defaults, **fields})


def criteria(profile):
    return {c.code: c for c in evaluate(profile, series(), today=TODAY).criteria}


@pytest.mark.parametrize(
    ("code", "field", "enough"),
    [
        ("followers", "follower_count", 10_000),
        ("views", "views_last_30_days", 1_000),
        ("public_videos", "public_video_count", 3),
    ],
)
def test_verified_figures_meet_series_rules_exactly_at_the_minimum(code, field, enough):
    assert criteria(verified(**{field: enough}))[code].met
    assert not criteria(verified(**{field: enough - 1}))[code].met


def test_the_checklist_says_the_figures_were_verified_from_tiktok():
    checked = criteria(verified())

    assert {checked[code].checked for code in FIGURES} == {CHECKED_ON_TIKTOK}
    assert checked["age"].checked == ""


def test_the_checklist_says_typed_figures_are_self_reported():
    profile = EligibleCreatorFactory(figures_recorded_on=TODAY, figures_source="form")

    checked = criteria(profile)

    assert {checked[code].checked for code in FIGURES} == {SELF_REPORTED}


def test_the_stored_application_checklist_keeps_what_was_checked():
    snapshot = evaluate(verified(), series(), today=TODAY).as_snapshot()

    by_code = {c["code"]: c for c in snapshot["criteria"]}
    assert by_code["followers"]["checked"] == CHECKED_ON_TIKTOK


def test_eligibility_uses_the_figures_read_from_tiktok_over_typed_ones():
    profile = EligibleCreatorFactory(follower_count=999_999, figures_source="form")
    LinkedAccountFactory(user=profile.user)

    sync_figures_from_tiktok(profile=profile)

    profile.refresh_from_db()
    followers = criteria(profile)["followers"]
    assert followers.checked == CHECKED_ON_TIKTOK
    assert followers.value != "999,999"


def test_a_creator_whose_figures_stopped_updating_is_told_to_reconnect():
    profile = verified(figures_recorded_on=TODAY - timedelta(days=60))

    views = criteria(profile)["views"]

    assert not views.met
    assert "reconnect TikTok" in views.advice
