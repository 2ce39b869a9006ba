import math
from functools import partial
from operator import attrgetter

from django.core.paginator import Page
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET

from brands import page_reads
from brands.cards import LazyCards, page_key
from brands.forms import MatchFilterForm
from brands.models import MatchRun
from brands.search_pages import filters_of
from brands.selectors import campaigns_for_user
from core.pagination import Paginator, page_number
from core.permissions import business_required
from creators.models.names import NAMES_VERSION
from creators.signals import CREATORS_VERSION
from matching.explain import PART_LABELS, explain

PAGE_SIZE = 20  # as every list of the business pages

RUN_MESSAGES = {
    MatchRun.Status.QUEUED: gettext_lazy("Finding matches: waiting for a worker…"),
    MatchRun.Status.RUNNING: gettext_lazy("Finding matches: scoring creators now…"),
    MatchRun.Status.DONE: gettext_lazy("Matching finished."),
    MatchRun.Status.FAILED: gettext_lazy(
        "Matching did not finish. It runs again at the next refresh."
    ),
}


def reasons(parts):
    """Why a match fits: a label and a sentence per part of its score."""
    return [{"label": PART_LABELS[part["part"]], "sentence": explain(part)} for part in parts]


def _campaign_with_run(campaigns, pk):
    campaign = get_object_or_404(campaigns.select_related("match_run"), pk=pk)
    # A campaign never matched has no run; select_related cached that as None.
    return campaign, getattr(campaign, "match_run", None)


def _match_page(campaign_id, filters, number):
    """Page ``number`` of the campaign's matches ``filters`` keep, as
    ``page_of`` answers it (past the end, the last page), its rows read with
    their count in one query: ``(rows, (number, total))``."""
    filters = dict(filters)
    sort = filters.pop("sort")

    def read(page):
        return page_reads.match_rows(
            campaign_id, filters, sort=sort, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
        )

    number = page_number(number)
    rows = read(number) if number >= 1 else []
    if not rows and number != 1:
        first = read(1)
        total = first[0].total if first else 0
        number = max(1, math.ceil(total / PAGE_SIZE))
        rows = read(number) if number > 1 else first
    return rows, (number, rows[0].total if rows else 0)


def _creator_id(row):
    return row["creator_id"]


def _row_versions(campaign_id, data):
    """The versions a page of matches is kept under (``data``: the query
    string): the filters' choices, the campaign's matches and run, the campaign
    (its shortlist and collaborations); each shown creator's is added by
    ``PageReads``."""
    names = [
        NAMES_VERSION,
        page_reads.campaign_version(campaign_id),
        page_reads.matches_version(campaign_id),
    ]
    # The niche filter keeps the matches whose creator has the niche today.
    return [*names, CREATORS_VERSION] if data.get("niche") else names


def _matches_of(rows):
    matches = page_reads.matches_of(rows)
    for match in matches:
        # Explained only when the card is rendered, not when it comes from the cache.
        match.reasons = partial(reasons, match.parts)
    return matches


@require_GET
@business_required
def campaign_matches(request, pk):
    """The campaign's stored matches with the reasons, filtered and sorted.
    Reads what the matcher stored; a run in progress is shown, not awaited."""
    heading = page_reads.heading_versions(request.user, pk, with_run=True)
    reads = page_reads.PageReads(
        f"matches:{pk}", request.GET, [*heading, *_row_versions(pk, request.GET)]
    )
    campaign = page_reads.campaign_heading(request.user, pk, with_run=True, reads=reads)
    if campaign is None:
        raise Http404
    run = campaign.run
    names = reads.token(NAMES_VERSION)
    form, filters = filters_of(MatchFilterForm, request.GET, names)
    if filters is not None:
        kept = reads.kept_rows(
            _row_versions(campaign.pk, request.GET),
            partial(_match_page, campaign.pk, filters, request.GET.get("page")),
            _creator_id,
        )
        number, total = kept.state
        page = Page(kept.rows, number, Paginator([], PAGE_SIZE, count=total))
        digest = kept.digest
    else:
        page, digest = Page([], 1, Paginator([], PAGE_SIZE, count=0)), ""
    cards = LazyCards(
        campaign,
        partial(_matches_of, page.object_list),
        creator_of=attrgetter("creator"),
        shown=attrgetter("pk", "score", "tier", "followers", "parts"),
    )
    context = {
        # As the heading's {% blocktranslate %} says it (the same message), without a node.
        "title": gettext("Matches for %(campaign)s") % {"campaign": campaign},
        "campaign": campaign,
        "run": run,
        "run_message": RUN_MESSAGES[run.status] if run else "",
        "computed_at": campaign.last_computed,
        "form": form,
        "page": page,
        "cards": cards,
        "results_key": page_key(
            request,
            campaign,
            digest,
            page.number,
            page.paginator.count,
            campaign.last_computed,
            run.status if run else None,
            names=names,
        ),
    }
    return render(request, "matching/campaign_matches.html", context)


@require_GET
@business_required
def campaign_match_status(request, pk):
    """Whether the campaign's matches are being computed, for the page to poll."""
    campaign, run = _campaign_with_run(campaigns_for_user(request.user), pk)
    return JsonResponse(
        {
            "status": run.status if run else None,
            "in_progress": bool(run and run.in_progress),
            "message": str(RUN_MESSAGES[run.status]) if run else "",
        }
    )
