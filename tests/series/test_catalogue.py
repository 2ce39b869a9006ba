"""The catalogue's search, filters and sorting on /series/: what each finds,
what bad input gets, and a query count that stays the same from 10 to 10,000 Series."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core import versions
from creators.models import Language, Niche
from series.models import Discount, Series
from series.services import page_version
from tests.creators.factories import CreatorProfileFactory
from tests.series.factories import PublishedSeriesFactory, PurchaseFactory, SeriesFactory
from tests.series.helpers import without_csrf

pytestmark = pytest.mark.django_db


def titles(client, **params):
    """The titles listed for ``params``, in the page's order."""
    response = client.get(reverse("series:index"), params)
    assert response.status_code == 200
    return [series.title for series, _offer in response.context["rows"]]


def running_discount(series, price):
    now = timezone.now()
    return Discount.objects.create(
        series=series,
        kind=Discount.Kind.PRICE,
        price=price,
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=2),
    )


@pytest.fixture
def food():
    return Niche.objects.create(slug="street-food", name="Street food")


@pytest.fixture
def javanese():
    return Language.objects.create(slug="old-javanese", name="Old Javanese")


def test_the_search_finds_words_in_the_title_description_and_creator(client):
    PublishedSeriesFactory(title="Rendang at home", description="Slow-cooked beef.")
    PublishedSeriesFactory(title="Noodles", description="Hand-pulled, the slow way.")
    PublishedSeriesFactory(
        title="Sambal",
        description="Chilli paste.",
        creator__display_name="Ibu Sari",
        creator__handle="sari",
    )
    PublishedSeriesFactory(title="Gaming", description="Speed runs.")

    assert titles(client, q="rendang") == ["Rendang at home"]
    assert titles(client, q="HAND-PULLED") == ["Noodles"]
    assert titles(client, q="ibu sari") == ["Sambal"]
    assert titles(client, q="sari") == ["Sambal"]
    # Every word must match somewhere.
    assert titles(client, q="rendang noodles") == []


def test_the_niche_and_language_filters_use_the_creators_profile(client, food, javanese):
    cook = CreatorProfileFactory()
    cook.niches.add(food)
    cook.languages.add(javanese)
    PublishedSeriesFactory(title="Cooking", creator=cook)
    PublishedSeriesFactory(title="Other")

    assert titles(client, niche="street-food") == ["Cooking"]
    assert titles(client, language="old-javanese") == ["Cooking"]
    assert sorted(titles(client)) == ["Cooking", "Other"]


def test_the_price_filter_reads_the_price_paid_now_in_rupiah(client):
    PublishedSeriesFactory(title="Cheap", price=Decimal("20000"))
    PublishedSeriesFactory(title="Middle", price=Decimal("60000"))
    discounted = PublishedSeriesFactory(title="Discounted", price=Decimal("200000"))
    running_discount(discounted, Decimal("55000"))
    PublishedSeriesFactory(title="In dollars", price=Decimal("5.00"), currency="USD")

    assert sorted(titles(client, price_min="50000", price_max="70000")) == [
        "Discounted",
        "Middle",
    ]
    assert titles(client, price_max="30000") == ["Cheap"]
    assert "In dollars" not in titles(client, price_min="0")


def test_the_rating_filter_keeps_series_rated_at_least_that(client):
    PublishedSeriesFactory(title="Loved", rating_count=3, rating_average=Decimal("4.50"))
    PublishedSeriesFactory(title="Fine", rating_count=3, rating_average=Decimal("3.20"))
    PublishedSeriesFactory(title="Unrated")

    assert titles(client, rating_min="4") == ["Loved"]
    assert sorted(titles(client, rating_min="3")) == ["Fine", "Loved"]


def test_on_discount_now_lists_only_series_with_a_running_discount(client):
    running_discount(PublishedSeriesFactory(title="On sale now", price=Decimal("80000")), 40000)
    later = PublishedSeriesFactory(title="Sale next week", price=Decimal("80000"))
    Discount.objects.create(
        series=later,
        kind=Discount.Kind.PRICE,
        price=Decimal("40000"),
        starts_at=timezone.now() + timedelta(days=7),
        ends_at=timezone.now() + timedelta(days=9),
    )
    PublishedSeriesFactory(title="Full price")

    assert titles(client, on_discount="on") == ["On sale now"]


