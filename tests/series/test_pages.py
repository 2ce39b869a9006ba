"""The public Series page, the library and the earnings page: what they show,
and query counts that do not grow with the data."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from series.services.sales import refund_purchase
from tests.factories import StaffFactory, UserFactory
from tests.series.factories import (
    EpisodeFactory,
    PublishedSeriesFactory,
    PurchaseFactory,
    SeriesFactory,
    approved_creator,
)

pytestmark = pytest.mark.django_db


def test_the_public_page_shows_the_series_and_its_episodes(client):
    series = PublishedSeriesFactory(title="Rendang", description="Slow-cooked.")
    EpisodeFactory(series=series, title="Market day", is_free_preview=True)
    EpisodeFactory(series=series, title="The spice paste", duration_ms=754_000)

    response = client.get(series.get_absolute_url())

    assert response.status_code == 200
    assert "Rendang" in response.text and "Slow-cooked." in response.text
    assert "Market day" in response.text and "0:31" in response.text
    assert "The spice paste" in response.text and "12:34" in response.text
    assert "Free preview" in response.text and "For buyers" in response.text
    assert "Log in to buy for Rp 50,000" in response.text


def test_a_logged_in_visitor_sees_the_buy_button(client):
    series = EpisodeFactory().series
    client.force_login(UserFactory())

    response = client.get(series.get_absolute_url())

    assert "Buy for Rp 50,000" in response.text
    assert 'name="attempt"' in response.text


@pytest.mark.parametrize("episodes", [1, 12])
def test_the_public_page_query_count_does_not_grow(client, django_assert_num_queries, episodes):
    series = PublishedSeriesFactory()
    EpisodeFactory.create_batch(episodes, series=series)
    client.force_login(UserFactory())

    # session, user, series with creator and running discount, "has bought",
    # episodes, the first page of reviews
    with django_assert_num_queries(6):
        response = client.get(series.get_absolute_url())

    assert response.status_code == 200


@pytest.mark.parametrize("episodes", [1, 12])
def test_a_visitors_page_query_count_does_not_grow(client, django_assert_num_queries, episodes):
    series = PublishedSeriesFactory()
    EpisodeFactory.create_batch(episodes, series=series)

    # series with creator, episodes, running discount (nobody reviewed it, so
    # no page of reviews is read)
    with django_assert_num_queries(3):
        response = client.get(series.get_absolute_url())

    assert response.status_code == 200
    assert "No reviews yet." in response.text


@pytest.mark.parametrize("purchases", [1, 13])
def test_the_library_query_count_does_not_grow(client, django_assert_num_queries, purchases):
    buyer = UserFactory()
    PurchaseFactory.create_batch(purchases, buyer=buyer)
    client.force_login(buyer)

    # session, user, purchases with Series and creators (a page and one more:
    # past a page, the count) (tests/series/test_library_cache.py pins the
    # page kept under its versions: no query)
    with django_assert_num_queries(3 if purchases <= 12 else 4):
        response = client.get(reverse("series:library"))

    assert response.text.count("Bought on") == min(purchases, 12)


def test_the_library_lists_only_owned_series(client):
    buyer = UserFactory()
    PurchaseFactory(buyer=buyer, series__title="Owned")
    refunded = PurchaseFactory(buyer=buyer, series__title="Given back")
    refund_purchase(purchase=refunded, staff=StaffFactory())
    PurchaseFactory(series__title="Someone else's")
    client.force_login(buyer)

    response = client.get(reverse("series:library"))

    assert "Owned" in response.text
    assert "Given back" not in response.text
    assert "Someone else" not in response.text


def test_the_library_has_an_empty_state(client):
    client.force_login(UserFactory())

    response = client.get(reverse("series:library"))

    assert "You have not bought a Series yet." in response.text


def test_the_library_needs_a_login(client):
    assert client.get(reverse("series:library")).url.startswith(reverse("account_login"))


def test_earnings_show_gross_platform_share_and_net_per_currency(client, settings):
    creator = approved_creator()
    rupiah = PublishedSeriesFactory(creator=creator, title="Rupiah one")
    dollars = PublishedSeriesFactory(
        creator=creator, title="Dollar one", price=Decimal("4.99"), currency="USD"
    )
    PurchaseFactory.create_batch(2, series=rupiah, platform_fee=Decimal("5000.00"))
    PurchaseFactory(series=dollars, platform_fee=Decimal("0.50"))
    refunded = PurchaseFactory(series=rupiah)
    refund_purchase(purchase=refunded, staff=StaffFactory())
    PurchaseFactory(series__title="Not mine")
    client.force_login(creator.user)

    response = client.get(reverse("series:earnings"))

    per_currency = {total.currency: total for total in response.context["totals"]}
    assert per_currency["IDR"].gross == Decimal("100000.00")
    assert per_currency["IDR"].platform_fee == Decimal("10000.00")
    assert per_currency["IDR"].net == Decimal("90000.00")
    assert per_currency["USD"].net == Decimal("4.49")
    assert "2 sales: Rp 100,000 gross, Rp 90,000 net" in response.text
    assert "Not mine" not in response.text
    assert response.text.count("<svg") == 2


def test_earnings_chart_counts_sales_per_day(client):
    creator = approved_creator()
    series = PublishedSeriesFactory(creator=creator)
    PurchaseFactory(series=series, paid_at=timezone.now() - timedelta(days=3))
    PurchaseFactory.create_batch(2, series=series)
    client.force_login(creator.user)

    response = client.get(reverse("series:earnings"))

    chart, row = response.context["page"][0][1], response.context["page"][0][0]
    assert [count for _, count in row.daily_sales][-4:] == [1, 0, 0, 2]
    assert chart.high_label == "2"


@pytest.mark.parametrize("series_count", [1, 6])
def test_the_earnings_query_count_does_not_grow(client, django_assert_num_queries, series_count):
    creator = approved_creator()
    for series in SeriesFactory.create_batch(series_count, creator=creator):
        PurchaseFactory(series=series)
    client.force_login(creator.user)

    # session, user, profile, per-Series totals, sales per day
    with django_assert_num_queries(5):
        client.get(reverse("series:earnings"))


def test_the_index_lists_published_series_only(client):
    PublishedSeriesFactory(title="On sale")
    SeriesFactory(title="Still a draft")

    response = client.get(reverse("series:index"))

    assert "On sale" in response.text
    assert "Still a draft" not in response.text


def test_the_creators_series_are_listed_under_their_handle(client):
    mine = PublishedSeriesFactory(title="Hers", creator__handle="siti")
    PublishedSeriesFactory(title="His")

    response = client.get(reverse("series:by_creator", args=["siti"]))

    assert "Hers" in response.text and "His" not in response.text
    assert (
        f'href="{reverse("series:by_creator", args=["siti"])}"'
        in client.get(mine.get_absolute_url()).text
    )


def test_an_unknown_creator_handle_is_not_found(client):
    assert client.get(reverse("series:by_creator", args=["nobody"])).status_code == 404


@pytest.mark.parametrize("count", [1, 14, 25])
def test_the_index_query_count_does_not_grow(client, django_assert_num_queries, count):
    PublishedSeriesFactory.create_batch(count)

    # the form's niches and languages, Series with creators, the creators'
    # niches, the running discounts, and the count past one page (24)
    with django_assert_num_queries(6 if count > 24 else 5):
        response = client.get(reverse("series:index"))

    assert f"{count} Series found." in response.text


@pytest.mark.parametrize("episodes", [1, 12])
def test_the_watch_page_query_count_does_not_grow(client, django_assert_num_queries, episodes):
    purchase = PurchaseFactory()
    EpisodeFactory.create_batch(episodes, series=purchase.series)
    episode = purchase.series.episodes.last()
    client.force_login(purchase.buyer)

    # session, user, series with creator, episodes, "has bought", where they stopped
    with django_assert_num_queries(6):
        response = client.get(reverse("series:watch", args=[purchase.series_id, episode.pk]))

    assert response.status_code == 200
