"""The matcher: which creators suit a campaign, how well, and why.

A run for one campaign has three steps:

1. **Prefilter in the database** on the hard conditions (``eligible_creators``):
   creators not open to brand offers, living outside Indonesia (a campaign's
   regions are Indonesian provinces), speaking none of the campaign's languages,
   or whose cheapest rate package costs more than the fee per creator are left
   out, not scored low.
2. **Score the rest in bulk** with NumPy (``score_candidates``): a handful of
   queries load the candidates' figures as columns, and every part of the
   score is computed for all candidates at once; nothing runs per pair.
3. **Keep the best 50** (``select_top``) mixing audience tiers, and replace the
   campaign's stored ``CampaignMatch`` rows with them in one transaction.

Each part of the score is between 0 and 1; the score is 100 times their mean
weighted by ``MatchingWeights`` (staff edit them in the admin).
"""

import math
import time
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.db.models import Exists, FloatField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from brands.models import Campaign, CampaignMatch, MatchingWeights, MatchRun
from creators.models import AudienceSegment, CreatorProfile, RatePackage

TOP_MATCHES = 50
INDONESIA = "ID"
# Follower counts where the next audience tier starts: nano, micro, mid, macro.
TIER_BOUNDS = np.array([10_000, 100_000, 1_000_000])
TIERS = [
    CampaignMatch.Tier.NANO,
    CampaignMatch.Tier.MICRO,
    CampaignMatch.Tier.MID,
    CampaignMatch.Tier.MACRO,
]
# An engagement rate at or above this (in %) earns the whole engagement half.
STRONG_ENGAGEMENT = 8.0
# Monthly views per follower at or above this earn the whole views half.
STRONG_VIEWS_PER_FOLLOWER = 3.0
# What an unknown figure scores: neither helps nor hurts.
NEUTRAL = 0.5


def tier_for(followers):
    """The audience tier of a follower count."""
    return TIERS[int(np.searchsorted(TIER_BOUNDS, followers, side="right"))]


# --- 1. Hard conditions, in the database --------------------------------------


def eligible_creators(campaign):
    """Creators that may be matched with ``campaign`` at all, each annotated
    with ``cheapest_fee`` (their cheapest rate package in rupiah, or None)."""
    cheapest = RatePackage.objects.filter(profile=OuterRef("pk")).order_by("price_idr")
    creators = CreatorProfile.objects.exclude(
        contact_preference=CreatorProfile.ContactPreference.NONE
    ).annotate(cheapest_fee=Subquery(cheapest.values("price_idr")[:1]))
    if campaign.regions:
        creators = creators.filter(country__code=INDONESIA)
    language_ids = [language.pk for language in campaign.languages.all()]
    if language_ids:
        speaks = CreatorProfile.languages.through.objects.filter(
            creatorprofile_id=OuterRef("pk"), language_id__in=language_ids
        )
        creators = creators.filter(Exists(speaks))
    if campaign.fee_per_creator:
        creators = creators.filter(
            Q(cheapest_fee__isnull=True) | Q(cheapest_fee__lte=campaign.fee_per_creator)
        )
    return creators


# --- 2. Scores, in bulk ----------------------------------------------------------


@dataclass
class Scored:
    """Every candidate of one campaign as columns: figures, parts and score."""

    ids: np.ndarray
    followers: np.ndarray
    views: np.ndarray
    engagement: np.ndarray  # %, NaN when not reported
    cheapest_fee: np.ndarray  # rupiah, NaN without a rate card
    shared_niches: np.ndarray
    spoken_languages: np.ndarray
    indonesian_share: np.ndarray  # %, NaN when not reported
    parts: dict  # part name -> array of 0..1
    scores: np.ndarray  # 0..100

    def __len__(self):
        return len(self.ids)


def _count_per_candidate(ids, owner_ids):
    """How many of ``owner_ids`` (one per related row) belong to each of ``ids`` (sorted)."""
    owner_ids = np.asarray(owner_ids, dtype=np.int64)
    counts = np.zeros(len(ids), dtype=np.int64)
    if len(ids) and len(owner_ids):
        positions = np.searchsorted(ids, owner_ids).clip(0, len(ids) - 1)
        hits = ids[positions] == owner_ids
        np.add.at(counts, positions[hits], 1)
    return counts