def test_each_sort_orders_the_list(client):
    now = timezone.now()
    old = PublishedSeriesFactory(
        title="Old",
        price=Decimal("90000"),
        published_at=now - timedelta(days=9),
        rating_count=2,
        rating_average=Decimal("4.00"),
    )
    PublishedSeriesFactory(
        title="New",
        price=Decimal("30000"),
        published_at=now,
        rating_count=5,
        rating_average=Decimal("4.80"),
    )
    discounted = PublishedSeriesFactory(
        title="Middle", price=Decimal("100000"), published_at=now - timedelta(days=3)
    )
    running_discount(discounted, Decimal("50000"))
    PurchaseFactory.create_batch(2, series=old)
    PurchaseFactory(series=discounted)

    assert titles(client) == ["New", "Middle", "Old"]
    assert titles(client, sort="newest") == ["New", "Middle", "Old"]
    assert titles(client, sort="popular") == ["Old", "Middle", "New"]
    assert titles(client, sort="rating") == ["New", "Old", "Middle"]
    assert titles(client, sort="price") == ["New", "Middle", "Old"]
    assert titles(client, sort="price_desc") == ["Old", "Middle", "New"]


def test_rupiah_come_before_dollars_in_the_price_sorts(client):
    PublishedSeriesFactory(title="Dollars", price=Decimal("2.00"), currency="USD")
    PublishedSeriesFactory(title="Rupiah", price=Decimal("20000"))

    assert titles(client, sort="price") == ["Rupiah", "Dollars"]
    assert titles(client, sort="price_desc") == ["Rupiah", "Dollars"]


def test_filters_combine(client, food):
    cook = CreatorProfileFactory(display_name="Chef Budi")
    cook.niches.add(food)
    PublishedSeriesFactory(
        title="Budi's rendang", creator=cook, rating_count=1, rating_average=Decimal("5")
    )
    PublishedSeriesFactory(title="Budi's sate", creator=cook, price=Decimal("900000"))
    PublishedSeriesFactory(title="Rendang elsewhere", rating_count=1, rating_average=Decimal("5"))

    assert titles(client, q="budi", niche="street-food", price_max="100000", rating_min="4") == [
        "Budi's rendang"
    ]


def test_drafts_and_unpublished_series_are_never_listed(client):
    SeriesFactory(title="Draft")
    PublishedSeriesFactory(title="Off sale", status=Series.Status.UNPUBLISHED)

    assert titles(client, q="a") == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"price_min": "cheap"}, "Enter a whole number."),
        ({"price_min": "90000", "price_max": "10000"}, "must not be below"),
        ({"niche": "no-such-niche"}, "There is no niche “no-such-niche”"),
        ({"language": "klingon"}, "There is no language “klingon”"),
        ({"rating_min": "9"}, "Select a valid choice."),
        ({"sort": "cheapest"}, "Select a valid choice."),
        ({"price_max": "-5"}, "greater than or equal to 0"),
    ],
)
def test_bad_filters_get_a_message_and_no_list(client, params, message):
    PublishedSeriesFactory(title="Listed otherwise")

    response = client.get(reverse("series:index"), params)

    assert response.status_code == 200
    assert message in response.text
    assert "Some filters are not valid" in response.text
    assert "Listed otherwise" not in response.text


def test_nothing_found_offers_to_clear_the_filters(client):
    PublishedSeriesFactory(title="Rendang")

    response = client.get(reverse("series:index"), {"q": "pizza"})

    assert "No Series match these filters." in response.text
    assert f'href="{reverse("series:index")}"' in response.text


def test_an_empty_catalogue_says_so(client):
    assert "No Series are on sale yet." in client.get(reverse("series:index")).text


def test_the_page_links_keep_the_filters(client):
    PublishedSeriesFactory.create_batch(25, title="Rendang")

    response = client.get(reverse("series:index"), {"q": "rendang", "sort": "price"})

    assert len(response.context["rows"]) == 24
    assert "25 Series found." in response.text
    assert "?q=rendang&amp;sort=price&amp;page=2" in response.text
    second = client.get(reverse("series:index"), {"q": "rendang", "page": 2})
    assert len(second.context["rows"]) == 1


