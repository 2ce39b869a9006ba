"""In Debian's Chromium: an approved creator builds a Series with three episodes
and submits it for review; staff approve it; a buyer watches the free preview,
buys in the sandbox and plays a paid episode; after logging out, the paid file
is out of reach."""

import pytest
from PIL import Image
from playwright.sync_api import expect

from series.models import Submission
from series.services.review import decide_submission
from tests.factories import DEFAULT_PASSWORD, StaffFactory, UserFactory
from tests.series.factories import VIDEO_31_SECONDS, EpisodeFactory, approved_creator

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="My purchases")).to_be_visible()


def log_out(page):
    page.goto("/accounts/logout/")
    page.get_by_role("button", name="Sign Out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def expect_video_plays(page):
    """The <video> element loaded its source: the browser read the file's metadata."""
    video = page.locator("video")
    expect(video).to_be_visible()
    expect(video).not_to_have_js_property("readyState", 0)
    assert page.evaluate("document.querySelector('video').duration") == pytest.approx(31, abs=1)
    return page.evaluate("document.querySelector('video').currentSrc")


def upload_episode(page, title, preview=False):
    page.get_by_label("Episode title").fill(title)
    page.get_by_label("Video file").set_input_files(str(VIDEO_31_SECONDS))
    if preview:
        page.get_by_label("Free preview").check()
    page.get_by_role("button", name="Upload episode").click()
    expect(page.get_by_text("The episode is added.")).to_be_visible()


def test_a_creator_submits_a_series_staff_approve_it_and_a_buyer_buys_and_watches_it(
    page, axe_violations, tmp_path
):
    creator = approved_creator(display_name="Siti Rahma")
    buyer = UserFactory()
    cover = tmp_path / "cover.png"
    Image.new("RGB", (160, 90), "teal").save(cover)

    # The creator builds the Series.
    log_in(page, creator.user.email)
    page.get_by_role("navigation").get_by_role("link", name="Your Series").click()
    page.get_by_role("link", name="New Series").click()
    page.get_by_label("Title").fill("Rendang in three steps")
    page.get_by_label("Description").fill("From the market to the table.")
    page.get_by_label("Cover image").set_input_files(str(cover))
    page.get_by_label("Price").fill("45000")
    page.get_by_label("Currency").select_option("IDR")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", name="Rendang in three steps")).to_be_visible()

    upload_episode(page, "Market day", preview=True)
    upload_episode(page, "The spice paste")
    upload_episode(page, "Six hours on the stove")
    expect(page.get_by_role("cell", name="0:31")).to_have_count(3)
    assert axe_violations(page) == []

    # Drag the last episode to the top, then back by number.
    rows = page.locator("tbody tr")
    rows.nth(2).drag_to(rows.nth(0))
    expect(page.get_by_label("Number of “Six hours on the stove”")).to_have_value("1")
    page.get_by_label("Number of “Six hours on the stove”").fill("9")
    page.get_by_role("button", name="Save order").click()
    expect(page.get_by_text("The new order is saved.")).to_be_visible()
    expect(page.get_by_label("Number of “Six hours on the stove”")).to_have_value("3")

    page.get_by_role("link", name="Submit for review").click()
    expect(page.get_by_text("can no longer change")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Your Series is sent to staff for review.")).to_be_visible()
    log_out(page)

    # Staff approve it (the admin's decision form calls the same service).
    decide_submission(submission=Submission.objects.get(), staff=StaffFactory(), approve=True)

    # A buyer finds it, watches the preview, buys it and plays a paid episode.
    log_in(page, buyer.email)
    page.get_by_role("navigation").get_by_role("link", name="Series").click()
    page.get_by_role("link", name="Rendang in three steps").click()
    expect(page.get_by_text("A Series by Siti Rahma")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Market day").click()
    expect_video_plays(page)
    page.go_back()
    expect(page.get_by_role("link", name="The spice paste")).to_have_count(0)

    page.get_by_role("button", name="Buy for Rp 45,000").click()
    expect(page.get_by_role("heading", name="Sandbox payment")).to_be_visible()
    page.get_by_role("button", name="Approve payment").click()
    expect(page.get_by_text("You own this Series: every episode is unlocked.")).to_be_visible()

    page.get_by_role("link", name="The spice paste").click()
    paid_file = expect_video_plays(page)
    assert page.request.get(paid_file).status == 200

    page.get_by_role("link", name="My purchases").click()
    expect(page.get_by_role("link", name="Rendang in three steps", exact=True)).to_be_visible()
    assert axe_violations(page) == []

    log_out(page)
    assert page.request.get(paid_file).status == 404


def test_the_series_page_fits_a_phone(phone_page, axe_violations):
    episode = EpisodeFactory(series__title="Sambal on the go", is_free_preview=True)

    phone_page.goto(episode.series.get_absolute_url())

    expect(phone_page.get_by_role("heading", name="Sambal on the go")).to_be_visible()
    expect(phone_page.get_by_role("link", name="Log in to buy for Rp 50,000")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(phone_page) == []
