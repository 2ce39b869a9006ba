"""The collaboration lists are kept under the versions of what they show
(``collaborations.kept``): a warm page reads nothing of its own from the
database (the tests read the session and the user: 2 queries), and every
service changing what a list shows, or who may see it, shows at once on a
page kept before it. A list is kept from its second read (the first learns
which versions it depends on), so ``warm`` reads each page twice."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from brands import services as brand_services
from brands.services import pool_spec, reserve_spec
from collaborations import services
from collaborations.models import Collaboration
from collaborations.services.holds import release_unanswered
from creators import services as creator_services
from payments import ledger
from payments.models import Account, LedgerEntry
from tests.brands.factories import NicheFactory, give_credit
from tests.collaborations.factories import CollaborationFactory, live_campaign
from tests.collaborations.test_list_fragments import MINE, OPEN, campaign_list, login
from tests.creators.factories import CreatorProfileFactory
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
Status = Collaboration.Status
OPEN_ALL = reverse("collaborations:open_campaigns_all")


def warm(client, url, **headers):
    """Read ``url`` until it is kept; the text of the last read."""
    client.get(url, **headers)
    return client.get(url, **headers).text


def main(text):
    """A page's main content (the menu around it holds a fresh CSRF token)."""
    return text[text.index("<main") : text.index("</main>")]


# --- No query on a warm request, whatever the size --------------------------------


@pytest.mark.parametrize("size", [2, 12])
def test_a_warm_list_of_my_collaborations_reads_nothing(client, django_assert_num_queries, size):
    creator = CreatorProfileFactory()
    for index in range(size):
        status = [Status.INVITED, Status.ACCEPTED, Status.COMPLETED][index % 3]
        CollaborationFactory(creator=creator, status=status)
    login(client, creator.user)
    warm(client, MINE)

    with django_assert_num_queries(2):  # session, user
        response = client.get(MINE)
    assert len(response.context["page"]) == size


@pytest.mark.parametrize("size", [2, 25])
def test_warm_open_campaigns_read_nothing(client, django_assert_num_queries, size):
    niche = NicheFactory()
    creator = CreatorProfileFactory()
    creator.niches.add(niche)
    for _ in range(size):
        live_campaign().niches.add(niche)
    login(client, creator.user)
    warm(client, OPEN)

    with django_assert_num_queries(2):  # session, user
        response = client.get(OPEN)
    assert len(response.context["page"]) == min(size, 20)
    assert response.context["page"].paginator.count == size


@pytest.mark.parametrize("size", [2, 12])
def test_a_warm_campaign_list_reads_nothing(client, django_assert_num_queries, size):
    campaign = live_campaign(budget="100000000")
    for _ in range(size):
        CollaborationFactory(campaign=campaign, status=Status.ACCEPTED)
    login(client, campaign.member)
    warm(client, campaign_list(campaign))

    with django_assert_num_queries(2):  # session, user
        response = client.get(campaign_list(campaign))
    assert len(response.context["page"]) == size


def test_each_page_of_a_list_is_kept_apart(client):
    creator = CreatorProfileFactory()
    for _ in range(25):
        live_campaign()
    login(client, creator.user)
    warm(client, OPEN_ALL)
    warm(client, OPEN_ALL, QUERY_STRING="page=2")

    first, second = client.get(OPEN_ALL), client.get(OPEN_ALL, {"page": "2"})

    assert (first.context["page"].number, len(first.context["page"])) == (1, 20)
    assert (second.context["page"].number, len(second.context["page"])) == (2, 5)
    assert "Page 1 of 2" in first.text and "Page 2 of 2" in second.text


def test_a_new_campaign_brings_page_links_at_once(client):
    creator = CreatorProfileFactory()
    for _ in range(20):
        live_campaign()
    login(client, creator.user)
    assert "Page 1 of" not in warm(client, OPEN_ALL)

    live_campaign()

    assert "Page 1 of 2" in client.get(OPEN_ALL).text


# --- A creator's collaborations: every service at once ------------------------------


def test_an_invitation_shows_in_my_kept_collaborations_at_once(client):
    creator = CreatorProfileFactory()
    CollaborationFactory(creator=creator, status=Status.ACCEPTED)
    campaign = live_campaign(product_name="Rendang Uni")
    login(client, creator.user)
    assert "Rendang Uni" not in warm(client, MINE)

    services.invite(campaign=campaign, creator=creator, user=campaign.member, fee=Decimal("250000"))

    response = client.get(MINE).text
    assert "Rendang Uni" in response
    assert "Invitations waiting for your answer" in response


