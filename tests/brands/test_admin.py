"""Staff in the admin: the campaign review queue, verification, credit grants."""

from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.test import override_settings
from django.urls import reverse

from brands import services
from brands.models import Campaign, MatchingWeights
from brands.selectors import balances_for_business
from payments.models import Account, LedgerEntry
from tests.brands.factories import (
    BusinessFactory,
    BusinessMembershipFactory,
    CampaignFactory,
    give_credit,
)
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def staff(client, settings):
    settings.STAFF_REQUIRE_MFA = False
    user = StaffFactory()
    client.force_login(user)
    return user


@pytest.fixture
def submitted():
    membership = BusinessMembershipFactory(user__email="owner@example.com")
    give_credit(membership.business, "2000000.00")
    campaign = CampaignFactory(business=membership.business, product_name="Sambal Bu Rudy")
    services.launch_campaign(campaign=campaign, user=membership.user)
    return campaign


def test_the_review_queue_lists_campaigns_in_review(client, staff, submitted):
    CampaignFactory(product_name="Still a draft")

    response = client.get(
        reverse("admin:brands_campaign_changelist"), {"status__exact": "submitted"}
    )

    assert "Sambal Bu Rudy" in response.text
    assert "Still a draft" not in response.text


@pytest.mark.parametrize(
    "filters",
    [
        {"business__city": "Surabaya"},
        {"business__size__exact": "micro"},
        {"business__province__exact": "jatim"},
        {"starts_on__gte": "2020-01-01"},
    ],
)
def test_the_campaign_list_filters_by_city_size_and_date(client, staff, filters):
    CampaignFactory(
        business=BusinessFactory(city="Surabaya", size="micro", province="jatim"),
        product_name="Rawon Kalkulator",
    )
    CampaignFactory(business=BusinessFactory(city="Medan", size="medium"), product_name="Bika")

    response = client.get(reverse("admin:brands_campaign_changelist"), filters)

    assert response.status_code == 200
    assert "Rawon Kalkulator" in response.text
    if "starts_on__gte" not in filters:
        assert "Bika" not in response.text


