"""Match runs: one campaign, one creator, or every live campaign, and the
stored best matches and ``MatchRun`` rows they leave."""

import time
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.db.models import JSONField, Q, Value
from django.utils import timezone

from brands.models import Campaign, CampaignMatch, MatchingWeights, MatchRun
from brands.page_reads import matches_version
from core import versions
from creators.models import OPEN_TO_OFFERS, CreatorProfile
from matching.columns import TIERS, load_columns
from matching.scoring import Wanted, eligible_creators, hard_conditions, parts_of, score, select_top

# Campaigns whose new lists are written in one transaction by the bulk runs:
# fewer commits, and still short locks.
WRITE_BATCH = 25


@dataclass(frozen=True)
class MatchResult:
    campaign_id: int
    candidates: int
    stored: int
    seconds: float


@dataclass(frozen=True)
class RefreshResult:
    campaigns: int
    creators: int
    stored: int
    load_seconds: float
    seconds: float


def _matches(campaign, wanted, scored, positions, computed_at):
    """The campaign's new ``CampaignMatch`` rows (unsaved) for ``positions`` of ``scored``."""
    return [
        CampaignMatch(
            campaign_id=campaign.pk,
            creator_id=int(scored.ids[position]),
            score=int(scored.scores[position]),
            # As an expression, so PostgreSQL gets plain VALUES rows: Django's
            # array (UNNEST) form escapes every quote of the JSON in Python.
            parts=Value(parts_of(wanted, scored, position), output_field=JSONField()),
            tier=TIERS[scored.columns.tiers[position]],
            followers=int(scored.columns.followers[position]),
            rank=rank,
            computed_at=computed_at,
        )
        for rank, position in enumerate(positions, start=1)
    ]


def _replace_matches(rows_by_campaign, *, runs=()):
    """Replace each campaign's stored matches with its new rows (and record the
    finished ``runs``) in one transaction, so pages see the old list or the new
    one, never half of each. The campaigns are locked first, in id order, so two
    runs of one campaign (a launch and the full refresh) write one after the other.
    Returns how many rows were stored."""
    campaign_ids = sorted(rows_by_campaign)
    rows = [row for campaign_id in campaign_ids for row in rows_by_campaign[campaign_id]]
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().filter(pk__in=campaign_ids)
        list(locked.order_by("pk").values_list("pk"))
        CampaignMatch.objects.filter(campaign_id__in=campaign_ids).delete()
        CampaignMatch.objects.bulk_create(rows, batch_size=1_000)
        if runs:
            MatchRun.objects.bulk_create(
                runs,
                update_conflicts=True,
                unique_fields=["campaign"],
                update_fields=["status", "started_at", "finished_at", "candidates"],
            )
        # Bulk writes send no signal: the matches pages keep their lists under this version.
        for campaign_id in campaign_ids:
            versions.bump(matches_version(campaign_id))
    return len(rows)


def _candidates(wanted, columns, weights):
    """Steps 2 and 3 for one campaign: its candidates among ``columns``, scored."""
    return score(wanted, columns, weights, candidates=hard_conditions(wanted, columns))


def _campaign(campaign_id):
    return Campaign.objects.prefetch_related("niches", "languages").get(pk=campaign_id)


def match_campaign(*, campaign_id, weights=None):
    """Score every eligible creator against the campaign and store its best 50.

    Running it twice leaves the same rows (the old ones are replaced in one
    transaction); the campaign's ``MatchRun`` says when it ran and how many
    creators were scored.
    """
    started = time.perf_counter()
    campaign = _campaign(campaign_id)
    now = timezone.now()
    MatchRun.objects.update_or_create(
        campaign=campaign,
        defaults={"status": MatchRun.Status.RUNNING, "started_at": now},
        create_defaults={"status": MatchRun.Status.RUNNING, "started_at": now, "queued_at": now},
    )
    try:
        wanted = Wanted.of(campaign)
        columns = load_columns(
            eligible_creators(campaign),
            niche_ids=wanted.niche_ids,
            language_ids=wanted.language_ids,
        )
        scored = _candidates(wanted, columns, weights or MatchingWeights.current())
        rows = _matches(campaign, wanted, scored, select_top(scored), timezone.now())
        stored = _replace_matches({campaign.pk: rows})
    except BaseException:
        MatchRun.objects.filter(campaign=campaign).update(
            status=MatchRun.Status.FAILED, finished_at=timezone.now()
        )
        versions.bump(matches_version(campaign.pk))
        raise
    MatchRun.objects.filter(campaign=campaign).update(
        status=MatchRun.Status.DONE, finished_at=timezone.now(), candidates=len(scored)
    )
    versions.bump(matches_version(campaign.pk))
    return MatchResult(campaign.pk, len(scored), stored, time.perf_counter() - started)


