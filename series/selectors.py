"""Reads for Series pages, planned so their query counts do not grow with the data."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache, cached_property

from django.core.cache import caches
from django.db import connection
from django.db.models import Count, F, Prefetch, Q, Sum
from django.db.models.functions import TruncDate
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core import plain_sql
from core.plain_sql import Columns, fetch, instance, page_of_rows
from creators.models import ProgrammeApplication
from series.models import (
    DailyStats,
    Discount,
    Episode,
    EpisodeProgress,
    Purchase,
    Review,
    Series,
    Submission,
)
from series.pricing import offer

SERIES_PROGRAMME_SLUG = "series"
CHART_DAYS = 30


def can_sell_series(profile):
    """Whether staff approved the creator's application to the Series programme."""
    return ProgrammeApplication.objects.filter(
        profile=profile,
        programme__slug=SERIES_PROGRAMME_SLUG,
        status=ProgrammeApplication.Status.APPROVED,
    ).exists()


def has_bought(user, series):
    """Whether ``user`` holds a paid, unrefunded purchase of ``series``."""
    if not user.is_authenticated:
        return False
    return Purchase.objects.filter(series=series, buyer=user, status=Purchase.Status.PAID).exists()


def can_watch_everything(user, series):
    """The owner and buyers may watch every episode; others only free previews."""
    return (user.is_authenticated and series.creator.user_id == user.pk) or has_bought(user, series)


SORTS = {
    "newest": ["-created_at", "-pk"],
    # Best rated first; Series nobody rated yet come last.
    "rating": [F("rating_average").desc(nulls_last=True), "-rating_count", "-pk"],
}


# What a studio row shows of a Series (studio_page, studio_rows_version).
STUDIO_COLUMNS = (
    "pk",
    "title",
    "price",
    "currency",
    "rating_count",
    "rating_average",
    "status",
    "approved_at",
)


def studio_rows_version(series_page):
    """Every value the studio's rows show, to key their kept HTML on."""
    return [
        (
            *(getattr(series, column) for column in STUDIO_COLUMNS),
            series.episode_count,
            series.review_status,
            series.review_reason,
        )
        for series in series_page
    ]


def studio_page(*, profile_id, sort, number, per_page):
    """Page ``number`` (as given in the URL) of a creator's Series, newest (or
    best rated) first, with the columns the studio shows, each with
    ``episode_count``, its latest review submission's ``review_status`` and
    ``review_reason``, and ``total``, the number of the creator's Series: one
    plain SQL query (``core.plain_sql``), since compiling the ORM's query with
    its subqueries and window cost more than PostgreSQL takes to run it."""
    sql = _studio_sql(sort, connection.vendor)
    return page_of_rows(
        lambda offset, limit: fetch(sql, [profile_id, limit, offset]),
        number,
        per_page,
        _studio_series,
    )


_STUDIO_FIELDS = Columns(*((Series, name) for name in ("id", *STUDIO_COLUMNS[1:])))


def _studio_series(row):
    names = [field.attname for field in _STUDIO_FIELDS.fields]
    series = instance(Series, **dict(zip(names, _STUDIO_FIELDS.convert(row), strict=True)))
    extra = row[len(_STUDIO_FIELDS.fields) :]
    series.episode_count, series.review_status, series.review_reason, series.total = extra
    return series


@cache
def _studio_sql(sort, vendor):
    """``studio_page``'s query, one page (creator, limit, offset), names from ``_meta``."""

    def column(model, name):
        return plain_sql.column(model, name, model._meta.db_table)

    series, episode, submission = (plain_sql.table(m) for m in (Series, Episode, Submission))
    latest = (
        f"FROM {submission} WHERE {column(Submission, 'series')} = {column(Series, 'id')} "
        f"ORDER BY {column(Submission, 'submitted_at')} DESC, {column(Submission, 'id')} DESC "
        "LIMIT 1"
    )
    order = {
        "newest": f"{column(Series, 'created_at')} DESC, {column(Series, 'id')} DESC",
        "rating": (
            f"{column(Series, 'rating_average')} DESC NULLS LAST, "
            f"{column(Series, 'rating_count')} DESC, {column(Series, 'id')} DESC"
        ),
    }[sort]
    shown = ", ".join(column(Series, name) for name in ("id", *STUDIO_COLUMNS[1:]))
    # Only names from the models' _meta are formatted in; values are parameters.
    return (
        f"SELECT {shown}, "  # noqa: S608  # nosec B608
        f"(SELECT COUNT(*) FROM {episode} "
        f"WHERE {column(Episode, 'series')} = {column(Series, 'id')}) AS episode_count, "
        f"(SELECT {column(Submission, 'status')} {latest}) AS review_status, "
        f"(SELECT {column(Submission, 'reason')} {latest}) AS review_reason, "
        f"COUNT(*) OVER () AS total "
        f"FROM {series} WHERE {column(Series, 'creator')} = %s "
        f"ORDER BY {order} LIMIT %s OFFSET %s"
    )


