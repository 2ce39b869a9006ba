"""Limited-time discounts: the price range, one discount at a time, and the
page, the checkout and the order agreeing on the price, also at the instant the
offer ends (a fixed clock passed as ``now``)."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from payments.models import Payment
from series import selectors
from series.models import Discount, Purchase
from series.pricing import offer
from series.services.discounts import create_discount
from series.services.refusals import SeriesRefused
from series.services.sales import record_purchase, start_purchase
from tests.factories import UserFactory
from tests.series.factories import EpisodeFactory, PublishedSeriesFactory

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
START = datetime(2026, 12, 1, 0, 0, tzinfo=JAKARTA)
END = datetime(2026, 12, 8, 0, 0, tzinfo=JAKARTA)
BEFORE_START = START - timedelta(days=1)
JUST_BEFORE_END = END - timedelta(microseconds=1)


def discount(series, **values):
    return create_discount(
        series=series, **{"starts_at": START, "ends_at": END, "now": BEFORE_START, **values}
    )


def paid(payment):
    """The payment as the provider's success notification leaves it."""
    payment.status, payment.completed_at = Payment.Status.PAID, payment.created_at
    payment.save()
    return record_purchase(payment=payment)


def test_a_percentage_is_taken_off_the_price_in_whole_rupiah():
    series = PublishedSeriesFactory(price=Decimal("45000"))

    made = discount(series, percent=33)

    assert (made.kind, made.percent, made.price) == ("percent", 33, Decimal("30150"))


def test_a_percentage_of_a_dollar_price_is_rounded_to_the_cent():
    series = PublishedSeriesFactory(price=Decimal("9.99"), currency="USD")

    assert discount(series, percent=15).price == Decimal("8.49")


def test_a_new_price_is_kept_as_given():
    series = PublishedSeriesFactory(price=Decimal("50000"))

    assert discount(series, price=Decimal("35000")).price == Decimal("35000")


def test_a_discount_below_the_lowest_price_is_refused_with_a_clear_message():
    series = PublishedSeriesFactory(price=Decimal("20000"))

    with pytest.raises(SeriesRefused) as refusal:
        discount(series, percent=30)

    assert [refusal.value.message] == [
        "This discount would take the price to Rp 14,000, below Rp 15,000, the lowest price "
        "a Series can have in IDR. Choose a smaller discount."
    ]
    assert not Discount.objects.exists()


def test_the_lowest_price_itself_is_accepted():
    series = PublishedSeriesFactory(price=Decimal("20000"))

    assert discount(series, price=Decimal("15000")).price == Decimal("15000")


@pytest.mark.parametrize("price", ["50000", "60000"])
def test_a_discount_must_lower_the_price(price):
    series = PublishedSeriesFactory(price=Decimal("50000"))

    with pytest.raises(SeriesRefused, match="lower than the full price"):
        discount(series, price=Decimal(price))


def test_a_discount_ends_after_it_starts_and_in_the_future():
    series = PublishedSeriesFactory()

    with pytest.raises(SeriesRefused, match="end after it starts"):
        discount(series, percent=10, ends_at=START)
    with pytest.raises(SeriesRefused, match="end in the future"):
        discount(series, percent=10, now=END)


def test_only_one_discount_at_a_time():
    series = PublishedSeriesFactory()
    discount(series, percent=10)

    with pytest.raises(SeriesRefused, match="already has a discount from"):
        discount(
            series, percent=20, starts_at=END - timedelta(hours=1), ends_at=END + timedelta(days=1)
        )
    next_one = discount(series, percent=20, starts_at=END, ends_at=END + timedelta(days=1))

    assert next_one.starts_at == END
    assert Discount.objects.count() == 2


def test_the_offer_applies_from_its_start_until_just_before_its_end():
    series = PublishedSeriesFactory(price=Decimal("50000"))
    discount(series, price=Decimal("40000"))

    prices = [
        offer(series, moment).price
        for moment in (START - timedelta(microseconds=1), START, JUST_BEFORE_END, END)
    ]

    assert prices == [Decimal("50000"), Decimal("40000"), Decimal("40000"), Decimal("50000")]


@pytest.mark.parametrize(
    ("moment", "expected"), [(JUST_BEFORE_END, Decimal("40000")), (END, Decimal("50000"))]
)
def test_page_checkout_and_order_agree_at_the_instant_the_offer_ends(moment, expected):
    series = EpisodeFactory(series__price=Decimal("50000")).series
    discount(series, price=Decimal("40000"))
    buyer = UserFactory()

    page = selectors.series_page(user=buyer, pk=series.pk, now=moment)
    payment = start_purchase(series=series, buyer=buyer, attempt="a", return_url="/", now=moment)
    purchase = paid(payment)

    assert page.offer.price == payment.amount == purchase.price == expected


