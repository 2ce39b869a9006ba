"""The matcher: which creators suit a campaign, how well, and why.

Creators are scored as columns, never one pair at a time:

1. **Load the creators as columns** (``load_columns``): ids, followers, views,
   engagement, cheapest fee, niche and language membership (a boolean matrix,
   one column per niche or language), the Indonesian share of the audience and
   the track record from past collaborations, in a fixed number of queries
   whatever the number of creators. Creators who do not accept brand offers
   are never loaded.
2. **Apply the hard conditions** (``hard_conditions``): when the campaign names
   regions (Indonesian provinces), creators who do not live in Indonesia in one
   of those provinces; creators speaking none of the campaign's languages; and
   creators whose cheapest rate package costs more than the fee per creator are
   left out, not scored low. A creator in Indonesia who has not recorded a
   province is left out of campaigns that name regions too: the business asked
   for those provinces, and nothing says the creator is in one (campaigns that
   name no region match them). For one campaign the same conditions also run in
   the database first (``eligible_creators``), so only candidates are loaded;
   the tests run both on the same creators to keep the two in step.
3. **Score the rest in bulk** (``score``): every part of the score is a NumPy
   expression over all candidates at once.
4. **Keep the best 50** (``select_top``) mixing audience tiers, and replace the
   campaign's stored ``CampaignMatch`` rows with them in one transaction.

One campaign (a launch) runs all four steps for that campaign
(``match_campaign``). The periodic full refresh (``refresh_all_matches``) loads
every creator once and runs steps 2 to 4 for each live campaign against the
same arrays. A creator's change (``match_creator``) loads that creator and the
creators already listed, and rescores them for every live campaign. All three
share the code of steps 2 to 4, so the same data gives the same rows.

Each part of the score is between 0 and 1; the score is 100 times their mean
weighted by ``MatchingWeights`` (staff edit them in the admin).
"""

import math
import time
from dataclasses import dataclass, fields
from decimal import Decimal

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import Case, FloatField, IntegerField, JSONField, Min, Q, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from brands.models import Campaign, CampaignMatch, MatchingWeights, MatchRun
from collaborations.selectors import track_records
from core.money import format_money
from creators.models import (
    OPEN_TO_OFFERS,
    AudienceSegment,
    CreatorProfile,
    Province,
    RatePackage,
    Region,
)

TOP_MATCHES = 50
# Campaigns whose new lists are written in one transaction by the bulk runs:
# fewer commits, and still short locks.
WRITE_BATCH = 25
INDONESIA = Region.INDONESIA
# Provinces as numbers, so that they load with the other figures as one float
# table: a creator's province is its position here, NO_PROVINCE when not recorded.
PROVINCES = Province.values
NO_PROVINCE = -1
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
# A track record is weighed against this many imaginary neutral collaborations,
# so one late delivery does not sink a newcomer and one good job does not make
# them the most reliable creator on the portal; long records speak for themselves.
PRIOR_COLLABORATIONS = 2


def tier_for(followers):
    """The audience tier of a follower count."""
    return TIERS[int(np.searchsorted(TIER_BOUNDS, followers, side="right"))]


# --- 1. Creators as columns ------------------------------------------------------


@dataclass
class Membership:
    """Which creators have which niches (or languages): a boolean matrix with a
    row per creator and a column per niche id (``column_of``)."""

    matrix: np.ndarray
    column_of: dict
    # The rows of ``matrix`` this membership covers (None: all of them). A
    # subset keeps pointing at the whole matrix instead of copying it.
    rows: np.ndarray | None = None

    def count(self, wanted_ids):
        """How many of ``wanted_ids`` each creator has."""
        columns = [self.column_of[pk] for pk in wanted_ids if pk in self.column_of]
        if columns:
            counts = self.matrix[:, columns].sum(axis=1, dtype=np.int64)
        else:
            counts = np.zeros(len(self.matrix), dtype=np.int64)
        return counts if self.rows is None else counts[self.rows]

    def take(self, rows):
        everyone = np.arange(len(self.matrix)) if self.rows is None else self.rows
        return Membership(self.matrix, self.column_of, everyone[rows])


