"""Hostile uploads through the real pages: oversized files, the wrong type under
the right name, decompression bombs, and videos whose header lies about how
long they last. Each is refused with a message, and nothing is stored."""

import io
import struct
import zlib

import pytest
from django.urls import reverse
from PIL import Image

from creators.models import CreatorProfile
from series.models import Episode, Series
from tests.creators.test_profile import profile_data
from tests.series.factories import (
    VIDEO_31_SECONDS,
    PublishedSeriesFactory,
    SeriesFactory,
    approved_creator,
    patch_header_duration,
    upload,
    video_lasting,
)

pytestmark = [
    pytest.mark.django_db,
    # Pillow warns about the nearly-bombs on purpose; the page must refuse them.
    pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning"),
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SERIES_PRIVATE_ROOT = tmp_path / "private"


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width, height):
    """A valid black-and-white PNG of ``width`` x ``height`` pixels that compresses
    to a few kilobytes: every row is zeros."""
    row = b"\0" * (1 + (width + 7) // 8)  # filter byte, then one bit a pixel
    pixels = zlib.compress(row * height, 9)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def small_png():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), "orange").save(buffer, format="PNG")
    return buffer.getvalue()


# --- Profile photo -------------------------------------------------------------------


@pytest.fixture
def creator(client):
    profile = approved_creator()
    client.force_login(profile.user)
    return profile


def post_photo(client, data, name="photo.png"):
    return client.post(
        reverse("creators:edit_profile"),
        {**profile_data(), "photo": upload(data, name=name, content_type="image/png")},
    )


def test_a_decompression_bomb_photo_is_refused_without_a_traceback(client, creator):
    bomb = bomb_png(20_000, 20_000)
    assert len(bomb) < 200_000

    response = post_photo(client, bomb)

    assert response.status_code == 200
    assert "Upload a valid image." in response.text
    assert not CreatorProfile.objects.get(pk=creator.pk).photo


def test_a_photo_just_under_pillows_bomb_error_is_refused_by_its_pixel_count(client, creator):
    """Pillow only warns between MAX_IMAGE_PIXELS and twice that; decoding it
    would take hundreds of megabytes."""
    response = post_photo(client, bomb_png(10_000, 10_000))

    assert response.status_code == 200
    assert "The photo is too large: at most 50 megapixels." in response.text
    assert not CreatorProfile.objects.get(pk=creator.pk).photo


def test_text_named_like_a_jpeg_is_refused_as_a_photo(client, creator):
    response = post_photo(client, b"<?php echo 'hello'; ?>\n" * 20, name="photo.jpg")

    assert response.status_code == 200
    assert "Upload a valid image." in response.text
    assert not CreatorProfile.objects.get(pk=creator.pk).photo


# --- Series cover --------------------------------------------------------------------


def create_series(client, cover, name="cover.png"):
    return client.post(
        reverse("series:create"),
        {
            "title": "Rendang in ten steps",
            "description": "From the market to the table.",
            "price": "45000.00",
            "currency": "IDR",
            "cover": upload(cover, name=name, content_type="image/png"),
        },
    )


@pytest.mark.parametrize(
    ("cover", "name", "message"),
    [
        (lambda: bomb_png(20_000, 20_000), "cover.png", "Upload a valid image."),
        (lambda: bomb_png(10_000, 10_000), "cover.png", "at most 50 megapixels"),
        (lambda: b"just text, not a picture\n" * 50, "cover.jpg", "Upload a valid image."),
        (lambda: VIDEO_31_SECONDS.read_bytes(), "cover.png", "Upload a valid image."),
    ],
    ids=["bomb", "nearly-a-bomb", "text-named-jpg", "mp4-named-png"],
)
def test_a_hostile_cover_is_refused_and_no_series_is_created(client, creator, cover, name, message):
    response = create_series(client, cover(), name=name)

    assert response.status_code == 200
    assert message in response.text
    assert not Series.objects.exists()