def test_the_order_keeps_the_discounted_price_after_the_offer_ends():
    series = EpisodeFactory(series__price=Decimal("50000")).series
    discount(series, price=Decimal("40000"))
    payment = start_purchase(
        series=series, buyer=UserFactory(), attempt="a", return_url="/", now=START
    )
    purchase = paid(payment)

    assert offer(series, END).price == Decimal("50000")
    assert Purchase.objects.get(pk=purchase.pk).price == Decimal("40000")


def test_a_buy_form_resent_after_the_offer_ended_asks_for_the_full_price():
    series = EpisodeFactory(series__price=Decimal("50000")).series
    discount(series, price=Decimal("40000"))
    buyer = UserFactory()

    during = start_purchase(series=series, buyer=buyer, attempt="same", return_url="/", now=START)
    after = start_purchase(series=series, buyer=buyer, attempt="same", return_url="/", now=END)

    assert (during.amount, after.amount) == (Decimal("40000"), Decimal("50000"))


def test_the_public_page_shows_old_and_new_price_and_when_the_offer_ends(client):
    series = EpisodeFactory(series__price=Decimal("50000")).series
    create_discount(
        series=series,
        percent=20,
        starts_at=datetime(2020, 1, 1, tzinfo=JAKARTA),
        ends_at=datetime(2099, 1, 31, 21, 0, tzinfo=JAKARTA),
    )

    response = client.get(series.get_absolute_url())
    index = client.get(reverse("series:index"))

    assert "<del" in response.text and "Rp 50,000" in response.text
    assert "Log in to buy for Rp 40,000" in response.text
    assert "Offer ends Jan. 31, 2099, 9 p.m. (Jakarta time)" in response.text
    assert "Rp 40,000" in index.text


def test_the_creator_sets_a_discount_in_jakarta_time(client):
    series = EpisodeFactory(series__price=Decimal("50000")).series
    client.force_login(series.creator.user)

    response = client.post(
        reverse("series:add_discount", args=[series.pk]),
        {
            "kind": "percent",
            "percent": "10",
            "starts_at": "2099-03-01T09:00",
            "ends_at": "2099-03-02T09:00",
        },
    )

    assert response.status_code == 302
    made = Discount.objects.get()
    assert made.starts_at == datetime(2099, 3, 1, 9, 0, tzinfo=JAKARTA)
    assert made.price == Decimal("45000")


def test_the_form_shows_the_minimum_price_message(client):
    series = EpisodeFactory(series__price=Decimal("20000")).series
    client.force_login(series.creator.user)

    response = client.post(
        reverse("series:add_discount", args=[series.pk]),
        {
            "kind": "price",
            "price": "1000",
            "starts_at": "2099-03-01T09:00",
            "ends_at": "2099-03-02T09:00",
        },
    )

    assert response.status_code == 200
    assert "below Rp 15,000, the lowest price" in response.text
    assert not Discount.objects.exists()


def test_ending_a_running_discount_restores_the_full_price(client):
    series = EpisodeFactory(series__price=Decimal("50000")).series
    running = create_discount(
        series=series,
        price=Decimal("40000"),
        starts_at=datetime(2020, 1, 1, tzinfo=JAKARTA),
        ends_at=datetime(2099, 1, 1, tzinfo=JAKARTA),
    )
    client.force_login(series.creator.user)

    confirmation = client.get(reverse("series:end_discount", args=[series.pk, running.pk]))
    client.post(reverse("series:end_discount", args=[series.pk, running.pk]))

    assert "Buyers then pay the full price." in confirmation.text
    assert offer(series).price == Decimal("50000")


@pytest.mark.parametrize("name", ["series:add_discount", "series:end_discount"])
def test_another_creators_series_discounts_are_not_found(client, name):
    series = EpisodeFactory().series
    made = discount(series, percent=10)
    client.force_login(EpisodeFactory().series.creator.user)
    args = [series.pk] if name == "series:add_discount" else [series.pk, made.pk]

    response = client.post(reverse(name, args=args), {"kind": "percent", "percent": "50"})

    assert response.status_code == 404
    assert Discount.objects.get().ends_at == END


@pytest.mark.parametrize("count", [1, 6])
def test_the_index_query_count_does_not_grow_with_discounts(
    client, django_assert_num_queries, count
):
    for series in PublishedSeriesFactory.create_batch(count):
        create_discount(
            series=series,
            percent=10,
            starts_at=datetime(2020, 1, 1, tzinfo=JAKARTA),
            ends_at=datetime(2099, 1, 1, tzinfo=JAKARTA),
        )

    # the form's niches and languages, Series with creators, the creators'
    # niches, the running discounts (the list fits on one page: not counted)
    with django_assert_num_queries(5):
        response = client.get(reverse("series:index"))

    assert response.text.count("Rp 45,000") == count
