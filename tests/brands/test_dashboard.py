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