def test_a_declined_invitation_moves_to_closed_at_once(client):
    invited = CollaborationFactory(status=Status.INVITED, campaign=live_campaign())
    login(client, invited.creator.user)
    assert "Invitations waiting for your answer" in warm(client, MINE)

    services.move(invited, Status.DECLINED, user=invited.creator.user)

    response = client.get(MINE).text
    assert "Invitations waiting for your answer" not in response
    assert "Closed" in response


def test_a_renamed_campaign_and_business_show_in_my_kept_collaborations_at_once(client):
    campaign = live_campaign(product_name="Teh Botol")
    collaboration = CollaborationFactory(campaign=campaign, status=Status.ACCEPTED)
    login(client, collaboration.creator.user)
    assert "Teh Botol" in warm(client, MINE)

    brand_services.edit_campaign_brief(
        campaign=campaign, values={"product_name": "Teh Kotak"}, user=campaign.member
    )
    assert "Teh Kotak" in client.get(MINE).text
    warm(client, MINE)
    campaign.business.name = "Warung Baru"
    campaign.business.save()

    assert "Warung Baru" in client.get(MINE).text


def test_two_creators_never_share_a_kept_list(client):
    first = CollaborationFactory(campaign=live_campaign(product_name="Sambal Bu Rudy"))
    second = CollaborationFactory(campaign=live_campaign(product_name="Kopi Kenangan"))
    login(client, first.creator.user)
    assert "Sambal Bu Rudy" in warm(client, MINE)
    client.logout()

    login(client, second.creator.user)
    response = client.get(MINE).text

    assert "Kopi Kenangan" in response
    assert "Sambal Bu Rudy" not in response


def test_a_deleted_profile_makes_my_kept_list_not_found_at_once(client):
    creator = CreatorProfileFactory()
    login(client, creator.user)
    warm(client, MINE)

    creator.delete()

    assert client.get(MINE).status_code == 404


# --- A campaign's collaborations --------------------------------------------------


def test_an_application_and_its_acceptance_show_with_the_held_fee_at_once(client):
    campaign = live_campaign(budget="1000000")
    creator = CreatorProfileFactory(display_name="Rina Wati")
    login(client, campaign.member)
    assert "Rina Wati" not in warm(client, campaign_list(campaign))

    applied = services.apply(campaign=campaign, creator=creator, fee=Decimal("400000"))
    assert "Rina Wati" in client.get(campaign_list(campaign)).text
    warm(client, campaign_list(campaign))
    services.move(applied, Status.ACCEPTED, user=campaign.member)

    response = client.get(campaign_list(campaign)).text
    assert "Accepted" in response
    assert "Fees held for creators until their content is approved: Rp 400,000." in response
    assert "Still free to promise: Rp 600,000." in response


def test_an_approved_submission_pays_the_held_fee_at_once(client):
    collaboration = CollaborationFactory(status=Status.SUBMITTED, fee=Decimal("250000"))
    campaign = collaboration.campaign
    login(client, campaign.member)
    assert "Fees held for creators until their content is approved: Rp 250,000." in warm(
        client, campaign_list(campaign)
    )

    services.move(collaboration, Status.APPROVED, user=campaign.member)

    response = client.get(campaign_list(campaign)).text
    assert "Approved" in response
    assert "Fees held for creators until their content is approved: Rp 0." in response


def test_a_fee_released_unanswered_shows_on_both_kept_lists_at_once(client):
    collaboration = CollaborationFactory(status=Status.SUBMITTED, fee=Decimal("250000"))
    campaign = collaboration.campaign
    login(client, collaboration.creator.user)
    assert "Content submitted" in warm(client, MINE)
    client.logout()
    login(client, campaign.member)
    assert "Rp 250,000." in warm(client, campaign_list(campaign))

    later = timezone.now() + timedelta(days=4)
    assert release_unanswered(collaboration_id=collaboration.pk, now=later) is not None

    response = client.get(campaign_list(campaign)).text
    assert "Approved" in response
    assert "Fees held for creators until their content is approved: Rp 0." in response
    client.logout()
    login(client, collaboration.creator.user)
    assert "Approved" in client.get(MINE).text