def live_campaigns():
    return (
        Campaign.objects.filter(status=Campaign.Status.LIVE)
        .prefetch_related("niches", "languages")
        .order_by("pk")
    )


def refresh_all_matches(*, weights=None, progress=None):
    """Rematch every live campaign against every creator who accepts offers,
    in this process (``match_campaigns --all``; the periodic refresh fans the
    same work out over workers, ``matching.fanout``).

    The creators are loaded into memory once; each campaign is then matched
    against those arrays (no query per campaign), and the new lists are written
    ``WRITE_BATCH`` campaigns per transaction. ``progress(done, total)`` is
    called after each write.
    """
    started = time.perf_counter()
    campaigns = list(live_campaigns())
    columns = load_open_creators()
    loaded = time.perf_counter() - started
    stored = rematch(campaigns, columns, weights=weights, progress=progress)
    return RefreshResult(
        len(campaigns), len(columns), stored, loaded, time.perf_counter() - started
    )


def load_open_creators():
    """Step 1 of a full refresh: every creator who accepts offers, as columns."""
    return load_columns(CreatorProfile.objects.filter(OPEN_TO_OFFERS))


def rematch(campaigns, columns, *, weights=None, progress=None):
    """Steps 2 to 4 for each of ``campaigns`` against the loaded ``columns``:
    their new lists are written ``WRITE_BATCH`` campaigns per transaction, with
    their finished ``MatchRun``. Returns how many rows were stored."""
    weights = weights or MatchingWeights.current()
    stored, batch, runs = 0, {}, []
    for done, campaign in enumerate(campaigns, start=1):
        run_started = timezone.now()
        wanted = Wanted.of(campaign)
        scored = _candidates(wanted, columns, weights)
        batch[campaign.pk] = _matches(campaign, wanted, scored, select_top(scored), run_started)
        runs.append(
            MatchRun(
                campaign=campaign,
                status=MatchRun.Status.DONE,
                queued_at=run_started,
                started_at=run_started,
                finished_at=timezone.now(),
                candidates=len(scored),
            )
        )
        if len(batch) == WRITE_BATCH or done == len(campaigns):
            stored += _replace_matches(batch, runs=runs)
            batch, runs = {}, []
            if progress:
                progress(done, len(campaigns))
    return stored


def match_creator(*, profile_id, weights=None):
    """Bring one creator's place in every live campaign's stored matches up to date.

    The creator and every creator already listed by a live campaign are loaded
    once; for each campaign the creator is scored together with the ones it
    lists, and the best 50 of those are kept, with the same tier mixing as a
    full run. Only campaigns that listed the creator or now do are rewritten. A
    creator who leaves a list is not replaced by the next best until the
    campaign's next full run (the periodic refresh).
    Returns how many campaigns now list the creator.
    """
    weights = weights or MatchingWeights.current()
    campaigns = list(live_campaigns())
    listed_by = {campaign.pk: set() for campaign in campaigns}
    listed_anywhere = CampaignMatch.objects.filter(campaign__status=Campaign.Status.LIVE)
    for campaign_id, creator_id in listed_anywhere.values_list("campaign_id", "creator_id"):
        listed_by.setdefault(campaign_id, set()).add(creator_id)
    columns = load_columns(
        CreatorProfile.objects.filter(OPEN_TO_OFFERS).filter(
            Q(pk=profile_id) | Q(pk__in=listed_anywhere.values("creator_id"))
        )
    )
    listed, changed = 0, {}
    for campaign in campaigns:
        candidates = columns.take(np.isin(columns.ids, [*listed_by[campaign.pk], profile_id]))
        wanted = Wanted.of(campaign)
        scored = _candidates(wanted, candidates, weights)
        positions = select_top(scored)
        now_listed = profile_id in {int(scored.ids[position]) for position in positions}
        if now_listed or profile_id in listed_by[campaign.pk]:
            changed[campaign.pk] = _matches(campaign, wanted, scored, positions, timezone.now())
        if len(changed) == WRITE_BATCH:
            _replace_matches(changed)
            changed = {}
        listed += now_listed
    if changed:
        _replace_matches(changed)
    return listed
