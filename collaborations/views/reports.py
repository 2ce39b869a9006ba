"""The reports of what posted content achieved: a campaign's, for the members
of its business (a 404 for everyone else), and a creator's own, with a CSV
download of each."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from brands.selectors import campaigns_for_user
from collaborations import reports
from core.pagination import page_of
from core.permissions import creator_required
from creators.models.profiles import CreatorProfile

PAGE_SIZE = 25


def _render(request, collaborations, *, campaign=None, profile=None):
    page = page_of(reports.posted_videos(collaborations), request.GET.get("page"), PAGE_SIZE)
    rows = [(video, reports.figures_of(video)) for video in page]
    return render(
        request,
        "collaborations/report.html",
        {
            "campaign": campaign,
            "profile": profile,
            "is_creator": profile is not None,
            "totals": reports.totals(collaborations),
            "page": page,
            "rows": rows,
            "chart": reports.views_chart(collaborations),
        },
    )


def _csv(collaborations, name):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(reports.CSV_HEADER)
    writer.writerows(reports.csv_rows(collaborations))
    return response


def _campaign(request, campaign_pk):
    return get_object_or_404(
        campaigns_for_user(request.user).select_related("business"), pk=campaign_pk
    )


@require_GET
@login_required
def campaign_report(request, campaign_pk):
    campaign = _campaign(request, campaign_pk)
    return _render(request, reports.of_campaign(campaign), campaign=campaign)


@require_GET
@login_required
def campaign_report_csv(request, campaign_pk):
    campaign = _campaign(request, campaign_pk)
    name = f"campaign-{campaign.pk}-report-{timezone.localdate():%Y-%m-%d}"
    return _csv(reports.of_campaign(campaign), name)


@require_GET
@creator_required
def my_report(request):
    profile = get_object_or_404(CreatorProfile, user=request.user)
    return _render(request, reports.of_creator(profile), profile=profile)


@require_GET
@creator_required
def my_report_csv(request):
    profile = get_object_or_404(CreatorProfile, user=request.user)
    name = f"my-videos-report-{timezone.localdate():%Y-%m-%d}"
    return _csv(reports.of_creator(profile), name)
