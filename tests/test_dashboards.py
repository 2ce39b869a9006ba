import pytest
from django.urls import reverse

from tests.brands.factories import BusinessMembershipFactory
from tests.creators.factories import CreatorProfileFactory
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_creator_dashboard_shows_the_creators_profile(client):
    profile = CreatorProfileFactory(display_name="Siti Rahma", handle="siti-rahma")
    client.force_login(profile.user)

    response = client.get(reverse("creators:dashboard"))

    assert response.status_code == 200
    assert "Siti Rahma" in response.text
    assert "@siti-rahma" in response.text


def test_business_dashboard_lists_the_users_business(client):
    membership = BusinessMembershipFactory(business__name="Batik Sekar")
    client.force_login(membership.user)

    response = client.get(reverse("brands:dashboard"))

    assert response.status_code == 200
    assert "Batik Sekar" in response.text


@pytest.mark.parametrize("url_name", ["creators:dashboard", "brands:dashboard", "dashboard"])
def test_dashboards_send_anonymous_users_to_login(client, url_name):
    url = reverse(url_name)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"


def test_creator_dashboard_turns_a_business_user_away_with_a_message(client):
    membership = BusinessMembershipFactory()
    client.force_login(membership.user)

    response = client.get(reverse("creators:dashboard"), follow=True)

    assert response.redirect_chain[-1] == (reverse("brands:dashboard"), 302)
    assert "That page is for creator accounts." in response.text


def test_business_dashboard_turns_a_creator_away_with_a_message(client):
    profile = CreatorProfileFactory()
    client.force_login(profile.user)

    response = client.get(reverse("brands:dashboard"), follow=True)

    assert response.redirect_chain[-1] == (reverse("creators:dashboard"), 302)
    assert "That page is for business accounts." in response.text


def test_dashboard_sends_each_role_to_its_own_dashboard(client):
    creator = CreatorProfileFactory().user
    business_user = BusinessMembershipFactory().user

    client.force_login(creator)
    assert client.get(reverse("dashboard")).url == reverse("creators:dashboard")
    client.force_login(business_user)
    assert client.get(reverse("dashboard")).url == reverse("brands:dashboard")


def test_dashboard_sends_staff_without_a_role_to_the_admin(client):
    client.force_login(StaffFactory())

    response = client.get(reverse("dashboard"))

    assert response.url == reverse("admin:index")


def test_dashboards_reject_post(client):
    profile = CreatorProfileFactory()
    client.force_login(profile.user)

    assert client.post(reverse("creators:dashboard")).status_code == 405


def test_dashboard_page_query_count_does_not_grow_with_businesses(
    client, django_assert_max_num_queries
):
    membership = BusinessMembershipFactory()
    client.force_login(membership.user)
    with django_assert_max_num_queries(6) as one_business:
        client.get(reverse("brands:dashboard"))
    for _ in range(5):
        BusinessMembershipFactory(user=membership.user)

    with django_assert_max_num_queries(6) as six_businesses:
        client.get(reverse("brands:dashboard"))

    assert len(six_businesses.captured_queries) == len(one_business.captured_queries)
