"""Two uploads racing for the 80th place: the Series row lock lets one in and
gives the other the limit's message, never a database error."""

import threading

import pytest
from django.db import connection, connections
from django.utils import translation

from series.services.episodes import add_episode
from series.services.refusals import SeriesRefused
from tests.conftest import require
from tests.series.factories import VIDEO_31_SECONDS, EpisodeFactory, SeriesFactory, upload

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_uploads_for_the_last_place_get_one_episode_and_one_clear_refusal():
    require(connection.vendor == "postgresql", "PostgreSQL")
    series = SeriesFactory()
    EpisodeFactory.create_batch(79, series=series)
    barrier = threading.Barrier(2)
    outcomes = []

    def add(title):
        try:
            barrier.wait()
            video = upload(VIDEO_31_SECONDS.read_bytes())
            with translation.override("en"):
                add_episode(series=series, title=title, video=video)
            outcomes.append("added")
        except SeriesRefused as refusal:
            outcomes.append(refusal.message)
        except Exception as error:  # noqa: BLE001 - the test reports any other failure
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=(f"Last {n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["A Series has at most 80 episodes.", "added"]
    assert series.episodes.count() == 80
