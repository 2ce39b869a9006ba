"""A fan who starts making videos or selling becomes a creator or opens a
business from their account page, on the same login, and keeps what they bought."""

import pytest
from django.urls import reverse

from brands.models import BusinessMembership
from core.models import User
from creators.models import CreatorProfile
from tests.factories import UserFactory
from tests.fans.factories import FanFactory, FollowFactory
from tests.series.factories import PurchaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fan_with_a_purchase(client):
    fan = FanFactory(full_name="Ayu Lestari")
    purchase = PurchaseFactory(buyer=fan, series__title="Rendang at home")
    FollowFactory(fan=fan, creator=purchase.series.creator)
    client.force_login(fan)
    return fan, purchase


def test_the_account_page_offers_a_fan_both_ways(client, fan_with_a_purchase):
    response = client.get(reverse("account"))

    assert reverse("become_creator") in response.text
    assert reverse("open_business") in response.text


def test_a_fan_becomes_a_creator_and_keeps_their_purchases(client, fan_with_a_purchase):
    fan, purchase = fan_with_a_purchase

    response = client.post(reverse("become_creator"), {"name": "Ayu Masak", "confirm": "on"})

    assert response.url == reverse("creators:edit_profile")
    fan.refresh_from_db()
    assert fan.role == User.Role.CREATOR
    assert fan.full_name == "Ayu Lestari"
    assert CreatorProfile.objects.get(user=fan).display_name == "Ayu Masak"
    assert client.get(reverse("creators:edit_profile")).status_code == 200
    library = client.get(reverse("series:library"))
    assert "Rendang at home" in library.text
    assert fan.follows.count() == 1


def test_a_fan_opens_a_business_and_keeps_their_purchases(client, fan_with_a_purchase):
    fan, _purchase = fan_with_a_purchase

    response = client.post(
        reverse("open_business"),
        {"name": "Warung Ayu", "full_name": "Ayu Lestari", "confirm": "on"},
    )

    membership = BusinessMembership.objects.select_related("business").get(user=fan)
    assert membership.business.name == "Warung Ayu"
    assert membership.role == BusinessMembership.Role.OWNER
    assert response.url == reverse("brands:profile", args=[membership.business.pk])
    fan.refresh_from_db()
    assert fan.role == User.Role.BUSINESS
    assert "Rendang at home" in client.get(reverse("series:library")).text


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("become_creator", {"name": "Ayu Masak"}),
        ("open_business", {"name": "Warung Ayu", "full_name": "Ayu Lestari"}),
    ],
)
def test_nothing_changes_without_the_confirmation(client, fan_with_a_purchase, url, fields):
    fan, _purchase = fan_with_a_purchase

    response = client.post(reverse(url), fields)

    assert response.status_code == 200
    assert "Tick the box to confirm." in response.text
    fan.refresh_from_db()
    assert fan.role == User.Role.FAN
    assert not CreatorProfile.objects.filter(user=fan).exists()
    assert not BusinessMembership.objects.filter(user=fan).exists()


@pytest.mark.parametrize("url", ["become_creator", "open_business"])
def test_a_creator_or_business_cannot_change_side_here(client, url):
    creator = UserFactory(role=User.Role.CREATOR)
    client.force_login(creator)

    response = client.post(reverse(url), {"name": "X", "full_name": "Y", "confirm": "on"})

    assert response.url == reverse("dashboard")
    creator.refresh_from_db()
    assert creator.role == User.Role.CREATOR
    assert not BusinessMembership.objects.filter(user=creator).exists()
