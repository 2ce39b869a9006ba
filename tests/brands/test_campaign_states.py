"""Campaign states: allowed transitions with history, refused ones that change
nothing, and the business's pause, resume, edit and cancel."""

from decimal import Decimal

import pytest
from django.urls import reverse

from brands import services
from brands.models import Campaign, CampaignStatusChange
from brands.selectors import balances_for_business
from payments.models import LedgerEntry
from tests.brands.factories import BusinessMembershipFactory, CampaignFactory, give_credit
from tests.collaborations.factories import CollaborationFactory
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
D = Decimal
Status = Campaign.Status


@pytest.fixture
def member(client):
    membership = BusinessMembershipFactory()
    client.force_login(membership.user)
    give_credit(membership.business, "3000000.00")
    return membership


def launched(member, status=Status.LIVE):
    """A campaign launched (budget reserved) and moved to ``status`` through the services."""
    campaign = CampaignFactory(business=member.business)
    services.launch_campaign(campaign=campaign, user=member.user)
    if status in {Status.LIVE, Status.PAUSED}:
        services.approve_campaign(campaign=campaign, staff=StaffFactory())
    if status == Status.PAUSED:
        services.pause_campaign(campaign=campaign, user=member.user)
    campaign.refresh_from_db()
    return campaign


def action_url(campaign, action):
    return reverse("brands:campaign_action", args=[campaign.pk, action])


@pytest.mark.parametrize(
    ("status", "service"),
    [
        (Status.DRAFT, services.pause_campaign),
        (Status.DRAFT, services.resume_campaign),
        (Status.SUBMITTED, services.pause_campaign),
        (Status.LIVE, services.resume_campaign),
        (Status.PAUSED, services.pause_campaign),
    ],
)
def test_transitions_that_are_not_allowed_are_refused_and_change_nothing(member, status, service):
    campaign = (
        CampaignFactory(business=member.business)
        if status == Status.DRAFT
        else launched(member, status)
    )
    history = CampaignStatusChange.objects.count()
    entries = LedgerEntry.objects.count()

    with pytest.raises(services.CampaignError, match="cannot become"):
        service(campaign=campaign, user=member.user)

    campaign.refresh_from_db()
    assert campaign.status == status
    assert CampaignStatusChange.objects.count() == history
    assert LedgerEntry.objects.count() == entries


@pytest.mark.parametrize("final", [Status.CANCELLED, Status.COMPLETED])
def test_finished_campaigns_cannot_change_again(member, final):
    campaign = launched(member)
    finish = {
        Status.CANCELLED: services.cancel_campaign,
        Status.COMPLETED: services.complete_campaign,
    }
    finish[final](campaign=campaign, user=member.user)

    for service in (services.resume_campaign, services.pause_campaign, services.cancel_campaign):
        with pytest.raises(services.CampaignError):
            service(campaign=campaign, user=member.user)
    campaign.refresh_from_db()
    assert campaign.status == final


def test_the_transition_table_is_the_only_source_of_allowed_moves():
    assert Campaign.TRANSITIONS[Status.COMPLETED] == {}
    assert Campaign.TRANSITIONS[Status.CANCELLED] == {}
    assert Status.LIVE not in Campaign.TRANSITIONS[Status.DRAFT]


def test_only_staff_put_a_campaign_in_review_live(member):
    campaign = launched(member, Status.SUBMITTED)

    assert campaign.next_statuses(Campaign.BUSINESS) == [Status.CANCELLED]
    with pytest.raises(services.CampaignError, match="cannot become"):
        services.resume_campaign(campaign=campaign, user=member.user)

    campaign.refresh_from_db()
    assert campaign.status == Status.SUBMITTED
    assert campaign.can_become(Status.LIVE, Campaign.STAFF)