def pending_submission(series):
    """The Series' submission waiting for staff, or None."""
    return series.submissions.filter(status=Submission.Status.PENDING).first()


def in_proposed_order(episodes, submission):
    """``episodes`` in the order that ``submission`` (pending, or being
    approved) proposes: the ones it lists, in its order, then any added since,
    by number. Without a submission or a proposed order, their own order."""
    if submission is None or not submission.episode_order:
        return list(episodes)
    rank = {episode_id: index for index, episode_id in enumerate(submission.episode_order)}
    return sorted(episodes, key=lambda episode: (rank.get(episode.pk, len(rank)), episode.position))


def discounts_to_come(series, now=None):
    """The Series' running and upcoming discounts, soonest first."""
    return series.discounts.filter(ends_at__gt=now or timezone.now()).order_by("starts_at")


def latest_submission(series):
    """The Series' latest review submission, or None."""
    return series.submissions.select_related("decided_by").first()


def published_series(*, handle=None, now=None):
    """Published Series, newest first, optionally of one creator (by handle),
    each with ``active_discounts`` at ``now`` for ``pricing.offer``."""
    now = now or timezone.now()
    running = Discount.objects.filter(starts_at__lte=now, ends_at__gt=now)
    series = (
        Series.objects.filter(status=Series.Status.PUBLISHED)
        .select_related("creator")
        .prefetch_related(Prefetch("discounts", queryset=running, to_attr="active_discounts"))
    )
    if handle:
        series = series.filter(creator__handle=handle)
    return series.order_by("-published_at", "-pk")


def own_series(*, user, pk):
    """One of the user's own Series with its episodes in order; 404 for anyone else's."""
    return get_object_or_404(
        Series.objects.select_related("creator").prefetch_related(
            Prefetch("episodes", queryset=Episode.objects.order_by("position"))
        ),
        pk=pk,
        creator__user=user,
    )


def own_episode(*, user, series_pk, pk):
    return get_object_or_404(
        Episode.objects.select_related("series"),
        pk=pk,
        series_id=series_pk,
        series__creator__user=user,
    )


@dataclass(frozen=True)
class SeriesPage:
    series: Series
    episodes: list
    can_watch_everything: bool
    now: datetime
    # Whether the episodes and discounts are the ones everyone but the owner
    # sees, cached under the Series' version (_cached_for_visitors).
    for_visitors: bool = False

    @cached_property
    def offer(self):
        """The price at ``now`` (one query, only on pages that show a price,
        none when cached for visitors)."""
        series, now = self.series, self.now
        if self.for_visitors:
            discounts = _cached_for_visitors(series, now, "discounts", _discounts_not_ended)
        else:
            discounts = Discount.objects.filter(
                series_id=series.pk, starts_at__lte=now, ends_at__gt=now
            )
        return offer(series, now, discounts)

    @property
    def is_owner(self):
        """Whether the visitor owns the Series (the page's episodes are then
        read from the database, unapproved ones included)."""
        return not self.for_visitors

    @property
    def next_change(self):
        """The next instant after ``now`` one of the Series' discounts starts
        or ends (the price shown changes then), or None. No query when the
        discounts are cached for visitors (``offer`` read them)."""
        series, now = self.series, self.now
        if self.for_visitors:
            discounts = _cached_for_visitors(series, now, "discounts", _discounts_not_ended)
        else:
            discounts = _discounts_not_ended(series, now)
        instants = [instant for d in discounts for instant in (d.starts_at, d.ends_at)]
        return min((instant for instant in instants if instant > now), default=None)

    @property
    def header_version(self):
        """Every value the page's cached header shows (cover, title, rating,
        creator, description and the price paid now with the discount's end):
        the header changes the moment one of them does."""
        series = self.series
        shown = [
            series.pk,
            series.title,
            series.cover.name,
            series.description,
            series.rating_count,
            series.rating_average,
            series.creator.handle,
            series.creator.display_name,
            series.is_published,
        ]
        if series.is_published:  # only then is a price shown
            shown += self.offer.shown
        return repr(shown)

    @property
    def episodes_version(self):
        """Every value the cached list of episodes shows, and whether they are
        all unlocked for this visitor."""
        return repr(
            [
                self.series.pk,
                self.can_watch_everything,
                [
                    (episode.pk, episode.title, episode.is_free_preview, episode.duration_ms)
                    for episode in self.episodes
                ],
            ]
        )


