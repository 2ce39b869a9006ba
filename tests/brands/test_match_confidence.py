"""The confidence part of a match score: figures verified from TikTok count
fully for a week, then less each day; self-reported ones less; none least."""

from datetime import timedelta

import pytest
from django.utils import timezone

from matching.parts import (
    NO_FIGURES_CONFIDENCE,
    SELF_REPORTED_CONFIDENCE,
    STALE_CONFIDENCE,
    VERIFIED_CONFIDENCE,
)
from tests.brands.matching_helpers import campaign, creator, match, parts, sentence

pytestmark = pytest.mark.django_db


def verified_creator(days_ago):
    return creator(
        figures_source="api", figures_verified_at=timezone.now() - timedelta(days=days_ago)
    )


def confidence_of(profile):
    wanted = campaign()
    match(wanted)
    return parts(wanted, profile)["confidence"]


def test_figures_just_read_from_tiktok_count_fully():
    part = confidence_of(verified_creator(0))

    assert part["score"] == VERIFIED_CONFIDENCE
    assert part["values"]["verified_on"] == timezone.localdate().isoformat()


def test_figures_read_exactly_seven_days_ago_still_count_fully():
    assert confidence_of(verified_creator(7))["score"] == VERIFIED_CONFIDENCE


def test_figures_read_eight_days_ago_are_stale_and_count_less():
    assert confidence_of(verified_creator(8))["score"] == STALE_CONFIDENCE


def test_stale_figures_count_less_each_day():
    assert confidence_of(verified_creator(18))["score"] == pytest.approx(STALE_CONFIDENCE - 0.1)


def test_long_stale_figures_count_no_less_than_self_reported_ones():
    assert confidence_of(verified_creator(400))["score"] == SELF_REPORTED_CONFIDENCE


def test_self_reported_figures_count_less_than_verified_ones():
    part = confidence_of(creator())

    assert part["score"] == SELF_REPORTED_CONFIDENCE
    assert part["values"] == {"verified_on": None, "has_figures": True}


def test_a_creator_without_figures_gets_the_least_confidence():
    assert confidence_of(creator(figures_recorded_on=None))["score"] == NO_FIGURES_CONFIDENCE


def test_the_business_reads_where_the_figures_come_from():
    fresh = verified_creator(0)
    stale = verified_creator(30)
    claimed = creator()
    wanted = campaign()
    match(wanted)

    assert "Figures verified from TikTok on" in sentence(parts(wanted, fresh)["confidence"])
    assert "not read since" in sentence(parts(wanted, stale)["confidence"])
    assert sentence(parts(wanted, claimed)["confidence"]) == (
        "Figures self-reported by the creator, not checked."
    )
