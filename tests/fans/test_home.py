"""A fan's home: what they own with how far they got and where to continue,
new episodes from the creators they follow, and Series recommended for them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from creators.models import Niche
from series.models import Discount
from tests.creators.factories import CreatorProfileFactory
from tests.fans.factories import FanFactory, FollowFactory, ProgressFactory
from tests.series.factories import EpisodeFactory, PublishedSeriesFactory, PurchaseFactory

pytestmark = pytest.mark.django_db


def home(client):
    return client.get(reverse("fans:home"))


def test_the_home_is_the_fans_landing_after_login(client):
    client.force_login(FanFactory())

    assert client.get(reverse("dashboard")).url == reverse("fans:home")


def test_the_library_shows_progress_and_continues_at_the_next_episode(client):
    fan = FanFactory()
    series = PurchaseFactory(buyer=fan, series__title="Rendang").series
    first, second, third = EpisodeFactory.create_batch(3, series=series)
    ProgressFactory(user=fan, episode=first, finished=True)
    ProgressFactory(user=fan, episode=second, position_seconds=12)
    client.force_login(fan)

    page = home(client)

    assert page.context["library"][0].watched == 1
    assert page.context["library"][0].total == 3
    assert page.context["library"][0].next_episode == second
    assert "1 of 3 episodes watched" in page.text
    assert reverse("series:watch", args=[series.pk, second.pk]) in page.text
    assert "Continue: Episode 2 (from 0:12)" in page.text
    assert third.pk != second.pk


def test_a_series_watched_to_the_end_says_so(client):
    fan = FanFactory()
    episode = EpisodeFactory(series=PurchaseFactory(buyer=fan).series)
    ProgressFactory(user=fan, episode=episode, finished=True)
    client.force_login(fan)

    page = home(client).text

    assert "1 of 1 episodes watched" in page
    assert "All episodes watched" in page


def test_another_persons_progress_counts_for_nothing(client):
    fan = FanFactory()
    episode = EpisodeFactory(series=PurchaseFactory(buyer=fan).series)
    ProgressFactory(episode=episode, finished=True)
    client.force_login(fan)

    assert "0 of 1 episodes watched" in home(client).text


def test_new_episodes_of_followed_creators_show_newest_first_for_thirty_days(client):
    fan = FanFactory()
    followed = FollowFactory(fan=fan).creator
    now = timezone.now()
    series = PublishedSeriesFactory(creator=followed)
    older = EpisodeFactory(series=series, title="Older", approved_at=now - timedelta(days=3))
    newer = EpisodeFactory(series=series, title="Newer", approved_at=now - timedelta(days=1))
    EpisodeFactory(series=series, title="Too old", approved_at=now - timedelta(days=31))
    EpisodeFactory(series=series, title="Waiting for staff", approved_at=None)
    EpisodeFactory(title="Not followed")
    client.force_login(fan)

    page = home(client)

    assert page.context["new_episodes"] == [newer, older]
    assert "Too old" not in page.text and "Not followed" not in page.text


def test_recommendations_come_from_followed_creators_then_watched_niches(client):
    fan = FanFactory()
    food, _created = Niche.objects.get_or_create(slug="food", defaults={"name": "Food"})
    followed = FollowFactory(fan=fan).creator
    from_followed = PublishedSeriesFactory(creator=followed, title="By a followed creator")
    owned_by_followed = PurchaseFactory(buyer=fan, series__creator=followed).series
    cook = CreatorProfileFactory()
    cook.niches.add(food)
    owned = PurchaseFactory(buyer=fan, series__creator=cook).series
    other_cook = CreatorProfileFactory()
    other_cook.niches.add(food)
    same_niche = PublishedSeriesFactory(creator=other_cook, title="Same niche")
    now = timezone.now()
    Discount.objects.create(
        series=same_niche,
        kind=Discount.Kind.PRICE,
        price=Decimal("30000.00"),
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=1),
    )
    PublishedSeriesFactory(title="Unrelated")
    client.force_login(fan)

    page = home(client)

    recommended = [series for series, _offer in page.context["recommendations"]]
    assert recommended == [from_followed, same_niche]
    assert owned not in recommended and owned_by_followed not in recommended
    assert "Rp 30,000" in page.text


def test_recommendations_stop_at_eight(client):
    fan = FanFactory()
    followed = FollowFactory(fan=fan).creator
    PublishedSeriesFactory.create_batch(10, creator=followed)
    client.force_login(fan)

    assert len(home(client).context["recommendations"]) == 8


def test_a_new_fan_is_pointed_to_discover(client):
    client.force_login(FanFactory())

    page = home(client).text

    assert "Series you buy appear here" in page
    assert "Nothing to recommend yet" in page
    assert f'href="{reverse("series:index")}"' in page


def build_fan_world(size):
    """A fan who owns, watched and follows ``size`` of each; a few followed
    creators' Series to recommend, and more in the niche they watch."""
    fan = FanFactory()
    food, _created = Niche.objects.get_or_create(slug="food", defaults={"name": "Food"})
    for number in range(size):
        follow = FollowFactory(fan=fan)
        follow.creator.niches.add(food)
        series = PurchaseFactory(buyer=fan, series__creator=follow.creator).series
        episodes = EpisodeFactory.create_batch(2, series=series)
        ProgressFactory(user=fan, episode=episodes[0], finished=True)
        if number < 3:
            PublishedSeriesFactory(creator=follow.creator)
        other = CreatorProfileFactory()
        other.niches.add(food)
        PublishedSeriesFactory(creator=other)
    return fan


