"""A Series page's header and episode list are cached per language under every
value they show: the services that change them show the change at once, and a
buyer and a visitor never see each other's episode list."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import User
from creators.models import CreatorProfile
from creators.services import update_profile
from fans.services import follow
from series.models import Purchase, Series
from series.services import discounts, episodes, ratings
from series.services.page_version import touch_series
from tests.factories import UserFactory
from tests.series.factories import (
    DiscountFactory,
    EpisodeFactory,
    PublishedSeriesFactory,
    PurchaseFactory,
)

pytestmark = pytest.mark.django_db


def page(client, series, language="en"):
    return client.get(series.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).text


def test_a_new_review_shows_the_new_rating_in_the_header_at_once(client):
    series = PublishedSeriesFactory()
    assert "4.0 out of 5" not in page(client, series)

    ratings.save_review(series=series, buyer=PurchaseFactory(series=series).buyer, stars=4)

    assert page(client, series).count("4.0 out of 5 from 1 rating") == 2  # header and reviews


def test_a_discount_ended_early_shows_the_full_price_at_once(client):
    series = PublishedSeriesFactory(price=Decimal("50000"))
    discount = DiscountFactory(series=series, price=Decimal("30000"))
    assert "Offer price:" in page(client, series)

    discounts.end_discount(discount=discount)

    text = page(client, series)
    assert "Offer price:" not in text
    assert "Rp 50,000" in text and "Rp 30,000" not in text


def test_an_episode_made_a_free_preview_shows_at_once(client):
    series = PublishedSeriesFactory()
    episode = EpisodeFactory(series=series, title="Sambal basics")
    assert "Free preview" not in page(client, series)

    episodes.update_episode(episode=episode, title=episode.title, is_free_preview=True)

    assert "Free preview" in page(client, series)


def test_a_buyer_and_a_visitor_each_see_their_own_episode_list(client):
    series = PublishedSeriesFactory()
    episode = EpisodeFactory(series=series, title="Sambal basics")
    watch = reverse("series:watch", args=[series.pk, episode.pk])
    assert watch not in page(client, series)

    client.force_login(PurchaseFactory(series=series).buyer)
    assert watch in page(client, series)

    client.force_login(UserFactory())
    assert watch not in page(client, series)


def test_each_language_gets_its_own_header(client):
    series = PublishedSeriesFactory()

    assert "No ratings yet." in page(client, series, "en")
    assert "No ratings yet." not in page(client, series, "id")


def creator_page(client, creator):
    url = reverse("series:by_creator", args=[creator.handle])
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en").text


def test_a_renamed_creator_with_new_figures_shows_on_their_page_at_once(client):
    series = PublishedSeriesFactory(creator__display_name="Ibu Sari")
    creator = series.creator
    assert "Ibu Sari" in creator_page(client, creator)

    update_profile(profile=creator, details={"display_name": "Dapur Sari", "bio": "Padang."})
    CreatorProfile.objects.filter(pk=creator.pk).update(follower_count=98_765)

    text = creator_page(client, creator)
    assert "Dapur Sari" in text and "Ibu Sari" not in text
    assert "Padang." in text
    assert "98,765 followers on TikTok" in text


def test_the_follow_button_stays_each_visitors_own(client):
    creator = PublishedSeriesFactory().creator
    fan = UserFactory(role=User.Role.FAN)
    follow(user=fan, creator=creator)

    client.force_login(fan)
    assert "Unfollow" in creator_page(client, creator)

    client.force_login(UserFactory(role=User.Role.FAN))
    assert "Unfollow" not in creator_page(client, creator)


def test_a_series_renamed_after_review_shows_in_the_buyers_purchases_at_once(client):
    purchase = PurchaseFactory(series__title="Rendang")
    client.force_login(purchase.buyer)
    assert "Rendang" in client.get(reverse("series:library")).text

    # the bulk write approval makes, which like every bulk write to a Series
    # moves its updated_at on (series.services.page_version.touch_series)
    Series.objects.filter(pk=purchase.series_id).update(title="Rendang Padang")
    touch_series(purchase.series_id)

    assert "Rendang Padang" in client.get(reverse("series:library")).text


def test_a_refunded_purchase_leaves_the_purchases_at_once(client):
    purchase = PurchaseFactory(series__title="Rendang")
    client.force_login(purchase.buyer)
    assert "Rendang" in client.get(reverse("series:library")).text

    Purchase.objects.filter(pk=purchase.pk).update(
        status=Purchase.Status.REFUNDED, refunded_at=timezone.now()
    )

    assert "Rendang" not in client.get(reverse("series:library")).text
