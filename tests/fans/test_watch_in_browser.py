"""In Debian's Chromium: the player saves where a fan paused, the watch page
starts there next time, and at the end of an episode it offers the next one."""

import time

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from series.models import EpisodeProgress
from tests.fans.factories import FanFactory
from tests.series.factories import EpisodeFactory, PurchaseFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def wait_for_progress(fan, episode, check):
    progress = None
    for _ in range(50):
        try:
            progress = EpisodeProgress.objects.filter(user=fan, episode=episode).first()
        except OperationalError:  # SQLite: the live server is writing the row
            progress = None
        if progress and check(progress):
            return progress
        time.sleep(0.1)
    raise AssertionError(f"No saved progress matching the check: {progress!r}")


def test_a_fan_pauses_comes_back_to_the_same_second_and_goes_on_to_the_next(tab_for):
    fan = FanFactory()
    series = PurchaseFactory(buyer=fan).series
    first = EpisodeFactory(series=series, title="Sambal")
    EpisodeFactory(series=series, title="Rendang")
    tab = tab_for(fan)

    tab.goto(f"/series/{series.pk}/episodes/{first.pk}/")
    video = tab.locator("video")
    expect(video).not_to_have_js_property("readyState", 0)
    tab.evaluate(
        """async () => {
          const video = document.querySelector('video');
          video.muted = true;
          video.currentTime = 8;
          await video.play();
          video.pause();
        }"""
    )
    progress = wait_for_progress(fan, first, lambda row: row.position_seconds >= 8)
    assert not progress.finished

    tab.reload()
    expect(tab.get_by_text("Resuming where you stopped")).to_be_visible()
    expect(video).not_to_have_js_property("readyState", 0)
    assert tab.evaluate("document.querySelector('video').currentTime") == pytest.approx(
        progress.position_seconds, abs=1
    )

    tab.evaluate(
        """async () => {
          const video = document.querySelector('video');
          video.muted = true;
          video.currentTime = video.duration - 0.5;
          await video.play();
        }"""
    )
    wait_for_progress(fan, first, lambda row: row.finished)
    next_link = tab.get_by_role("link", name="Next episode")
    expect(next_link).to_be_focused()
    next_link.click()
    expect(tab.get_by_role("heading", name="Rendang")).to_be_visible()