@pytest.mark.parametrize("size", [1, 15])
def test_the_home_query_count_does_not_grow(client, django_assert_num_queries, size):
    client.force_login(build_fan_world(size))

    # session, user; library: purchases, episodes with progress; new episodes;
    # recommendations: followed creators' and niche Series, their discounts
    # not ended; the followed creators' Series (whose versions it names)
    with django_assert_num_queries(8):
        response = home(client)
    # read again once under the versions it named, read before the reads
    with django_assert_num_queries(8):
        home(client)
    # then, while nothing changes: the session and the user only (the tests
    # read them from the database; with Redis they come from the cache)
    with django_assert_num_queries(2):
        again = home(client)

    assert response.status_code == 200
    assert len(response.context["library"]) == min(size, 12)
    for marker in ("data-library-entry", "data-new-episode", "data-recommended"):
        assert again.text.count(marker) == response.text.count(marker)


@pytest.mark.parametrize("size", [1, 30])
def test_the_following_page_query_count_does_not_grow(client, django_assert_num_queries, size):
    fan = FanFactory()
    FollowFactory.create_batch(size, fan=fan)
    client.force_login(fan)

    # session, user, page of follows with creators, and the count when more
    # than a page (24)
    with django_assert_num_queries(4 if size > 24 else 3):
        response = client.get(reverse("fans:following"))

    assert response.status_code == 200


def test_the_library_page_lists_every_series_owned_a_page_at_a_time(client):
    fan = FanFactory()
    for number in range(13):
        series = PurchaseFactory(buyer=fan, series__title=f"Owned {number:02}").series
        EpisodeFactory(series=series)
    client.force_login(fan)

    first = client.get(reverse("fans:library"))
    second = client.get(reverse("fans:library") + "?page=2")

    assert len(first.context["library"]) == 12
    assert len(second.context["library"]) == 1
    assert "0 of 1 episodes watched" in second.text
    assert f'href="{reverse("fans:library")}"' in home(client).text


def test_an_empty_library_points_to_discover(client):
    client.force_login(FanFactory())

    page = client.get(reverse("fans:library")).text

    assert "Series you buy appear here" in page
    assert f'href="{reverse("series:index")}"' in page


@pytest.mark.parametrize("size", [1, 15])
def test_the_library_page_query_count_does_not_grow(client, django_assert_num_queries, size):
    client.force_login(build_fan_world(size))

    # session, user, page of purchases, episodes with progress, and the count
    # when more than a page (12)
    with django_assert_num_queries(5 if size > 12 else 4):
        response = client.get(reverse("fans:library"))

    assert response.status_code == 200
