"""The matches and search pages keep their filters, counts, cards and page
links as one fragment (brands.cards.page_key) and read their rows with SQL
compiled once (core.prepared), kept under versions (brands.page_reads): each
page is asked twice, so that it is kept, before and after a change; whatever
service changes what the results show, the next page shows it at once; no
business, campaign or language sees another's results; with the cache down
the pages are still right."""

import weakref

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone

from brands import page_reads
from brands import services as brand_services
from brands.models import CampaignMatch
from core import prepared
from creators import services as creator_services
from creators.models import Niche
from matching import runs
from tests.brands.factories import BusinessMembershipFactory, NicheFactory
from tests.brands.test_cached_cards import card, twice
from tests.brands.test_matches_page import COMPUTED, finished_run, matches_url, store_match
from tests.collaborations.factories import live_campaign
from tests.creators.factories import (
    CreatorProfileFactory,
    EligibleCreatorFactory,
    verified_figures,
)

pytestmark = pytest.mark.django_db


def search(client, campaign, **params):
    return twice(client, reverse("brands:creator_search", args=[campaign.pk]), params)


def matches(client, campaign, **params):
    return twice(client, matches_url(campaign, **params))


def matched(campaign, name, **fields):
    """A creator called ``name`` among the campaign's stored matches."""
    creator = CreatorProfileFactory(display_name=name, **fields)
    rank = CampaignMatch.objects.filter(campaign=campaign).count() + 1
    store_match(campaign, rank=rank, creator=creator)
    return creator


def test_new_figures_show_on_the_matches_page_at_once(client, campaign):
    finished_run(campaign)
    creator = matched(campaign, "Rina", follower_count=12_000)
    assert "Self-reported" in card(matches(client, campaign), "Rina")

    verified_figures(creator, follower_count=34_567)

    shown = card(matches(client, campaign), "Rina")
    assert "Verified from TikTok" in shown
    assert "Self-reported" not in shown


def test_a_profile_edit_shows_on_both_pages_at_once(client, campaign):
    finished_run(campaign)
    creator = matched(campaign, "Rina", city="Malang")
    assert "Malang" in card(matches(client, campaign), "Rina")
    assert "Malang" in card(search(client, campaign), "Rina")

    creator_services.update_profile(profile=creator, details={"city": "Batu"})

    for response in (matches(client, campaign), search(client, campaign)):
        shown = card(response, "Rina")
        assert "Batu" in shown
        assert "Malang" not in shown


def test_shortlisting_shows_on_the_matches_page_at_once(client, campaign, member):
    finished_run(campaign)
    creator = matched(campaign, "Rina")
    assert "Add to shortlist" in card(matches(client, campaign), "Rina")

    brand_services.add_to_shortlist(campaign=campaign, creator=creator, user=member.user)
    assert "Remove from shortlist" in card(matches(client, campaign), "Rina")

    brand_services.remove_from_shortlist(campaign=campaign, creator_id=creator.pk)
    assert "Add to shortlist" in card(matches(client, campaign), "Rina")


def test_a_rematch_shows_when_it_was_computed_at_once(client, campaign):
    creator = EligibleCreatorFactory(display_name="Rina")
    finished_run(campaign)
    store_match(campaign, rank=1, creator=creator, score=1)
    assert computed(COMPUTED) in matches(client, campaign).content.decode()

    runs.match_campaign(campaign_id=campaign.pk)

    content = matches(client, campaign).content.decode()
    stored = CampaignMatch.objects.get(campaign=campaign, creator=creator)
    assert computed(stored.computed_at) in content
    assert computed(COMPUTED) not in content


def computed(when):
    return "Computed " + dateformat.format(timezone.localtime(when), "j M Y, H:i T")


def test_a_new_creator_changes_the_number_found_at_once(client, campaign):
    CreatorProfileFactory(display_name="Rina")
    assert "1 creator found." in search(client, campaign).content.decode()

    CreatorProfileFactory(display_name="Sari")

    assert "2 creators found." in search(client, campaign).content.decode()


def test_a_new_niche_can_be_searched_at_once(client, campaign):
    """Which filters are valid is kept under the names' version."""
    niche = NicheFactory(name="Pickling", name_id="")
    creator = CreatorProfileFactory(display_name="Rina")
    creator.niches.add(niche)
    assert search(client, campaign, niche=niche.pk + 1).context["page"] is None

    newer = NicheFactory(name="Kites", name_id="")
    creator.niches.add(newer)
    assert newer.pk == niche.pk + 1  # the same query string as above

    response = search(client, campaign, niche=niche.pk + 1)
    assert [row.display_name for row in response.context["page"]] == ["Rina"]


