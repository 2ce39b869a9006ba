"""Reads for the fan-facing pages: the catalogue's search and a creator's page
that sells. Planned so their query counts do not grow with the data."""

import hashlib
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from creators.models import CreatorProfile
from series.models import Discount, Episode, Purchase, Series
from series.pricing import offer
from series.selectors import kept_from

# What a card needs (rows stay narrow: the description is searched, not read).
CARD_FIELDS = (
    "pk",
    "creator_id",
    "title",
    "cover",
    "price",
    "currency",
    "status",
    "published_at",
    "rating_count",
    "rating_average",
    "updated_at",  # the version of its discounts and previews (card_rows)
    "creator__id",
    "creator__handle",
    "creator__display_name",
)

# Price sorts keep currencies apart (rupiah first), since 10 dollars is not
# cheaper than 15,000 rupiah.
CATALOGUE_SORTS = {
    "newest": ("-published_at", "-pk"),
    "popular": (F("sales").desc(), "-published_at", "-pk"),
    # Series nobody rated yet come last.
    "rating": (F("rating_average").desc(nulls_last=True), "-rating_count", "-pk"),
    "price": ("currency", "current_price", "-pk"),
    "price_desc": ("currency", F("current_price").desc(), "-pk"),
}


def running_discounts(now):
    """Discounts that apply at ``now`` (from ``starts_at`` included to ``ends_at`` excluded)."""
    return Discount.objects.filter(starts_at__lte=now, ends_at__gt=now)


def next_discount_change(now):
    """The next instant after ``now`` any discount starts or ends: a list
    filtered or sorted by the price paid now is read again from then. None
    when nothing is planned. One query."""
    found = Discount.objects.filter(ends_at__gt=now).aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=now)), end=Min("ends_at")
    )
    return min((instant for instant in found.values() if instant), default=None)


def next_change_of_cards(rows, now):
    """The next instant after ``now`` a discount of a card of ``rows``
    (``card_rows``) starts or ends, when the card's price changes; None when
    nothing is planned. No query."""
    instants = [
        instant
        for series, _offer in rows
        for discount in series.discounts_not_ended
        for instant in (discount.starts_at, discount.ends_at)
    ]
    return min((instant for instant in instants if instant > now), default=None)


def _current_price(now):
    """What a buyer pays at ``now``: the running discount's price, or the full price."""
    running = running_discounts(now).filter(series=OuterRef("pk")).order_by("starts_at")
    return Coalesce(Subquery(running.values("price")[:1]), F("price"))


def _sales():
    """Paid, unrefunded purchases of the Series (the purchases' index on
    series and status answers it without reading the rows)."""
    paid = (
        Purchase.objects.filter(series=OuterRef("pk"), status=Purchase.Status.PAID)
        .order_by()
        .values("series")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(paid), Value(0))


def _creator_has(relation, slug):
    """The Series' creator has the niche or language ``slug`` (``relation`` is
    "niches" or "languages"): an EXISTS on the join table, so each Series is
    listed once."""
    field = CreatorProfile._meta.get_field(relation)
    return Exists(
        field.remote_field.through.objects.filter(
            creatorprofile_id=OuterRef("creator_id"),
            **{f"{field.related_model._meta.model_name}__slug": slug},
        )
    )


def catalogue(
    *,
    q="",
    niche=None,
    language=None,
    price_min=None,
    price_max=None,
    rating_min=None,
    on_discount=False,
    sort="newest",
    now=None,
):
    """Published Series passing every filter given, in the order asked, each
    with its creator, the creator's niches and ``active_discounts`` (for
    ``pricing.offer``): one query for the rows and one per prefetch, whatever
    the number of Series.

    ``q``: every word must appear in the title, the description or the
    creator's name or handle. ``niche``/``language``: slugs of the creator's
    niches and languages. ``price_min``/``price_max``: in rupiah, on the price
    a buyer pays now (discounts included); Series priced in another currency
    are left out when either is given. ``rating_min``: stored average at
    least this. ``on_discount``: a discount runs now.
    """
    now = now or timezone.now()
    series = Series.objects.filter(status=Series.Status.PUBLISHED)
    for word in q.split():
        series = series.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(creator__display_name__icontains=word)
            | Q(creator__handle__icontains=word)
        )
    if niche:
        series = series.filter(_creator_has("niches", niche))
    if language:
        series = series.filter(_creator_has("languages", language))
    if on_discount:
        series = series.filter(Exists(running_discounts(now).filter(series=OuterRef("pk"))))
    if rating_min is not None:
        series = series.filter(rating_average__gte=rating_min)
    if price_min is not None or price_max is not None or sort in ("price", "price_desc"):
        series = series.annotate(current_price=_current_price(now))
    if price_min is not None or price_max is not None:
        series = series.filter(currency=Series.Currency.IDR)
        if price_min is not None:
            series = series.filter(current_price__gte=price_min)
        if price_max is not None:
            series = series.filter(current_price__lte=price_max)
    if sort == "popular":
        series = series.annotate(sales=_sales())
    return with_cards(series, now).order_by(*CATALOGUE_SORTS[sort])


