"""The fan's home is kept in the fragment cache under the version tokens of
what it shows (fans.selectors_home, fans.signals): each service that changes
what it shows shows the change on the next page, for that fan only, in their
language; with the shared cache down it is read every time."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from creators.models import CreatorProfile, Niche
from creators.services import update_profile
from fans import selectors, selectors_home
from fans import services as fans
from fans.selectors_home import RECOMMENDATIONS_KEPT
from payments.models import Payment
from payments.services import handle_webhook, sign_webhook_body, webhook_body
from series.models import Purchase, Series, Submission
from series.services.catalogue import change_status, create_series
from series.services.discounts import create_discount, end_discount
from series.services.episodes import add_episode
from series.services.progress import save_progress
from series.services.review import decide_submission
from series.services.sales import record_purchase, refund_purchase, start_purchase
from tests.creators.factories import CreatorProfileFactory
from tests.factories import StaffFactory
from tests.fans.factories import FanFactory, FollowFactory
from tests.series.factories import (
    VIDEO_31_SECONDS,
    DiscountFactory,
    EpisodeFactory,
    PublishedSeriesFactory,
    PurchaseFactory,
    approved_creator,
    upload,
)

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def home(client, **headers):
    return client.get(reverse("fans:home"), **(headers or ENGLISH)).text


def kept_home(client, **headers):
    """The page, read until it is kept: the second reading reads again under
    the versions the first one named."""
    home(client, **headers)
    return home(client, **headers)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def buy(series, buyer):
    """Buy ``series`` through the checkout and the payment."""
    payment = start_purchase(series=series, buyer=buyer, attempt="a", return_url="/")
    payment.status, payment.completed_at = Payment.Status.PAID, timezone.now()
    payment.save()
    return record_purchase(payment=payment)


def test_following_a_creator_shows_their_new_episodes_and_series_at_once():
    fan = FanFactory()
    series = PublishedSeriesFactory(title="Sambal school")
    EpisodeFactory(series=series, title="Ulek basics")
    client = signed_in(fan)
    assert "Ulek basics" not in kept_home(client)

    fans.follow(user=fan, creator=series.creator)

    page = home(client)
    assert "Ulek basics" in page
    assert f'data-recommended="{series.pk}"' in page


def test_unfollowing_a_creator_hides_their_new_episodes_at_once():
    fan = FanFactory()
    creator = FollowFactory(fan=fan).creator
    EpisodeFactory(series=PublishedSeriesFactory(creator=creator), title="Ulek basics")
    client = signed_in(fan)
    assert "Ulek basics" in kept_home(client)

    fans.unfollow(user=fan, creator=creator)

    assert "Ulek basics" not in home(client)


def test_a_purchase_shows_in_the_library_and_leaves_the_recommendations_at_once():
    fan = FanFactory()
    series = PublishedSeriesFactory(title="Sambal school")
    EpisodeFactory(series=series)
    FollowFactory(fan=fan, creator=series.creator)
    client = signed_in(fan)
    page = kept_home(client)
    assert f'data-recommended="{series.pk}"' in page
    assert f'data-library-entry="{series.pk}"' not in page

    buy(series, fan)

    page = home(client)
    assert f'data-library-entry="{series.pk}"' in page
    assert f'data-recommended="{series.pk}"' not in page


def test_a_refund_takes_the_series_out_of_the_library_at_once():
    fan = FanFactory()
    purchase = PurchaseFactory(buyer=fan, series__title="Sambal school")
    EpisodeFactory(series=purchase.series)
    client = signed_in(fan)
    assert f'data-library-entry="{purchase.series.pk}"' in kept_home(client)

    refund_purchase(purchase=purchase, staff=StaffFactory())

    assert f'data-library-entry="{purchase.series.pk}"' not in home(client)


def test_watching_an_episode_moves_the_progress_on_at_once():
    fan = FanFactory()
    series = PurchaseFactory(buyer=fan).series
    first, _second = EpisodeFactory.create_batch(2, series=series)
    client = signed_in(fan)
    assert "0 of 2 episodes watched" in kept_home(client)

    save_progress(user=fan, episode=first, position_seconds=31, ended=True)

    page = home(client)
    assert "1 of 2 episodes watched" in page
    assert "Continue: Episode 2" in page


def test_a_new_episode_of_a_followed_creator_shows_once_approved():
    fan = FanFactory()
    series = PublishedSeriesFactory()
    EpisodeFactory(series=series, title="Opening")
    FollowFactory(fan=fan, creator=series.creator)
    client = signed_in(fan)
    assert "Opening" in kept_home(client)

    add_episode(series=series, title="Bonus", video=upload(VIDEO_31_SECONDS.read_bytes()))
    assert "Bonus" not in home(client)
    approve_pending(series)

    assert "Bonus" in home(client)


def test_a_new_episode_of_an_owned_series_counts_in_the_progress_once_approved():
    fan = FanFactory()
    series = PurchaseFactory(buyer=fan).series
    EpisodeFactory(series=series)
    client = signed_in(fan)
    assert "0 of 1 episodes watched" in kept_home(client)

    approve_new_episode(series, "Bonus")

    assert "0 of 2 episodes watched" in home(client)


def test_a_renamed_creator_shows_at_once():
    fan = FanFactory()
    series = PurchaseFactory(buyer=fan, series__creator__display_name="Ibu Sari").series
    client = signed_in(fan)
    assert "by Ibu Sari" in kept_home(client)

    update_profile(profile=series.creator, details={"display_name": "Dapur Sari"})

    page = home(client)
    assert "by Dapur Sari" in page
    assert "by Ibu Sari" not in page


def approve_pending(series):
    """Staff approve the Series' pending submission."""
    decide_submission(
        submission=Submission.objects.get(series=series, status=Submission.Status.PENDING),
        staff=StaffFactory(),
        approve=True,
    )


