"""The studio keeps whether the creator may sell Series under the creator's
version, and its rows' HTML under every value they show: a returning creator
costs one query of the page's own, and every change shows at once."""

from decimal import Decimal

import pytest
from django.urls import reverse

from creators.models import ProgrammeApplication
from creators.services import change_application_status
from series.models import Purchase
from series.services.catalogue import update_series
from series.services.ratings import save_review
from tests.creators.factories import ApplicationFactory, CreatorProfileFactory
from tests.factories import StaffFactory, UserFactory
from tests.series.factories import (
    EpisodeFactory,
    PublishedSeriesFactory,
    PurchaseFactory,
    SeriesFactory,
    approved_creator,
)

pytestmark = pytest.mark.django_db
STUDIO = reverse("series:studio")


def kept(client, path=STUDIO, **kwargs):
    """The studio read until it is kept (the first read only names the creator)."""
    client.get(path, **kwargs)
    return client.get(path, **kwargs).text


@pytest.mark.parametrize("count", [1, 8])
def test_a_returning_creators_studio_reads_only_their_series(
    client, django_assert_num_queries, count
):
    creator = approved_creator()
    client.force_login(creator.user)
    for series in SeriesFactory.create_batch(count, creator=creator):
        EpisodeFactory.create_batch(2, series=series)
    kept(client)

    # The session, the user, the page of Series with their count.
    with django_assert_num_queries(3):
        response = client.get(STUDIO)

    assert response.text.count("2 episodes") == count
    assert "New Series" in response.text


def assert_an_approval_opens_the_studio_at_once(client):
    """Staff approve a creator's application to the Series programme
    (creators.services.change_application_status) while the studio is kept."""
    staff = StaffFactory()
    application = ApplicationFactory(programme__slug="series", programme__name="Series")
    client.force_login(application.profile.user)
    assert "New Series" not in kept(client)

    change_application_status(
        application=application,
        changed_by=staff,
        status=ProgrammeApplication.Status.APPROVED,
    )

    assert "New Series" in client.get(STUDIO).text


def test_an_approved_series_application_opens_the_studio_at_once(client):
    assert_an_approval_opens_the_studio_at_once(client)


def test_a_renamed_repriced_series_shows_at_once(client):
    creator = approved_creator()
    series = SeriesFactory(creator=creator, title="Rendang")
    client.force_login(creator.user)
    assert "Rendang" in kept(client)

    update_series(
        series=series,
        title="Rendang in ten steps",
        description=series.description,
        price=Decimal("60000"),
        currency="IDR",
    )

    page = client.get(STUDIO).text
    assert "Rendang in ten steps" in page and "Rp 60,000" in page


def test_a_new_episode_and_a_rating_show_at_once(client):
    creator = approved_creator()
    series = PublishedSeriesFactory(creator=creator)
    EpisodeFactory(series=series)
    client.force_login(creator.user)
    assert "2 episodes" not in kept(client)

    EpisodeFactory(series=series)
    buyer = UserFactory()
    PurchaseFactory(series=series, buyer=buyer, status=Purchase.Status.PAID)
    save_review(series=series, buyer=buyer, stars=4)

    page = client.get(STUDIO).text
    assert "2 episodes" in page
    assert "★ 4.0 (1 rating)" in page


def test_two_creators_never_share_their_studio(client):
    first = approved_creator()
    second = CreatorProfileFactory()
    SeriesFactory(creator=first, title="Rendang by Ibu Sari")
    client.force_login(first.user)
    assert "Rendang by Ibu Sari" in kept(client)

    client.force_login(second.user)
    page = kept(client)

    assert "Rendang by Ibu Sari" not in page and "New Series" not in page


def test_with_the_cache_down_the_studio_is_read_and_current(client, cache_down):
    assert_an_approval_opens_the_studio_at_once(client)


def test_the_studio_pages_its_series_and_answers_odd_page_numbers(client):
    from series.views.common import PAGE_SIZE

    creator = approved_creator()
    SeriesFactory.create_batch(PAGE_SIZE + 1, creator=creator)
    client.force_login(creator.user)

    first = client.get(STUDIO)
    second = client.get(STUDIO, {"page": 2})
    past_the_end = client.get(STUDIO, {"page": 9})
    not_a_number = client.get(STUDIO, {"page": "x"})

    assert first.context["series_page"].paginator.num_pages == 2
    assert len(first.context["series_page"]) == PAGE_SIZE
    assert len(second.context["series_page"]) == 1
    assert past_the_end.context["series_page"].number == 2
    assert not_a_number.context["series_page"].number == 1


def test_the_studio_sorts_by_rating_with_the_unrated_last(client):
    creator = approved_creator()
    SeriesFactory(creator=creator, title="Unrated")
    SeriesFactory(creator=creator, title="Liked", rating_count=3, rating_average=Decimal("4.5"))
    SeriesFactory(creator=creator, title="Loved", rating_count=2, rating_average=Decimal("5"))
    client.force_login(creator.user)

    page = client.get(reverse("series:studio_by_rating")).text

    assert page.index("Loved") < page.index("Liked") < page.index("Unrated")


def test_each_language_gets_its_own_studio_rows(client):
    creator = approved_creator()
    SeriesFactory(creator=creator)
    client.force_login(creator.user)

    assert "not rated yet" in kept(client, headers={"accept-language": "en"})
    client.cookies["django_language"] = "id"
    assert "not rated yet" not in kept(client)
