"""In Debian's Chromium: a buyer rates and reviews a Series, the creator
answers, and the page shows the new average."""

import pytest
from playwright.sync_api import expect

from series.services.ratings import save_review
from tests.e2e.test_series_flow import log_in, log_out
from tests.factories import UserFactory
from tests.series.factories import EpisodeFactory, PurchaseFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_buyer_reviews_the_creator_answers_and_the_average_changes(page, axe_violations):
    series = EpisodeFactory(series__title="Batik basics").series
    earlier = PurchaseFactory(series=series)
    save_review(series=series, buyer=earlier.buyer, stars=3, text="Fine.")
    buyer = PurchaseFactory(series=series, buyer=UserFactory(full_name="Dewi Lestari")).buyer

    log_in(page, buyer.email)
    page.goto(series.get_absolute_url())
    expect(page.get_by_text("3.0 out of 5 from 1 rating").first).to_be_visible()
    page.get_by_label("Your rating").select_option(label="5 stars: excellent")
    page.get_by_label("Your review").fill("The wax resist part was so clear.")
    page.get_by_role("button", name="Post review").click()
    expect(page.get_by_text("Thank you: your review is saved.")).to_be_visible()
    expect(page.get_by_text("4.0 out of 5 from 2 ratings").first).to_be_visible()
    assert axe_violations(page) == []
    log_out(page)

    log_in(page, series.creator.user.email)
    page.goto(series.get_absolute_url())
    page.get_by_label("Your answer to Dewi Lestari").fill("Thank you, Dewi!")
    page.get_by_role("button", name="Publish answer").first.click()
    expect(page.get_by_text("Your answer is published.")).to_be_visible()
    expect(page.get_by_text("Thank you, Dewi!")).to_be_visible()
    expect(page.get_by_text("Answer from")).to_be_visible()
    assert axe_violations(page) == []
