"""Price ranges per currency, the publish rules and the price lock."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from series.models import Series, StatusChange, Submission
from series.services.catalogue import change_status, create_series, update_series
from series.services.editing import Edit
from series.services.refusals import NotAllowed, SeriesRefused
from tests.creators.factories import CreatorProfileFactory
from tests.series.factories import EpisodeFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def update_price(series, price, currency=None):
    return update_series(
        series=series,
        title=series.title,
        description=series.description,
        price=Decimal(price),
        currency=currency or series.currency,
    )


@pytest.mark.parametrize(
    ("currency", "price"),
    [("USD", "0.99"), ("USD", "189.99"), ("IDR", "15000.00"), ("IDR", "3000000.00")],
)
def test_it_accepts_the_ends_of_each_currencys_range(currency, price):
    series = SeriesFactory()

    assert update_price(series, price, currency) is Edit.SAVED
    series.refresh_from_db()
    assert (series.price, series.currency) == (Decimal(price), currency)


@pytest.mark.parametrize(
    ("currency", "price"),
    [("USD", "0.98"), ("USD", "190.00"), ("IDR", "14999.99"), ("IDR", "3000000.01")],
)
def test_it_rejects_a_price_outside_the_currencys_range(currency, price):
    series = SeriesFactory()

    with pytest.raises(SeriesRefused, match=f"A price in {currency} must be from"):
        update_price(series, price, currency)

    series.refresh_from_db()
    assert series.price == Decimal("50000.00")


def test_a_usd_price_that_suits_rupiah_is_refused():
    with pytest.raises(SeriesRefused, match="USD"):
        update_price(SeriesFactory(), "50000.00", "USD")


def test_the_range_is_a_setting(settings):
    settings.SERIES_PRICE_RANGES = {"IDR": ("1000.00", "2000.00"), "USD": ("1.00", "2.00")}

    with pytest.raises(SeriesRefused):
        update_price(SeriesFactory(), "2500.00")


def test_the_model_validates_the_range_in_clean():
    series = SeriesFactory.build(price=Decimal("200.00"), currency="USD")

    with pytest.raises(ValidationError) as error:
        series.clean()

    assert "price" in error.value.message_dict


@pytest.mark.parametrize("price", ["0", "-1"])
def test_the_database_refuses_a_price_that_is_not_positive(price):
    with pytest.raises(IntegrityError), transaction.atomic():
        SeriesFactory(price=Decimal(price))


def test_a_series_without_episodes_cannot_be_submitted_for_review():
    series = SeriesFactory()

    with pytest.raises(SeriesRefused, match="Add at least one episode before submitting"):
        change_status(series=series, to_status="in_review", changed_by=series.creator.user)

    series.refresh_from_db()
    assert series.status == Series.Status.DRAFT
    assert not StatusChange.objects.exists()
    assert not Submission.objects.exists()


def test_a_draft_cannot_be_unpublished():
    series = SeriesFactory()

    with pytest.raises(SeriesRefused, match="cannot become unpublished"):
        change_status(series=series, to_status="unpublished", changed_by=series.creator.user)


def test_an_unpublished_series_can_be_published_again_and_keeps_its_first_date():
    episode = EpisodeFactory()
    series, creator = episode.series, episode.series.creator.user
    first_published = series.published_at

    change_status(series=series, to_status="unpublished", changed_by=creator)
    change_status(series=series, to_status="published", changed_by=creator)

    series.refresh_from_db()
    assert series.status == Series.Status.PUBLISHED
    assert series.published_at == first_published
    assert StatusChange.objects.filter(series=series).count() == 2


@pytest.mark.parametrize("change", [("60000.00", "IDR"), ("5.00", "USD")])
def test_a_published_series_keeps_its_price(change):
    series = EpisodeFactory().series
    price, currency = change

    with pytest.raises(SeriesRefused, match="cannot change once the Series has been published"):
        update_price(series, price, currency)

    series.refresh_from_db()
    assert (series.price, series.currency) == (Decimal("50000.00"), "IDR")


def test_an_unpublished_series_still_keeps_its_price():
    series = EpisodeFactory().series
    change_status(series=series, to_status="unpublished", changed_by=series.creator.user)

    with pytest.raises(SeriesRefused, match="cannot change"):
        update_price(series, "70000.00")


def test_only_an_approved_creator_can_create_a_series():
    with pytest.raises(NotAllowed):
        create_series(
            creator=CreatorProfileFactory(),
            title="Nope",
            description="Not approved",
            cover=None,
            price=Decimal("50000.00"),
            currency="IDR",
        )
    assert not Series.objects.exists()


def test_a_rupiah_price_is_a_whole_number():
    with pytest.raises(SeriesRefused, match="A price in IDR is a whole number."):
        update_price(SeriesFactory(), "45000.50")


def test_the_price_message_is_translated_for_indonesian_users():
    with translation.override("id"), pytest.raises(SeriesRefused) as refusal:
        update_price(SeriesFactory(), "0.50", "USD")

    assert refusal.value.field == "price"
    assert "USD" in refusal.value.message
    assert "A price in" not in refusal.value.message
