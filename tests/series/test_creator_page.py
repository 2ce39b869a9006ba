"""A creator's page for fans at /series/by/<handle>/: who they are, their
Series with today's prices, free previews anyone can play, the share link and
what a shared link shows (Open Graph), with a query count that does not grow."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from creators.models import FigureSource, Niche
from series.models import Discount, Series
from tests.creators.factories import CreatorProfileFactory
from tests.factories import UserFactory
from tests.series.factories import EpisodeFactory, PublishedSeriesFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def page_of(client, creator):
    return client.get(reverse("series:by_creator", args=[creator.handle]))


@pytest.fixture
def creator():
    return CreatorProfileFactory(
        display_name="Ibu Sari",
        handle="sari",
        bio="Home cooking from Padang.",
        follower_count=123_456,
    )


def test_an_anonymous_visitor_sees_the_creator_and_their_series(client, creator):
    creator.niches.add(Niche.objects.create(slug="home-cooking", name="Home cooking"))
    PublishedSeriesFactory(creator=creator, title="Rendang", price=Decimal("49000"))
    SeriesFactory(creator=creator, title="Still a draft")
    PublishedSeriesFactory(title="Someone else's")

    response = page_of(client, creator)

    assert response.status_code == 200
    assert "Ibu Sari" in response.text and "@sari" in response.text
    assert "Home cooking from Padang." in response.text
    assert "Home cooking" in response.text
    assert "123,456 followers on TikTok" in response.text
    assert "Self-reported" in response.text
    assert "Rendang" in response.text and "Rp 49,000" in response.text
    assert "Still a draft" not in response.text and "Someone else" not in response.text


def test_verified_figures_carry_the_verified_label(client, creator):
    creator.figures_source = FigureSource.API
    creator.figures_verified_at = timezone.now()
    creator.save()

    assert "Verified from TikTok" in page_of(client, creator).text


def test_a_running_discount_shows_the_old_and_new_price_and_its_end(client, creator):
    series = PublishedSeriesFactory(creator=creator, price=Decimal("100000"))
    now = timezone.now()
    Discount.objects.create(
        series=series,
        kind=Discount.Kind.PERCENT,
        percent=30,
        price=Decimal("70000"),
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=2),
    )

    response = page_of(client, creator)

    assert '<del class="text-body-secondary">Rp 100,000</del>' in response.text
    assert "Rp 70,000" in response.text and "30% off" in response.text
    assert "Offer ends" in response.text


def test_free_previews_are_linked_and_play_without_an_account(client, creator):
    series = PublishedSeriesFactory(creator=creator)
    preview = EpisodeFactory(series=series, title="Market day", is_free_preview=True)
    paid = EpisodeFactory(series=series, title="The spice paste")

    response = page_of(client, creator)

    watch_url = reverse("series:watch", args=[series.pk, preview.pk])
    assert f'href="{watch_url}"' in response.text
    assert "Market day" in response.text
    assert "The spice paste" not in response.text
    # Anyone may watch the preview and load its video, without logging in.
    assert client.get(watch_url).status_code == 200
    video = client.get(reverse("series:episode_file", args=[series.pk, preview.pk]))
    assert video.status_code == 200
    assert client.get(reverse("series:watch", args=[series.pk, paid.pk])).status_code == 403


def test_a_preview_waiting_for_staff_is_not_offered(client, creator):
    series = PublishedSeriesFactory(creator=creator)
    EpisodeFactory(series=series, title="Not approved yet", is_free_preview=True, approved_at=None)

    assert "Not approved yet" not in page_of(client, creator).text


def test_the_page_has_open_graph_tags_with_absolute_addresses(client, creator):
    PublishedSeriesFactory(creator=creator)

    response = page_of(client, creator)

    page_url = "http://testserver/series/by/sari/"
    assert '<meta property="og:type" content="profile">' in response.text
    assert '<meta property="og:title" content="Ibu Sari&#x27;s Series">' in response.text
    assert '<meta property="og:description" content="Home cooking from Padang.">' in response.text
    assert f'<meta property="og:url" content="{page_url}">' in response.text
    assert '<meta property="og:image" content="http://testserver/media/series/covers/' in (
        response.text
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in response.text


def test_the_creators_photo_is_the_shared_image_when_there_is_one(client, creator):
    creator.photo = "creators/photos/sari.jpg"
    creator.save()

    response = page_of(client, creator)

    assert (
        '<meta property="og:image" content="http://testserver/media/creators/photos/sari.jpg">'
        in response.text
    )


def test_without_photo_or_series_the_site_image_is_shared(client, creator):
    creator.bio = ""
    creator.save()

    response = page_of(client, creator)

    assert (
        '<meta property="og:image" content="http://testserver/static/img/share-default.png">'
        in response.text
    )
    assert "Series by Ibu Sari: watch the free previews" in response.text
    assert "Ibu Sari has no Series on sale yet." in response.text


def test_the_share_link_is_the_pages_address_with_a_copy_button_and_a_fallback(client, creator):
    response = page_of(client, creator)

    assert 'value="http://testserver/series/by/sari/" readonly' in response.text
    assert "Copy link" in response.text and "js/share-link.js" in response.text
    assert "https://wa.me/?text=http%3A%2F%2Ftestserver%2Fseries%2Fby%2Fsari%2F" in response.text


def test_a_visitor_follows_the_creator_from_their_page(client, creator):
    fan = UserFactory(role="fan")
    client.force_login(fan)

    assert "Follow Ibu Sari" in page_of(client, creator).text
    client.post(reverse("fans:follow", args=["sari"]))

    assert "Following Ibu Sari · Unfollow" in page_of(client, creator).text


def test_the_creator_sees_no_follow_button_on_their_own_page(client, creator):
    client.force_login(creator.user)

    assert 'action="/fans/follow/' not in page_of(client, creator).text


def test_the_fan_page_and_the_media_kit_link_to_each_other(client, creator):
    fans = reverse("series:by_creator", args=["sari"])
    kit = reverse("creators:media_kit", args=["sari"])

    assert f'href="{kit}"' in client.get(fans).text
    assert f'href="{fans}"' in client.get(kit).text


def test_an_unknown_handle_is_not_found(client):
    assert client.get(reverse("series:by_creator", args=["nobody"])).status_code == 404


def test_a_deactivated_creator_has_no_page(client, creator):
    creator.user.is_active = False
    creator.user.save()

    assert page_of(client, creator).status_code == 404


@pytest.mark.parametrize("count", [2, 30])
def test_the_query_count_does_not_grow(client, django_assert_num_queries, creator, count):
    for series in PublishedSeriesFactory.create_batch(count, creator=creator):
        EpisodeFactory(series=series, is_free_preview=True)
    client.force_login(UserFactory())

    # session, user, the profile, its niches, the Series, their running
    # discounts, their free previews, whether the visitor follows the
    # creator; and the paginator's count when more than a page (12).
    with django_assert_num_queries(9 if count > 12 else 8):
        response = page_of(client, creator)

    assert response.status_code == 200
    assert response.text.count('data-testid="preview-link"') == min(count, 12)


def test_the_series_page_has_open_graph_tags_with_its_cover(client):
    series = PublishedSeriesFactory(title="Rendang", description="Slow-cooked\nbeef.")

    response = client.get(series.get_absolute_url())

    assert '<meta property="og:type" content="website">' in response.text
    assert '<meta property="og:title" content="Rendang">' in response.text
    assert '<meta property="og:description" content="Slow-cooked beef.">' in response.text
    assert (
        f'<meta property="og:url" content="http://testserver/series/{series.pk}/">' in response.text
    )
    assert (
        f'<meta property="og:image" content="http://testserver{series.cover.url}">' in response.text
    )


def test_unpublished_series_are_not_on_the_creators_page(client, creator):
    PublishedSeriesFactory(creator=creator, title="Off sale", status=Series.Status.UNPUBLISHED)

    assert "Off sale" not in page_of(client, creator).text