def test_any_movement_of_the_campaigns_money_shows_at_once(client):
    collaboration = CollaborationFactory(status=Status.ACCEPTED, campaign=live_campaign())
    campaign = collaboration.campaign
    login(client, campaign.member)
    assert "Still free to promise: Rp 750,000." in warm(client, campaign_list(campaign))

    # A posting of its own, with no collaboration saved: the entry names the campaign.
    give_credit(campaign.business, Decimal("100000"))
    credit = Account.Pool.CREDIT
    pair = (pool_spec(campaign.business_id, credit), reserve_spec(campaign, credit))
    ledger.post(
        LedgerEntry.Kind.RESERVE,
        ledger.moves([(*pair, Decimal("100000"))]),
        business=campaign.business,
        campaign=campaign,
    )

    assert "Still free to promise: Rp 850,000." in client.get(campaign_list(campaign)).text


def test_a_renamed_creator_and_campaign_show_in_the_kept_campaign_list_at_once(client):
    collaboration = CollaborationFactory(status=Status.ACCEPTED, campaign=live_campaign())
    campaign = collaboration.campaign
    login(client, campaign.member)
    warm(client, campaign_list(campaign))

    creator_services.update_profile(
        profile=collaboration.creator, details={"display_name": "Rina Baru"}
    )
    assert "Rina Baru" in client.get(campaign_list(campaign)).text
    warm(client, campaign_list(campaign))
    brand_services.edit_campaign_brief(
        campaign=campaign, values={"product_name": "Teh Kotak"}, user=campaign.member
    )

    assert "Collaborations: Teh Kotak" in client.get(campaign_list(campaign)).text


def test_a_removed_member_gets_404_at_once(client):
    collaboration = CollaborationFactory(status=Status.ACCEPTED)
    campaign = collaboration.campaign
    membership = campaign.business.memberships.get(user=campaign.member)
    login(client, campaign.member)
    assert collaboration.creator.display_name in warm(client, campaign_list(campaign))

    membership.delete()

    assert client.get(campaign_list(campaign)).status_code == 404


def test_another_business_never_sees_a_kept_campaign_list(client):
    collaboration = CollaborationFactory(status=Status.ACCEPTED)
    other = CollaborationFactory(status=Status.ACCEPTED)
    login(client, collaboration.campaign.member)
    warm(client, campaign_list(collaboration.campaign))
    client.logout()

    login(client, other.campaign.member)

    assert client.get(campaign_list(collaboration.campaign)).status_code == 404


# --- Open campaigns: eligibility never stale ----------------------------------------


def test_a_campaign_paused_or_approved_leaves_or_joins_the_kept_open_campaigns_at_once(client):
    campaign = live_campaign(product_name="Sambal Bu Rudy")
    login(client, CreatorProfileFactory().user)
    assert "Sambal Bu Rudy" in warm(client, OPEN)

    brand_services.pause_campaign(campaign=campaign, user=campaign.member)
    assert "Sambal Bu Rudy" not in client.get(OPEN).text
    warm(client, OPEN)
    campaign.refresh_from_db()
    brand_services.resume_campaign(campaign=campaign, user=campaign.member)

    assert "Sambal Bu Rudy" in client.get(OPEN).text


def test_a_changed_budget_and_fee_show_on_the_kept_open_campaigns_at_once(client):
    campaign = live_campaign(product_name="Kopi Kenangan", fee_per_creator="250000")
    login(client, CreatorProfileFactory().user)
    assert "Rp 250,000" in warm(client, OPEN)

    brand_services.edit_campaign_brief(
        campaign=campaign, values={"fee_per_creator": Decimal("300000")}, user=campaign.member
    )
    assert "Kopi Kenangan" not in client.get(OPEN).text  # back in review: not open
    warm(client, OPEN)
    campaign.refresh_from_db()
    brand_services.approve_campaign(campaign=campaign, staff=StaffFactory())

    response = client.get(OPEN).text
    assert "Rp 300,000" in response
    assert "Rp 250,000" not in response


def test_a_new_niche_of_the_creator_or_the_campaign_shows_at_once(client):
    food, drink = NicheFactory(), NicheFactory()
    creator = CreatorProfileFactory()
    creator.niches.add(drink)
    campaign = live_campaign(product_name="Bakso Pak Kumis")
    campaign.niches.add(food)
    login(client, creator.user)
    assert "Bakso Pak Kumis" not in warm(client, OPEN)

    creator_services.update_profile(profile=creator, details={}, niches=[food])
    assert "Bakso Pak Kumis" in client.get(OPEN).text
    warm(client, OPEN)
    campaign.niches.set([drink])

    assert "Bakso Pak Kumis" not in client.get(OPEN).text


