"""The media kit's body is kept per language and handle under the creator's
version and the names' version: a kept kit costs no query, and whatever
changes a value it shows (each service, the admin's saves) shows at once."""

from decimal import Decimal

import pytest
from django.urls import reverse

from creators.models import Niche, RatePackage
from creators.services import record_campaign_videos, update_profile
from portal.privacy import delete_account
from tests.creators.factories import CreatorProfileFactory, typed_figures

pytestmark = pytest.mark.django_db


def media_kit(client, profile, language="en"):
    url = reverse("creators:media_kit", args=[profile.handle])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).text


def kept_media_kit(client, profile, language="en"):
    """The kit read until it is kept (the first read only names the creator)."""
    media_kit(client, profile, language)
    return media_kit(client, profile, language)


def test_a_kept_media_kit_costs_no_query(client, django_assert_num_queries):
    profile = CreatorProfileFactory(display_name="Ibu Sari")
    kept_media_kit(client, profile)

    with django_assert_num_queries(0):
        page = media_kit(client, profile)

    assert "Ibu Sari" in page and "Rate card" in page


def test_a_changed_fee_name_niche_and_audience_show_at_once(client):
    profile = CreatorProfileFactory(display_name="Ibu Sari")
    assert "Ibu Sari" in kept_media_kit(client, profile)

    update_profile(
        profile=profile,
        details={"display_name": "Dapur Sari"},
        niches=[Niche.objects.create(slug="rendang", name="Rendang lovers")],
        packages=[{"name": "1 video", "description": "", "price_idr": 750_000}],
        audience=[{"kind": "age", "label": "18-24", "share_percent": Decimal("40")}],
    )

    page = kept_media_kit(client, profile)
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


def test_new_figures_show_at_once(client):
    profile = CreatorProfileFactory(follower_count=12_000)
    assert "12,000" in kept_media_kit(client, profile)

    typed_figures(profile, follower_count=15_500, public_video_count=4, views_last_30_days=9_000)

    assert "15,500" in media_kit(client, profile)


def test_measured_campaign_videos_show_at_once(client):
    profile = CreatorProfileFactory()
    assert "usual views" not in kept_media_kit(client, profile)

    record_campaign_videos(profile_id=profile.pk, measured=2, vs_average=1.5)

    assert "Campaign videos reached 1.5× their usual views (2 videos)" in media_kit(client, profile)


def test_a_package_saved_outside_the_services_shows_at_once(client):
    """As staff's admin inline saves it."""
    profile = CreatorProfileFactory()
    assert "Rp 640,000" not in kept_media_kit(client, profile)

    RatePackage.objects.create(profile=profile, name="1 video", price_idr=640_000)

    assert "Rp 640,000" in media_kit(client, profile)


def test_a_renamed_niche_shows_at_once(client):
    niche = Niche.objects.create(slug="rendang", name="Rendang lovers")
    profile = CreatorProfileFactory()
    profile.niches.add(niche)
    assert "Rendang lovers" in kept_media_kit(client, profile)

    niche.name = "Rendang cooks"
    niche.save()

    page = media_kit(client, profile)
    assert "Rendang cooks" in page and "Rendang lovers" not in page


def test_a_deleted_account_has_no_media_kit_at_once(client):
    profile = CreatorProfileFactory()
    handle = profile.handle
    kept_media_kit(client, profile)

    delete_account(user=profile.user)

    assert client.get(reverse("creators:media_kit", args=[handle])).status_code == 404


def test_a_deactivated_user_has_no_media_kit_at_once(client):
    profile = CreatorProfileFactory()
    kept_media_kit(client, profile)

    profile.user.is_active = False
    profile.user.save()

    assert client.get(reverse("creators:media_kit", args=[profile.handle])).status_code == 404


def test_each_language_gets_its_own_media_kit(client):
    profile = CreatorProfileFactory()

    assert "Rate card" in kept_media_kit(client, profile, "en")
    assert "Rate card" not in kept_media_kit(client, profile, "id")
    assert "Rate card" in media_kit(client, profile, "en")


def test_two_creators_never_share_a_media_kit(client):
    first = CreatorProfileFactory(display_name="Ibu Sari")
    second = CreatorProfileFactory(display_name="Pak Budi")

    assert "Ibu Sari" in kept_media_kit(client, first)
    page = kept_media_kit(client, second)
    assert "Pak Budi" in page and "Ibu Sari" not in page


def test_with_the_cache_down_the_media_kit_is_read_and_current(client, cache_down):
    profile = CreatorProfileFactory(follower_count=12_000)
    assert "12,000" in kept_media_kit(client, profile)

    typed_figures(profile, follower_count=15_500, public_video_count=4, views_last_30_days=9_000)

    assert "15,500" in media_kit(client, profile)


def test_figures_marked_stale_show_on_a_kept_kit_at_once(client):
    from django.utils import timezone

    from creators import verification
    from creators.models import CreatorProfile

    profile = CreatorProfileFactory(display_name="Ibu Sari")
    CreatorProfile.objects.filter(pk=profile.pk).update(
        figures_source="api", figures_verified_at=timezone.now()
    )
    assert "TikTok did not answer since" not in kept_media_kit(client, profile)

    verification.mark_figures_stale(profile=profile)

    assert "TikTok did not answer since" in media_kit(client, profile)