def test_the_business_pauses_and_resumes_a_live_campaign(client, member):
    campaign = launched(member)

    client.post(action_url(campaign, "pause"))
    campaign.refresh_from_db()
    assert campaign.status == Status.PAUSED
    client.post(action_url(campaign, "resume"))
    campaign.refresh_from_db()
    assert campaign.status == Status.LIVE

    moves = list(campaign.history.values_list("to_status", "changed_by"))
    assert moves[-2:] == [("paused", member.user.pk), ("live", member.user.pk)]
    assert balances_for_business(member.business.pk).reserved == D("1000000.00")


def test_a_refused_action_shows_a_message(client, member):
    campaign = CampaignFactory(business=member.business)

    response = client.post(action_url(campaign, "pause"), follow=True)

    assert "A campaign that is draft cannot become paused." in response.text


def test_cancelling_asks_first_then_releases_the_reservation(client, member):
    campaign = launched(member)

    confirm = client.get(reverse("brands:campaign_cancel", args=[campaign.pk]))
    client.post(action_url(campaign, "cancel"))

    assert "cannot be restarted" in confirm.text
    campaign.refresh_from_db()
    assert campaign.status == Status.CANCELLED
    balances = balances_for_business(member.business.pk)
    assert (balances.reserved, balances.credit) == (D("0.00"), D("3000000.00"))


def test_cancelling_releases_what_is_not_held_for_creators_to_the_pool_it_came_from(member):
    give_credit(member.business, "400000.00", pool="balance")
    campaign = launched(member)  # 400,000 from balance, 600,000 from credit
    # A creator accepted a fee of 150,000: it is held from the reserved balance.
    CollaborationFactory(campaign=campaign, status="accepted", fee=D("150000.00"))

    services.cancel_campaign(campaign=campaign, user=member.user)

    balances = balances_for_business(member.business.pk)
    assert (balances.balance, balances.credit, balances.reserved, balances.held) == (
        D("250000.00"),
        D("3000000.00"),
        D("0.00"),
        D("150000.00"),
    )


def test_changing_the_brief_of_a_live_campaign_sends_it_back_to_review(client, member):
    campaign = launched(member)
    url = reverse("brands:campaign_brief", args=[campaign.pk])

    response = client.post(
        url, {"brief_show": "Show the new spicy flavour.", "deliverables": "One video."}
    )

    assert response.url == reverse("brands:campaign_detail", args=[campaign.pk])
    campaign.refresh_from_db()
    assert campaign.status == Status.SUBMITTED
    assert campaign.brief_show == "Show the new spicy flavour."
    assert campaign.history.last().note == "The brief was changed."
    assert balances_for_business(member.business.pk).reserved == D("1000000.00")


def test_saving_an_unchanged_brief_keeps_the_campaign_live(client, member):
    campaign = launched(member)

    client.post(
        reverse("brands:campaign_brief", args=[campaign.pk]),
        {"brief_show": campaign.brief_show, "deliverables": campaign.deliverables},
    )

    campaign.refresh_from_db()
    assert campaign.status == Status.LIVE


def test_an_unchanged_brief_sent_as_a_browser_sends_it_keeps_the_campaign_live(client, member):
    campaign = launched(member)
    links = "https://example.com/a\nhttps://example.com/b"
    Campaign.objects.filter(pk=campaign.pk).update(sample_links=links)

    client.post(
        reverse("brands:campaign_brief", args=[campaign.pk]),
        {
            "brief_show": campaign.brief_show,
            "deliverables": campaign.deliverables,
            "sample_links": links.replace("\n", "\r\n"),  # a textarea's line breaks
        },
    )

    campaign.refresh_from_db()
    assert campaign.status == Status.LIVE
    assert campaign.sample_links == links


def test_the_campaign_page_shows_the_history_with_who_and_when(client, member):
    campaign = launched(member)

    response = client.get(reverse("brands:campaign_detail", args=[campaign.pk]))

    assert response.status_code == 200
    assert "Draft → In review" in response.text
    assert "In review → Live" in response.text
    assert "review team" in response.text
    assert "Reserved for this campaign: Rp 0 from your paid balance" in response.text
    assert "Rp 1,000,000 from credit" in response.text


