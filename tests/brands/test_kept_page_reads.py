"""The matches and search pages keep their reads (the campaign, the page of
rows and its count) under versions read in one round trip (brands.page_reads):
a kept page reads nothing but the session and the user. Every service that
changes what a page shows, or who may see it, moves a version on, so the next
request shows the change, including for creators the kept page did not show;
with the cache down everything is read on every request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brands import services as brand_services
from brands.models import CampaignMatch
from creators import services as creator_services
from creators import verification
from creators.models import CreatorProfile
from matching import coalescing, runs
from portal import privacy
from tests.brands.factories import BusinessMembershipFactory, NicheFactory
from tests.brands.test_cached_cards import card
from tests.brands.test_matches_page import finished_run, matches_url, store_match
from tests.creators.factories import (
    CreatorProfileFactory,
    EligibleCreatorFactory,
    verified_figures,
)

pytestmark = pytest.mark.django_db


def search_url(campaign):
    return reverse("brands:creator_search", args=[campaign.pk])


def kept(client, url, params=None):
    """The page once kept: the first request reads its rows, the second keeps
    them, the third reads nothing but the session and the user."""
    client.get(url, params)
    client.get(url, params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert len(queries) == 2, [query["sql"] for query in queries]
    return response


def listed(response):
    return [row["creator"]["display_name"] for row in response.context["page"]]


def found(response):
    return [row["display_name"] for row in response.context["page"]]


def matched(campaign, name, *, rank, **fields):
    return store_match(
        campaign, rank=rank, creator=CreatorProfileFactory(display_name=name, **fields)
    )


def test_a_rematch_by_the_matcher_shows_at_once(client, campaign):
    finished_run(campaign)
    matched(campaign, "Old Match", rank=1)
    EligibleCreatorFactory(display_name="Rina")
    assert listed(kept(client, matches_url(campaign))) == ["Old Match"]

    runs.match_campaign(campaign_id=campaign.pk)

    assert listed(client.get(matches_url(campaign))) == ["Rina"]


def test_the_full_refresh_shows_at_once(client, campaign):
    finished_run(campaign)
    matched(campaign, "Old Match", rank=1)
    EligibleCreatorFactory(display_name="Rina")
    assert listed(kept(client, matches_url(campaign))) == ["Old Match"]

    runs.refresh_all_matches()

    assert listed(client.get(matches_url(campaign))) == ["Rina"]


def test_a_queued_run_shows_at_once(client, campaign):
    finished_run(campaign)
    matched(campaign, "Rina", rank=1)
    assert "waiting for a worker" not in kept(client, matches_url(campaign)).content.decode()

    coalescing.enqueue_campaign_match(campaign.pk)

    assert "waiting for a worker" in client.get(matches_url(campaign)).content.decode()


def test_figures_marked_stale_show_at_once_on_both_pages(client, campaign):
    """``mark_figures_stale`` writes with ``update()``: the creator's own version moves."""
    finished_run(campaign)
    creator = matched(campaign, "Rina", rank=1).creator
    verified_figures(creator, follower_count=34_567)
    for url in (matches_url(campaign), search_url(campaign)):
        assert "did not answer" not in card(kept(client, url), "Rina")

    verification.mark_figures_stale(profile=CreatorProfile.objects.get(pk=creator.pk))

    for url in (matches_url(campaign), search_url(campaign)):
        assert "TikTok did not answer since" in card(client.get(url), "Rina")


def test_a_niche_given_to_a_creator_not_shown_filters_the_matches_at_once(client, campaign):
    finished_run(campaign)
    niche = NicheFactory()
    matched(campaign, "Rina", rank=1).creator.niches.add(niche)
    sari = matched(campaign, "Sari", rank=2).creator
    params = {"niche": niche.pk}
    assert listed(kept(client, matches_url(campaign), params)) == ["Rina"]

    creator_services.update_profile(profile=sari, details={}, niches=[niche])

    assert listed(client.get(matches_url(campaign), params)) == ["Rina", "Sari"]