def approve_new_episode(series, title):
    add_episode(series=series, title=title, video=upload(VIDEO_31_SECONDS.read_bytes()))
    approve_pending(series)


def recommended_on_discount(fan):
    series = PublishedSeriesFactory(price=Decimal("50000"))
    FollowFactory(fan=fan, creator=series.creator)
    return series


def test_a_discount_ended_early_shows_the_full_price_at_once():
    fan = FanFactory()
    series = recommended_on_discount(fan)
    discount = DiscountFactory(series=series, price=Decimal("30000"))
    client = signed_in(fan)
    assert "Rp 30,000" in kept_home(client)

    end_discount(discount=discount)

    page = home(client)
    assert "Rp 30,000" not in page
    assert "Rp 50,000" in page


def test_a_discount_that_ends_by_itself_shows_the_full_price_at_once(monkeypatch):
    fan = FanFactory()
    series = recommended_on_discount(fan)
    now = timezone.now()
    DiscountFactory(series=series, price=Decimal("30000"), ends_at=now + timedelta(hours=1))
    client = signed_in(fan)
    assert "Rp 30,000" in kept_home(client)

    later = now + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)

    page = home(client)
    assert "Rp 30,000" not in page
    assert "Rp 50,000" in page


def test_a_discount_that_starts_later_shows_at_its_start(monkeypatch):
    fan = FanFactory()
    series = recommended_on_discount(fan)
    now = timezone.now()
    DiscountFactory(
        series=series,
        price=Decimal("30000"),
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(hours=3),
    )
    client = signed_in(fan)
    assert "Rp 30,000" not in kept_home(client)

    later = now + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert "Rp 30,000" in home(client)


def test_two_fans_never_see_each_others_home():
    one, other = FanFactory(), FanFactory()
    owned = PurchaseFactory(buyer=one, series__title="Sambal school").series
    first = home(signed_in(one))
    assert f'data-library-entry="{owned.pk}"' in first

    page = home(signed_in(other))

    assert f'data-library-entry="{owned.pk}"' not in page
    assert "Series you buy appear here" in page


def test_each_language_has_its_own_home():
    fan = FanFactory()
    client = signed_in(fan)
    assert "Recommended for you" in kept_home(client)

    page = home(client, HTTP_ACCEPT_LANGUAGE="id")

    assert "Rekomendasi untuk Anda" in page
    assert "Recommended for you" not in page


def test_the_home_follows_every_change_with_the_cache_down(cache_down):
    fan = FanFactory()
    series = PublishedSeriesFactory()
    EpisodeFactory(series=series, title="Ulek basics")
    client = signed_in(fan)
    assert "Ulek basics" not in kept_home(client)

    fans.follow(user=fan, creator=series.creator)
    assert "Ulek basics" in home(client)
    buy(series, fan)
    assert f'data-library-entry="{series.pk}"' in home(client)


def test_a_new_episode_leaves_the_home_on_its_thirtieth_day(monkeypatch):
    fan = FanFactory()
    now = timezone.now()
    series = PublishedSeriesFactory(approved_at=now - timedelta(days=29))
    EpisodeFactory(series=series, title="Ulek basics")
    FollowFactory(fan=fan, creator=series.creator)
    client = signed_in(fan)
    assert "Ulek basics" in kept_home(client)

    later = now + timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert "Ulek basics" not in home(client)


def test_a_series_new_in_the_fans_niches_is_recommended_within_ten_minutes(monkeypatch):
    fan = FanFactory()
    food, _created = Niche.objects.get_or_create(slug="food", defaults={"name": "Food"})
    owned = PurchaseFactory(buyer=fan).series
    owned.creator.niches.add(food)
    client = signed_in(fan)
    assert "Nothing to recommend yet" in kept_home(client)
    cook = CreatorProfileFactory()
    cook.niches.add(food)
    series = PublishedSeriesFactory(creator=cook)

    later = timezone.now() + RECOMMENDATIONS_KEPT
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert f'data-recommended="{series.pk}"' in home(client)