def test_applying_replaces_the_apply_button_on_the_kept_page_at_once(client):
    creator = CreatorProfileFactory()
    campaign = live_campaign(product_name="Sambal Bu Rudy")
    login(client, creator.user)
    assert 'aria-label="Apply to Sambal Bu Rudy"' in warm(client, OPEN_ALL)

    services.apply(campaign=campaign, creator=creator, fee=Decimal("250000"))

    response = client.get(OPEN_ALL).text
    assert 'aria-label="Apply to Sambal Bu Rudy"' not in response
    assert "You already have a collaboration with this campaign." in response


def test_a_renamed_business_and_niche_show_on_the_kept_open_campaigns_at_once(client):
    niche = NicheFactory(name="Food", name_id="Makanan")
    campaign = live_campaign(product_name="Bakso")
    campaign.niches.add(niche)
    login(client, CreatorProfileFactory().user)
    warm(client, OPEN_ALL, HTTP_ACCEPT_LANGUAGE="en")

    campaign.business.name = "Warung Baru"
    campaign.business.save()
    assert "Warung Baru" in client.get(OPEN_ALL, HTTP_ACCEPT_LANGUAGE="en").text
    warm(client, OPEN_ALL, HTTP_ACCEPT_LANGUAGE="en")
    niche.name = "Food and drink"
    niche.save()

    assert "Food and drink" in client.get(OPEN_ALL, HTTP_ACCEPT_LANGUAGE="en").text


def test_two_creators_never_share_kept_open_campaigns(client):
    applied, other = CreatorProfileFactory(), CreatorProfileFactory()
    campaign = live_campaign(product_name="Kopi Kenangan")
    services.apply(campaign=campaign, creator=applied, fee=Decimal("250000"))
    login(client, applied.user)
    assert 'aria-label="Apply to Kopi Kenangan"' not in warm(client, OPEN_ALL)
    client.logout()

    login(client, other.user)

    assert 'aria-label="Apply to Kopi Kenangan"' in client.get(OPEN_ALL).text


# --- Redis down: read every time, still right ---------------------------------------


def test_with_redis_down_every_list_is_read_each_time(
    client, cache_down, django_assert_num_queries
):
    collaboration = CollaborationFactory(
        status=Status.ACCEPTED, campaign=live_campaign(product_name="Es Teler")
    )
    login(client, collaboration.creator.user)
    warm(client, MINE)

    with django_assert_num_queries(3):  # session, user, the page
        assert "Es Teler" in client.get(MINE).text
    services.move(collaboration, Status.CANCELLED, user=collaboration.campaign.member)
    assert "Cancelled" in client.get(MINE).text
    warm(client, OPEN_ALL)
    with django_assert_num_queries(3):
        assert "Es Teler" in client.get(OPEN_ALL).text
    client.logout()
    login(client, collaboration.campaign.member)
    warm(client, campaign_list(collaboration.campaign))
    with django_assert_num_queries(3):
        response = client.get(campaign_list(collaboration.campaign)).text
    assert collaboration.creator.display_name in response


def test_a_card_shows_the_first_thirty_words_of_a_long_brief(client):
    words = [f"kata{index}" for index in range(40)]
    live_campaign(brief_show=" ".join(words))
    login(client, CreatorProfileFactory().user)

    response = warm(client, OPEN_ALL)

    assert f"{' '.join(words[:30])} …" in response
    assert "kata30" not in response


def test_kept_lists_depend_on_no_clock_a_campaign_is_open_while_live(client, monkeypatch):
    """Open campaigns are the live ones (a status, changed only by a save) and
    the lists show dates, not times left: once the end date has passed, a kept
    page is what a fresh read shows."""
    campaign = live_campaign(product_name="Sambal Bu Rudy")
    campaign.ends_on = timezone.localdate() + timedelta(days=1)
    campaign.save()
    collaboration = CollaborationFactory(campaign=campaign, status=Status.ACCEPTED)
    login(client, collaboration.creator.user)
    kept_open, kept_mine = main(warm(client, OPEN_ALL)), main(warm(client, MINE))
    later = timezone.now() + timedelta(days=3)
    assert later.date() > campaign.ends_on
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert main(client.get(OPEN_ALL).text) == kept_open
    assert main(client.get(MINE).text) == kept_mine
    caches["fragments"].clear()
    assert main(client.get(OPEN_ALL).text) == kept_open
    assert main(client.get(MINE).text) == kept_mine
