"""The collaboration lists cache their HTML (``my_collaborations``,
``campaign_collaborations``, ``open_campaigns``) under every value shown, read
or kept under the versions of what it shows (``collaborations.kept``; kept
pages: test_kept_lists.py): whatever service changes a row, the page shows it
at once; eligibility for open campaigns is never stale; no creator, business
or language sees another's rows; and the lists work with Redis down."""

from decimal import Decimal

import pytest
from django.urls import reverse

from brands import services as brand_services
from collaborations import services
from collaborations.models import Collaboration
from creators import services as creator_services
from tests.brands.factories import NicheFactory
from tests.collaborations.factories import CollaborationFactory, live_campaign
from tests.creators.factories import CreatorProfileFactory
from tests.factories import DEFAULT_PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db
Status = Collaboration.Status
MINE = reverse("collaborations:mine")
OPEN = reverse("collaborations:open_campaigns")


def login(client, user):
    assert client.login(email=user.email, password=DEFAULT_PASSWORD)


def campaign_list(campaign):
    return reverse("collaborations:campaign", args=[campaign.pk])


# --- A creator's collaborations -------------------------------------------------


def test_an_accepted_invitation_moves_to_active_at_once(client):
    invited = CollaborationFactory(status=Status.INVITED, campaign=live_campaign())
    login(client, invited.creator.user)
    assert "Invitations waiting for your answer" in client.get(MINE).text

    services.move(invited, Status.ACCEPTED, user=invited.creator.user)

    response = client.get(MINE)
    assert "Invitations waiting for your answer" not in response.text
    assert "Active" in response.text


def test_a_renamed_campaign_and_business_show_in_my_collaborations_at_once(client):
    campaign = live_campaign(product_name="Teh Botol", brief_show="Minum di pantai")
    collaboration = CollaborationFactory(campaign=campaign, status=Status.ACCEPTED)
    login(client, collaboration.creator.user)
    assert "Teh Botol" in client.get(MINE).text

    brand_services.edit_campaign_brief(
        campaign=campaign, values={"product_name": "Teh Kotak"}, user=campaign.member
    )
    campaign.business.name = "Warung Baru"
    campaign.business.save()

    response = client.get(MINE)
    assert "Teh Kotak" in response.text
    assert "Warung Baru" in response.text


def test_two_creators_never_see_each_others_collaborations(client):
    first = CollaborationFactory(campaign=live_campaign(product_name="Sambal Bu Rudy"))
    second = CollaborationFactory(campaign=live_campaign(product_name="Kopi Kenangan"))
    login(client, first.creator.user)
    assert "Sambal Bu Rudy" in client.get(MINE).text
    client.logout()

    login(client, second.creator.user)
    response = client.get(MINE)

    assert "Kopi Kenangan" in response.text
    assert "Sambal Bu Rudy" not in response.text


def test_each_language_has_its_own_list_of_my_collaborations(client):
    collaboration = CollaborationFactory(status=Status.INVITED)
    login(client, collaboration.creator.user)

    english = client.get(MINE, HTTP_ACCEPT_LANGUAGE="en").text
    indonesian = client.get(MINE, HTTP_ACCEPT_LANGUAGE="id").text

    assert "Invitations waiting for your answer" in english
    assert "Invitations waiting for your answer" not in indonesian


# --- A campaign's collaborations ------------------------------------------------


def test_an_accepted_application_and_its_held_fee_show_at_once(client):
    campaign = live_campaign(budget="1000000")
    creator = CreatorProfileFactory()
    applied = services.apply(campaign=campaign, creator=creator, fee=Decimal("400000"))
    login(client, campaign.member)
    before = client.get(campaign_list(campaign)).text
    assert "Applied" in before
    assert "Fees held for creators until their content is approved: Rp 0." in before

    services.move(applied, Status.ACCEPTED, user=campaign.member)

    response = client.get(campaign_list(campaign)).text
    assert "Accepted" in response
    assert "Fees held for creators until their content is approved: Rp 400,000." in response
    assert "Still free to promise: Rp 600,000." in response