def a_cover():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), "orange").save(buffer, format="PNG")
    return upload(buffer.getvalue(), name="cover.png", content_type="image/png")


def paid_through_the_webhook(series, buyer):
    """Buy ``series`` through the checkout and the provider's signed notification."""
    payment = start_purchase(series=series, buyer=buyer, attempt="w", return_url="/")
    body = webhook_body(payment=payment, event="payment.succeeded")
    handle_webhook(body=body, signature=sign_webhook_body(body))


def test_a_purchase_paid_through_the_webhook_shows_at_once_and_its_refund_too():
    fan = FanFactory()
    series = PublishedSeriesFactory(title="Sambal school")
    EpisodeFactory(series=series)
    client = signed_in(fan)
    assert f'data-library-entry="{series.pk}"' not in kept_home(client)

    paid_through_the_webhook(series, fan)
    assert f'data-library-entry="{series.pk}"' in home(client)
    refund_purchase(purchase=Purchase.objects.get(buyer=fan), staff=StaffFactory())

    assert f'data-library-entry="{series.pk}"' not in home(client)


def test_a_followed_creators_new_series_is_recommended_once_approved():
    fan = FanFactory()
    creator = approved_creator()
    FollowFactory(fan=fan, creator=creator)
    client = signed_in(fan)
    assert "Nothing to recommend yet" in kept_home(client)

    series = create_series(
        creator=creator,
        title="Sambal school",
        description="Five lessons.",
        cover=a_cover(),
        price=Decimal("50000"),
        currency="IDR",
    )
    add_episode(series=series, title="Ulek basics", video=upload(VIDEO_31_SECONDS.read_bytes()))
    change_status(series=series, to_status=Series.Status.IN_REVIEW, changed_by=creator.user)
    assert f'data-recommended="{series.pk}"' not in home(client)
    approve_pending(series)

    page = home(client)
    assert f'data-recommended="{series.pk}"' in page
    assert "Ulek basics" in page


def test_a_new_series_made_by_a_followed_creator_names_its_version_at_once():
    fan = FanFactory()
    creator = FollowFactory(fan=fan).creator
    client = signed_in(fan)
    kept_home(client)

    series = PublishedSeriesFactory(creator=creator)

    assert f'data-recommended="{series.pk}"' in home(client)


def test_a_new_discount_shows_its_price_at_once():
    fan = FanFactory()
    series = recommended_on_discount(fan)
    client = signed_in(fan)
    assert "Rp 50,000" in kept_home(client)

    now = timezone.now()
    create_discount(series=series, starts_at=now, ends_at=now + timedelta(days=2), percent=40)

    page = home(client)
    assert "Rp 30,000" in page
    assert "40% off" in page


def test_a_series_taken_off_sale_leaves_the_home_at_once():
    fan = FanFactory()
    series = PublishedSeriesFactory()
    EpisodeFactory(series=series, title="Ulek basics")
    FollowFactory(fan=fan, creator=series.creator)
    client = signed_in(fan)
    page = kept_home(client)
    assert "Ulek basics" in page
    assert f'data-recommended="{series.pk}"' in page

    change_status(
        series=series, to_status=Series.Status.UNPUBLISHED, changed_by=series.creator.user
    )

    page = home(client)
    assert "Ulek basics" not in page
    assert f'data-recommended="{series.pk}"' not in page


def test_a_change_made_while_the_home_is_read_shows_on_the_next_page(monkeypatch):
    """A Series' version read after the reads could hide a change committed in
    between: the versions the reads name are read before the next reads."""
    fan = FanFactory()
    series = PurchaseFactory(buyer=fan, series__creator__display_name="Ibu Sari").series
    client = signed_in(fan)
    read_library = selectors.library_progress

    def renamed_once_read(**kwargs):
        read = read_library(**kwargs)
        if not CreatorProfile.objects.filter(display_name="Dapur Sari").exists():
            update_profile(profile=series.creator, details={"display_name": "Dapur Sari"})
        return read

    monkeypatch.setattr(selectors, "library_progress", renamed_once_read)
    assert "by Ibu Sari" in home(client)
    monkeypatch.setattr(selectors, "library_progress", read_library)

    assert "by Dapur Sari" in home(client)
    assert "by Dapur Sari" in home(client)


def test_a_fan_following_many_creators_is_kept_under_the_catalogues_version(
    monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(selectors_home, "MOST_FOLLOWED_VERSIONS", 1)
    fan = FanFactory()
    series = PublishedSeriesFactory()
    FollowFactory(fan=fan, creator=series.creator)
    FollowFactory(fan=fan)
    client = signed_in(fan)
    kept_home(client)
    with django_assert_num_queries(2):  # session and user
        home(client)

    approve_new_episode(series, "Bonus")

    assert "Bonus" in home(client)
