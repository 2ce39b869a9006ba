"""The creator's pages: create a Series, upload, order and delete episodes,
publish; each refuses other users' Series and the wrong method."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from series.models import Episode, Series
from tests.brands.factories import BusinessMembershipFactory
from tests.creators.factories import CreatorProfileFactory
from tests.series.factories import (
    VIDEO_31_SECONDS,
    EpisodeFactory,
    SeriesFactory,
    approved_creator,
    upload,
    video_lasting,
)

pytestmark = pytest.mark.django_db


def cover_file():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), "orange").save(buffer, format="PNG")
    return upload(buffer.getvalue(), name="cover.png", content_type="image/png")


def series_data(**overrides):
    data = {
        "title": "Rendang in ten steps",
        "description": "From the market to the table.",
        "price": "45000.00",
        "currency": "IDR",
        "cover": cover_file(),
    }
    return data | overrides


@pytest.fixture
def creator(client):
    profile = approved_creator()
    client.force_login(profile.user)
    return profile


def test_an_approved_creator_creates_a_draft_series(client, creator):
    response = client.post(reverse("series:create"), series_data())

    series = Series.objects.get()
    assert response.url == reverse("series:manage", args=[series.pk])
    assert (series.creator, series.status, series.price) == (creator, "draft", Decimal("45000.00"))
    assert series.cover.name.startswith("series/covers/")


def test_a_creator_not_yet_approved_is_told_how_to_get_there(client):
    client.force_login(CreatorProfileFactory().user)

    studio = client.get(reverse("series:studio"))
    create = client.post(reverse("series:create"), series_data(), follow=True)

    assert "Once staff approve your application" in studio.text
    assert "Only creators approved for Series can create one." in create.text
    assert not Series.objects.exists()


def test_a_price_out_of_range_is_explained_on_the_form(client, creator):
    response = client.post(reverse("series:create"), series_data(price="200.00", currency="USD"))

    assert response.status_code == 200
    assert "A price in USD must be from 0.99 to 189.99." in response.text
    assert not Series.objects.exists()


def test_a_cover_that_is_not_an_image_is_refused(client, creator):
    bad_cover = upload(b"not an image", name="cover.jpg", content_type="image/jpeg")

    response = client.post(reverse("series:create"), series_data(cover=bad_cover))

    assert response.status_code == 200
    assert "Upload a valid image" in response.text
    assert not Series.objects.exists()


def test_a_business_user_is_turned_away(client):
    client.force_login(BusinessMembershipFactory().user)

    response = client.get(reverse("series:studio"))

    assert response.url == reverse("dashboard")


def test_the_studio_needs_a_login(client):
    response = client.get(reverse("series:studio"))

    assert response.url.startswith(reverse("account_login"))


def test_uploading_an_episode_reads_its_duration(client, creator):
    series = SeriesFactory(creator=creator)

    response = client.post(
        reverse("series:add_episode", args=[series.pk]),
        {"title": "Market day", "video": upload(VIDEO_31_SECONDS.read_bytes())},
        follow=True,
    )

    episode = Episode.objects.get()
    assert (episode.title, episode.duration_ms, episode.position) == ("Market day", 31_000, 1)
    assert "0:31" in response.text


def test_an_overlong_upload_is_explained_next_to_the_file_field(client, creator):
    series = SeriesFactory(creator=creator)

    response = client.post(
        reverse("series:add_episode", args=[series.pk]),
        {"title": "Too long", "video": upload(video_lasting(20 * 60 + 1))},
    )

    assert response.status_code == 200
    assert "This video lasts 20:01; an episode must last from 30 seconds to 20 minutes." in (
        response.text
    )
    assert not Episode.objects.exists()


def test_episodes_are_reordered_by_number(client, creator):
    series = SeriesFactory(creator=creator)
    first, second, third = EpisodeFactory.create_batch(3, series=series)

    client.post(
        reverse("series:reorder", args=[series.pk]),
        {f"position-{first.pk}": "3", f"position-{second.pk}": "1", f"position-{third.pk}": "2"},
    )

    assert list(series.episodes.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        third.pk,
        first.pk,
    ]


def test_an_episode_is_deleted_after_confirmation(client, creator):
    series = SeriesFactory(creator=creator)
    episode = EpisodeFactory(series=series)
    url = reverse("series:delete_episode", args=[series.pk, episode.pk])

    confirmation = client.get(url)
    client.post(url)

    assert "This cannot be undone." in confirmation.text
    assert not Episode.objects.exists()


def test_submitting_for_review_asks_for_confirmation_and_warns_the_price_locks(client, creator):
    series = SeriesFactory(creator=creator)
    EpisodeFactory(series=series)
    url = reverse("series:change_status", args=[series.pk, "in_review"])

    confirmation = client.get(url)
    response = client.post(url, follow=True)

    assert "the price (Rp 50,000) can no longer change" in confirmation.text
    assert "Your Series is sent to staff for review." in response.text
    series.refresh_from_db()
    assert series.status == "in_review"


def test_a_creator_cannot_publish_a_draft_without_review(client, creator):
    series = SeriesFactory(creator=creator)
    EpisodeFactory(series=series)

    response = client.post(reverse("series:change_status", args=[series.pk, "published"]))

    assert response.status_code == 302
    series.refresh_from_db()
    assert series.status == "draft"


def test_submitting_without_episodes_shows_why(client, creator):
    series = SeriesFactory(creator=creator)

    response = client.post(
        reverse("series:change_status", args=[series.pk, "in_review"]), follow=True
    )

    assert "Add at least one episode before submitting for review." in response.text
    series.refresh_from_db()
    assert series.status == "draft"


def test_the_edit_form_of_a_published_series_shows_the_price_locked(client, creator):
    series = EpisodeFactory(series__creator=creator).series

    form = client.get(reverse("series:edit", args=[series.pk]))
    client.post(
        reverse("series:edit", args=[series.pk]),
        {"title": "New title", "description": "New", "price": "99000.00", "currency": "IDR"},
    )

    assert "The price is locked" in form.text
    assert "go to staff for review" in form.text
    series.refresh_from_db()
    assert series.price == Decimal("50000.00")
    assert series.submissions.get().title == "New title"


@pytest.mark.parametrize(
    ("name", "method", "extra"),
    [
        ("series:manage", "get", []),
        ("series:edit", "get", []),
        ("series:add_episode", "post", []),
        ("series:reorder", "post", []),
        ("series:change_status", "post", ["in_review"]),
        ("series:edit_episode", "get", ["episode"]),
        ("series:delete_episode", "post", ["episode"]),
    ],
)
def test_another_creators_series_is_not_found(client, creator, name, method, extra):
    episode = EpisodeFactory(series__status="draft", series__published_at=None)
    args = [episode.series.pk] + [episode.pk if item == "episode" else item for item in extra]

    response = getattr(client, method)(reverse(name, args=args))

    assert response.status_code == 404
    assert Episode.objects.filter(pk=episode.pk, position=1).exists()
    assert Series.objects.get().status == "draft"


@pytest.mark.parametrize("name", ["series:reorder"])
def test_post_only_pages_reject_get(client, creator, name):
    series = SeriesFactory(creator=creator)

    assert client.get(reverse(name, args=[series.pk])).status_code == 405


def test_the_studio_lists_only_the_creators_own_series(client, creator):
    SeriesFactory(creator=creator, title="Mine")
    SeriesFactory(title="Someone else's")

    response = client.get(reverse("series:studio"))

    assert "Mine" in response.text
    assert "Someone else" not in response.text


def test_an_upload_declared_over_the_limit_is_refused_before_it_is_read(client, creator, settings):
    settings.SERIES_EPISODE_MAX_BYTES = 1024 * 1024
    series = SeriesFactory(creator=creator)

    response = client.post(
        reverse("series:add_episode", args=[series.pk]),
        {"title": "Huge", "video": upload(VIDEO_31_SECONDS.read_bytes())},
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )

    assert response.status_code == 413
    assert "The video is too large: the limit is 1 MB." in response.text
    assert not Episode.objects.exists()


def test_uploading_an_episode_needs_the_csrf_token(creator):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(creator.user)
    series = SeriesFactory(creator=creator)

    response = browser.post(
        reverse("series:add_episode", args=[series.pk]),
        {"title": "Forged", "video": upload(VIDEO_31_SECONDS.read_bytes())},
    )

    assert response.status_code == 403
    assert not Episode.objects.exists()


def test_an_episode_title_and_preview_flag_of_a_draft_can_be_edited(client, creator):
    episode = EpisodeFactory(series=SeriesFactory(creator=creator), title="Old title")

    response = client.post(
        reverse("series:edit_episode", args=[episode.series_id, episode.pk]),
        {"title": "New title", "is_free_preview": "on"},
    )

    assert response.url == reverse("series:manage", args=[episode.series_id])
    episode.refresh_from_db()
    assert (episode.title, episode.is_free_preview) == ("New title", True)


@pytest.mark.parametrize("count", [1, 8])
def test_the_studio_and_manage_pages_query_counts_do_not_grow(
    client, creator, django_assert_num_queries, count
):
    series = SeriesFactory(creator=creator)
    EpisodeFactory.create_batch(count, series=series)
    SeriesFactory.create_batch(count, creator=creator)

    # session, user, profile, "approved?", Series with episode counts and their count
    with django_assert_num_queries(5):
        client.get(reverse("series:studio"))
    # Then "approved?" is kept under the creator's version (test_studio_cache).
    # session, user, Series with creator, episodes, latest review submission, discounts
    with django_assert_num_queries(6):
        response = client.get(reverse("series:manage", args=[series.pk]))
    assert response.text.count('class="form-control episode-position"') == count


def test_editing_without_a_new_cover_keeps_the_cover(client, creator):
    series = SeriesFactory(creator=creator)
    cover = series.cover.name
    data = {"title": "Renamed", "description": "Same", "price": "50000.00", "currency": "IDR"}

    client.post(reverse("series:edit", args=[series.pk]), data)

    series.refresh_from_db()
    assert (series.title, series.cover.name) == ("Renamed", cover)


def test_editing_with_a_new_cover_replaces_it(client, creator):
    series = SeriesFactory(creator=creator)
    cover = series.cover.name
    data = {"title": "Same", "description": "Same", "price": "50000.00", "currency": "IDR"}

    client.post(reverse("series:edit", args=[series.pk]), data | {"cover": cover_file()})

    series.refresh_from_db()
    assert series.cover.name != cover
    assert series.cover.name.endswith(".jpg")
