"""Launching a campaign: the budget is reserved from balance, then credit, and
never more than the business holds, even with two launches at once."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from brands import services
from brands.models import Campaign, CampaignStatusChange
from brands.selectors import balances_for_business
from payments.models import LedgerEntry, LedgerLine
from tests.brands.factories import BusinessMembershipFactory, CampaignFactory, give_credit
from tests.conftest import require

D = Decimal


def review_url(campaign):
    return reverse("brands:campaign_step", args=[campaign.pk, 5])


@pytest.fixture
def member(client, db):
    membership = BusinessMembershipFactory()
    client.force_login(membership.user)
    return membership


def test_the_review_step_shows_what_comes_from_balance_and_from_credit(client, member):
    give_credit(member.business, "250000.00", pool="balance")
    give_credit(member.business, "2000000.00")
    campaign = CampaignFactory(business=member.business, budget=D("1000000.00"))

    response = client.get(review_url(campaign))

    assert response.context["split"] == services.Split(D("250000.00"), D("750000.00"))
    assert "Launch campaign" in response.text


def test_launching_reserves_the_budget_and_submits_for_review(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    give_credit(member.business, "250000.00", pool="balance")
    give_credit(member.business, "2000000.00")
    campaign = CampaignFactory(business=member.business, budget=D("1000000.00"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(campaign), follow=True)

    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SUBMITTED
    assert "Reserved Rp 250,000 from your balance and Rp 750,000 from credit" in response.text
    reserves = LedgerLine.objects.filter(entry__campaign=campaign, entry__kind="reserve")
    assert {(line.account.kind, line.account.pool, line.amount) for line in reserves} == {
        ("business_balance", "", D("-250000.00")),
        ("campaign_reserve", "balance", D("250000.00")),
        ("business_credit", "", D("-750000.00")),
        ("campaign_reserve", "credit", D("750000.00")),
    }
    balances = balances_for_business(member.business.pk)
    assert (balances.balance, balances.credit, balances.reserved) == (
        D("0.00"),
        D("1250000.00"),
        D("1000000.00"),
    )
    change = campaign.history.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "draft",
        "submitted",
        member.user,
    )
    assert "in review" in mailoutbox[-1].body


def test_launching_without_enough_money_is_refused_and_changes_nothing(client, member):
    give_credit(member.business, "999999.99")
    campaign = CampaignFactory(business=member.business, budget=D("1000000.00"))

    page = client.get(review_url(campaign))
    response = client.post(review_url(campaign), follow=True)

    assert "Top up or lower the budget." in page.text
    assert "Top up or lower the budget." in response.text
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT
    assert not LedgerEntry.objects.filter(kind="reserve").exists()
    assert not CampaignStatusChange.objects.exists()


def test_an_incomplete_draft_cannot_be_launched(client, member):
    give_credit(member.business, "5000000.00")
    campaign = CampaignFactory(business=member.business, brief_show="", deliverables="")

    response = client.post(review_url(campaign), follow=True)

    assert "Step 4: write the brief and the deliverables." in response.text
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT
    assert balances_for_business(member.business.pk).reserved == D("0.00")


def test_launching_twice_reserves_once(client, member):
    give_credit(member.business, "5000000.00")
    campaign = CampaignFactory(business=member.business, budget=D("1000000.00"))

    client.post(review_url(campaign))
    second = client.post(review_url(campaign))

    assert second.url == reverse("brands:campaign_detail", args=[campaign.pk])
    assert balances_for_business(member.business.pk).reserved == D("1000000.00")


def test_another_business_cannot_launch_the_campaign(client, member):
    campaign = CampaignFactory()
    give_credit(campaign.business, "5000000.00")

    assert client.post(review_url(campaign)).status_code == 404
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT


def test_two_launches_at_the_same_moment_cannot_overspend(transactional_db):
    """Two teammates launch two campaigns at once with money for only one: the
    business row lock makes the second launch see the first one's reservation."""
    require(connection.vendor == "postgresql", "PostgreSQL")
    owner = BusinessMembershipFactory()
    teammate = BusinessMembershipFactory(business=owner.business, role="member")
    give_credit(owner.business, "1000000.00")
    campaigns = [CampaignFactory(business=owner.business, budget=D("700000.00")) for _ in range(2)]
    clients = []
    for membership in (owner, teammate):
        client = Client()
        client.force_login(membership.user)
        clients.append(client)
    barrier = threading.Barrier(2)
    statuses = []

    def launch(client, campaign):
        try:
            barrier.wait()
            client.post(review_url(campaign))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=launch, args=pair) for pair in zip(clients, campaigns, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for campaign in campaigns:
        campaign.refresh_from_db()
        statuses.append(campaign.status)

    assert sorted(statuses) == ["draft", "submitted"]
    balances = balances_for_business(owner.business.pk)
    assert (balances.credit, balances.reserved) == (D("300000.00"), D("700000.00"))
    assert LedgerEntry.objects.filter(kind="reserve").count() == 1


def test_launching_runs_a_fixed_number_of_queries(client, member, django_assert_num_queries):
    """Session, user, campaign; in the transaction: lock the business, reread the
    campaign, lock both again in the status change, sum the ledger, the reserve
    accounts (looked up, created, read back: first use), the reserve entry and
    its lines, the history row, the status update, the members to email."""
    give_credit(member.business, "250000.00", pool="balance")
    give_credit(member.business, "5000000.00")
    campaign = CampaignFactory(business=member.business)
    for _ in range(20):
        give_credit(member.business, "1000.00")

    with django_assert_num_queries(18):
        client.post(review_url(campaign))
