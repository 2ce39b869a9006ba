"""At phone width in Debian's Chromium, the whole fan's way in: from a
creator's shared link a new fan signs up and verifies, watches the free
preview, buys the Series on the sandbox gateway, watches episode 2, pauses,
and comes back to the second they stopped at."""

import re
import time

import pytest
from django.core import mail
from django.db import OperationalError
from playwright.sync_api import expect

from core.models import User
from series.models import EpisodeProgress
from tests.creators.factories import CreatorProfileFactory
from tests.series.factories import EpisodeFactory, PublishedSeriesFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "kopi-susu-gula-aren-42"


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def saved_position(user, episode, at_least):
    for _ in range(50):
        try:
            row = EpisodeProgress.objects.filter(user=user, episode=episode).first()
        except OperationalError:  # SQLite: the live server is writing the row
            row = None
        if row and row.position_seconds >= at_least:
            return row.position_seconds
        time.sleep(0.1)
    raise AssertionError("The player did not save where the fan stopped.")


def test_a_fan_comes_from_a_shared_link_buys_watches_and_resumes_on_a_phone(
    phone_page, axe_violations
):
    page = phone_page
    creator = CreatorProfileFactory(display_name="Ibu Sari", handle="sari")
    series = PublishedSeriesFactory(creator=creator, title="Padang kitchen")
    EpisodeFactory(series=series, title="Green chili sambal", is_free_preview=True)
    second = EpisodeFactory(series=series, title="Beef rendang")

    # The shared link: the creator's page, which anyone may open.
    page.goto("/series/by/sari/")
    expect(page.get_by_role("heading", name="Ibu Sari")).to_be_visible()
    fits(page)
    assert axe_violations(page) == []

    # Sign up as a fan, verify the email, log in.
    page.goto("/accounts/signup/")
    page.get_by_label("A fan: I want to watch and support creators").check()
    page.get_by_label("Display name or business name").fill("Dewi")
    page.get_by_label("Email").fill("dewi@example.com")
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Email").fill("dewi@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    fan = User.objects.get(email="dewi@example.com")
    assert fan.role == User.Role.FAN

    # Back to the creator's page: the free preview plays.
    page.goto("/series/by/sari/")
    page.get_by_role("link", name="Green chili sambal").first.click()
    video = page.locator("video")
    expect(video).not_to_have_js_property("readyState", 0)
    fits(page)

    # Buy on the sandbox gateway.
    page.goto(series.get_absolute_url())
    page.get_by_role("button", name="Buy for Rp 50,000").click()
    page.get_by_role("link", name="E-wallet: OVO").click()
    # Measure the checkout once it has loaded with the wallet chosen.
    expect(page.get_by_text("Confirm the payment in your OVO app.")).to_be_visible()
    fits(page)
    page.get_by_role("button", name="Approve payment").click()
    expect(page.get_by_text("You own this Series: every episode is unlocked.")).to_be_visible()

    # Episode 2: watch, pause at 8 s, come back to it.
    page.get_by_role("link", name="Beef rendang").click()
    expect(video).not_to_have_js_property("readyState", 0)
    page.evaluate(
        """async () => {
          const video = document.querySelector('video');
          video.muted = true;
          video.currentTime = 8;
          await video.play();
          video.pause();
        }"""
    )
    stopped = saved_position(fan, second, at_least=8)
    page.reload()
    expect(video).not_to_have_js_property("readyState", 0)
    assert page.evaluate("document.querySelector('video').currentTime") == pytest.approx(
        stopped, abs=1
    )
    fits(page)
    assert axe_violations(page) == []