def test_a_sent_back_campaign_shows_the_reason_and_can_be_launched_again(client, member):
    campaign = CampaignFactory(business=member.business)
    services.launch_campaign(campaign=campaign, user=member.user)

    services.send_back_campaign(
        campaign=campaign, staff=StaffFactory(), reason="Please add the halal logo."
    )
    page = client.get(reverse("brands:campaign_detail", args=[campaign.pk]))
    review = client.get(reverse("brands:campaign_step", args=[campaign.pk, 5]))

    assert "Please add the halal logo." in page.text
    assert "Please add the halal logo." in review.text
    assert balances_for_business(member.business.pk).reserved == D("0.00")
    client.post(reverse("brands:campaign_step", args=[campaign.pk, 5]))
    campaign.refresh_from_db()
    assert campaign.status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("name", "method", "args"),
    [
        ("brands:campaign_detail", "get", ()),
        ("brands:campaign_brief", "get", ()),
        ("brands:campaign_brief", "post", ()),
        ("brands:campaign_cancel", "get", ()),
        ("brands:campaign_action", "post", ("cancel",)),
        ("brands:campaign_action", "post", ("pause",)),
    ],
)
def test_another_business_can_neither_see_nor_change_the_campaign(
    client, member, name, method, args
):
    campaign = launched(member)
    client.force_login(BusinessMembershipFactory().user)

    response = getattr(client, method)(
        reverse(name, args=[campaign.pk, *args]), {"brief_show": "x"}
    )

    assert response.status_code == 404
    campaign.refresh_from_db()
    assert campaign.status == Status.LIVE
    assert campaign.brief_show != "x"


def test_a_teammate_sees_and_manages_the_business_campaigns(client, member):
    campaign = launched(member)
    teammate = BusinessMembershipFactory(business=member.business, role="member").user
    client.force_login(teammate)

    listing = client.get(reverse("brands:campaigns", args=[member.business.pk]))
    client.post(action_url(campaign, "pause"))

    assert str(campaign) in listing.text
    campaign.refresh_from_db()
    assert campaign.status == Status.PAUSED
    assert campaign.history.last().changed_by == teammate


def test_the_campaign_list_has_an_empty_state(client, member):
    response = client.get(reverse("brands:campaigns", args=[member.business.pk]))

    assert "No campaigns yet." in response.text


def test_another_business_gets_404_for_the_campaign_list(client, member):
    client.force_login(BusinessMembershipFactory().user)

    assert client.get(reverse("brands:campaigns", args=[member.business.pk])).status_code == 404
    assert client.post(reverse("brands:campaigns", args=[member.business.pk])).status_code == 404
    assert not Campaign.objects.exists()


def test_the_campaign_list_is_paginated_with_a_fixed_query_count(
    client, member, django_assert_num_queries
):
    CampaignFactory.create_batch(3, business=member.business)
    url = reverse("brands:campaigns", args=[member.business.pk])
    # session, user, the rows with their business; a list that fits on one page is not counted
    with django_assert_num_queries(3):
        client.get(url)
    CampaignFactory.create_batch(30, business=member.business)

    with django_assert_num_queries(4):
        response = client.get(url)

    assert len(response.context["page"].object_list) == 20
    assert "Page 1 of 2" in response.text


def test_the_campaign_page_query_count_does_not_grow_with_history(
    client, member, django_assert_num_queries
):
    campaign = launched(member)
    url = reverse("brands:campaign_detail", args=[campaign.pk])
    with django_assert_num_queries(7):
        client.get(url)
    for _ in range(3):
        services.pause_campaign(campaign=campaign, user=member.user)
        services.resume_campaign(campaign=campaign, user=member.user)

    with django_assert_num_queries(7):
        client.get(url)