PAGE_EPISODE_FIELDS = (
    "pk",
    "series_id",
    "title",
    "position",
    "duration_ms",
    "is_free_preview",
    "video",
    "approved_at",
)


def series_page(*, user, pk, now=None):
    """A Series as its public page shows it, with its price at ``now``.
    Published Series are public; an unpublished one stays visible to its owner
    and its buyers; 404 otherwise. One query (the Series with its creator),
    one more for a signed-in visitor who is not the owner (have they bought
    it); the episodes and the discounts come from ``_cached_for_visitors``
    (a query each when not cached), the owner's from the database."""
    now = now or timezone.now()
    series = get_object_or_404(Series.objects.select_related("creator"), pk=pk)
    is_owner = user.is_authenticated and series.creator.user_id == user.pk
    everything = is_owner or has_bought(user, series)
    if not series.is_published and not everything:
        raise Http404
    if is_owner:  # episodes waiting for staff are the owner's alone until approved
        episodes = list(_episodes(series).only(*PAGE_EPISODE_FIELDS))
    else:
        episodes = _cached_for_visitors(series, now, "episodes", _approved_episodes)
    for episode in episodes:
        episode.series = series  # the watch page reads it from the episode
    return SeriesPage(
        series=series,
        episodes=episodes,
        can_watch_everything=everything,
        now=now,
        for_visitors=not is_owner,
    )


def _episodes(series):
    return Episode.objects.filter(series_id=series.pk).order_by("position")


def _approved_episodes(series, now):
    return list(_episodes(series).exclude(approved_at=None).only(*PAGE_EPISODE_FIELDS))


def _discounts_not_ended(series, now):
    """Running and upcoming: ``pricing.offer`` takes the one running at the
    instant it is asked."""
    return list(Discount.objects.filter(series_id=series.pk, ends_at__gt=now))


def kept_from(key, now, read):
    """``read()``, kept in the process's fragment cache under ``key`` (which
    holds the ``updated_at`` of every Series it reads, moved on by each change
    of their episodes and discounts: ``series.services.page_version``) with the
    instant ``now`` it was read for. Served for that instant and any later one:
    discounts are kept with their times and ``pricing.offer`` takes the one
    running at the instant asked, so one starts and ends at its instant. An
    earlier instant is read again."""
    store = caches["fragments"]
    cached = store.get(key)
    if cached is not None and cached[0] <= now:
        return cached[1]
    value = read()
    store.set(key, (now, value))
    return value


def _cached_for_visitors(series, now, part, read):
    """``read(series, now)`` (the approved episodes, or the discounts not
    ended), as everyone but the owner sees them, kept under the Series'
    ``updated_at`` (``kept_from``)."""
    key = f"series-page:{part}:{series.pk}:{series.updated_at.isoformat()}"
    return kept_from(key, now, lambda: read(series, now))


def visible_reviews(series):
    """The Series' reviews that staff have not hidden, newest first, with their authors."""
    return (
        Review.objects.filter(series_id=series.pk, hidden_at=None)
        .select_related("buyer")
        .only(
            "pk",
            "series_id",
            "stars",
            "text",
            "created_at",
            "updated_at",
            "answer",
            "answered_at",
            "buyer__full_name",
        )
        .order_by("-created_at", "-pk")
    )


def wants_new_episode_emails(user, series):
    """Whether the buyer's paid purchase of ``series`` asks for new-episode emails."""
    return (
        Purchase.objects.filter(series=series, buyer=user, status=Purchase.Status.PAID)
        .values_list("notify_new_episodes", flat=True)
        .first()
    )


def own_review(user, series):
    """``user``'s review of ``series``, or None."""
    if not user.is_authenticated:
        return None
    return Review.objects.filter(series=series, buyer=user).first()


