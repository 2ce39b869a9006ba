"""The watch page remembers where a fan stopped in each episode, starts there
next time, marks an episode finished near its end and offers the next one."""

import pytest
from django.urls import reverse

from series.models import EpisodeProgress
from tests.fans.factories import TEN_MINUTES_MS, FanFactory
from tests.series.factories import EpisodeFactory, PurchaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned(client):
    fan = FanFactory()
    purchase = PurchaseFactory(buyer=fan)
    first = EpisodeFactory(series=purchase.series, title="Sambal", duration_ms=TEN_MINUTES_MS)
    second = EpisodeFactory(series=purchase.series, title="Rendang", duration_ms=TEN_MINUTES_MS)
    client.force_login(fan)
    return fan, first, second


def save(client, episode, position, ended=False):
    return client.post(
        reverse("series:save_progress", args=[episode.series_id, episode.pk]),
        {"position": position, "ended": "1" if ended else "0"},
    )


def watch(client, episode):
    return client.get(reverse("series:watch", args=[episode.series_id, episode.pk]))


def test_the_player_saves_where_the_fan_stopped_and_the_page_resumes_there(client, owned):
    fan, first, _second = owned

    assert save(client, first, "125.7").status_code == 204

    progress = EpisodeProgress.objects.get(user=fan, episode=first)
    assert (progress.position_seconds, progress.finished) == (125, False)
    page = watch(client, first).text
    assert 'data-start="125"' in page
    assert f"{reverse('series:episode_file', args=[first.series_id, first.pk])}#t=125" in page
    assert "Resuming where you stopped (2:05)" in page


def test_a_later_save_moves_the_position(client, owned):
    fan, first, _second = owned

    save(client, first, 30)
    save(client, first, 40)

    assert EpisodeProgress.objects.get(user=fan, episode=first).position_seconds == 40


def test_near_the_end_the_episode_is_finished_and_starts_over_next_time(client, owned):
    fan, first, _second = owned

    save(client, first, 590)

    progress = EpisodeProgress.objects.get(user=fan, episode=first)
    assert progress.finished
    assert 'data-start="0"' in watch(client, first).text


def test_an_episode_played_to_the_end_stays_finished_when_watched_again(client, owned):
    fan, first, _second = owned

    save(client, first, 600, ended=True)
    save(client, first, 60)

    progress = EpisodeProgress.objects.get(user=fan, episode=first)
    assert progress.finished
    assert progress.position_seconds == 60


def test_a_position_past_the_end_is_kept_within_the_episode(client, owned):
    fan, first, _second = owned

    save(client, first, 99999)

    assert EpisodeProgress.objects.get(user=fan, episode=first).finished


@pytest.mark.parametrize("position", ["", "soon", "nan", "inf"])
def test_a_position_that_is_not_a_number_is_refused(client, owned, position):
    _fan, first, _second = owned

    assert save(client, first, position).status_code == 400
    assert not EpisodeProgress.objects.exists()


def test_the_watch_page_offers_the_next_episode(client, owned):
    _fan, first, second = owned

    page = watch(client, first).text

    assert "Next episode" in page
    assert reverse("series:watch", args=[second.series_id, second.pk]) in page
    assert "Next episode" not in watch(client, second).text


def test_a_paid_episode_of_a_series_not_owned_saves_nothing(client):
    client.force_login(FanFactory())
    episode = EpisodeFactory(duration_ms=TEN_MINUTES_MS)

    assert save(client, episode, 10).status_code == 404
    assert not EpisodeProgress.objects.exists()


def test_a_free_preview_remembers_a_logged_in_fan_too(client):
    fan = FanFactory()
    client.force_login(fan)
    preview = EpisodeFactory(is_free_preview=True, duration_ms=TEN_MINUTES_MS)

    save(client, preview, 50)

    assert EpisodeProgress.objects.get(user=fan, episode=preview).position_seconds == 50


def test_an_anonymous_visitor_watches_a_preview_without_progress(client):
    preview = EpisodeFactory(is_free_preview=True, duration_ms=TEN_MINUTES_MS)

    page = watch(client, preview).text

    assert "data-watch-progress" not in page
    assert 'data-start="0"' in page
    assert save(client, preview, 50).status_code == 302
