"""Per-Series daily analytics: sales and refunds written with the orders (so
they add up), page views and plays counted outside the database (in Redis, or
in counter files without it) and flushed by a task, the creator's page with
its chart and CSV export."""

import csv
import io
import threading
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from payments.models import Payment
from series.models import DailyStats, Purchase
from series.services.counters import count_event, flush_event_counters
from series.services.discounts import create_discount
from series.services.sales import record_purchase, refund_purchase, start_purchase
from tests.factories import StaffFactory, UserFactory
from tests.series.factories import EpisodeFactory, PurchaseFactory

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")


def buy(series, *, at, now=None):
    """Buy ``series`` through the checkout and the payment, paid at ``at``."""
    payment = start_purchase(
        series=series, buyer=UserFactory(), attempt="a", return_url="/", now=now or at
    )
    payment.status, payment.completed_at = Payment.Status.PAID, at
    payment.save()
    return record_purchase(payment=payment)


def totals(series):
    return DailyStats.objects.filter(series=series).aggregate(
        purchases=Sum("purchases"),
        revenue=Sum("revenue"),
        refunds=Sum("refunds"),
        refunded=Sum("refunded"),
    )


def test_analytics_rows_add_up_to_the_orders():
    series = EpisodeFactory(series__price=Decimal("50000")).series
    create_discount(
        series=series,
        price=Decimal("40000"),
        starts_at=datetime(2026, 5, 2, tzinfo=JAKARTA),
        ends_at=datetime(2026, 5, 3, tzinfo=JAKARTA),
        now=datetime(2026, 5, 1, tzinfo=JAKARTA),
    )
    moments = [
        datetime(2026, 5, 1, 23, 59, tzinfo=JAKARTA),
        # 00:30 in Jakarta is still 1 May in UTC: the row is Jakarta's 2 May.
        datetime(2026, 5, 2, 0, 30, tzinfo=JAKARTA),
        datetime(2026, 5, 2, 18, 0, tzinfo=JAKARTA),
        datetime(2026, 5, 3, 9, 0, tzinfo=JAKARTA),
    ]
    purchases = [buy(series, at=moment) for moment in moments]
    refund_purchase(purchase=purchases[1], staff=StaffFactory())

    sums = totals(series)
    orders = Purchase.objects.filter(series=series)
    assert sums["purchases"] == orders.count() == 4
    assert sums["revenue"] == orders.aggregate(total=Sum("price"))["total"] == Decimal("180000")
    assert (sums["refunds"], sums["refunded"]) == (1, Decimal("40000"))
    by_day = dict(DailyStats.objects.filter(series=series).values_list("day", "purchases"))
    assert by_day[datetime(2026, 5, 2).date()] == 2
    assert by_day[datetime(2026, 5, 1).date()] == 1


def test_a_second_payment_for_an_owned_series_is_no_sale():
    series = EpisodeFactory().series
    purchase = PurchaseFactory(series=series)
    payment = start_purchase(series=series, buyer=UserFactory(), attempt="b", return_url="/")
    payment.payer = purchase.buyer
    payment.status, payment.completed_at = Payment.Status.PAID, timezone.now()
    payment.save()

    duplicate = record_purchase(payment=payment)
    refund_purchase(purchase=duplicate, staff=StaffFactory())

    assert duplicate.status == Purchase.Status.DUPLICATE
    assert totals(series) == {"purchases": None, "revenue": None, "refunds": None, "refunded": None}


def test_page_views_are_counted_in_the_cache_and_flushed_once(client):
    series = EpisodeFactory().series

    client.get(series.get_absolute_url())
    client.get(series.get_absolute_url())
    before = DailyStats.objects.filter(series=series, page_views__gt=0).exists()
    moved = flush_event_counters()
    again = flush_event_counters()

    assert before is False
    assert (moved, again) == (2, 0)
    assert DailyStats.objects.get(series=series).page_views == 2


