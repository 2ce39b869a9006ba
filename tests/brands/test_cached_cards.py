"""Creator cards on the search, matches and shortlist pages are cached
(brands/cards.py): whatever service changes what a card shows, the next page
shows the change at once, and no campaign, business or language ever sees
another's card."""

from decimal import Decimal

import pytest
from django.urls import reverse

from brands import services as brand_services
from brands.models import CampaignMatch
from collaborations import services as collaboration_services
from collaborations.models import Collaboration
from creators import services as creator_services
from creators.models import Niche
from matching import runs
from tests.brands.factories import BusinessMembershipFactory, NicheFactory
from tests.brands.test_matches_page import finished_run, store_match
from tests.collaborations.factories import live_campaign
from tests.creators.factories import (
    CreatorProfileFactory,
    EligibleCreatorFactory,
    verified_figures,
)

pytestmark = pytest.mark.django_db


def twice(client, url, params=None):
    """The page asked twice: the first reads its rows, the second keeps them
    (brands.page_reads), so that any later read comes from what is kept
    unless a service moved a version on."""
    client.get(url, params)
    return client.get(url, params)


def search_page(client, campaign, **params):
    return twice(client, reverse("brands:creator_search", args=[campaign.pk]), params)


def matches_page(client, campaign):
    return twice(client, reverse("brands:campaign_matches", args=[campaign.pk]))


def card(response, name):
    """The HTML of the card that names ``name`` (up to the next card)."""
    content = response.content.decode()
    start = content.index(f">{name}</a>")
    end = content.find("<li", start)
    return content[start : end if end != -1 else None]


def test_a_new_fee_on_the_rate_card_shows_at_once(client, campaign):
    creator = CreatorProfileFactory(display_name="Rina")
    creator_services.update_profile(
        profile=creator,
        details={},
        packages=[{"name": "1 video", "description": "", "price_idr": 150_000}],
    )
    assert "Rp 150,000" in card(search_page(client, campaign), "Rina")

    package = creator.rate_packages.get()
    creator_services.update_profile(
        profile=creator,
        details={},
        packages=[{"id": package.pk, "name": "1 video", "description": "", "price_idr": 175_000}],
    )

    shown = card(search_page(client, campaign), "Rina")
    assert "Rp 175,000" in shown
    assert "Rp 150,000" not in shown


def test_new_figures_show_at_once_with_where_they_come_from(client, campaign):
    creator = CreatorProfileFactory(display_name="Rina", follower_count=12_000)
    assert "12,000" in card(search_page(client, campaign), "Rina")

    verified_figures(creator, follower_count=34_567)

    shown = card(search_page(client, campaign), "Rina")
    assert "34,567" in shown
    assert "12,000" not in shown
    assert "Verified from TikTok" in shown


def test_changed_niches_show_at_once(client, campaign):
    creator = CreatorProfileFactory(display_name="Rina")
    cooking, gaming = NicheFactory(name="Pickling"), NicheFactory(name="Kite flying")
    creator_services.update_profile(profile=creator, details={}, niches=[cooking])
    assert "Pickling" in card(search_page(client, campaign), "Rina")

    creator_services.update_profile(profile=creator, details={}, niches=[gaming])
    Niche.objects.filter(pk=gaming.pk).update(name="Kites", name_id="")

    shown = card(search_page(client, campaign), "Rina")
    assert "Kites" in shown
    assert "Pickling" not in shown


def test_shortlisting_turns_the_button_at_once(client, campaign, member):
    creator = CreatorProfileFactory(display_name="Rina")
    assert "Add to shortlist" in card(search_page(client, campaign), "Rina")

    brand_services.add_to_shortlist(campaign=campaign, creator=creator, user=member.user)
    assert "Remove from shortlist" in card(search_page(client, campaign), "Rina")
    assert "Remove from shortlist" in card(shortlist_page(client, campaign), "Rina")

    brand_services.remove_from_shortlist(campaign=campaign, creator_id=creator.pk)
    assert "Add to shortlist" in card(search_page(client, campaign), "Rina")


def shortlist_page(client, campaign):
    return client.get(reverse("brands:shortlist", args=[campaign.pk]))


def test_an_invitation_and_its_answer_show_at_once(client, campaign, member):
    creator = CreatorProfileFactory(display_name="Rina")
    finished_run(campaign)
    store_match(campaign, rank=1, creator=creator)
    invite = reverse("collaborations:invite", args=[campaign.pk, creator.pk])
    assert invite in card(matches_page(client, campaign), "Rina")

    collaboration = collaboration_services.invite(
        campaign=campaign, creator=creator, user=member.user, fee=Decimal("250000")
    )
    shown = card(matches_page(client, campaign), "Rina")
    assert "Collaboration: Invited" in shown
    assert invite not in shown

    collaboration_services.move(collaboration, Collaboration.Status.DECLINED, user=creator.user)
    assert "Collaboration: Declined" in card(search_page(client, campaign), "Rina")
    assert "Collaboration: Declined" in card(matches_page(client, campaign), "Rina")