def test_a_removed_niche_is_no_longer_a_valid_filter(client, campaign):
    niche = NicheFactory(name="Pickling", name_id="")
    assert search(client, campaign, niche=niche.pk).context["page"] is not None

    Niche.objects.filter(pk=niche.pk).delete()

    assert search(client, campaign, niche=niche.pk).context["page"] is None


def test_another_business_never_sees_the_matches_or_their_relations(client, campaign, member):
    finished_run(campaign)
    creator = matched(campaign, "Rina")
    brand_services.add_to_shortlist(campaign=campaign, creator=creator, user=member.user)
    assert "Remove from shortlist" in card(matches(client, campaign), "Rina")

    other = live_campaign(member=BusinessMembershipFactory())
    client.force_login(other.member)
    assert matches(client, campaign).status_code == 404
    assert search(client, campaign).status_code == 404

    finished_run(other)
    store_match(other, rank=1, creator=creator)
    shown = card(matches(client, other), "Rina")
    assert "Add to shortlist" in shown
    assert reverse("brands:shortlist_add", args=[other.pk, creator.pk]) in shown


def test_each_language_gets_its_own_matches(client, campaign):
    finished_run(campaign)
    matched(campaign, "Rina")
    assert "Self-reported" in card(matches(client, campaign), "Rina")

    response = client.get(matches_url(campaign), HTTP_ACCEPT_LANGUAGE="id")

    assert "Self-reported" not in card(response, "Rina")
    assert response.headers["Content-Language"] == "id"


def test_the_matches_page_is_right_with_the_cache_down(client, campaign, cache_down):
    finished_run(campaign)
    niche = NicheFactory(name="Pickling", name_id="")
    creator = matched(campaign, "Rina")
    creator.niches.add(niche)

    response = matches(client, campaign, niche=niche.pk)

    assert response.status_code == 200
    assert "Pickling" in card(response, "Rina")
    assert ">Pickling</option>" in response.content.decode()
    assert matches(client, campaign, min_score="x").context["page"].object_list == []


def test_a_page_past_the_last_shows_the_last(client, campaign):
    finished_run(campaign)
    for number in range(25):
        matched(campaign, f"Creator {number:02}")

    response = matches(client, campaign, page=9)

    assert response.context["page"].number == 2
    assert len(response.context["page"]) == 5
    assert matches(client, campaign, page="x").context["page"].number == 1


def test_a_city_with_like_characters_is_searched_as_typed(client, campaign):
    """Values the ORM escapes (SQLite's LIKE) are not put in compiled SQL."""
    CreatorProfileFactory(display_name="Rina", city="Kota_Baru")
    CreatorProfileFactory(display_name="Sari", city="KotaXBaru")

    response = search(client, campaign, city="kota_baru")

    assert [row.display_name for row in response.context["page"]] == ["Rina"]


def test_the_sql_is_compiled_once_and_run_with_each_requests_values(client, campaign):
    CreatorProfileFactory(display_name="Small", follower_count=100)
    CreatorProfileFactory(display_name="Large", follower_count=100_000)

    def listed(minimum):
        response = search(client, campaign, followers_min=minimum)
        return [row.display_name for row in response.context["page"]]

    assert listed(10) == ["Large", "Small"]
    kept = dict(prepared._compiled[connections["default"]])
    with CaptureQueriesContext(connection) as captured:
        assert listed(1_000) == ["Large"]
    assert prepared._compiled[connections["default"]] == kept
    assert any("1000" in query["sql"] for query in captured)


def test_stand_ins_the_orm_would_change_are_not_used():
    def build(**values):
        return Niche.objects.filter(name__contains=values["name"]).values("pk")

    assert prepared._prepare(build, [("name", "x")]) is None
    assert page_reads.search_count({"city": "100%"}, 10) == 0


def test_the_campaign_sections_mark_the_page_shown(client, campaign):
    current = 'active" aria-current="page" href="{}"'
    matches_link = reverse("brands:campaign_matches", args=[campaign.pk])
    search_link = reverse("brands:creator_search", args=[campaign.pk])

    assert current.format(matches_link) in matches(client, campaign).content.decode()
    content = search(client, campaign).content.decode()
    assert current.format(search_link) in content
    assert current.format(matches_link) not in content


def test_past_the_shapes_kept_a_search_is_compiled_for_itself(client, campaign, monkeypatch):
    monkeypatch.setattr(prepared, "MOST_KEPT", 0)
    monkeypatch.setattr(prepared, "_compiled", weakref.WeakKeyDictionary())
    CreatorProfileFactory(display_name="Small", follower_count=100)
    CreatorProfileFactory(display_name="Large", follower_count=100_000)

    response = search(client, campaign, followers_max=1_000, sort="views")

    assert [row.display_name for row in response.context["page"]] == ["Small"]
    assert prepared._compiled[connections["default"]] == {}