@dataclass
class CreatorColumns:
    """Creators as NumPy columns, one row per creator, sorted by id."""

    ids: np.ndarray
    followers: np.ndarray
    views: np.ndarray
    engagement: np.ndarray  # %, NaN when not reported
    cheapest_fee: np.ndarray  # rupiah, NaN without a rate card
    in_indonesia: np.ndarray  # bool
    province: np.ndarray  # position in PROVINCES, NO_PROVINCE when not recorded
    niches: Membership
    languages: Membership
    indonesian_share: np.ndarray  # % of the audience, NaN when not reported
    judged: np.ndarray  # past collaborations that can be judged (0 without a record)
    on_time: np.ndarray
    approved: np.ndarray
    stars: np.ndarray  # the businesses' average rating, NaN when never rated
    # The parts of the score that do not depend on the campaign, computed once
    # when the creators are loaded (``with_campaign_free_parts``).
    tiers: np.ndarray = None  # index in TIERS
    log_followers: np.ndarray = None
    performance: np.ndarray = None
    reliability: np.ndarray = None

    def __len__(self):
        return len(self.ids)

    def with_campaign_free_parts(self):
        self.tiers = np.searchsorted(TIER_BOUNDS, self.followers, side="right")
        self.log_followers = np.log10(self.followers + 1)
        self.performance = performance(self.engagement, self.views, self.followers)
        self.reliability = reliability(self.judged, self.on_time, self.approved, self.stars)
        return self

    def take(self, rows):
        """The creators at ``rows`` (positions or a boolean mask), as columns."""
        return CreatorColumns(
            **{
                field.name: value.take(rows) if isinstance(value, Membership) else value[rows]
                for field in fields(self)
                for value in [getattr(self, field.name)]
            }
        )


def _positions(ids, owner_ids):
    """Where each of ``owner_ids`` sits in ``ids`` (sorted), and which were found."""
    owner_ids = np.asarray(owner_ids, dtype=np.int64)
    if not len(ids) or not len(owner_ids):
        return np.zeros(0, dtype=np.int64), np.zeros(len(owner_ids), dtype=bool)
    positions = np.searchsorted(ids, owner_ids).clip(0, len(ids) - 1)
    return positions, ids[positions] == owner_ids


def _column(ids, owner_ids, values, fill=np.nan):
    """The value of each of ``ids`` from parallel ``owner_ids`` and ``values``;
    ``fill`` where an id has none."""
    column = np.full(len(ids), fill, dtype=float)
    positions, found = _positions(ids, owner_ids)
    if found.any():
        column[positions[found]] = np.asarray(values, dtype=float)[found]
    return column


def _table(queryset, width):
    """The rows of a ``values_list`` queryset as a float array of ``width`` columns.

    The cursor is read directly: Django's per-row conversion is what costs
    most when 100,000 rows of plain numbers come back."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. ``niche_id__in=[]``: Django knows no row matches
        return np.zeros((0, width))
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return np.array(cursor.fetchall(), dtype=float).reshape(-1, width)


def _membership(ids, pairs):
    """A ``Membership`` of ``ids`` from ``(creator id, niche id)`` rows."""
    pairs = pairs.astype(np.int64)
    wanted = np.unique(pairs[:, 1])
    matrix = np.zeros((len(ids), len(wanted)), dtype=bool)
    positions, found = _positions(ids, pairs[:, 0])
    if found.any():
        matrix[positions[found], np.searchsorted(wanted, pairs[found, 1])] = True
    return Membership(matrix, {int(pk): column for column, pk in enumerate(wanted)})


def indonesia_id():
    return Region.objects.filter(code=INDONESIA).values_list("pk", flat=True).first()


def _province_number():
    """The creator's province as its position in ``PROVINCES``, in SQL."""
    return Case(
        *(When(province=code, then=Value(number)) for number, code in enumerate(PROVINCES)),
        default=Value(NO_PROVINCE),
        output_field=IntegerField(),
    )


