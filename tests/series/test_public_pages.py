"""The public Series pages are kept whole for every visitor
(``series.public_pages``) under version tokens: each service that changes
what they show shows the change at once, a discount starts and ends at its
instant, per-visitor parts stay each visitor's own, and with Redis down the
pages are read from the database."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from creators.models import Niche
from creators.models.profiles import FigureSource
from creators.services import record_figures, update_profile
from payments.models import Payment
from series.models import DailyStats, Series
from series.services import ratings
from series.services.catalogue import change_status
from series.services.counters import flush_event_counters
from series.services.discounts import create_discount
from series.services.review import decide_submission
from series.services.sales import record_purchase, start_purchase
from tests.factories import UserFactory
from tests.series.factories import (
    EpisodeFactory,
    PublishedSeriesFactory,
    PurchaseFactory,
    SeriesFactory,
)
from tests.series.helpers import without_csrf

pytestmark = pytest.mark.django_db


def visitor():
    return Client(headers={"accept-language": "en"})


def signed_in(user):
    client = visitor()
    client.force_login(user)
    return client


def index(params=None):
    return visitor().get(reverse("series:index"), params).text


def creator_page(profile):
    return visitor().get(reverse("series:by_creator", args=[profile.handle]))


def series_page(series, client=None):
    return (client or visitor()).get(series.get_absolute_url()).text


def bought(series, buyer):
    """``buyer`` pays for ``series`` through the payment service."""
    payment = start_purchase(series=series, buyer=buyer, attempt="a", return_url="/")
    payment.status, payment.completed_at = Payment.Status.PAID, payment.created_at
    payment.save()
    return record_purchase(payment=payment)


def at(monkeypatch, instant):
    monkeypatch.setattr(timezone, "now", lambda: instant)


# The catalogue


def test_a_series_approved_by_staff_joins_the_catalogue_at_once(staff):
    series = SeriesFactory(title="Kopi tubruk")
    EpisodeFactory(series=series)
    change_status(series=series, to_status="in_review", changed_by=series.creator.user)
    assert "Kopi tubruk" not in index()

    decide_submission(submission=series.submissions.get(), staff=staff, approve=True)

    assert "Kopi tubruk" in index()


def test_a_series_taken_off_sale_leaves_the_catalogue_and_its_page_at_once():
    series = PublishedSeriesFactory(title="Es teler")
    assert "Es teler" in index()
    assert visitor().get(series.get_absolute_url()).status_code == 200

    change_status(series=series, to_status="unpublished", changed_by=series.creator.user)

    assert "Es teler" not in index()
    assert visitor().get(series.get_absolute_url()).status_code == 404


def test_a_sale_reorders_the_best_selling_list_at_once():
    first = PublishedSeriesFactory(title="Soto ayam")
    PublishedSeriesFactory(title="Gado-gado")
    text = index({"sort": "popular"})
    assert text.index("Gado-gado") < text.index("Soto ayam")

    bought(first, UserFactory())

    text = index({"sort": "popular"})
    assert text.index("Soto ayam") < text.index("Gado-gado")


def test_a_discount_of_a_series_off_the_page_joins_the_discounted_list_at_its_start(
    monkeypatch,
):
    now = timezone.now()
    series = PublishedSeriesFactory(title="Rawon", price=Decimal("50000"))
    starts = now + timedelta(hours=1)
    create_discount(
        series=series, price=Decimal("40000"), starts_at=starts, ends_at=now + timedelta(days=1)
    )
    assert "Rawon" not in index({"on_discount": "on"})

    at(monkeypatch, starts)

    assert "Rawon" in index({"on_discount": "on"})


def test_a_discount_ends_on_the_catalogue_at_its_instant(monkeypatch):
    now = timezone.now()
    series = PublishedSeriesFactory(price=Decimal("50000"))
    ends = now + timedelta(hours=1)
    create_discount(series=series, price=Decimal("40000"), starts_at=now, ends_at=ends)
    assert "Rp 40,000" in index()

    at(monkeypatch, ends - timedelta(microseconds=1))
    assert "Rp 40,000" in index()
    at(monkeypatch, ends)
    assert "Rp 40,000" not in index()


def test_a_renamed_creator_shows_on_the_catalogue_and_the_series_page_at_once():
    series = PublishedSeriesFactory(creator__display_name="Ibu Sari")
    assert "Ibu Sari" in index() and "Ibu Sari" in series_page(series)

    update_profile(profile=series.creator, details={"display_name": "Dapur Sari"})

    assert "Dapur Sari" in index() and "Ibu Sari" not in index()
    assert "Dapur Sari" in series_page(series)


@pytest.mark.parametrize("count", [3, 30])
def test_a_kept_catalogue_reads_nothing(django_assert_num_queries, count):
    PublishedSeriesFactory.create_batch(count)
    first = visitor().get(reverse("series:index"), {"sort": "rating", "page": "2"})

    with django_assert_num_queries(0):
        again = visitor().get(reverse("series:index"), {"sort": "rating", "page": "2"})

    assert without_csrf(again.text) == without_csrf(first.text)


def test_a_niche_given_to_or_taken_from_its_creators_shows_on_the_cards_at_once():
    profile = PublishedSeriesFactory().creator
    niche = Niche.objects.create(slug="street-food", name="Street food")
    assert "Street food</span>" not in index()

    niche.creators.add(profile)  # from the niche's side, as its admin page does
    assert "Street food</span>" in index()

    niche.creators.clear()
    assert "Street food</span>" not in index()


def test_unknown_parameters_are_rendered_and_not_kept(django_assert_num_queries):
    PublishedSeriesFactory(title="Pempek")
    visitor().get(reverse("series:index"), {"utm_source": "x"})

    with django_assert_num_queries(2):  # the Series with creators, their niches
        response = visitor().get(reverse("series:index"), {"utm_source": "x"})

    assert "Pempek" in response.text


# A Series' page


def test_a_reviewer_renamed_shows_on_the_series_page_at_once():
    series = PublishedSeriesFactory()
    buyer = PurchaseFactory(series=series, buyer__full_name="Budi").buyer
    ratings.save_review(series=series, buyer=buyer, stars=5, text="Enak sekali")
    assert "Budi" in series_page(series)

    buyer.full_name = "Budi Santoso"
    buyer.save()

    assert "Budi Santoso" in series_page(series)


def test_a_review_hidden_by_staff_leaves_the_page_at_once(staff):
    series = PublishedSeriesFactory()
    buyer = PurchaseFactory(series=series).buyer
    review = ratings.save_review(series=series, buyer=buyer, stars=2, text="Terlalu asin")
    assert "Terlalu asin" in series_page(series)

    ratings.hide_review(review=review, staff=staff, reason="Off topic")

    text = series_page(series)
    assert "Terlalu asin" not in text and "No ratings yet." in text


def test_a_discount_starts_and_ends_on_the_series_page_at_its_instants(monkeypatch):
    now = timezone.now()
    series = PublishedSeriesFactory(price=Decimal("50000"))
    starts, ends = now + timedelta(hours=1), now + timedelta(hours=2)
    create_discount(series=series, price=Decimal("40000"), starts_at=starts, ends_at=ends)
    assert "Log in to buy for Rp 50,000" in series_page(series)

    at(monkeypatch, starts)
    assert "Log in to buy for Rp 40,000" in series_page(series)
    at(monkeypatch, ends)
    assert "Log in to buy for Rp 50,000" in series_page(series)


def test_a_buyer_and_an_anonymous_visitor_never_see_each_others_page():
    series = PublishedSeriesFactory()
    buyer = PurchaseFactory(series=series).buyer
    anonymous = series_page(series)

    as_buyer = series_page(series, signed_in(buyer))
    again = series_page(series)

    assert "You own this Series" in as_buyer and "Log in to buy" not in as_buyer
    assert "You own this Series" not in again and "Log in to buy" in again
    assert without_csrf(again) == without_csrf(anonymous)


def test_a_kept_series_page_still_counts_each_view():
    series = PublishedSeriesFactory()
    series_page(series)
    series_page(series)

    flush_event_counters()

    assert DailyStats.objects.get(series=series).page_views == 2


# A creator's page


def test_new_figures_show_on_the_creators_page_at_once(django_capture_on_commit_callbacks):
    profile = PublishedSeriesFactory().creator
    assert "12,345 followers" not in creator_page(profile).text

    with django_capture_on_commit_callbacks(execute=True):  # the figures' signal, on commit
        record_figures(
            profile=profile,
            recorded_on=timezone.localdate(),
            follower_count=12_345,
            public_video_count=10,
            views_last_30_days=1000,
            source=FigureSource.FORM,
        )

    assert "12,345 followers" in creator_page(profile).text


def test_figures_marked_stale_show_on_the_creators_page_at_once():
    from creators import verification
    from creators.models import CreatorProfile

    profile = PublishedSeriesFactory().creator
    CreatorProfile.objects.filter(pk=profile.pk).update(
        figures_source="api", figures_verified_at=timezone.now()
    )
    assert "TikTok did not answer since" not in creator_page(profile).text

    verification.mark_figures_stale(profile=profile)

    assert "TikTok did not answer since" in creator_page(profile).text


def test_a_creator_deactivated_after_a_view_has_no_page_at_once():
    profile = PublishedSeriesFactory().creator
    assert creator_page(profile).status_code == 200

    profile.user.is_active = False
    profile.user.save(update_fields=["is_active"])

    assert creator_page(profile).status_code == 404


def test_a_new_series_shows_on_the_creators_page_at_once(staff):
    profile = PublishedSeriesFactory().creator
    assert "Nasi uduk" not in creator_page(profile).text
    series = SeriesFactory(creator=profile, title="Nasi uduk")
    EpisodeFactory(series=series)
    change_status(series=series, to_status="in_review", changed_by=profile.user)

    decide_submission(submission=series.submissions.get(), staff=staff, approve=True)

    assert "Nasi uduk" in creator_page(profile).text


def test_a_handle_given_up_and_taken_shows_its_new_owner():
    first = PublishedSeriesFactory(creator__display_name="Ibu Sari").creator
    handle = first.handle
    assert "Ibu Sari" in creator_page(first).text
    update_profile(profile=first, details={"handle": f"{handle}-lama"})
    second = PublishedSeriesFactory(creator__display_name="Pak Budi").creator
    update_profile(profile=second, details={"handle": handle})

    text = visitor().get(reverse("series:by_creator", args=[handle])).text

    assert "Pak Budi" in text and "Ibu Sari" not in text


@pytest.mark.parametrize("count", [2, 30])
def test_a_kept_creators_page_reads_nothing(django_assert_num_queries, count):
    profile = PublishedSeriesFactory().creator
    for series in PublishedSeriesFactory.create_batch(count - 1, creator=profile):
        EpisodeFactory(series=series, is_free_preview=True)
    creator_page(profile)  # finds whose the handle is: read before the versions, not kept
    first = creator_page(profile)

    with django_assert_num_queries(0):
        again = creator_page(profile)

    assert without_csrf(again.text) == without_csrf(first.text)


# Redis down


def test_with_redis_down_the_pages_are_read_from_the_database(cache_down):
    series = PublishedSeriesFactory(title="Bakso", creator__display_name="Ibu Sari")
    EpisodeFactory(series=series, title="Kuah")
    pages = [reverse("series:index"), series.get_absolute_url()]
    pages.append(reverse("series:by_creator", args=[series.creator.handle]))
    assert all("Bakso" in visitor().get(url).text for url in pages)

    Series.objects.filter(pk=series.pk).update(title="Bakso urat")  # no signal, no version

    assert all("Bakso urat" in visitor().get(url).text for url in pages)


# The stored rating


def test_a_deleted_reviewers_review_leaves_the_rating():
    series = PublishedSeriesFactory()
    stayed, left = (PurchaseFactory(series=series).buyer for _ in range(2))
    ratings.save_review(series=series, buyer=stayed, stars=5)
    ratings.save_review(series=series, buyer=left, stars=1)
    assert "3.0 out of 5 from 2 ratings" in series_page(series)

    left.series_reviews.all().delete()  # as a closed account's reviews go

    series.refresh_from_db()
    assert (series.rating_count, series.rating_average) == (1, Decimal("5.00"))
    assert "5.0 out of 5 from 1 rating" in series_page(series)


def test_a_deleted_hidden_review_leaves_the_rating_as_it_was(staff):
    series = PublishedSeriesFactory()
    buyer = PurchaseFactory(series=series).buyer
    review = ratings.save_review(series=series, buyer=buyer, stars=1)
    ratings.save_review(series=series, buyer=PurchaseFactory(series=series).buyer, stars=4)
    ratings.hide_review(review=review, staff=staff, reason="Spam")

    review.delete()

    series.refresh_from_db()
    assert (series.rating_count, series.rating_average) == (1, Decimal("4.00"))


def test_with_each_process_its_own_cache_no_page_is_kept(settings, django_assert_num_queries):
    settings.SHARED_VERSIONS = False  # no Redis: each process's cache its own
    series = PublishedSeriesFactory()
    series_page(series)

    # the Series with its creator (its episodes and discounts are cached under
    # its updated_at, read with it)
    with django_assert_num_queries(1):
        series_page(series)