def test_staff_approve_a_campaign_and_the_business_is_told(
    client, staff, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("admin:brands_campaign_approve", args=[submitted.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    submitted.refresh_from_db()
    assert submitted.status == Campaign.Status.LIVE
    assert submitted.history.last().changed_by == staff
    assert mailoutbox[-1].to == ["owner@example.com"]
    assert "approved" in mailoutbox[-1].subject
    assert LogEntry.objects.filter(object_id=str(submitted.pk)).exists()


def test_approving_asks_for_a_confirming_post(client, staff, submitted):
    response = client.get(reverse("admin:brands_campaign_approve", args=[submitted.pk]))

    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == Campaign.Status.SUBMITTED


def test_staff_send_a_campaign_back_with_a_reason_the_business_sees(
    client, staff, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("admin:brands_campaign_send_back", args=[submitted.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "Add the price to the brief."})

    submitted.refresh_from_db()
    assert submitted.status == Campaign.Status.DRAFT
    assert submitted.review_note == "Add the price to the brief."
    assert "Add the price to the brief." in mailoutbox[-1].body
    assert balances_for_business(submitted.business_id).reserved == D("0.00")


def test_sending_back_without_a_reason_is_refused(client, staff, submitted):
    url = reverse("admin:brands_campaign_send_back", args=[submitted.pk])

    response = client.post(url, {"reason": ""})

    assert response.status_code == 200
    assert "This field is required." in response.text
    submitted.refresh_from_db()
    assert submitted.status == Campaign.Status.SUBMITTED


def test_approving_a_campaign_that_is_not_in_review_is_refused(client, staff):
    draft = CampaignFactory()

    response = client.post(reverse("admin:brands_campaign_approve", args=[draft.pk]), follow=True)

    assert "cannot become live" in response.text
    draft.refresh_from_db()
    assert draft.status == Campaign.Status.DRAFT


def test_review_pages_are_for_staff_only(client, submitted):
    client.force_login(BusinessMembershipFactory().user)

    response = client.post(reverse("admin:brands_campaign_approve", args=[submitted.pk]))

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Campaign.Status.SUBMITTED


@override_settings(BUSINESS_WELCOME_CREDIT="4500000.00")
def test_staff_verify_businesses_from_the_list(client, staff):
    business = BusinessFactory(name="Warung Bu Tin")

    first = client.post(
        reverse("admin:brands_business_changelist"),
        {"action": "verify", "_selected_action": [business.pk]},
        follow=True,
    )
    client.post(
        reverse("admin:brands_business_changelist"),
        {"action": "verify", "_selected_action": [business.pk]},
    )

    assert "Warung Bu Tin is verified and received Rp 4,500,000 of credit." in first.text
    business.refresh_from_db()
    assert business.verified_by == staff
    assert balances_for_business(business.pk).credit == D("4500000.00")


def test_staff_grant_credit_with_a_reason_that_is_audited(client, staff):
    business = BusinessFactory()
    url = reverse("admin:brands_business_grant_credit", args=[business.pk])

    client.post(url, {"amount": "123456.78", "note": "Apology for the outage"})

    entry = LedgerEntry.objects.get(business=business)
    assert (entry.amount_on(Account.Kind.BUSINESS_CREDIT), entry.created_by, entry.note) == (
        D("123456.78"),
        staff,
        "Apology for the outage",
    )
    assert LogEntry.objects.filter(
        change_message="Granted Rp 123,456.78 credit: Apology for the outage"
    ).exists()
    ledger = client.get(reverse("admin:payments_ledgerentry_changelist"))
    assert ledger.status_code == 200
    assert "Apology for the outage" in ledger.text
    assert client.get(reverse("admin:payments_ledgerentry_add")).status_code == 403


@pytest.mark.parametrize("amount", ["0", "-5", "abc"])
def test_a_credit_grant_must_be_a_positive_amount(client, staff, amount):
    business = BusinessFactory()

    response = client.post(
        reverse("admin:brands_business_grant_credit", args=[business.pk]),
        {"amount": amount, "note": "x"},
    )

    assert response.status_code == 200
    assert not LedgerEntry.objects.exists()


def test_the_business_and_campaign_admin_pages_open(client, staff, submitted):
    assert (
        client.get(
            reverse("admin:brands_business_change", args=[submitted.business_id])
        ).status_code
        == 200
    )
    assert (
        client.get(reverse("admin:brands_campaign_change", args=[submitted.pk])).status_code == 200
    )
    assert (
        client.get(
            reverse("admin:brands_business_changelist"), {"verified_at__isempty": "1"}
        ).status_code
        == 200
    )


def test_staff_complete_a_live_campaign_and_its_remainder_is_released(client, staff, submitted):
    services.approve_campaign(campaign=submitted, staff=staff)
    draft = CampaignFactory()

    client.post(
        reverse("admin:brands_campaign_changelist"),
        {"action": "complete", "_selected_action": [submitted.pk, draft.pk]},
    )

    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert (submitted.status, draft.status) == (Campaign.Status.COMPLETED, Campaign.Status.DRAFT)
    assert balances_for_business(submitted.business_id).reserved == D("0.00")


def test_staff_cannot_edit_what_the_business_wrote(client, staff, submitted):
    url = reverse("admin:brands_campaign_change", args=[submitted.pk])

    response = client.get(url)

    assert "Sambal Bu Rudy" in response.text
    for field in ("product_name", "budget", "status", "brief_show"):
        assert f'name="{field}"' not in response.text


def test_every_member_is_emailed_a_link_to_the_campaign_without_html_escaping(
    client, staff, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://portal.example.com"
    membership = BusinessMembershipFactory(business__name="Kopi & Teh")
    teammate = BusinessMembershipFactory(business=membership.business, role="member").user
    give_credit(membership.business, "2000000.00")
    campaign = CampaignFactory(business=membership.business, product_name="Es teh 'manis'")
    services.launch_campaign(campaign=campaign, user=membership.user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:brands_campaign_approve", args=[campaign.pk]))

    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [membership.user.email, teammate.email]
    )
    message = mailoutbox[-1]
    assert message.subject == "Campaign approved: Es teh 'manis'"
    detail = reverse("brands:campaign_detail", args=[campaign.pk])
    assert f"https://portal.example.com{detail}" in message.body


def test_staff_edit_the_matching_weights_from_the_list_link(client, staff):
    response = client.get(reverse("admin:brands_matchingweights_changelist"), follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "admin:brands_matchingweights_change", args=[1]
    )
    response = client.post(
        reverse("admin:brands_matchingweights_change", args=[1]),
        {
            "niche": 50,
            "place_and_language": 10,
            "audience_size": 10,
            "performance": 10,
            "fee": 10,
            "reliability": 10,
            "confidence": 5,
        },
    )
    assert response.status_code == 302
    assert MatchingWeights.current().niche == 50
    assert MatchingWeights.current().confidence == 5