def with_cards(series, now):
    """``series`` with what a Series card shows besides its discounts (read by
    ``card_rows``): the creator and their niches."""
    return series.select_related("creator").only(*CARD_FIELDS).prefetch_related("creator__niches")


def _discounts_and_previews(series_list, now, show_previews):
    """``({series id: its discounts not ended at now}, {series id: its
    approved free preview episodes in order})`` for a page of cards (a query
    each), kept under the page's Series and their ``updated_at``
    (``series.selectors.kept_from``)."""
    versions = [
        show_previews,
        *((series.pk, series.updated_at.isoformat()) for series in series_list),
    ]
    key = "series-cards:" + hashlib.sha256(repr(versions).encode()).hexdigest()
    ids = [series.pk for series in series_list]

    def read():
        discounts, previews = {}, {}
        for discount in Discount.objects.filter(series_id__in=ids, ends_at__gt=now):
            discounts.setdefault(discount.series_id, []).append(discount)
        if show_previews:
            episodes = (
                Episode.objects.filter(
                    series_id__in=ids, is_free_preview=True, approved_at__isnull=False
                )
                .only("pk", "series_id", "title", "position", "duration_ms")
                .order_by("position")
            )
            for episode in episodes:
                previews.setdefault(episode.series_id, []).append(episode)
        return discounts, previews

    return kept_from(key, now, read)


def card_rows(series_list, now, *, show_creator=False, show_previews=False):
    """``(series, offer)`` for each Series of a page of cards, its price at
    ``now``, each Series given ``card_version``: every value its card shows
    (title, cover, price paid now and the discount's end, rating figures, and
    the creator's name and niches or the free previews, as ``previews``,
    when the card shows them), so a cached card changes the moment any of
    them does, whichever service changed it. The discounts and previews are
    read by ``_discounts_and_previews`` (none of them after the first view)."""
    series_list = list(series_list)
    if not series_list:
        return []
    discounts, previews = _discounts_and_previews(series_list, now, show_previews)
    rows = []
    for series in series_list:
        series.discounts_not_ended = discounts.get(series.pk, [])
        current = offer(series, now, series.discounts_not_ended)
        parts = [
            series.pk,
            series.title,
            series.cover.name,
            *current.shown,
            series.rating_count,
            series.rating_average,
        ]
        if show_creator:
            creator = series.creator
            parts += [
                creator.handle,
                creator.display_name,
                [str(niche) for niche in creator.niches.all()],
            ]
        if show_previews:
            series.previews = previews.get(series.pk, [])
            parts.append(
                [(episode.pk, episode.title, episode.duration_ms) for episode in series.previews]
            )
        series.card_version = repr(parts)
        rows.append((series, current))
    return rows


@dataclass(frozen=True)
class CreatorPage:
    profile: CreatorProfile
    series: object  # a queryset of the creator's published Series, for a paginator


def creator_page(*, handle):
    """A creator's fan-facing page: the profile (with niches) of an active
    account, and its published Series, newest first (their discounts and free
    previews are read by ``card_rows``). 404 for an unknown handle or a
    deactivated account."""
    profile = get_object_or_404(
        CreatorProfile.objects.prefetch_related("niches"), handle=handle, user__is_active=True
    )
    series = (
        Series.objects.filter(creator=profile, status=Series.Status.PUBLISHED)
        .only(*(field for field in CARD_FIELDS if not field.startswith("creator__")))
        .order_by("-published_at", "-pk")
    )
    return CreatorPage(profile=profile, series=series)
