"""Steps 2 to 4 of the matcher for one campaign: the hard conditions, the
score of every candidate, the best matches mixing tiers, and the parts stored
with each match."""

import math
from dataclasses import dataclass

import numpy as np
from django.db.models import Min

from brands.models import MatchingWeights
from creators.models import OPEN_TO_OFFERS, CreatorProfile, RatePackage
from matching.columns import (
    NO_PROVINCE,
    PROVINCES,
    TIERS,
    CreatorColumns,
    date_of,
    indonesia_id,
    province_numbers,
)
from matching.parts import score_parts

TOP_MATCHES = 50


# --- 2. Hard conditions ----------------------------------------------------------


@dataclass(frozen=True)
class Wanted:
    """What a campaign asks of creators, read once from the campaign."""

    niche_ids: list
    language_ids: list
    regions: list
    fee_per_creator: float | None
    audience_min: int
    audience_max: int | None

    @classmethod
    def of(cls, campaign):
        """Uses the campaign's prefetched niches and languages when it has them."""
        return cls(
            niche_ids=sorted(niche.pk for niche in campaign.niches.all()),
            language_ids=sorted(language.pk for language in campaign.languages.all()),
            regions=list(campaign.regions or []),
            fee_per_creator=float(campaign.fee_per_creator) if campaign.fee_per_creator else None,
            audience_min=campaign.audience_min or 0,
            audience_max=campaign.audience_max,
        )


def eligible_creators(campaign):
    """Creators that may be matched with ``campaign`` at all: the database's
    version of ``hard_conditions``. Each condition is a plain column test or a
    subquery the database runs once (a hashed semi-join), not once per creator."""
    creators = CreatorProfile.objects.filter(OPEN_TO_OFFERS)
    if campaign.regions:
        # The id, not a join on the code, so the planner sees how many match;
        # the province has an index (creators.models).
        creators = creators.filter(country_id=indonesia_id(), province__in=campaign.regions)
    language_ids = [language.pk for language in campaign.languages.all()]
    if language_ids:
        speakers = CreatorProfile.languages.through.objects.filter(language_id__in=language_ids)
        creators = creators.filter(pk__in=speakers.values("creatorprofile_id"))
    if campaign.fee_per_creator:
        too_dear = (
            RatePackage.objects.order_by()
            .values("profile_id")
            .annotate(cheapest=Min("price_idr"))
            .filter(cheapest__gt=campaign.fee_per_creator)
        )
        creators = creators.exclude(pk__in=too_dear.values("profile_id"))
    return creators


def hard_conditions(wanted, columns):
    """Which of ``columns`` may be matched with the campaign at all (a boolean mask).
    Creators who do not accept offers are never loaded, so are not checked here."""
    allowed = np.ones(len(columns), dtype=bool)
    if wanted.regions:
        allowed &= columns.in_indonesia & np.isin(
            columns.province, province_numbers(wanted.regions)
        )
    if wanted.language_ids:
        allowed &= columns.languages.count(wanted.language_ids) > 0
    if wanted.fee_per_creator:
        allowed &= np.isnan(columns.cheapest_fee) | (columns.cheapest_fee <= wanted.fee_per_creator)
    return allowed


# --- 3. Scores, in bulk ----------------------------------------------------------


@dataclass
class Scored:
    """Every creator of ``columns`` scored against one campaign; ``candidates``
    marks the ones the hard conditions allow (the others are never listed).
    Scoring all of them and masking costs less than copying out the allowed."""

    columns: CreatorColumns
    candidates: np.ndarray  # bool
    shared_niches: np.ndarray
    spoken_languages: np.ndarray
    parts: dict  # part name -> array of 0..1
    points: np.ndarray  # the score in hundredths of a point (0..10000), for ranking
    scores: np.ndarray  # the score shown, 0..100, rounded half up from ``points``

    def __len__(self):
        """How many candidates were scored."""
        return int(np.count_nonzero(self.candidates))

    @property
    def ids(self):
        return self.columns.ids