def _value_per_candidate(ids, pairs):
    """The value of each of ``ids`` (sorted) from ``(id, value)`` pairs; NaN where missing."""
    values = np.full(len(ids), np.nan)
    if len(ids) and pairs:
        owner_ids, found = np.array(pairs, dtype=float).T
        owner_ids = owner_ids.astype(np.int64)
        positions = np.searchsorted(ids, owner_ids).clip(0, len(ids) - 1)
        hits = ids[positions] == owner_ids
        values[positions[hits]] = found[hits]
    return values


def score_candidates(campaign, *, weights=None, creator_ids=None):
    """Score every creator eligible for ``campaign`` (only ``creator_ids`` when
    given) in a fixed number of queries, whatever their number."""
    weights = weights or MatchingWeights.current()
    candidates = eligible_creators(campaign).order_by("pk")
    if creator_ids is not None:
        candidates = candidates.filter(pk__in=creator_ids)
    rows = list(
        candidates.annotate(
            engagement=Cast("engagement_rate", FloatField()),
            cheapest=Cast("cheapest_fee", FloatField()),
        ).values_list("pk", "follower_count", "views_last_30_days", "engagement", "cheapest")
    )
    columns = np.array(rows, dtype=float).reshape(-1, 5).T
    ids = columns[0].astype(np.int64)
    niche_ids = [niche.pk for niche in campaign.niches.all()]
    language_ids = [language.pk for language in campaign.languages.all()]
    restrict = {} if creator_ids is None else {"creatorprofile_id__in": creator_ids}
    shared_niches = _count_per_candidate(
        ids,
        CreatorProfile.niches.through.objects.filter(niche_id__in=niche_ids, **restrict)
        .values_list("creatorprofile_id", flat=True)
        .iterator(chunk_size=10_000)
        if niche_ids
        else [],
    )
    spoken = _count_per_candidate(
        ids,
        CreatorProfile.languages.through.objects.filter(language_id__in=language_ids, **restrict)
        .values_list("creatorprofile_id", flat=True)
        .iterator(chunk_size=10_000)
        if language_ids
        else [],
    )
    segments = AudienceSegment.objects.filter(
        kind=AudienceSegment.Kind.COUNTRY, label__iexact="Indonesia"
    )
    if creator_ids is not None:
        segments = segments.filter(profile_id__in=creator_ids)
    indonesian_share = _value_per_candidate(
        ids, list(segments.values_list("profile_id", "share_percent"))
    )
    scored = Scored(
        ids=ids,
        followers=columns[1],
        views=columns[2],
        engagement=columns[3],
        cheapest_fee=columns[4],
        shared_niches=shared_niches,
        spoken_languages=spoken,
        indonesian_share=indonesian_share,
        parts={},
        scores=np.zeros(len(ids)),
    )
    scored.parts = score_parts(campaign, scored, niche_ids=niche_ids, language_ids=language_ids)
    total = sum(weights.as_dict().values())
    scored.scores = np.rint(
        100 * sum(weight * scored.parts[part] for part, weight in weights.as_dict().items()) / total
    )
    return scored


def score_parts(campaign, scored, *, niche_ids, language_ids):
    """Each part of the score for every candidate, between 0 and 1."""
    size = len(scored)
    niche = scored.shared_niches / len(niche_ids) if niche_ids else np.ones(size)

    languages = scored.spoken_languages / len(language_ids) if language_ids else np.ones(size)
    place = np.where(np.isnan(scored.indonesian_share), NEUTRAL, scored.indonesian_share / 100)
    place_and_language = (languages + place) / 2

    # Inside the wanted range scores 1; outside it, the score falls with the
    # distance in orders of magnitude, reaching 0 at ten times off.
    log_followers = np.log10(scored.followers + 1)
    smallest = campaign.audience_min or 0
    largest = campaign.audience_max
    distance = np.maximum(math.log10(smallest + 1) - log_followers, 0)
    if largest is not None:
        distance = np.maximum(distance, log_followers - math.log10(largest + 1))
    audience_size = np.clip(1 - distance, 0, 1)

    # Views are counted per follower so that a small account with an attentive
    # audience is not outscored by sheer size.
    engagement = np.where(
        np.isnan(scored.engagement),
        NEUTRAL,
        np.clip(scored.engagement / STRONG_ENGAGEMENT, 0, 1),
    )
    views_per_follower = scored.views / np.maximum(scored.followers, 1)
    views = np.clip(views_per_follower / STRONG_VIEWS_PER_FOLLOWER, 0, 1)
    performance = (engagement + views) / 2

    # The prefilter left out rates above the fee; within it, a cheaper rate
    # scores higher, from 0.5 (the whole fee) to 1 (free).
    if campaign.fee_per_creator:
        fee = np.where(
            np.isnan(scored.cheapest_fee),
            NEUTRAL,
            1 - scored.cheapest_fee / float(campaign.fee_per_creator) / 2,
        )
    else:
        fee = np.full(size, NEUTRAL)

    # Reliability will come from past collaborations (delivered on time,
    # approved, ratings). Collaborations do not exist yet, so every creator
    # gets the same neutral value and the part changes no ranking.
    reliability = np.full(size, NEUTRAL)
    return {
        "niche": niche,
        "place_and_language": place_and_language,
        "audience_size": audience_size,
        "performance": performance,
        "fee": fee,
        "reliability": reliability,
    }


