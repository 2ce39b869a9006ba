"""The business dashboard: each of the user's businesses with its role, whether
it is verified and whether its profile is complete, in a fixed number of queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.brands.factories import BusinessMembershipFactory

pytestmark = pytest.mark.django_db


def test_it_shows_each_business_with_its_role_and_state(client):
    verified = BusinessMembershipFactory(
        business__name="Batik Sekar", business__verified_at=timezone.now(), role="owner"
    )
    BusinessMembershipFactory(
        user=verified.user, business__name="Kopi Ibu", business__size="", role="member"
    )
    client.force_login(verified.user)

    page = client.get(reverse("brands:dashboard")).text

    assert page.index("Batik Sekar") < page.index("Kopi Ibu")
    assert page.count("Verified") == 1
    assert "Owner" in page and "Member" in page
    assert "Complete your business profile" in page


@pytest.mark.parametrize("businesses", [1, 5])
def test_its_query_count_does_not_grow(client, django_assert_num_queries, businesses):
    user = BusinessMembershipFactory().user
    for _ in range(businesses - 1):
        BusinessMembershipFactory(user=user)
    client.force_login(user)

    # session, user, the memberships with their businesses
    with django_assert_num_queries(3):
        response = client.get(reverse("brands:dashboard"))
    assert len(response.context["memberships"]) == businesses
    # then kept until they change: the session and the user
    with django_assert_num_queries(2):
        assert len(client.get(reverse("brands:dashboard")).context["memberships"]) == businesses


def test_a_business_joined_or_left_shows_at_once(client):
    membership = BusinessMembershipFactory(business__name="Batik Sekar")
    client.force_login(membership.user)
    client.get(reverse("brands:dashboard"))

    joined = BusinessMembershipFactory(user=membership.user, business__name="Kopi Ibu")
    assert "Kopi Ibu" in client.get(reverse("brands:dashboard")).text
    joined.delete()

    assert "Kopi Ibu" not in client.get(reverse("brands:dashboard")).text


# The list of businesses and the account card are cached fragments, keyed on
# every value they show: a change shows at once.


def test_a_business_verified_by_staff_shows_verified_at_once(client):
    from brands.services import verify_business
    from tests.factories import StaffFactory

    membership = BusinessMembershipFactory(business__name="Batik Sekar", role="owner")
    client.force_login(membership.user)
    assert "Verified" not in client.get(reverse("brands:dashboard")).text

    verify_business(business=membership.business, staff=StaffFactory())

    assert "Verified" in client.get(reverse("brands:dashboard")).text


def test_a_renamed_business_and_a_changed_address_show_at_once(client):
    membership = BusinessMembershipFactory(business__name="Batik Sekar")
    client.force_login(membership.user)
    client.get(reverse("brands:dashboard"))

    membership.business.name = "Batik Sekar Jaya"
    membership.business.save()
    membership.user.email = "new-owner@example.com"
    membership.user.save()
    page = client.get(reverse("brands:dashboard")).text

    assert "Batik Sekar Jaya" in page
    assert "You log in as new-owner@example.com." in page


def test_two_people_never_see_each_others_businesses(client):
    first = BusinessMembershipFactory(business__name="Batik Sekar")
    second = BusinessMembershipFactory(business__name="Kopi Ibu")
    client.force_login(first.user)
    client.get(reverse("brands:dashboard"))

    client.force_login(second.user)
    page = client.get(reverse("brands:dashboard")).text

    assert "Kopi Ibu" in page
    assert "Batik Sekar" not in page
    assert f"You log in as {second.user.email}." in page


def campaigns_page(client, business):
    return client.get(reverse("brands:campaigns", args=[business.pk])).text


def test_a_launched_campaign_shows_its_new_status_at_once(client):
    from brands import services
    from tests.brands.factories import CampaignFactory, give_credit

    membership = BusinessMembershipFactory(role="owner")
    campaign = CampaignFactory(business=membership.business, product_name="Keripik")
    give_credit(membership.business, campaign.budget)
    client.force_login(membership.user)
    assert "Draft" in campaigns_page(client, membership.business)

    services.launch_campaign(campaign=campaign, user=membership.user)
    page = campaigns_page(client, membership.business)

    assert "In review" in page
    assert "Draft" not in page


def test_a_renamed_draft_and_its_new_budget_show_at_once(client):
    from brands import services
    from tests.brands.factories import CampaignFactory

    membership = BusinessMembershipFactory(role="owner")
    campaign = CampaignFactory(business=membership.business, product_name="Keripik")
    client.force_login(membership.user)
    campaigns_page(client, membership.business)

    services.save_campaign_step(campaign=campaign, step=1, values={"product_name": "Keripik Pedas"})
    services.save_campaign_step(campaign=campaign, step=2, values={"budget": 2_500_000})
    page = campaigns_page(client, membership.business)

    assert "Keripik Pedas" in page
    assert "2,500,000" in page


def test_the_business_sections_mark_the_page_being_shown(client):
    membership = BusinessMembershipFactory(role="owner")
    client.force_login(membership.user)
    business = membership.business
    campaigns_url = reverse("brands:campaigns", args=[business.pk])
    credit_url = reverse("brands:credit", args=[business.pk])
    campaigns_page(client, business)

    credit = client.get(credit_url).text

    assert f'aria-current="page" href="{credit_url}"' in credit
    assert f'aria-current="page" href="{campaigns_url}"' not in credit


def test_a_warm_campaign_list_reads_nothing_from_the_database(client, django_assert_num_queries):
    from tests.brands.factories import CampaignFactory

    membership = BusinessMembershipFactory(role="owner")
    CampaignFactory(business=membership.business, product_name="Keripik")
    client.force_login(membership.user)
    campaigns_page(client, membership.business)

    # the session and the user (read from the database in tests)
    with django_assert_num_queries(2):
        page = campaigns_page(client, membership.business)

    assert "Keripik" in page


def test_a_member_removed_from_the_team_loses_the_kept_list_at_once(client):
    from tests.brands.factories import CampaignFactory

    owner = BusinessMembershipFactory(role="owner")
    member = BusinessMembershipFactory(business=owner.business, role="member")
    CampaignFactory(business=owner.business, product_name="Keripik")
    client.force_login(member.user)
    assert "Keripik" in campaigns_page(client, owner.business)

    member.delete()  # staff remove a member in the admin
    response = client.get(reverse("brands:campaigns", args=[owner.business.pk]))

    assert response.status_code == 404


def test_a_new_campaign_and_a_renamed_business_show_at_once(client):
    from tests.brands.factories import CampaignFactory

    membership = BusinessMembershipFactory(role="owner")
    client.force_login(membership.user)
    assert "No campaigns yet." in campaigns_page(client, membership.business)

    CampaignFactory(business=membership.business, product_name="Sambal Roa")
    membership.business.name = "Dapur Nenek"
    membership.business.save()
    page = campaigns_page(client, membership.business)

    assert "Sambal Roa" in page
    assert "Dapur Nenek" in page


def test_two_members_pages_of_the_list_are_kept_apart(client):
    from tests.brands.factories import CampaignFactory

    owner = BusinessMembershipFactory(role="owner")
    CampaignFactory.create_batch(21, business=owner.business)
    CampaignFactory(business=owner.business, product_name="Newest")
    client.force_login(owner.user)
    url = reverse("brands:campaigns", args=[owner.business.pk])

    first, second = client.get(url).text, client.get(url + "?page=2").text
    client.force_login(BusinessMembershipFactory().user)

    assert "Newest" in first and "Page 1 of 2" in first
    assert "Newest" not in second and "Page 2 of 2" in second
    assert client.get(url).status_code == 404


def test_with_the_cache_down_the_campaign_list_is_read_every_time(client, cache_down):
    from tests.brands.factories import CampaignFactory

    membership = BusinessMembershipFactory(role="owner")
    client.force_login(membership.user)
    campaigns_page(client, membership.business)

    CampaignFactory(business=membership.business, product_name="Sambal Roa")

    assert "Sambal Roa" in campaigns_page(client, membership.business)