def test_new_figures_bring_a_creator_not_shown_into_a_search_at_once(client, campaign):
    CreatorProfileFactory(display_name="Rina", follower_count=50_000)
    sari = CreatorProfileFactory(display_name="Sari", follower_count=5_000)
    params = {"followers_min": 10_000}
    response = kept(client, search_url(campaign), params)
    assert found(response) == ["Rina"]
    assert "1 creator found." in response.content.decode()

    verified_figures(sari, follower_count=20_000)

    response = client.get(search_url(campaign), params)
    assert found(response) == ["Rina", "Sari"]
    assert "2 creators found." in response.content.decode()


def test_a_creator_closed_to_offers_leaves_the_search_at_once(client, campaign):
    CreatorProfileFactory(display_name="Rina", follower_count=50_000)
    sari = CreatorProfileFactory(display_name="Sari", follower_count=5_000)
    assert found(kept(client, search_url(campaign))) == ["Rina", "Sari"]

    creator_services.update_profile(
        profile=sari, details={"contact_preference": CreatorProfile.ContactPreference.NONE}
    )

    assert found(client.get(search_url(campaign))) == ["Rina"]


def last_of_21_kept(client, campaign):
    """The 21st match of ``campaign`` (on the second page), its first page kept."""
    finished_run(campaign)
    for rank in range(1, 21):
        matched(campaign, f"Creator {rank:02}", rank=rank)
    last = matched(campaign, "Last", rank=21)
    assert kept(client, matches_url(campaign)).context["page"].paginator.count == 21
    return last


def test_a_deleted_creator_not_shown_leaves_the_matches_count_at_once(client, campaign):
    last = last_of_21_kept(client, campaign)

    last.creator.user.delete()  # the account goes, its profile and matches with it

    assert not CampaignMatch.objects.filter(pk=last.pk).exists()
    page = client.get(matches_url(campaign)).context["page"]
    assert page.paginator.count == 20
    assert not page.has_other_pages()


def test_a_deleted_account_not_shown_leaves_the_matches_at_once(client, campaign):
    """Its matches go in bulk (``portal.privacy``), with its profile saved closed to offers."""
    last = last_of_21_kept(client, campaign)

    privacy.delete_account(user=last.creator.user)

    assert not CampaignMatch.objects.filter(pk=last.pk).exists()
    assert client.get(matches_url(campaign)).context["page"].paginator.count == 20


def test_a_renamed_campaign_shows_at_once_on_both_pages(client, campaign, member):
    for url in (matches_url(campaign), search_url(campaign)):
        assert "Kopi Senja" not in kept(client, url).content.decode()

    brand_services.edit_campaign_brief(
        campaign=campaign, values={"product_name": "Kopi Senja"}, user=member.user
    )

    for url in (matches_url(campaign), search_url(campaign)):
        content = client.get(url).content.decode()
        assert (
            "<title>Matches for Kopi Senja" in content
            or "Search creators for Kopi Senja" in content
        )
        assert 'class="h3">' in content and "Kopi Senja</h1>" in content


def test_a_removed_member_gets_a_404_at_once(client, campaign, member):
    for url in (matches_url(campaign), search_url(campaign)):
        assert kept(client, url).status_code == 200

    member.delete()

    for url in (matches_url(campaign), search_url(campaign)):
        assert client.get(url).status_code == 404


def test_another_business_never_gets_what_a_member_kept(client, campaign):
    finished_run(campaign)
    matched(campaign, "Rina", rank=1)
    for url in (matches_url(campaign), search_url(campaign)):
        kept(client, url)

    client.force_login(BusinessMembershipFactory().user)

    for url in (matches_url(campaign), search_url(campaign)):
        assert client.get(url).status_code == 404


def test_with_the_cache_down_every_request_reads_and_shows_changes(client, campaign, cache_down):
    finished_run(campaign)
    creator = matched(campaign, "Rina", rank=1, city="Malang").creator
    for url in (matches_url(campaign), search_url(campaign)):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert "Malang" in card(client.get(url), "Rina")
        assert len(queries) > 2

    creator_services.update_profile(profile=creator, details={"city": "Batu"})

    for url in (matches_url(campaign), search_url(campaign)):
        assert "Batu" in card(client.get(url), "Rina")
