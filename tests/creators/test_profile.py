"""The creator edits their profile and figures; brands see the media kit."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from creators.models import CreatorProfile, FigureSnapshot, Language, Niche, Region
from creators.signals import creator_figures_changed
from tests.creators.factories import CreatorProfileFactory, EligibleCreatorFactory

pytestmark = pytest.mark.django_db
EDIT = reverse("creators:edit_profile")
FIGURES = reverse("creators:figures")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def image_upload(size=(2000, 1500), name="me.png", format="PNG"):
    buffer = BytesIO()
    Image.new("RGB", size, "orange").save(buffer, format=format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def profile_data(**changes):
    data = {
        "display_name": "Siti Rahma",
        "bio": "Masak-masak tiap hari",
        "date_of_birth": "2000-01-15",
        "country": Region.objects.get(code="ID").pk,
        "province": "jabar",
        "city": "Bandung",
        "languages": [Language.objects.get(slug="id").pk],
        "niches": [Niche.objects.get(slug="food").pk],
        "account_type": "personal",
        "posts_original_content": "on",
        "platform_account_created_on": "2024-05-01",
        "engagement_rate": "4.25",
        "contact_preference": "portal",
        "premium_content_url": "",
        "packages-TOTAL_FORMS": "1",
        "packages-INITIAL_FORMS": "0",
        "packages-0-name": "1 video",
        "packages-0-description": "One 60-second video",
        "packages-0-price_idr": "1500000",
        "audience-TOTAL_FORMS": "2",
        "audience-INITIAL_FORMS": "0",
        "audience-0-kind": "country",
        "audience-0-label": "Indonesia",
        "audience-0-share_percent": "82.5",
        "audience-1-kind": "",
        "audience-1-label": "",
        "audience-1-share_percent": "",
    }
    data.update(changes)
    return data


def test_a_creator_saves_their_profile_with_rate_card_and_audience(client):
    profile = CreatorProfileFactory()
    client.force_login(profile.user)

    response = client.post(EDIT, profile_data())

    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.province, profile.city) == ("jabar", "Bandung")
    assert profile.engagement_rate == pytest.approx(4.25)
    assert [n.slug for n in profile.niches.all()] == ["food"]
    package = profile.rate_packages.get()
    assert (package.name, package.price_idr) == ("1 video", 1_500_000)
    assert profile.audience_segments.get().label == "Indonesia"


def test_editing_the_rate_card_keeps_changes_deletes_and_adds_rows(client):
    profile = CreatorProfileFactory()
    kept = profile.rate_packages.create(name="1 video", price_idr=1_000_000)
    dropped = profile.rate_packages.create(name="3 videos", price_idr=2_500_000)
    segment = profile.audience_segments.create(kind="country", label="Indonesia", share_percent=80)
    client.force_login(profile.user)

    response = client.post(
        EDIT,
        profile_data(
            **{
                "packages-TOTAL_FORMS": "3",
                "packages-INITIAL_FORMS": "2",
                "packages-0-id": kept.pk,
                "packages-0-name": "1 video",
                "packages-0-description": "Now with a story",
                "packages-0-price_idr": "1200000",
                "packages-1-id": dropped.pk,
                "packages-1-name": "3 videos",
                "packages-1-price_idr": "2500000",
                "packages-1-DELETE": "on",
                "packages-2-name": "Live",
                "packages-2-price_idr": "3000000",
                "audience-TOTAL_FORMS": "2",
                "audience-INITIAL_FORMS": "1",
                "audience-0-id": segment.pk,
                "audience-0-kind": "country",
                "audience-0-label": "Indonesia",
                "audience-0-share_percent": "80.00",
            }
        ),
    )

    assert response.status_code == 302
    assert list(profile.rate_packages.values_list("pk", "name", "description", "price_idr")) == [
        (kept.pk, "1 video", "Now with a story", 1_200_000),
        (profile.rate_packages.get(name="Live").pk, "Live", "", 3_000_000),
    ]
    assert list(profile.audience_segments.values_list("pk", "label")) == [(segment.pk, "Indonesia")]


def test_saving_without_a_new_photo_keeps_it_and_clearing_removes_it(client):
    profile = CreatorProfileFactory()
    client.force_login(profile.user)
    client.post(EDIT, {**profile_data(), "photo": image_upload()})
    profile.refresh_from_db()
    photo = profile.photo.name

    unchanged_rows = {"packages-TOTAL_FORMS": "0", "audience-TOTAL_FORMS": "0"}
    client.post(EDIT, profile_data(bio="New bio", **unchanged_rows))
    profile.refresh_from_db()
    assert (profile.photo.name, profile.bio) == (photo, "New bio")

    client.post(EDIT, profile_data(**{"photo-clear": "on"}, **unchanged_rows))
    profile.refresh_from_db()
    assert not profile.photo


def test_the_profile_form_has_a_label_for_every_input(client):
    client.force_login(CreatorProfileFactory().user)

    response = client.get(EDIT)

    assert response.status_code == 200
    for label in ["Display name", "Photo", "Date of birth", "Country", "Price (IDR)"]:
        assert label in response.text


def test_the_province_field_is_shown_for_indonesia_and_explained(client):
    client.force_login(CreatorProfileFactory().user)

    response = client.get(EDIT)

    indonesia = Region.objects.get(code="ID")
    assert f'data-province-country="{indonesia.pk}"' in response.text
    assert 'for="id_province"' in response.text
    assert '<option value="jatim">Jawa Timur</option>' in response.text
    assert "For creators in Indonesia: brands target campaigns by province." in response.text
    assert "js/creator-profile.js" in response.text


@pytest.mark.parametrize("country", ["MY", None])
def test_a_province_outside_indonesia_is_refused_and_nothing_changes(client, country):
    profile = CreatorProfileFactory(city="Before")
    client.force_login(profile.user)
    chosen = Region.objects.get(code=country).pk if country else ""

    response = client.post(EDIT, profile_data(country=chosen, province="jatim", city="Johor"))

    assert response.status_code == 200
    assert "Choose a province only if your country is Indonesia." in response.text
    profile.refresh_from_db()
    assert (profile.province, profile.city) == ("", "Before")


def test_a_creator_outside_indonesia_saves_without_a_province(client):
    profile = CreatorProfileFactory()
    client.force_login(profile.user)
    malaysia = Region.objects.get(code="MY")

    response = client.post(EDIT, profile_data(country=malaysia.pk, province="", city="Johor"))

    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.country, profile.province) == (malaysia, "")


def test_an_unknown_province_is_refused(client):
    client.force_login(CreatorProfileFactory().user)

    response = client.post(EDIT, profile_data(province="atlantis"))

    assert "Select a valid choice. atlantis is not one of the available choices." in response.text


def test_an_uploaded_photo_is_resized_to_a_jpeg(client):
    profile = CreatorProfileFactory()
    client.force_login(profile.user)

    client.post(EDIT, {**profile_data(), "photo": image_upload()})

    profile.refresh_from_db()
    with Image.open(profile.photo.path) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) == 800


def test_a_file_that_is_not_an_image_is_refused_and_nothing_changes(client):
    profile = CreatorProfileFactory(display_name="Before")
    client.force_login(profile.user)
    fake = SimpleUploadedFile("me.png", b"not an image", content_type="image/png")

    response = client.post(EDIT, {**profile_data(), "photo": fake})

    assert response.status_code == 200
    assert "Upload a valid image." in response.text
    profile.refresh_from_db()
    assert profile.display_name == "Before"


def test_a_photo_above_the_size_limit_is_refused(client, settings):
    settings.CREATORS_PHOTO_MAX_BYTES = 1024 * 1024
    profile = CreatorProfileFactory()
    client.force_login(profile.user)
    big_image = image_upload(size=(1200, 1200), name="big.bmp", format="BMP")
    assert big_image.size > settings.CREATORS_PHOTO_MAX_BYTES

    response = client.post(EDIT, {**profile_data(), "photo": big_image})

    assert "The photo is too large: the limit is 1 MB." in response.text
    assert not CreatorProfile.objects.get(pk=profile.pk).photo


def test_a_date_of_birth_in_the_future_is_refused(client):
    profile = CreatorProfileFactory()
    client.force_login(profile.user)

    response = client.post(EDIT, profile_data(date_of_birth="2999-01-01"))

    assert "This date is in the future." in response.text


def test_a_negative_price_is_refused(client):
    profile = CreatorProfileFactory()
    client.force_login(profile.user)

    response = client.post(EDIT, profile_data(**{"packages-0-price_idr": "-1"}))

    assert response.status_code == 200
    assert not profile.rate_packages.exists()


def test_editing_requires_a_creator(client):
    response = client.get(EDIT)

    assert response.status_code == 302


def test_updating_figures_keeps_a_dated_snapshot_and_signals_the_change(
    client, django_capture_on_commit_callbacks
):
    profile = CreatorProfileFactory()
    client.force_login(profile.user)
    received = []

    def listener(sender, profile_id, **kwargs):
        received.append((sender, profile_id))

    creator_figures_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                FIGURES,
                {
                    "follower_count": "10500",
                    "public_video_count": "4",
                    "views_last_30_days": "2500",
                },
            )
    finally:
        creator_figures_changed.disconnect(listener)

    assert response.status_code == 302
    snapshot = FigureSnapshot.objects.get()
    assert snapshot.recorded_on == timezone.localdate()
    assert snapshot.follower_count == 10_500
    profile.refresh_from_db()
    assert profile.follower_count == 10_500
    assert profile.figures_recorded_on == timezone.localdate()
    assert received == [(CreatorProfile, profile.pk)]


def test_updating_figures_twice_in_a_day_replaces_that_days_snapshot(client):
    profile = CreatorProfileFactory()
    client.force_login(profile.user)
    for followers in ["100", "200"]:
        client.post(
            FIGURES,
            {"follower_count": followers, "public_video_count": "1", "views_last_30_days": "1"},
        )

    assert FigureSnapshot.objects.get().follower_count == 200


def test_negative_figures_are_refused(client):
    profile = CreatorProfileFactory()
    client.force_login(profile.user)

    response = client.post(
        FIGURES, {"follower_count": "-1", "public_video_count": "1", "views_last_30_days": "1"}
    )

    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0." in response.text
    assert not FigureSnapshot.objects.exists()


def test_the_media_kit_shows_what_brands_need_and_hides_private_fields(client):
    profile = EligibleCreatorFactory(
        display_name="Siti Rahma",
        handle="siti",
        user__email="siti.private@example.com",
        date_of_birth="1999-04-07",
        province="jabar",
        city="Bandung",
    )
    package = profile.rate_packages.create(name="1 video", price_idr=1_500_000)
    assert str(package) == "1 video: Rp 1,500,000"

    response = client.get(reverse("creators:media_kit", args=["siti"]))

    assert response.status_code == 200
    assert "Siti Rahma" in response.text
    assert "Bandung, Jawa Barat, Indonesia" in response.text
    assert "12,000" in response.text
    assert "Rp 1,500,000" in response.text
    assert "siti.private@example.com" not in response.text
    assert "1999" not in response.text and "April" not in response.text


def test_the_media_kit_of_an_unknown_handle_is_a_404(client):
    assert client.get(reverse("creators:media_kit", args=["nobody"])).status_code == 404