def province_numbers(codes):
    """The positions in ``PROVINCES`` of province ``codes`` (unknown codes are dropped)."""
    return [PROVINCES.index(code) for code in codes if code in PROVINCES]


def load_columns(creators, *, niche_ids=None, language_ids=None):
    """``creators`` (a queryset of profiles) as columns, in seven queries.

    Each query reads one table with no per-creator subquery, so the database
    scans it once whatever the number of creators; NumPy lines the rows up by
    creator id. ``niche_ids`` and ``language_ids`` limit the membership loaded
    to those niches and languages (one campaign's); without them every niche
    and language is loaded (the full refresh)."""
    figures = _table(
        creators.order_by("pk")
        .annotate(
            engagement=Cast("engagement_rate", FloatField()), province_number=_province_number()
        )
        .values_list(
            "pk",
            "follower_count",
            "views_last_30_days",
            "engagement",
            "country_id",
            "province_number",
        ),
        6,
    )
    ids = figures[:, 0].astype(np.int64)
    cheapest = _table(
        RatePackage.objects.order_by()
        .values("profile_id")
        .annotate(cheapest=Cast(Min("price_idr"), FloatField()))
        .values_list("profile_id", "cheapest"),
        2,
    )
    shares = _table(
        AudienceSegment.objects.filter(
            kind=AudienceSegment.Kind.COUNTRY, label__iexact="Indonesia"
        ).values_list("profile_id", Cast("share_percent", FloatField())),
        2,
    )
    niche_rows = CreatorProfile.niches.through.objects.all()
    if niche_ids is not None:
        niche_rows = niche_rows.filter(niche_id__in=niche_ids)
    language_rows = CreatorProfile.languages.through.objects.all()
    if language_ids is not None:
        language_rows = language_rows.filter(language_id__in=language_ids)
    records = track_records()
    record_ids = list(records)

    def record(key):
        return _column(ids, record_ids, [records[pk][key] for pk in record_ids], fill=0)

    stars = [np.nan if records[pk]["stars"] is None else records[pk]["stars"] for pk in record_ids]
    return CreatorColumns(
        ids=ids,
        followers=figures[:, 1],
        views=figures[:, 2],
        engagement=figures[:, 3],
        cheapest_fee=_column(ids, cheapest[:, 0], cheapest[:, 1]),
        in_indonesia=figures[:, 4] == indonesia_id(),
        province=figures[:, 5].astype(np.int64),
        niches=_membership(ids, _table(niche_rows.values_list("creatorprofile_id", "niche_id"), 2)),
        languages=_membership(
            ids, _table(language_rows.values_list("creatorprofile_id", "language_id"), 2)
        ),
        indonesian_share=_column(ids, shares[:, 0], shares[:, 1]),
        judged=record("judged"),
        on_time=record("on_time"),
        approved=record("approved"),
        stars=_column(ids, record_ids, stars),
    ).with_campaign_free_parts()


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


def score_parts(wanted, columns, shared_niches, spoken_languages):
    """Each part of the score for every candidate, between 0 and 1."""
    size = len(columns)
    niche = shared_niches / len(wanted.niche_ids) if wanted.niche_ids else np.ones(size)

    languages = (
        spoken_languages / len(wanted.language_ids) if wanted.language_ids else np.ones(size)
    )
    share = columns.indonesian_share
    place = np.where(np.isnan(share), NEUTRAL, share / 100)
    place_and_language = (languages + place) / 2

    # Inside the wanted range scores 1; outside it, the score falls with the
    # distance in orders of magnitude, reaching 0 at ten times off.
    log_followers = columns.log_followers
    distance = np.maximum(math.log10(wanted.audience_min + 1) - log_followers, 0)
    if wanted.audience_max is not None:
        distance = np.maximum(distance, log_followers - math.log10(wanted.audience_max + 1))
    audience_size = np.clip(1 - distance, 0, 1)

    # The hard conditions left out rates above the fee; within it, a cheaper
    # rate scores higher, from 0.5 (the whole fee) to 1 (free).
    if wanted.fee_per_creator:
        fee = np.where(
            np.isnan(columns.cheapest_fee),
            NEUTRAL,
            1 - columns.cheapest_fee / wanted.fee_per_creator / 2,
        )
    else:
        fee = np.full(size, NEUTRAL)

    return {
        "niche": niche,
        "place_and_language": place_and_language,
        "audience_size": audience_size,
        "performance": columns.performance,
        "fee": fee,
        "reliability": columns.reliability,
    }


