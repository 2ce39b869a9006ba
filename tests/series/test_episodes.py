"""Episode uploads: duration read from the file, the 80-episode and 20-minute
limits in the service and in the database, numbering and reordering."""

import pytest
from django.db import IntegrityError, connection, transaction

from series.models import Episode
from series.services.episodes import add_episode, delete_episode, reorder_episodes
from series.services.refusals import SeriesRefused
from series.storage import private_storage
from tests.conftest import require
from tests.series.factories import (
    VIDEO_31_SECONDS,
    EpisodeFactory,
    SeriesFactory,
    upload,
    video_lasting,
)

pytestmark = pytest.mark.django_db


def add(series, data=None, **fields):
    data = VIDEO_31_SECONDS.read_bytes() if data is None else data
    return add_episode(series=series, title="Opening", video=upload(data), **fields)


def test_it_reads_the_duration_from_the_file_and_stores_it_privately():
    series = SeriesFactory()

    episode = add(series, is_free_preview=True)

    assert episode.duration_ms == 31_000
    assert episode.position == 1
    assert episode.is_free_preview
    assert episode.size_bytes == VIDEO_31_SECONDS.stat().st_size
    assert private_storage.exists(episode.video.name)
    with private_storage.open(episode.video.name) as stored:
        assert stored.read() == VIDEO_31_SECONDS.read_bytes()


def test_it_rejects_a_file_whose_header_says_20_minutes_and_1_second():
    series = SeriesFactory()

    with pytest.raises(SeriesRefused, match="This video lasts 20:01"):
        add(series, video_lasting(20 * 60 + 1))

    assert not Episode.objects.exists()


def test_it_accepts_a_file_of_exactly_20_minutes():
    episode = add(SeriesFactory(), video_lasting(20 * 60))

    assert episode.duration_ms == 20 * 60 * 1000


def test_it_rejects_a_file_shorter_than_30_seconds():
    with pytest.raises(SeriesRefused, match="from 30 seconds to 20 minutes"):
        add(SeriesFactory(), video_lasting(29))

    assert not Episode.objects.exists()


def test_it_rejects_a_file_that_is_not_a_video_whatever_its_name():
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 200

    with pytest.raises(SeriesRefused, match="Upload the episode as an MP4 video file."):
        add(SeriesFactory(), png)


def test_it_rejects_a_broken_mp4():
    truncated = VIDEO_31_SECONDS.read_bytes()[:40]

    with pytest.raises(SeriesRefused, match="MP4"):
        add(SeriesFactory(), truncated)


def test_it_rejects_a_file_above_the_size_limit(settings):
    settings.SERIES_EPISODE_MAX_BYTES = 1024 * 1024
    too_large = VIDEO_31_SECONDS.read_bytes() + b"\0" * (1024 * 1024)

    with pytest.raises(SeriesRefused, match="too large"):
        add(SeriesFactory(), too_large)


def test_it_refuses_an_81st_episode():
    series = SeriesFactory()
    EpisodeFactory.create_batch(80, series=series)

    with pytest.raises(SeriesRefused, match="at most 80 episodes"):
        add(series)

    assert series.episodes.count() == 80


def test_the_database_refuses_an_episode_numbered_81():
    series = SeriesFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        EpisodeFactory(series=series, position=81)


def test_the_database_refuses_two_episodes_with_one_number():
    # SQLite (development only) has no deferrable unique constraints.
    require(connection.vendor == "postgresql", "PostgreSQL")
    series = SeriesFactory()
    EpisodeFactory(series=series, position=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        EpisodeFactory(series=series, position=1)


@pytest.mark.parametrize("duration_ms", [29_999, 20 * 60 * 1000 + 1])
def test_the_database_refuses_a_duration_outside_the_limits(duration_ms):
    with pytest.raises(IntegrityError), transaction.atomic():
        EpisodeFactory(series=SeriesFactory(), duration_ms=duration_ms)


def test_it_numbers_new_episodes_after_the_last():
    series = SeriesFactory()
    EpisodeFactory.create_batch(2, series=series)

    assert add(series).position == 3


def test_reordering_swaps_numbers_inside_one_transaction():
    series = SeriesFactory()
    first, second, third = EpisodeFactory.create_batch(3, series=series)

    reorder_episodes(series=series, episode_ids=[third.pk, first.pk, second.pk])

    assert list(series.episodes.order_by("position").values_list("pk", flat=True)) == [
        third.pk,
        first.pk,
        second.pk,
    ]


def test_reordering_refuses_a_list_that_misses_an_episode():
    series = SeriesFactory()
    first, second = EpisodeFactory.create_batch(2, series=series)

    with pytest.raises(SeriesRefused):
        reorder_episodes(series=series, episode_ids=[second.pk])

    first.refresh_from_db()
    assert first.position == 1


def test_deleting_an_episode_closes_the_gap_and_deletes_its_file(
    django_capture_on_commit_callbacks,
):
    series = SeriesFactory()
    first, second, third = EpisodeFactory.create_batch(3, series=series)
    file_name = second.video.name

    with django_capture_on_commit_callbacks(execute=True):
        delete_episode(episode=second)

    assert list(series.episodes.order_by("position").values_list("pk", "position")) == [
        (first.pk, 1),
        (third.pk, 2),
    ]
    assert not private_storage.exists(file_name)


def test_the_last_episode_of_a_published_series_cannot_be_deleted():
    episode = EpisodeFactory()

    with pytest.raises(SeriesRefused, match="at least one episode"):
        delete_episode(episode=episode)

    assert Episode.objects.filter(pk=episode.pk).exists()
