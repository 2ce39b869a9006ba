"""In Debian's Chromium at phone width: a visitor without an account opens a
creator's shared page, copies its link, plays a free preview, and searches
the catalogue; the pages fit the screen and pass axe's serious checks."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.creators.factories import CreatorProfileFactory
from tests.series.factories import EpisodeFactory, PublishedSeriesFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fits_the_screen(tab):
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_visitor_opens_a_shared_creator_page_on_a_phone(phone_page, axe_violations):
    creator = CreatorProfileFactory(display_name="Siti Rahma", handle="siti", bio="Padang food.")
    series = PublishedSeriesFactory(creator=creator, title="Rendang", price=Decimal("45000"))
    EpisodeFactory(series=series, title="Market day", is_free_preview=True)
    EpisodeFactory(series=series, title="The spice paste")
    tab = phone_page
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"])

    tab.goto("/series/by/siti/")

    expect(tab.get_by_role("heading", name="Siti Rahma")).to_be_visible()
    expect(tab.get_by_text("Rp 45,000")).to_be_visible()
    assert fits_the_screen(tab)
    assert axe_violations(tab) == []
    tab.get_by_role("button", name="Copy link").click()
    expect(tab.get_by_role("status").filter(has_text="Link copied.")).to_be_visible()
    assert tab.evaluate("navigator.clipboard.readText()").endswith("/series/by/siti/")

    tab.get_by_role("link", name="Watch “Market day” free").click()

    expect(tab.get_by_role("heading", name="Market day")).to_be_visible()
    tab.wait_for_function("document.querySelector('video').readyState >= 1")


def test_a_visitor_filters_the_catalogue_on_a_phone(phone_page, axe_violations):
    PublishedSeriesFactory(title="Rendang", description="Beef.", price=Decimal("45000"))
    PublishedSeriesFactory(title="Sate", description="Skewers.", price=Decimal("90000"))
    tab = phone_page

    tab.goto("/series/")
    tab.get_by_label("Price up to (Rp)").fill("50000")
    tab.get_by_label("Sort by").select_option(label="Price: low to high")
    tab.get_by_role("button", name="Show Series").click()

    expect(tab.get_by_role("link", name="Rendang")).to_be_visible()
    expect(tab.get_by_role("link", name="Sate")).to_have_count(0)
    assert fits_the_screen(tab)
    assert axe_violations(tab) == []

    # A number field takes no letters, but an address typed by hand may.
    tab.goto("/series/?price_max=cheap")
    expect(tab.get_by_text("Enter a whole number.")).to_be_visible()