def score(wanted, columns, weights, candidates=None):
    """Score every one of ``columns`` against the campaign; nothing runs per
    creator. ``candidates`` (a boolean mask) limits who may be listed."""
    shared_niches = columns.niches.count(wanted.niche_ids)
    spoken_languages = columns.languages.count(wanted.language_ids)
    parts = score_parts(wanted, columns, shared_niches, spoken_languages)
    weight_of = weights.as_dict()
    weighted = sum(weight * parts[part] for part, weight in weight_of.items())
    points = np.rint(10_000 * weighted / sum(weight_of.values())).astype(np.int64)
    return Scored(
        columns=columns,
        candidates=np.ones(len(columns), dtype=bool) if candidates is None else candidates,
        shared_niches=shared_niches,
        spoken_languages=spoken_languages,
        parts=parts,
        points=points,
        scores=(points + 50) // 100,
    )


# --- 4. The stored best matches, mixing tiers ----------------------------------------


def _best(positions, scored, limit):
    """The ``limit`` best of ``positions``, best first; equal scores go to the
    older profile (lower id). Sorts only the few near the top."""
    points = scored.points[positions]
    if len(positions) > limit:
        cut = np.partition(points, len(points) - limit)[len(points) - limit]
        positions, points = positions[points >= cut], points[points >= cut]
    order = np.lexsort((scored.ids[positions], -points))
    return positions[order][:limit]


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
    tiers = scored.columns.tiers
    queues = [
        _best(np.flatnonzero((tiers == tier) & scored.candidates), scored, limit)
        for tier in range(len(TIERS))
    ]
    picked = []
    for round_number in range(limit):
        best_of_each = [queue[round_number] for queue in queues if round_number < len(queue)]
        if not best_of_each:
            break
        best_of_each.sort(key=lambda position: (-scored.points[position], scored.ids[position]))
        picked.extend(best_of_each[: limit - len(picked)])
        if len(picked) >= limit:
            break
    return [int(position) for position in picked]


def parts_of(wanted, scored, position):
    """The stored parts of one candidate's score: the value and what it rests on."""
    columns = scored.columns

    def number(array):
        value = array[position]
        return None if math.isnan(value) else round(float(value), 2)

    judged = int(columns.judged[position])
    values = {
        "niche": {"shared": int(scored.shared_niches[position]), "wanted": len(wanted.niche_ids)},
        "place_and_language": {
            "spoken": int(scored.spoken_languages[position]),
            "wanted": len(wanted.language_ids),
            "indonesian_share": number(columns.indonesian_share),
            "in_indonesia": bool(columns.in_indonesia[position]),
            "province": None
            if columns.province[position] == NO_PROVINCE
            else PROVINCES[columns.province[position]],
            "regions_chosen": bool(wanted.regions),
        },
        "audience_size": {
            "followers": int(columns.followers[position]),
            "smallest": wanted.audience_min or None,
            "largest": wanted.audience_max,
        },
        "performance": {
            "engagement": number(columns.engagement),
            "views": int(columns.views[position]),
        },
        "fee": {
            "cheapest": None
            if math.isnan(columns.cheapest_fee[position])
            else int(columns.cheapest_fee[position]),
            "fee_per_creator": int(wanted.fee_per_creator or 0),
        },
        "reliability": {
            "judged": judged,
            "on_time": int(columns.on_time[position]),
            "approved": int(columns.approved[position]),
            "stars": number(columns.stars),
            "videos_measured": int(columns.videos_measured[position]),
            "vs_average": number(columns.vs_average),
        }
        if judged or columns.videos_measured[position]
        else {},
        "confidence": {
            "verified_on": None
            if math.isnan(columns.verified_on[position])
            else date_of(columns.verified_on[position]).isoformat(),
            "has_figures": bool(columns.has_figures[position]),
        },
    }
    return [
        {
            "part": part,
            "score": round(float(scored.parts[part][position]), 2),
            "values": values[part],
        }
        for part in MatchingWeights.PARTS
    ]