def test_a_new_match_run_shows_its_scores_at_once(client, campaign):
    creator = EligibleCreatorFactory(display_name="Rina")
    finished_run(campaign)
    store_match(campaign, rank=1, creator=creator, score=1)
    assert ">1<" in card(matches_page(client, campaign), "Rina")

    runs.match_campaign(campaign_id=campaign.pk)

    stored = CampaignMatch.objects.get(campaign=campaign, creator=creator)
    assert stored.score != 1
    shown = card(matches_page(client, campaign), "Rina")
    assert f">{stored.score}<" in shown
    assert ">1<" not in shown


def test_a_campaign_never_shows_another_campaigns_relations(client, campaign, member):
    creator = CreatorProfileFactory(display_name="Rina")
    brand_services.add_to_shortlist(campaign=campaign, creator=creator, user=member.user)
    assert "Remove from shortlist" in card(search_page(client, campaign), "Rina")

    other = live_campaign(member=BusinessMembershipFactory())
    client.force_login(other.member)
    shown = card(search_page(client, other), "Rina")

    assert "Add to shortlist" in shown
    assert reverse("brands:shortlist_add", args=[other.pk, creator.pk]) in shown
    assert reverse("brands:shortlist_remove", args=[campaign.pk, creator.pk]) not in shown


def test_each_language_gets_its_own_card(client, campaign, member):
    CreatorProfileFactory(display_name="Rina")
    assert "Self-reported" in card(search_page(client, campaign), "Rina")

    response = client.get(
        reverse("brands:creator_search", args=[campaign.pk]), HTTP_ACCEPT_LANGUAGE="id"
    )

    assert "Self-reported" not in card(response, "Rina")
    assert response.headers["Content-Language"] == "id"


def test_the_filter_form_keeps_the_values_and_shows_errors(client, campaign):
    CreatorProfileFactory(display_name="Rina")
    search_page(client, campaign, followers_min=10)

    content = search_page(client, campaign, followers_min=500, followers_max=100).content
    content = content.decode()

    assert 'name="followers_min" value="500"' in content
    assert "is-invalid" in content
    assert "“Followers up to” must not be below “Followers from”." in content
    assert 'name="followers_min" value="10"' not in content


def test_a_renamed_niche_shows_in_the_filters_at_once(client, campaign):
    niche = NicheFactory(name="Pickling", name_id="")
    assert ">Pickling</option>" in search_page(client, campaign).content.decode()

    Niche.objects.filter(pk=niche.pk).update(name="Preserves")

    content = search_page(client, campaign).content.decode()
    assert ">Preserves</option>" in content
    assert ">Pickling</option>" not in content


def _save_name(niche, name):
    niche.name = name
    niche.save()


def _update_name(niche, name):
    Niche.objects.filter(pk=niche.pk).update(name=name)


@pytest.mark.parametrize("rename", [_save_name, _update_name], ids=["saved", "in bulk"])
def test_a_niche_renamed_by_staff_shows_on_the_cards_at_once(client, campaign, rename):
    niche = NicheFactory(name="Pickling", name_id="")
    creator = CreatorProfileFactory(display_name="Rina")
    creator.niches.add(niche)
    assert "Pickling" in card(search_page(client, campaign), "Rina")

    rename(niche, "Preserves")

    shown = card(search_page(client, campaign), "Rina")
    assert "Preserves" in shown
    assert "Pickling" not in shown


def test_cards_and_filters_show_the_niches_when_the_cache_is_down(client, campaign, cache_down):
    niche = NicheFactory(name="Pickling", name_id="")
    creator = CreatorProfileFactory(display_name="Rina")
    creator.niches.add(niche)

    response = search_page(client, campaign)

    assert response.status_code == 200
    assert "Pickling" in card(response, "Rina")
    assert ">Pickling</option>" in response.content.decode()


def test_the_shortlist_buttons_submit_the_one_page_form(client, campaign):
    creator = CreatorProfileFactory(display_name="Rina")
    content = search_page(client, campaign, sort="views").content.decode()

    assert content.count('id="shortlist-form"') == 1
    assert content.count("csrfmiddlewaretoken") == 2  # the page's form and the language switcher
    shown = card(search_page(client, campaign, sort="views"), "Rina")
    add = reverse("brands:shortlist_add", args=[campaign.pk, creator.pk])
    assert f'form="shortlist-form" formaction="{add}"' in shown
