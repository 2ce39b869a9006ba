"""The creator's figures: earnings, per-day analytics and their CSV export."""

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.charts import line_chart
from core.permissions import creator_required
from series import selectors
from series.models import DailyStats
from series.views.common import page_of, profile_of


@require_GET
@creator_required
def earnings(request):
    per_series, totals = selectors.earnings(profile=profile_of(request))
    rows = [(row, line_chart(row.daily_sales)) for row in per_series]
    return render(
        request, "series/earnings.html", {"page": page_of(request, rows), "totals": totals}
    )


@require_GET
@creator_required
def analytics(request, pk):
    series = selectors.own_series(user=request.user, pk=pk)
    days = selectors.daily_figures(series=series)
    return render(
        request,
        "series/analytics.html",
        {
            "series": series,
            "days": days,
            "totals": _totals(days),
            "views_chart": line_chart([(row.day, row.page_views) for row in days]),
            "purchases_chart": line_chart([(row.day, row.purchases) for row in days]),
        },
    )


def _totals(days):
    return DailyStats(
        **{
            field: sum(getattr(row, field) for row in days)
            for field in (
                "page_views",
                "preview_plays",
                "purchases",
                "revenue",
                "refunds",
                "refunded",
                "episode_starts",
                "episode_completions",
            )
        }
    )


@require_GET
@creator_required
def analytics_csv(request, pk):
    series = selectors.own_series(user=request.user, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="series-{series.pk}-analytics.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "day",
            "page_views",
            "preview_plays",
            "purchases",
            "conversion_percent",
            f"revenue_{series.currency}",
            "refunds",
            f"refunded_{series.currency}",
            "episode_starts",
            "episode_completions",
            "completion_percent",
        ]
    )
    for row in selectors.daily_figures(series=series):
        writer.writerow(
            [
                row.day.isoformat(),
                row.page_views,
                row.preview_plays,
                row.purchases,
                "" if row.conversion is None else f"{row.conversion:.1f}",
                row.revenue,
                row.refunds,
                row.refunded,
                row.episode_starts,
                row.episode_completions,
                "" if row.completion is None else f"{row.completion:.1f}",
            ]
        )
    return response
