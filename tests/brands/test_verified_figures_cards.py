"""Businesses tell checked figures from claimed ones: search results and
match cards say "Verified from TikTok, <date>" or "Self-reported", and the
pages' query counts do not grow with verified creators."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from creators.models import CreatorProfile
from matching import runs
from tests.creators.factories import EligibleCreatorFactory

pytestmark = pytest.mark.django_db


def verified(name, days_ago=1, **fields):
    return EligibleCreatorFactory(
        display_name=name,
        figures_source="api",
        figures_verified_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )


def day(profile):
    return date_format(timezone.localtime(profile.figures_verified_at), "DATE_FORMAT")


def card_of(content, name):
    """The HTML of the card that names ``name`` (up to the next card)."""
    start = content.index(name)
    end = content.find('class="card', start)
    return content[start : end if end != -1 else None]


def test_search_results_tell_verified_figures_from_self_reported_ones(client, campaign):
    checked = verified("Checked Creator")
    EligibleCreatorFactory(display_name="Claimed Creator", figures_source="form")

    content = client.get(reverse("brands:creator_search", args=[campaign.pk])).content.decode()

    assert f"Verified from TikTok, {day(checked)}" in card_of(content, "Checked Creator")
    assert "Self-reported" in card_of(content, "Claimed Creator")


def test_search_results_say_when_tiktok_stopped_answering(client, campaign):
    stale = verified("Stale Creator", days_ago=5)
    CreatorProfile.objects.filter(pk=stale.pk).update(figures_stale_since=timezone.now())

    content = client.get(reverse("brands:creator_search", args=[campaign.pk])).content.decode()

    assert f"last read {day(stale)}, TikTok did not answer since" in card_of(
        content, "Stale Creator"
    )


def test_match_cards_say_where_the_figures_come_from(client, campaign):
    checked = verified("Checked Creator")
    EligibleCreatorFactory(display_name="Claimed Creator", figures_source="form")
    runs.match_campaign(campaign_id=campaign.pk)

    content = client.get(reverse("brands:campaign_matches", args=[campaign.pk])).content.decode()

    assert f"Verified from TikTok, {day(checked)}" in content
    assert "Self-reported" in content
    assert f"Figures verified from TikTok on {day(checked)}." in content


@pytest.mark.parametrize("count", [3, 30])
def test_search_queries_do_not_grow_with_verified_creators(
    client, campaign, count, django_assert_num_queries
):
    for number in range(count):
        if number % 2:
            verified(f"Creator {number}")
        else:
            EligibleCreatorFactory(display_name=f"Creator {number}")

    # session, user, campaign, the form's choices, the page with the capped
    # count, the niches; PostgreSQL also asks its planner how many match.
    with django_assert_num_queries(6 + (connection.vendor == "postgresql")):
        client.get(reverse("brands:creator_search", args=[campaign.pk]))


@pytest.mark.parametrize("count", [3, 30])
def test_match_page_queries_do_not_grow_with_verified_creators(
    client, campaign, count, django_assert_num_queries
):
    for number in range(count):
        if number % 2:
            verified(f"Creator {number}")
        else:
            EligibleCreatorFactory(display_name=f"Creator {number}")
    runs.match_campaign(campaign_id=campaign.pk)

    # the matches are counted with their page's rows, whatever their number
    with django_assert_num_queries(6):
        client.get(reverse("brands:campaign_matches", args=[campaign.pk]))