def performance(engagement, views, followers):
    """Engagement and recent views as 0..1, the mean of two halves. Views are
    counted per follower so that a small account with an attentive audience is
    not outscored by sheer size; an unreported engagement rate is neutral."""
    engagement = np.where(
        np.isnan(engagement), NEUTRAL, np.clip(engagement / STRONG_ENGAGEMENT, 0, 1)
    )
    views_per_follower = views / np.maximum(followers, 1)
    return (engagement + np.clip(views_per_follower / STRONG_VIEWS_PER_FOLLOWER, 0, 1)) / 2


def reliability(judged, on_time, approved, stars):
    """The track record as 0..1: the mean of the on-time rate, the approval
    rate and the rating (1 star is 0, 5 stars is 1; left out when never rated),
    pulled towards neutral by ``PRIOR_COLLABORATIONS``. No record is neutral."""
    with np.errstate(invalid="ignore", divide="ignore"):
        on_time_rate = on_time / judged
        approved_rate = approved / judged
    rated = ~np.isnan(stars)
    rating = np.where(rated, (stars - 1) / 4, 0)
    record = (on_time_rate + approved_rate + rating) / np.where(rated, 3, 2)
    pulled = (judged * np.nan_to_num(record) + PRIOR_COLLABORATIONS * NEUTRAL) / (
        judged + PRIOR_COLLABORATIONS
    )
    return np.where(judged > 0, pulled, NEUTRAL)


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
        }
        if judged
        else {},
    }
    return [
        {
            "part": part,
            "score": round(float(scored.parts[part][position]), 2),
            "values": values[part],
        }
        for part in MatchingWeights.PARTS
    ]


# --- Sentences ----------------------------------------------------------------------

PART_LABELS = {
    "niche": gettext_lazy("Niche"),
    "place_and_language": gettext_lazy("Region and language"),
    "audience_size": gettext_lazy("Audience size"),
    "performance": gettext_lazy("Engagement and views"),
    "fee": gettext_lazy("Fee"),
    "reliability": gettext_lazy("Reliability"),
}


def _count(number):
    return number_format(number, force_grouping=True)


def _decimal(number):
    """A stored figure (at most two decimals) as written in the active language: 6.5, 12."""
    return number_format(Decimal(f"{number:g}"))


def _place(values):
    """Where a creator lives and where their audience is, in one sentence.
    Matches stored before provinces were recorded lack those keys: they were
    all creators in Indonesia."""
    share = values["indonesian_share"]
    reported = share is not None
    numbers = {"share": _decimal(share) if reported else "", "province": ""}
    if values.get("province"):
        numbers["province"] = Province(values["province"]).label
    if values.get("regions_chosen") and values.get("province"):
        if reported:
            sentence = _(
                "Lives in %(province)s, one of the regions you chose; "
                "%(share)s%% of the audience is in Indonesia."
            )
        else:
            sentence = _(
                "Lives in %(province)s, one of the regions you chose; "
                "where the audience is was not reported."
            )
    elif not values.get("in_indonesia", True):
        if reported:
            sentence = _("Lives outside Indonesia; %(share)s%% of the audience is in Indonesia.")
        else:
            sentence = _("Lives outside Indonesia; where the audience is was not reported.")
    elif values.get("province"):
        if reported:
            sentence = _(
                "Lives in %(province)s, Indonesia; %(share)s%% of the audience is in Indonesia."
            )
        else:
            sentence = _(
                "Lives in %(province)s, Indonesia; where the audience is was not reported."
            )
    elif reported:
        sentence = _("Lives in Indonesia; %(share)s%% of the audience is in Indonesia.")
    else:
        sentence = _("Lives in Indonesia; where the audience is was not reported.")
    return sentence % numbers


