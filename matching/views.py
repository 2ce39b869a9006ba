from functools import partial
from operator import attrgetter

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from brands.cards import mark_cards
from brands.forms import MatchFilterForm
from brands.models import MatchRun
from brands.selectors import (
    campaigns_for_user,
    stored_matches,
    with_last_computed,
    with_relations,
)
from core.pagination import page_of
from core.permissions import business_required
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


@require_GET
@business_required
def campaign_matches(request, pk):
    """The campaign's stored matches with the reasons, filtered and sorted.
    Reads what the matcher stored; a run in progress is shown, not awaited."""
    campaigns = with_last_computed(campaigns_for_user(request.user))
    campaign, run = _campaign_with_run(campaigns, pk)
    form = MatchFilterForm(request.GET)
    matches = (
        with_relations(stored_matches(campaign, **form.filters()), campaign, "creator_id")
        if form.is_valid()
        else []
    )
    page = page_of(matches, request.GET.get("page"), PAGE_SIZE)
    for match in page:
        # Explained only when the card is rendered, not when it comes from the cache.
        match.reasons = partial(reasons, match.parts)
    cards_key = mark_cards(
        campaign,
        page,
        creator_of=attrgetter("creator"),
        shown=attrgetter("pk", "score", "tier", "followers", "parts"),
    )
    context = {
        "campaign": campaign,
        "run": run,
        "run_message": RUN_MESSAGES[run.status] if run else "",
        "computed_at": campaign.last_computed,
        "form": form,
        "page": page,
        "cards_key": cards_key,
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