def test_counts_made_at_the_same_time_are_all_kept(django_assert_num_queries):
    """Without Redis the counters are files shared by every process; each
    increment is atomic there too, so no count is lost to a concurrent one."""
    series = EpisodeFactory().series

    def count_five():
        for _ in range(5):
            count_event(series_id=series.pk, event="page_views")

    with django_assert_num_queries(0):
        threads = [threading.Thread(target=count_five) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert flush_event_counters() == 40
    assert DailyStats.objects.get(series=series).page_views == 40


def test_the_creators_own_views_are_not_counted(client):
    series = EpisodeFactory().series
    client.force_login(series.creator.user)

    client.get(series.get_absolute_url())

    assert flush_event_counters() == 0


def watch_event(client, episode, event):
    return client.post(
        reverse("series:watch_event", args=[episode.series_id, episode.pk]), {"event": event}
    )


def test_plays_are_counted_as_previews_for_visitors_and_episodes_for_buyers(client):
    preview = EpisodeFactory(is_free_preview=True)
    paid = EpisodeFactory(series=preview.series)
    buyer = PurchaseFactory(series=preview.series).buyer

    visitor_preview = watch_event(client, preview, "play")
    visitor_paid = watch_event(client, paid, "play")
    client.force_login(buyer)
    watch_event(client, paid, "play")
    watch_event(client, paid, "complete")
    watch_event(client, preview, "play")
    bad = watch_event(client, paid, "rewind")
    flush_event_counters()

    assert (visitor_preview.status_code, visitor_paid.status_code, bad.status_code) == (
        204,
        404,
        404,
    )
    row = DailyStats.objects.get(series=preview.series)
    assert (row.preview_plays, row.episode_starts, row.episode_completions) == (1, 2, 1)


def test_the_watch_event_rejects_get(client):
    episode = EpisodeFactory(is_free_preview=True)

    response = client.get(reverse("series:watch_event", args=[episode.series_id, episode.pk]))

    assert response.status_code == 405


def test_the_analytics_page_shows_the_figures_and_the_chart(client):
    series = EpisodeFactory(series__price=Decimal("50000")).series
    today = timezone.localdate()
    DailyStats.objects.create(series=series, day=today, page_views=40, purchases=2)
    DailyStats.objects.create(series=series, day=today - timedelta(days=1), page_views=10)
    buy(series, at=timezone.now())
    client.force_login(series.creator.user)

    response = client.get(reverse("series:analytics", args=[series.pk]))

    assert response.status_code == 200
    assert "<polyline" in response.text
    assert "Page views per day" in response.text
    assert "Rp 50,000" in response.text
    assert "6.0%" in response.text  # 3 purchases of 50 views


def test_the_csv_export_has_a_row_per_day(client):
    series = EpisodeFactory().series
    today = timezone.localdate()
    DailyStats.objects.create(
        series=series,
        day=today,
        page_views=50,
        purchases=1,
        revenue=Decimal("50000"),
        episode_starts=4,
        episode_completions=3,
    )
    client.force_login(series.creator.user)

    response = client.get(reverse("series:analytics_csv", args=[series.pk]))

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert len(rows) == 30
    assert rows[-1] == {
        "day": today.isoformat(),
        "page_views": "50",
        "preview_plays": "0",
        "purchases": "1",
        "conversion_percent": "2.0",
        "revenue_IDR": "50000.00",
        "refunds": "0",
        "refunded_IDR": "0.00",
        "episode_starts": "4",
        "episode_completions": "3",
        "completion_percent": "75.0",
    }


@pytest.mark.parametrize("name", ["series:analytics", "series:analytics_csv"])
def test_another_creators_analytics_are_not_found(client, name):
    series = EpisodeFactory().series
    client.force_login(EpisodeFactory().series.creator.user)

    assert client.get(reverse(name, args=[series.pk])).status_code == 404


@pytest.mark.parametrize("days", [1, 30])
def test_the_analytics_page_query_count_does_not_grow(client, django_assert_num_queries, days):
    series = EpisodeFactory().series
    today = timezone.localdate()
    for offset in range(days):
        DailyStats.objects.create(series=series, day=today - timedelta(days=offset), page_views=3)
    client.force_login(series.creator.user)

    # session, user, Series with creator, episodes, daily figures
    with django_assert_num_queries(5):
        client.get(reverse("series:analytics", args=[series.pk]))