# --- 3. The stored best matches, mixing tiers ----------------------------------------


def select_top(scored, limit=TOP_MATCHES):
    """Positions (in ``scored``) of the matches to keep, best first.

    Fairness: ranking by score alone would fill the list with the largest
    accounts, whose views and reach lift them. Instead the candidates are split
    into the four audience tiers (nano under 10k followers, micro 10k–100k, mid
    100k–1M, macro over 1M) and taken in rounds: each round takes the best
    remaining creator of every tier that still has one, and orders those few by
    score. So the top four are the best of each tier, and a tier gets more
    places only when the other tiers run out of candidates. Ties go to the
    older profile (lower id), so a rerun keeps the same list.
    """
    order = np.lexsort((scored.ids, -scored.scores))
    tiers = np.searchsorted(TIER_BOUNDS, scored.followers, side="right")
    queues = [order[tiers[order] == tier][:limit] for tier in range(len(TIERS))]
    picked = []
    for round_number in range(limit):
        best_of_each = [queue[round_number] for queue in queues if round_number < len(queue)]
        if not best_of_each:
            break
        best_of_each.sort(key=lambda position: (-scored.scores[position], scored.ids[position]))
        picked.extend(best_of_each[: limit - len(picked)])
        if len(picked) >= limit:
            break
    return picked


def parts_of(campaign, scored, position, *, niche_count, language_count):
    """The stored parts of one candidate's score: the value and what it rests on."""

    def number(array):
        value = array[position]
        return None if math.isnan(value) else round(float(value), 2)

    values = {
        "niche": {"shared": int(scored.shared_niches[position]), "wanted": niche_count},
        "place_and_language": {
            "spoken": int(scored.spoken_languages[position]),
            "wanted": language_count,
            "indonesian_share": number(scored.indonesian_share),
        },
        "audience_size": {
            "followers": int(scored.followers[position]),
            "smallest": campaign.audience_min,
            "largest": campaign.audience_max,
        },
        "performance": {
            "engagement": number(scored.engagement),
            "views": int(scored.views[position]),
        },
        "fee": {
            "cheapest": None
            if math.isnan(scored.cheapest_fee[position])
            else int(scored.cheapest_fee[position]),
            "fee_per_creator": int(campaign.fee_per_creator or 0),
        },
        "reliability": {},
    }
    return [
        {
            "part": part,
            "score": round(float(scored.parts[part][position]), 2),
            "values": values[part],
        }
        for part in MatchingWeights.PARTS
    ]


PART_LABELS = {
    "niche": _("Niche"),
    "place_and_language": _("Region and language"),
    "audience_size": _("Audience size"),
    "performance": _("Engagement and views"),
    "fee": _("Fee"),
    "reliability": _("Reliability"),
}


def _rupiah(amount):
    return f"Rp {amount:,}".replace(",", ".")


