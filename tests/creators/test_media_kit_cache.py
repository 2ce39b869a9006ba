"""The media kit's body is cached per language under every value it shows:
whatever changes one of them shows on the next view."""

from decimal import Decimal

import pytest
from django.urls import reverse

from creators.models import CreatorProfile, Niche
from creators.services import update_profile
from tests.creators.factories import CreatorProfileFactory

pytestmark = pytest.mark.django_db


def media_kit(client, profile, language="en"):
    url = reverse("creators:media_kit", args=[profile.handle])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).text


def test_a_changed_fee_name_niche_and_audience_show_at_once(client):
    profile = CreatorProfileFactory(display_name="Ibu Sari")
    assert "Ibu Sari" in media_kit(client, profile)

    update_profile(
        profile=profile,
        details={"display_name": "Dapur Sari"},
        niches=[Niche.objects.create(slug="rendang", name="Rendang lovers")],
        packages=[{"name": "1 video", "description": "", "price_idr": 750_000}],
        audience=[{"kind": "age", "label": "18-24", "share_percent": Decimal("40")}],
    )

    page = media_kit(client, profile)
    assert "Dapur Sari" in page and "Ibu Sari" not in page
    assert "Rendang lovers" in page
    assert "Rp 750,000" in page
    assert "18-24 (40" in page

    package = profile.rate_packages.get()
    update_profile(
        profile=profile,
        details={},
        packages=[{"id": package.pk, "name": "1 video", "description": "", "price_idr": 900_000}],
    )

    page = media_kit(client, profile)
    assert "Rp 900,000" in page and "Rp 750,000" not in page


def test_new_figures_show_at_once_even_when_saved_without_updated_at(client):
    profile = CreatorProfileFactory(follower_count=12_000)
    assert "12,000" in media_kit(client, profile)

    CreatorProfile.objects.filter(pk=profile.pk).update(follower_count=15_500)

    assert "15,500" in media_kit(client, profile)


def test_each_language_gets_its_own_media_kit(client):
    profile = CreatorProfileFactory()

    assert "Rate card" in media_kit(client, profile, "en")
    assert "Rate card" not in media_kit(client, profile, "id")
    assert "Rate card" in media_kit(client, profile, "en")
