"""Step 1 of the matcher: creators loaded from the database as NumPy columns."""

from dataclasses import dataclass, fields

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, F, FloatField, IntegerField, Min, Q, Value, When
from django.db.models.functions import Cast, ExtractDay, ExtractMonth, ExtractYear
from django.utils import timezone

from brands.models import CampaignMatch
from collaborations.selectors import track_records
from creators.models import AudienceSegment, CreatorProfile, Province, RatePackage, Region
from matching.parts import confidence, performance, reliability

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


def tier_for(followers):
    """The audience tier of a follower count."""
    return TIERS[int(np.searchsorted(TIER_BOUNDS, followers, side="right"))]


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
    videos_measured: np.ndarray  # posted videos measured against the creator's average
    vs_average: np.ndarray  # their capped mean views / average, NaN when none
    verified_on: np.ndarray  # local date read from TikTok as YYYYMMDD, NaN when self-reported
    has_figures: np.ndarray  # bool: any figures recorded
    # The parts of the score that do not depend on the campaign, computed once
    # when the creators are loaded (``with_campaign_free_parts``).
    tiers: np.ndarray = None  # index in TIERS
    log_followers: np.ndarray = None
    performance: np.ndarray = None
    reliability: np.ndarray = None
    confidence: np.ndarray = None

    def __len__(self):
        return len(self.ids)

    def with_campaign_free_parts(self):
        self.tiers = np.searchsorted(TIER_BOUNDS, self.followers, side="right")
        self.log_followers = np.log10(self.followers + 1)
        self.performance = performance(self.engagement, self.views, self.followers)
        self.reliability = reliability(
            self.judged,
            self.on_time,
            self.approved,
            self.stars,
            self.videos_measured,
            self.vs_average,
        )
        self.confidence = confidence(
            days_since(self.verified_on, timezone.localdate()), self.has_figures
        )
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


def _local_date_number(field):
    """A datetime column's local date as the number YYYYMMDD, in SQL (NULL stays NULL):
    dates load with the other figures as floats."""
    return ExtractYear(field) * Value(10_000) + ExtractMonth(field) * Value(100) + ExtractDay(field)


def days_since(date_numbers, today):
    """Whole days from each YYYYMMDD number to ``today``; NaN where there is none."""
    known = ~np.isnan(date_numbers)
    numbers = np.where(known, date_numbers, 19700101).astype(np.int64)
    months = (numbers // 10_000 - 1970) * 12 + (numbers // 100) % 100 - 1
    days = months.astype("datetime64[M]").astype("datetime64[D]") + (numbers % 100 - 1)
    elapsed = (np.datetime64(today, "D") - days).astype(float)
    return np.where(known, elapsed, np.nan)


def date_of(date_number):
    """The ``datetime.date`` of one YYYYMMDD number."""
    number = int(date_number)
    return np.datetime64(
        f"{number // 10_000:04d}-{number // 100 % 100:02d}-{number % 100:02d}", "D"
    ).item()


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
            engagement=Cast("engagement_rate", FloatField()),
            province_number=_province_number(),
            verified_on=_local_date_number(F("figures_verified_at")),
            has_figures=Case(
                When(Q(figures_recorded_on__isnull=False), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .values_list(
            "pk",
            "follower_count",
            "views_last_30_days",
            "engagement",
            "country_id",
            "province_number",
            "verified_on",
            "has_figures",
        ),
        8,
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

    def known(key):
        return _column(
            ids,
            record_ids,
            [np.nan if records[pk][key] is None else records[pk][key] for pk in record_ids],
        )

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
        stars=known("stars"),
        videos_measured=record("videos_measured"),
        vs_average=known("vs_average"),
        verified_on=figures[:, 6],
        has_figures=figures[:, 7] == 1,
    ).with_campaign_free_parts()
