"""A campaign's saved shortlist: added and removed by POST from search and the
matches, listed on its own page with an invitation link, private to the business."""

import pytest
from django.test import Client
from django.urls import reverse

from brands.models import ShortlistEntry
from collaborations.models import Collaboration
from creators.models import CreatorProfile, RatePackage
from tests.brands.factories import BusinessMembershipFactory, CampaignFactory
from tests.collaborations.factories import CollaborationFactory
from tests.creators.factories import CreatorProfileFactory

pytestmark = pytest.mark.django_db


def add_url(campaign, creator):
    return reverse("brands:shortlist_add", args=[campaign.pk, creator.pk])


def remove_url(campaign, creator):
    return reverse("brands:shortlist_remove", args=[campaign.pk, creator.pk])


def page_url(campaign):
    return reverse("brands:shortlist", args=[campaign.pk])


def test_it_adds_a_creator_and_returns_to_the_page_it_came_from(client, campaign, member):
    creator = CreatorProfileFactory(display_name="Rina Masak")
    search = reverse("brands:creator_search", args=[campaign.pk]) + "?niche=&sort=views"

    response = client.post(add_url(campaign, creator), {"next": search}, follow=True)

    assert response.redirect_chain == [(search, 302)]
    assert "Rina Masak is on the shortlist." in response.content.decode()
    entry = ShortlistEntry.objects.get()
    assert (entry.campaign, entry.creator, entry.added_by) == (campaign, creator, member.user)


def test_adding_twice_keeps_one_entry(client, campaign):
    creator = CreatorProfileFactory()

    client.post(add_url(campaign, creator))
    client.post(add_url(campaign, creator))

    assert ShortlistEntry.objects.filter(campaign=campaign, creator=creator).count() == 1


def test_it_removes_a_creator(client, campaign, member):
    creator = CreatorProfileFactory()
    ShortlistEntry.objects.create(campaign=campaign, creator=creator, added_by=member.user)

    response = client.post(remove_url(campaign, creator), follow=True)

    assert response.redirect_chain == [(page_url(campaign), 302)]
    assert "Removed from the shortlist." in response.content.decode()
    assert not ShortlistEntry.objects.exists()


def test_it_does_not_send_anyone_to_another_site(client, campaign):
    response = client.post(
        add_url(campaign, CreatorProfileFactory()), {"next": "https://evil.example/"}
    )

    assert response.url == page_url(campaign)


def test_a_creator_closed_to_offers_cannot_be_added(client, campaign):
    closed = CreatorProfileFactory(contact_preference=CreatorProfile.ContactPreference.NONE)

    assert client.post(add_url(campaign, closed)).status_code == 404
    assert not ShortlistEntry.objects.exists()


def test_another_business_gets_404_and_changes_nothing(client, campaign, member):
    kept = CreatorProfileFactory()
    ShortlistEntry.objects.create(campaign=campaign, creator=kept, added_by=member.user)
    client.force_login(BusinessMembershipFactory().user)

    assert client.get(page_url(campaign)).status_code == 404
    assert client.post(add_url(campaign, CreatorProfileFactory())).status_code == 404
    assert client.post(remove_url(campaign, kept)).status_code == 404
    assert list(ShortlistEntry.objects.values_list("creator_id", flat=True)) == [kept.pk]


def test_changes_need_post(client, campaign):
    creator = CreatorProfileFactory()

    assert client.get(add_url(campaign, creator)).status_code == 405
    assert client.get(remove_url(campaign, creator)).status_code == 405
    assert client.post(page_url(campaign)).status_code == 405


def test_changes_need_the_csrf_token(campaign, member):
    browser = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    browser.force_login(member.user)

    assert browser.post(add_url(campaign, CreatorProfileFactory())).status_code == 403
    assert not ShortlistEntry.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(campaign):
    response = Client().get(page_url(campaign))

    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_the_page_lists_the_shortlist_with_invitations(client, campaign, member):
    waiting = CreatorProfileFactory(display_name="Waiting Creator")
    RatePackage.objects.create(profile=waiting, name="1 video", price_idr=175_000)
    invited = CreatorProfileFactory(display_name="Invited Creator")
    for creator in (waiting, invited):
        ShortlistEntry.objects.create(campaign=campaign, creator=creator, added_by=member.user)
    CollaborationFactory(campaign=campaign, creator=invited, status=Collaboration.Status.ACCEPTED)

    content = client.get(page_url(campaign)).content.decode()

    assert "Waiting Creator" in content
    assert "Rp 175,000" in content
    assert reverse("collaborations:invite", args=[campaign.pk, waiting.pk]) in content
    assert "Collaboration: Accepted" in content
    assert reverse("collaborations:invite", args=[campaign.pk, invited.pk]) not in content
    assert remove_url(campaign, waiting) in content


def test_the_shortlist_belongs_to_one_campaign(client, campaign, member):
    other_campaign = CampaignFactory(business=member.business)
    ShortlistEntry.objects.create(
        campaign=other_campaign, creator=CreatorProfileFactory(display_name="Elsewhere")
    )

    response = client.get(page_url(campaign))

    assert "Elsewhere" not in response.content.decode()
    assert "No one on the shortlist yet." in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_does_not_grow_with_the_shortlist(
    client, campaign, member, count, django_assert_num_queries
):
    for number in range(count):
        creator = CreatorProfileFactory()
        RatePackage.objects.create(profile=creator, name="1 video", price_idr=100_000 + number)
        ShortlistEntry.objects.create(campaign=campaign, creator=creator, added_by=member.user)

    # session, user, campaign, count, the page of entries with creators, fees
    # and collaborations (subqueries), their niches
    # (the count only when more than a page of 20)
    with django_assert_num_queries(6 if count > 20 else 5):
        response = client.get(page_url(campaign))
    assert len(response.context["page"]) == min(count, 20)