def watchable_episode(*, user, series_pk, pk):
    """An episode ``user`` may watch, with its Series; 404 when the Series is
    hidden from them, ``None`` as the second value when only buying unlocks it."""
    page = series_page(user=user, pk=series_pk)
    episode = next((episode for episode in page.episodes if episode.pk == pk), None)
    if episode is None:
        raise Http404
    allowed = page.can_watch_everything or episode.is_free_preview
    return page, episode if allowed else None


def library(*, user):
    """The Series a user has bought and still owns, latest purchase first,
    with the columns the library shows (not the Series' description or the
    creator's whole profile)."""
    return (
        Purchase.objects.filter(buyer=user, status=Purchase.Status.PAID)
        .select_related("series", "series__creator")
        .only(
            "pk",
            "series_id",
            "payment_reference",
            "price",
            "currency",
            "paid_at",
            "series__id",
            "series__creator_id",
            "series__title",
            "series__cover",
            "series__creator__id",
            "series__creator__display_name",
        )
        .order_by("-paid_at", "-pk")
    )


@dataclass(frozen=True)
class SeriesEarnings:
    series: Series
    currency: str
    sales: int
    gross: Decimal
    platform_fee: Decimal
    payment_fee: Decimal
    net: Decimal
    daily_sales: list


@dataclass(frozen=True)
class CurrencyTotal:
    currency: str
    gross: Decimal
    platform_fee: Decimal
    payment_fee: Decimal
    net: Decimal


def earnings(*, profile, today=None, days=CHART_DAYS):
    """Per Series: paid sales, gross, platform share, payment fees and net, and
    the number of sales on each of the last ``days`` days; plus totals per
    currency. Refunded sales earn nothing. Three queries whatever the data."""
    today = today or timezone.localdate()
    first_day = today - timedelta(days=days - 1)
    paid = Q(purchases__status=Purchase.Status.PAID)
    rows = (
        Series.objects.filter(creator=profile)
        .annotate(
            sales=Count("purchases", filter=paid),
            gross=Sum("purchases__price", filter=paid, default=Decimal("0")),
            platform=Sum("purchases__platform_fee", filter=paid, default=Decimal("0")),
            payment=Sum("purchases__payment_fee", filter=paid, default=Decimal("0")),
        )
        .order_by("-created_at", "-pk")
    )
    chart_days = [first_day + timedelta(days=offset) for offset in range(days)]
    counts = {}
    daily = (
        Purchase.objects.filter(
            series__creator=profile,
            status=Purchase.Status.PAID,
            paid_at__date__gte=first_day,
        )
        .annotate(day=TruncDate("paid_at"))
        .values_list("series_id", "day")
        .annotate(sales=Count("pk"))
    )
    for series_id, day, sales in daily:
        counts[series_id, day] = sales
    per_series = [
        SeriesEarnings(
            series=series,
            currency=series.currency,
            sales=series.sales,
            gross=series.gross,
            platform_fee=series.platform,
            payment_fee=series.payment,
            net=series.gross - series.platform - series.payment,
            daily_sales=[(day, counts.get((series.pk, day), 0)) for day in chart_days],
        )
        for series in rows
    ]
    totals = {}
    for row in per_series:
        total = totals.get(row.currency) or CurrencyTotal(row.currency, *[Decimal("0")] * 4)
        totals[row.currency] = CurrencyTotal(
            row.currency,
            total.gross + row.gross,
            total.platform_fee + row.platform_fee,
            total.payment_fee + row.payment_fee,
            total.net + row.net,
        )
    return per_series, sorted(totals.values(), key=lambda total: total.currency)


def daily_figures(*, series, today=None, days=CHART_DAYS):
    """The Series' ``DailyStats`` for each of the last ``days`` days, oldest
    first, with empty rows for days without events (one query)."""
    today = today or timezone.localdate()
    first_day = today - timedelta(days=days - 1)
    stored = {row.day: row for row in series.daily_stats.filter(day__gte=first_day, day__lte=today)}
    return [
        stored.get(day) or DailyStats(series=series, day=day)
        for day in (first_day + timedelta(days=offset) for offset in range(days))
    ]


def resume_position(user, episode):
    """The second ``user`` stopped ``episode`` at, to start it there again; 0
    when they never watched it, watched it to the end or are not logged in."""
    if not user.is_authenticated:
        return 0
    progress = EpisodeProgress.objects.filter(user=user, episode=episode).first()
    return progress.position_seconds if progress else 0


def next_episode(page, episode):
    """The episode after ``episode`` on the Series page, or None after the last."""
    later = [other for other in page.episodes if other.position > episode.position]
    return later[0] if later else None