def explain(part):
    """The sentence for one stored part of a score, in the active language."""
    values = part["values"]
    name = part["part"]
    if name == "niche":
        if not values["wanted"]:
            return _("You chose no niche, so every niche fits.")
        return ngettext(
            "Makes content in %(shared)d of the %(wanted)d niche you chose.",
            "Makes content in %(shared)d of the %(wanted)d niches you chose.",
            values["wanted"],
        ) % {"shared": values["shared"], "wanted": values["wanted"]}
    if name == "place_and_language":
        place = _place(values)
        if not values["wanted"]:
            return place
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
                "followers": _count(followers),
                "smallest": _count(smallest),
            }
        if largest is not None and followers > largest:
            return _("%(followers)s followers: more than the %(largest)s you want.") % {
                "followers": _count(followers),
                "largest": _count(largest),
            }
        return _("%(followers)s followers: within the audience size you want.") % {
            "followers": _count(followers)
        }
    if name == "performance":
        engagement = values["engagement"]
        if engagement is None:
            return _("%(views)s views in the last 30 days; engagement not reported.") % {
                "views": _count(values["views"])
            }
        return _("%(engagement)s%% engagement and %(views)s views in the last 30 days.") % {
            "engagement": _decimal(engagement),
            "views": _count(values["views"]),
        }
    if name == "fee":
        if values["cheapest"] is None:
            return _("Has no rate card yet; agree the fee in your invitation.")
        return _("Cheapest package %(cheapest)s, within your fee of %(fee)s per creator.") % {
            "cheapest": format_money(values["cheapest"]),
            "fee": format_money(values["fee_per_creator"]),
        }
    if not values.get("judged"):
        return _("No past collaborations to judge by yet; counted as neutral.")
    counts = {
        "on_time": values["on_time"],
        "judged": values["judged"],
        "approved": values["approved"],
    }
    if values["stars"] is None:
        return (
            ngettext(
                "Delivered %(on_time)d of %(judged)d collaboration on time, "
                "%(approved)d approved, not rated yet.",
                "Delivered %(on_time)d of %(judged)d collaborations on time, "
                "%(approved)d approved, not rated yet.",
                values["judged"],
            )
            % counts
        )
    return ngettext(
        "Delivered %(on_time)d of %(judged)d collaboration on time, "
        "%(approved)d approved, rated %(stars)s/5.",
        "Delivered %(on_time)d of %(judged)d collaborations on time, "
        "%(approved)d approved, rated %(stars)s/5.",
        values["judged"],
    ) % {**counts, "stars": number_format(values["stars"], decimal_pos=1)}


# --- Runs ------------------------------------------------------------------------------


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
        raise
    MatchRun.objects.filter(campaign=campaign).update(
        status=MatchRun.Status.DONE, finished_at=timezone.now(), candidates=len(scored)
    )
    return MatchResult(campaign.pk, len(scored), stored, time.perf_counter() - started)


def live_campaigns():
    return (
        Campaign.objects.filter(status=Campaign.Status.LIVE)
        .prefetch_related("niches", "languages")
        .order_by("pk")
    )


def refresh_all_matches(*, weights=None, progress=None):
    """Rematch every live campaign against every creator who accepts offers.

    The creators are loaded into memory once; each campaign is then matched
    against those arrays (no query per campaign), and the new lists are written
    ``WRITE_BATCH`` campaigns per transaction. ``progress(done, total)`` is
    called after each write.
    """
    started = time.perf_counter()
    weights = weights or MatchingWeights.current()
    campaigns = list(live_campaigns())
    columns = load_columns(CreatorProfile.objects.filter(OPEN_TO_OFFERS))
    loaded = time.perf_counter() - started
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
    return RefreshResult(
        len(campaigns), len(columns), stored, loaded, time.perf_counter() - started
    )


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