def test_a_renamed_creator_shows_in_the_campaign_list_at_once(client):
    collaboration = CollaborationFactory(status=Status.ACCEPTED)
    campaign = collaboration.campaign
    login(client, campaign.member)
    assert collaboration.creator.display_name in client.get(campaign_list(campaign)).text

    creator_services.update_profile(
        profile=collaboration.creator, details={"display_name": "Rina Baru"}
    )

    assert "Rina Baru" in client.get(campaign_list(campaign)).text


def test_two_businesses_never_see_each_others_campaign_rows(client):
    first = CollaborationFactory(status=Status.ACCEPTED)
    second = CollaborationFactory(status=Status.ACCEPTED)
    login(client, first.campaign.member)
    assert first.creator.display_name in client.get(campaign_list(first.campaign)).text

    # The other business's campaign is not found, cached rows or not.
    assert client.get(campaign_list(second.campaign)).status_code == 404
    client.logout()
    login(client, second.campaign.member)
    response = client.get(campaign_list(second.campaign)).text

    assert second.creator.display_name in response
    assert first.creator.display_name not in response


def test_each_language_has_its_own_campaign_rows(client):
    collaboration = CollaborationFactory(status=Status.ACCEPTED)
    login(client, collaboration.campaign.member)

    english = client.get(campaign_list(collaboration.campaign), HTTP_ACCEPT_LANGUAGE="en").text
    indonesian = client.get(campaign_list(collaboration.campaign), HTTP_ACCEPT_LANGUAGE="id").text

    assert "Content due" in english
    assert "Content due" not in indonesian


# --- Open campaigns: eligibility at once ------------------------------------------


def test_a_paused_campaign_leaves_the_open_campaigns_at_once(client):
    campaign = live_campaign(product_name="Sambal Bu Rudy")
    login(client, CreatorProfileFactory().user)
    assert "Sambal Bu Rudy" in client.get(OPEN).text

    brand_services.pause_campaign(campaign=campaign, user=campaign.member)

    assert "Sambal Bu Rudy" not in client.get(OPEN).text


def test_a_new_niche_of_the_creator_shows_its_campaigns_at_once(client):
    food = NicheFactory()
    creator = CreatorProfileFactory()
    live_campaign(product_name="Bakso Pak Kumis").niches.add(food)
    login(client, creator.user)
    assert "Bakso Pak Kumis" not in client.get(OPEN).text

    creator_services.update_profile(profile=creator, details={}, niches=[food])

    assert "Bakso Pak Kumis" in client.get(OPEN).text


def test_a_changed_fee_shows_on_the_open_campaign_at_once(client):
    campaign = live_campaign(product_name="Kopi Kenangan", fee_per_creator="250000")
    login(client, CreatorProfileFactory().user)
    assert "Rp 250,000" in client.get(OPEN).text

    brand_services.edit_campaign_brief(
        campaign=campaign, values={"fee_per_creator": Decimal("300000")}, user=campaign.member
    )
    assert "Kopi Kenangan" not in client.get(OPEN).text  # back in review: not open
    campaign.refresh_from_db()
    brand_services.approve_campaign(campaign=campaign, staff=StaffFactory())

    response = client.get(OPEN).text
    assert "Rp 300,000" in response
    assert "Rp 250,000" not in response


# --- Redis down -------------------------------------------------------------------


def test_the_lists_work_with_redis_down(client, cache_down):
    collaboration = CollaborationFactory(
        status=Status.ACCEPTED, campaign=live_campaign(product_name="Es Teler")
    )
    login(client, collaboration.creator.user)

    assert "Es Teler" in client.get(MINE).text
    assert "Es Teler" in client.get(reverse("collaborations:open_campaigns_all")).text
    client.logout()
    login(client, collaboration.campaign.member)
    assert (
        collaboration.creator.display_name in client.get(campaign_list(collaboration.campaign)).text
    )