def explain(part):
    """The sentence for one stored part of a score, in the active language."""
    values = part["values"]
    name = part["part"]
    if name == "niche":
        if not values["wanted"]:
            return str(_("You chose no niche, so every niche fits."))
        return (
            ngettext(
                "Makes content in %(shared)d of the %(wanted)d niche you chose.",
                "Makes content in %(shared)d of the %(wanted)d niches you chose.",
                values["wanted"],
            )
            % values
        )
    if name == "place_and_language":
        share = values["indonesian_share"]
        place = (
            _("Lives in Indonesia; %(share)s%% of the audience is in Indonesia.")
            % {"share": f"{share:g}"}
            if share is not None
            else _("Lives in Indonesia; where the audience is was not reported.")
        )
        if not values["wanted"]:
            return str(place)
        language = ngettext(
            "Speaks %(spoken)d of the %(wanted)d language you chose.",
            "Speaks %(spoken)d of the %(wanted)d languages you chose.",
            values["wanted"],
        ) % {"spoken": values["spoken"], "wanted": values["wanted"]}
        return f"{place} {language}"
    if name == "audience_size":
        followers = values["followers"]
        smallest, largest = values["smallest"] or 0, values["largest"]
        if followers < smallest:
            return _("%(followers)s followers: fewer than the %(smallest)s you want.") % {
                "followers": f"{followers:,}",
                "smallest": f"{smallest:,}",
            }
        if largest is not None and followers > largest:
            return _("%(followers)s followers: more than the %(largest)s you want.") % {
                "followers": f"{followers:,}",
                "largest": f"{largest:,}",
            }
        return _("%(followers)s followers: within the audience size you want.") % {
            "followers": f"{followers:,}"
        }
    if name == "performance":
        engagement = values["engagement"]
        if engagement is None:
            return _("%(views)s views in the last 30 days; engagement not reported.") % {
                "views": f"{values['views']:,}"
            }
        return _("%(engagement)s%% engagement and %(views)s views in the last 30 days.") % {
            "engagement": f"{engagement:g}",
            "views": f"{values['views']:,}",
        }
    if name == "fee":
        if values["cheapest"] is None:
            return str(_("Has no rate card yet; agree the fee in your invitation."))
        return _("Cheapest package %(cheapest)s, within your fee of %(fee)s per creator.") % {
            "cheapest": _rupiah(values["cheapest"]),
            "fee": _rupiah(values["fee_per_creator"]),
        }
    return str(_("No past collaborations to judge by yet; counted as neutral."))


# --- Runs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchResult:
    campaign_id: int
    candidates: int
    stored: int
    seconds: float


def _campaign(campaign_id):
    return Campaign.objects.prefetch_related("niches", "languages").get(pk=campaign_id)


def _store(campaign, scored, positions, computed_at):
    """Replace ``campaign``'s stored matches with ``positions`` of ``scored``, at once."""
    niche_count = len(campaign.niches.all())
    language_count = len(campaign.languages.all())
    matches = [
        CampaignMatch(
            campaign=campaign,
            creator_id=int(scored.ids[position]),
            score=int(scored.scores[position]),
            parts=parts_of(
                campaign,
                scored,
                position,
                niche_count=niche_count,
                language_count=language_count,
            ),
            tier=tier_for(scored.followers[position]),
            followers=int(scored.followers[position]),
            rank=rank,
            computed_at=computed_at,
        )
        for rank, position in enumerate(positions, start=1)
    ]
    with transaction.atomic():
        CampaignMatch.objects.filter(campaign=campaign).delete()
        CampaignMatch.objects.bulk_create(matches)
    return len(matches)


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
        scored = score_candidates(campaign, weights=weights)
        stored = _store(campaign, scored, select_top(scored), timezone.now())
    except BaseException:
        MatchRun.objects.filter(campaign=campaign).update(
            status=MatchRun.Status.FAILED, finished_at=timezone.now()
        )
        raise
    MatchRun.objects.filter(campaign=campaign).update(
        status=MatchRun.Status.DONE, finished_at=timezone.now(), candidates=len(scored)
    )
    return MatchResult(campaign.pk, len(scored), stored, time.perf_counter() - started)


def live_campaign_ids():
    return list(
        Campaign.objects.filter(status=Campaign.Status.LIVE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def match_creator(*, profile_id, weights=None):
    """Bring one creator's place in every live campaign's stored matches up to date.

    For each live campaign the creator is scored together with the creators
    already stored for it, and the best 50 of those are kept, with the same tier
    mixing as a full run. That costs a few small queries per campaign instead
    of a run over every creator; a creator who leaves a list is not replaced by
    the next best until the campaign's next full run (the periodic refresh).
    Returns how many campaigns now list the creator.
    """
    weights = weights or MatchingWeights.current()
    listed = 0
    campaigns = Campaign.objects.filter(status=Campaign.Status.LIVE).prefetch_related(
        "niches", "languages"
    )
    for campaign in campaigns:
        creator_ids = [
            profile_id,
            *CampaignMatch.objects.filter(campaign=campaign)
            .exclude(creator_id=profile_id)
            .values_list("creator_id", flat=True),
        ]
        scored = score_candidates(campaign, weights=weights, creator_ids=creator_ids)
        positions = select_top(scored)
        _store(campaign, scored, positions, timezone.now())
        listed += any(scored.ids[position] == profile_id for position in positions)
    return listed