@pytest.mark.parametrize(
    "factory", [SeriesFactory, PublishedSeriesFactory], ids=["draft", "on-sale"]
)
def test_a_hostile_new_cover_is_refused_and_the_series_keeps_its_own(client, creator, factory):
    series = factory(creator=creator)
    title, cover = series.title, series.cover.name

    response = client.post(
        reverse("series:edit", args=[series.pk]),
        {
            "title": "A new title",
            "description": series.description,
            "price": series.price,
            "currency": series.currency,
            "cover": upload(bomb_png(10_000, 10_000), name="cover.png", content_type="image/png"),
        },
    )

    assert response.status_code == 200
    assert "at most 50 megapixels" in response.text
    series.refresh_from_db()
    assert (series.title, series.cover.name) == (title, cover)
    assert not series.submissions.exists()


def test_an_oversized_cover_is_refused(client, creator, settings):
    settings.CREATORS_PHOTO_MAX_BYTES = 1024 * 1024
    cover = small_png() + b"\0" * (1024 * 1024)  # still a valid PNG: bytes after IEND are ignored

    response = create_series(client, cover)

    assert response.status_code == 200
    assert "The photo is too large: the limit is 1 MB." in response.text
    assert not Series.objects.exists()


# --- Episode videos --------------------------------------------------------------------


def add_episode(client, series, data, name="episode.mp4"):
    return client.post(
        reverse("series:add_episode", args=[series.pk]),
        {"title": "Market day", "video": upload(data, name=name)},
    )


def test_a_png_named_like_an_mp4_is_refused(client, creator):
    series = SeriesFactory(creator=creator)

    response = add_episode(client, series, small_png())

    assert response.status_code == 200
    assert "Upload the episode as an MP4 video file." in response.text
    assert not Episode.objects.exists()


def test_an_oversized_video_is_refused(client, creator, settings):
    settings.SERIES_EPISODE_MAX_BYTES = 1024
    series = SeriesFactory(creator=creator)

    response = add_episode(client, series, VIDEO_31_SECONDS.read_bytes())

    assert response.status_code == 200
    assert "The video is too large" in response.text
    assert not Episode.objects.exists()


def lying_header(seconds):
    """The 31-second clip with only its movie header rewritten to claim ``seconds``."""
    data = bytearray(VIDEO_31_SECONDS.read_bytes())
    patch_header_duration(data, seconds)
    return bytes(data)


@pytest.mark.parametrize(
    ("claimed", "shown"),
    [(10 * 60, "10:00"), (5, "0:05"), (21 * 60, "21:00"), (40, "0:40")],
)
def test_a_video_whose_header_lies_about_its_duration_is_refused(client, creator, claimed, shown):
    """The frames are trusted, not the header: a header claiming ten minutes for
    a 31-second clip (or five seconds, or over the 20-minute limit) is refused."""
    series = SeriesFactory(creator=creator)

    response = add_episode(client, series, lying_header(claimed))

    assert response.status_code == 200
    assert f"This file says it lasts {shown} but its video lasts 0:31." in response.text
    assert not Episode.objects.exists()


def test_a_video_whose_frames_last_over_20_minutes_is_refused(client, creator):
    series = SeriesFactory(creator=creator)

    response = add_episode(client, series, video_lasting(21 * 60))

    assert response.status_code == 200
    assert "This video lasts 21:00; an episode must last from 30 seconds to 20 minutes." in (
        response.text
    )
    assert not Episode.objects.exists()


def test_a_header_a_second_off_the_frames_is_accepted_with_the_frames_duration(client, creator):
    """Edit lists and audio priming make honest files differ a little."""
    series = SeriesFactory(creator=creator)

    response = add_episode(client, series, lying_header(32))

    assert response.status_code == 302
    assert Episode.objects.get().duration_ms == 31_000


def test_a_video_with_a_truncated_sample_table_is_refused(client, creator):
    data = bytearray(VIDEO_31_SECONDS.read_bytes())
    stts = data.index(b"stts")
    data[stts + 8 : stts + 12] = struct.pack(">I", 10_000)  # entries the box does not hold
    series = SeriesFactory(creator=creator)

    response = add_episode(client, series, bytes(data))

    assert response.status_code == 200
    assert "Upload the episode as an MP4 video file." in response.text
    assert not Episode.objects.exists()
