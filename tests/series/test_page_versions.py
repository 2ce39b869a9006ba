"""A Series page's episodes and discounts, kept in the fragment cache under
the Series' updated_at (series.services.page_version): every service changing
them shows the change on the next view, and a discount starts and ends at its
instant."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from core import versions
from series import selectors, selectors_catalogue
from series.selectors_catalogue import card_rows
from series.services import page_version
from series.services.discounts import create_discount, end_discount
from series.services.episodes import add_episode
from series.services.review import decide_submission
from tests.series.factories import (
    VIDEO_31_SECONDS,
    EpisodeFactory,
    PublishedSeriesFactory,
    upload,
)
from tests.series.helpers import without_csrf
from tests.series.test_episode_changes_review import (
    episode,
    pending,
    public_titles,
    remove,
    reorder,
)

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
START = datetime(2026, 12, 1, 0, 0, tzinfo=JAKARTA)
END = datetime(2026, 12, 8, 0, 0, tzinfo=JAKARTA)


@pytest.fixture
def published():
    """A Series on sale at Rp 50,000 with three approved episodes."""
    series = PublishedSeriesFactory(price=Decimal("50000"))
    for title in ["Opening", "Middle", "Ending"]:
        EpisodeFactory(series=series, title=title)
    return series


def visitor():
    return Client(headers={"accept-language": "en"})


def scheduled_discount(series):
    """Rp 40,000 from START until END, set the day before it starts."""
    return create_discount(
        series=series,
        price=Decimal("40000"),
        starts_at=START,
        ends_at=END,
        now=START - timedelta(days=1),
    )


def price_line(series):
    text = visitor().get(series.get_absolute_url()).text
    return text[text.find("Log in to buy for") :].split("<")[0].strip()


@pytest.mark.parametrize("episodes", [1, 12])
def test_a_visitors_second_view_reads_nothing(client, django_assert_num_queries, episodes):
    series = PublishedSeriesFactory()
    EpisodeFactory.create_batch(episodes, series=series)

    # series with creator, episodes, discounts; then the page kept whole
    with django_assert_num_queries(3):
        client.get(series.get_absolute_url(), headers={"accept-language": "en"})
    with django_assert_num_queries(0):
        response = client.get(series.get_absolute_url(), headers={"accept-language": "en"})

    assert response.text.count("Free preview") + response.text.count("For buyers") == episodes


def test_a_discount_set_after_a_view_shows_at_once(published):
    assert price_line(published) == "Log in to buy for Rp 50,000"

    create_discount(
        series=published,
        price=Decimal("40000"),
        starts_at=datetime(2020, 1, 1, tzinfo=JAKARTA),
        ends_at=datetime(2099, 1, 1, tzinfo=JAKARTA),
    )

    assert price_line(published) == "Log in to buy for Rp 40,000"


def test_a_discount_ended_after_a_view_gives_the_full_price_at_once(published):
    running = create_discount(
        series=published,
        price=Decimal("40000"),
        starts_at=datetime(2020, 1, 1, tzinfo=JAKARTA),
        ends_at=datetime(2099, 1, 1, tzinfo=JAKARTA),
    )
    assert price_line(published) == "Log in to buy for Rp 40,000"

    end_discount(discount=running)

    assert price_line(published) == "Log in to buy for Rp 50,000"


def test_a_cached_discount_starts_and_ends_at_its_instants(published, django_assert_num_queries):
    scheduled_discount(published)
    anonymous = AnonymousUser()
    moments = [START - timedelta(microseconds=1), START, END - timedelta(microseconds=1), END]
    selectors.series_page(user=anonymous, pk=published.pk, now=moments[0]).offer  # noqa: B018

    prices = []
    for moment in moments:
        with django_assert_num_queries(1):  # the Series: its discounts are cached
            prices.append(selectors.series_page(user=anonymous, pk=published.pk, now=moment).offer)

    assert [offer.price for offer in prices] == [
        Decimal("50000"),
        Decimal("40000"),
        Decimal("40000"),
        Decimal("50000"),
    ]


def test_a_page_asked_for_before_the_cached_instant_is_read_again(published):
    scheduled_discount(published)
    anonymous = AnonymousUser()
    selectors.series_page(user=anonymous, pk=published.pk, now=END).offer  # noqa: B018

    earlier = selectors.series_page(user=anonymous, pk=published.pk, now=START)

    assert earlier.offer.price == Decimal("40000")


def test_an_approved_removal_and_order_show_at_once(client, published, staff):
    assert public_titles(published) == ["Opening", "Middle", "Ending"]
    client.force_login(published.creator.user)
    remove(client, published, "Middle")
    reorder(client, published, {"Opening": 3, "Middle": 1, "Ending": 2})
    assert public_titles(published) == ["Opening", "Middle", "Ending"]

    decide_submission(submission=pending(published), staff=staff, approve=True)

    assert public_titles(published) == ["Ending", "Opening"]


def test_a_new_episode_shows_once_approved(published, staff):
    add_episode(series=published, title="Bonus", video=upload(VIDEO_31_SECONDS.read_bytes()))
    assert "Bonus" not in visitor().get(published.get_absolute_url()).text

    decide_submission(submission=pending(published), staff=staff, approve=True)

    assert "Bonus" in visitor().get(published.get_absolute_url()).text


def test_an_episode_changed_in_the_admin_shows_at_once(published):
    assert "Free preview" not in visitor().get(published.get_absolute_url()).text
    opening = episode(published, "Opening")

    # The admin's episode inline saves the row itself.
    opening.title, opening.is_free_preview = "Welcome", True
    opening.save()

    text = visitor().get(published.get_absolute_url()).text
    assert "Welcome" in text and "Free preview" in text


def test_the_owner_sees_an_episode_waiting_for_review_that_visitors_do_not(published):
    add_episode(series=published, title="Bonus", video=upload(VIDEO_31_SECONDS.read_bytes()))
    assert "Bonus" not in visitor().get(published.get_absolute_url()).text
    owner = visitor()
    owner.force_login(published.creator.user)

    assert "Bonus" in owner.get(reverse("series:detail", args=[published.pk])).text
    assert "Bonus" not in visitor().get(published.get_absolute_url()).text


@pytest.mark.parametrize("count", [2, 30])
def test_a_creators_page_viewed_again_reads_no_discounts_or_previews(
    client, django_assert_num_queries, count
):
    creator = PublishedSeriesFactory().creator
    for series in PublishedSeriesFactory.create_batch(count - 1, creator=creator):
        EpisodeFactory(series=series, is_free_preview=True)
    url = reverse("series:by_creator", args=[creator.handle])
    client.get(url)
    versions.bump(page_version.CATALOGUE)  # as any change of a Series does

    # the profile, its niches, the Series, and the count past a page (12)
    with django_assert_num_queries(4 if count > 12 else 3):
        response = client.get(url, headers={"accept-language": "en"})
    # then kept whole: no query
    with django_assert_num_queries(0):
        kept = client.get(url, headers={"accept-language": "en"})
    assert without_csrf(kept.text) == without_csrf(response.text)

    assert response.text.count('data-testid="preview-link"') == min(count - 1, 12)


def test_the_index_viewed_again_reads_no_discounts(client, django_assert_num_queries):
    PublishedSeriesFactory.create_batch(3)
    client.get(reverse("series:index"))
    versions.bump(page_version.CATALOGUE)  # as any change of a Series does

    # the Series with creators, their niches (the form's niches and languages
    # are cached until a name changes)
    with django_assert_num_queries(2):
        client.get(reverse("series:index"))
    # then kept whole: no query
    with django_assert_num_queries(0):
        client.get(reverse("series:index"))


def test_a_discount_set_after_a_view_shows_on_the_cards_at_once(published):
    creator_url = reverse("series:by_creator", args=[published.creator.handle])
    before = [visitor().get(url).text for url in (creator_url, reverse("series:index"))]

    create_discount(
        series=published,
        price=Decimal("40000"),
        starts_at=datetime(2020, 1, 1, tzinfo=JAKARTA),
        ends_at=datetime(2099, 1, 1, tzinfo=JAKARTA),
    )

    after = [visitor().get(url).text for url in (creator_url, reverse("series:index"))]
    assert ["Rp 40,000" in text for text in before] == [False, False]
    assert ["Rp 40,000" in text for text in after] == [True, True]


def test_a_cached_card_discount_starts_at_its_instant(published):
    scheduled_discount(published)
    rows = selectors_catalogue.creator_page(handle=published.creator.handle).series
    card_rows(list(rows), START - timedelta(microseconds=1))

    prices = [offer.price for _series, offer in card_rows(list(rows), START)]

    assert prices == [Decimal("40000")]
