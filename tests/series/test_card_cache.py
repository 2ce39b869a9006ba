"""Series cards are cached per language under every value they show: each
service that changes one of those values shows the change on the next page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from creators.models import Niche
from creators.services import update_profile
from series.services import discounts, episodes, ratings
from tests.series.factories import (
    DiscountFactory,
    EpisodeFactory,
    PublishedSeriesFactory,
    PurchaseFactory,
)

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def catalogue(client):
    return client.get(reverse("series:index"), **ENGLISH).text


def creator_page(client, series):
    return client.get(reverse("series:by_creator", args=[series.creator.handle]), **ENGLISH).text


def test_a_discount_ended_early_shows_the_full_price_at_once(client):
    series = PublishedSeriesFactory(price=Decimal("50000"))
    discount = DiscountFactory(series=series, price=Decimal("30000"))
    assert "Rp 30,000" in catalogue(client)

    discounts.end_discount(discount=discount)

    page = catalogue(client)
    assert "Rp 30,000" not in page
    assert "Rp 50,000" in page


def test_a_discount_that_ends_by_itself_shows_the_full_price_at_once(client, monkeypatch):
    series = PublishedSeriesFactory(price=Decimal("50000"))
    now = timezone.now()
    DiscountFactory(series=series, price=Decimal("30000"), ends_at=now + timedelta(hours=1))
    assert "Rp 30,000" in catalogue(client)

    later = now + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert "Rp 30,000" not in catalogue(client)


def test_a_new_review_shows_the_new_rating_at_once(client):
    series = PublishedSeriesFactory()
    assert "No ratings yet." in catalogue(client)

    buyer = PurchaseFactory(series=series).buyer
    ratings.save_review(series=series, buyer=buyer, stars=4)

    page = catalogue(client)
    assert "4.0 (1 rating)" in page
    assert "No ratings yet." not in page


def test_a_renamed_creator_and_a_new_niche_show_at_once(client):
    series = PublishedSeriesFactory(creator__display_name="Ibu Sari")
    assert "Ibu Sari" in catalogue(client)

    update_profile(
        profile=series.creator,
        details={"display_name": "Dapur Sari"},
        niches=[Niche.objects.create(slug="rendang", name="Rendang lovers")],
    )

    page = catalogue(client)
    assert "Dapur Sari" in page and "Ibu Sari" not in page
    assert "Rendang lovers" in page


def test_a_preview_no_longer_free_leaves_the_creators_page_at_once(client):
    series = PublishedSeriesFactory()
    episode = EpisodeFactory(series=series, title="Sambal basics", is_free_preview=True)
    assert "Sambal basics" in creator_page(client, series)

    episodes.update_episode(episode=episode, title=episode.title, is_free_preview=False)

    assert "Sambal basics" not in creator_page(client, series)


def test_each_language_gets_its_own_cards(client):
    PublishedSeriesFactory()

    assert "No ratings yet." in catalogue(client)
    indonesian = client.get(reverse("series:index"), HTTP_ACCEPT_LANGUAGE="id").text
    assert "No ratings yet." not in indonesian
    assert "No ratings yet." in catalogue(client)