def test_the_form_has_labelled_fields_and_keeps_what_was_asked(client, food):
    response = client.get(reverse("series:index"), {"q": "sambal", "niche": "street-food"})

    for name in ("q", "niche", "language", "price_min", "price_max", "rating_min", "sort"):
        assert f'for="id_{name}"' in response.text
    assert 'for="id_on_discount"' in response.text
    assert 'value="sambal"' in response.text
    assert '<option value="street-food" selected>Street food</option>' in response.text
    assert 'method="get"' in response.text


def bulk_published(count):
    """``count`` published Series of five creators, in one insert per thousand."""
    creators = CreatorProfileFactory.create_batch(5)
    now = timezone.now()
    Series.objects.bulk_create(
        [
            Series(
                creator=creators[number % 5],
                title=f"Series {number}",
                description="A Series made in bulk.",
                cover="series/covers/bulk.jpg",
                price=Decimal(15000 + number),
                status=Series.Status.PUBLISHED,
                published_at=now - timedelta(minutes=number),
                approved_at=now - timedelta(minutes=number),
                rating_count=number % 7,
                rating_average=Decimal("4.20") if number % 7 else None,
            )
            for number in range(count)
        ],
        batch_size=1000,
    )
    return creators


QUERIES = [
    {},
    {"sort": "popular"},
    {"sort": "rating", "rating_min": "4"},
    {"q": "series", "niche": "street-food", "language": "old-javanese", "sort": "price"},
    {"price_min": "15000", "price_max": "40000", "on_discount": "on", "sort": "price_desc"},
]


@pytest.mark.parametrize("count", [10, 10_000])
def test_the_query_count_is_the_same_for_10_and_10000_series(
    client, django_assert_num_queries, food, javanese, count
):
    creators = bulk_published(count)
    for creator in creators:
        creator.niches.add(food)
        creator.languages.add(javanese)
    for series in Series.objects.order_by("pk")[:3]:
        running_discount(series, Decimal("15000"))

    for params in QUERIES:
        found = client.get(reverse("series:index"), params).context["series_page"].paginator.count
        versions.bump(page_version.CATALOGUE)  # as any change of a Series does
        # Read again: Series with creators, the creators' niches, the count
        # past one page (24), and the next start or end of any discount when
        # the list hangs on the price paid now; the form's niches and
        # languages (cached until a name changes) and the page's discounts
        # (cached under the Series' updated_at) were read by the request before
        by_price = "price_min" in params or params.get("sort") in ("price", "price_desc")
        with django_assert_num_queries(2 + (found > 24) + by_price):
            response = client.get(reverse("series:index"), params)
        assert response.context["rows"], params
        # Kept whole until something it shows changes: no query at all.
        with django_assert_num_queries(0):
            again = client.get(reverse("series:index"), params)
        assert without_csrf(again.text) == without_csrf(response.text)


def test_the_cached_filter_form_offers_a_niche_renamed_or_added_at_once(client, food):
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    assert "Street food" in client.get(reverse("series:index"), **english).text

    food.name = "Street snacks"
    food.save()
    Niche.objects.create(slug="batik", name="Batik")
    text = client.get(reverse("series:index"), **english).text

    assert '<option value="street-food">Street snacks</option>' in text
    assert '<option value="batik">Batik</option>' in text


def test_the_cached_filter_form_is_in_each_visitors_language(client):
    english = client.get(reverse("series:index"), HTTP_ACCEPT_LANGUAGE="en").text
    indonesian = client.get(reverse("series:index"), HTTP_ACCEPT_LANGUAGE="id").text

    assert 'for="id_q">Search</label>' in english
    assert 'for="id_q">Cari</label>' in indonesian


def test_bad_filters_mark_their_fields_invalid_with_the_message_beside_them(client):
    response = client.get(reverse("series:index"), {"price_min": "cheap"})

    assert 'class="form-control is-invalid"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert "Enter a whole number." in response.text
