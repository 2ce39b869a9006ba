"""The public pages: the catalogue and a Series' page."""

import uuid

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import pagination, versions
from creators.models.names import NAMES_VERSION
from series import public_pages, selectors
from series.forms import AnswerForm, BuyForm, NewEpisodeEmailsForm, ReviewForm
from series.forms_catalogue import CatalogueForm
from series.selectors_catalogue import (
    card_rows,
    catalogue,
    next_change_of_cards,
    next_discount_change,
)
from series.services import counters, page_version
from series.views.common import page_of
from series.views.sharing import share_tags

CATALOGUE_PAGE_SIZE = 24
CATALOGUE_QUERY = {*CatalogueForm.base_fields, "page"}


@require_GET
def index(request):
    """The catalogue: published Series, searched, filtered and sorted by the
    GET form. Bad filters show their messages and no list. The same for every
    visitor: kept whole (``public_pages``) per query string, until a Series,
    a name or (sorted by sales) a sale changes, or a discount starts or ends."""
    now = timezone.now()
    versions_of = [page_version.CATALOGUE, NAMES_VERSION]
    if request.GET.get("sort") == "popular":
        versions_of.append(page_version.SALES)
    return public_pages.respond(
        request,
        page="index",
        versions_of=versions_of,
        query_fields=CATALOGUE_QUERY,
        now=now,
        render=lambda: _catalogue_parts(request, now),
    )


def _catalogue_parts(request, now):
    """The catalogue's parts, and the next instant they change by themselves:
    a discount of a card starting or ending, or any discount when the list is
    filtered or sorted by the price paid now."""
    form = CatalogueForm(request.GET)
    series_page = None
    instants = []
    if form.is_valid():
        filters = form.filters()
        # Counted only past the first page: a list that fits is counted by its rows.
        series_page = pagination.page_of(
            catalogue(**filters, now=now), request.GET.get("page"), CATALOGUE_PAGE_SIZE
        )
        if _by_price_paid_now(filters):
            instants.append(next_discount_change(now))
    rows = card_rows(series_page or [], now, show_creator=True)
    instants.append(next_change_of_cards(rows, now))
    content = render_to_string(
        "series/includes/index_content.html",
        {"form": form, "series_page": series_page, "rows": rows},
        request,
    )
    until = min((instant for instant in instants if instant), default=None)
    return {"title": escape(_("Series")), "content": content}, until


def _by_price_paid_now(filters):
    """Whether the Series listed, or their order, hang on every discount."""
    return (
        filters["price_min"] is not None
        or filters["price_max"] is not None
        or filters["on_discount"]
        or filters["sort"] in ("price", "price_desc")
    )


@require_GET
def detail(request, pk):
    """A Series' page: published Series are public; an unpublished one stays
    visible to its owner and its buyers (404 otherwise). Anonymous visitors
    all see the same page: kept whole (``public_pages``) per address and page
    of reviews, until the Series' version changes or a discount starts or
    ends. Every view but the owner's counts, kept or not."""
    now = timezone.now()
    if request.user.is_authenticated:
        page = selectors.series_page(user=request.user, pk=pk, now=now)
        if page.series.is_published and not page.is_owner:
            counters.count_event(series_id=pk, event="page_views")
        parts = _detail_parts(request, page)[0]
        return render(request, public_pages.PAGE_TEMPLATE, {"parts": parts})
    return _kept_detail(request, pk, now)


def _kept_detail(request, pk, now):
    """The page as every anonymous visitor sees it, kept (``public_pages``),
    the view counted: with Redis, in the round trip that reads the page's
    version (taken back when the page is not found)."""
    versions_of = [page_version.series_version(pk)]
    found = counters.count_event_reading(
        series_id=pk, event="page_views", keys=versions.keys(versions_of)
    )
    try:
        response = public_pages.respond(
            request,
            page="detail",
            versions_of=versions_of,
            query_fields={"page"},
            now=now,
            render=lambda: _detail_parts(
                request, selectors.series_page(user=request.user, pk=pk, now=now)
            ),
            found=found,
        )
    except Http404:
        if found is not None:
            counters.uncount_event(series_id=pk, event="page_views")
        raise
    if found is None:  # not counted with the read: counted now, as the page was found
        counters.count_event(series_id=pk, event="page_views")
    return response


def _detail_parts(request, page):
    """The page's parts for this visitor, and the next instant they change by
    themselves (a discount starting or ending)."""
    series, user, is_owner = page.series, request.user, page.is_owner
    # The rating service stores how many reviews are visible: no COUNT(*), and
    # no query at all for a Series nobody reviewed.
    visible = selectors.visible_reviews(series) if series.rating_count else []
    reviews = page_of(request, visible, count=series.rating_count)
    review_form = emails_form = None
    if page.can_watch_everything and not is_owner:
        review_form = ReviewForm(instance=selectors.own_review(user, series))
        emails_form = NewEpisodeEmailsForm(
            initial={"enabled": selectors.wants_new_episode_emails(user, series)}
        )
    share = share_tags(
        request,
        title=series.title,
        description=series.description,
        image_url=series.cover.url,
    )
    context = {
        "page": page,
        "series": series,
        "offer": page.offer,
        "buy_form": BuyForm(initial={"attempt": uuid.uuid4()}) if user.is_authenticated else None,
        "is_owner": is_owner,
        "reviews": reviews,
        "review_rows": [
            (review, AnswerForm(review=review) if is_owner and not review.answer else None)
            for review in reviews
        ],
        "review_form": review_form,
        "emails_form": emails_form,
        "share": share,
    }
    parts = {
        "title": escape(series.title),
        "meta": render_to_string("series/includes/share_meta.html", {"share": share}),
        "content": render_to_string("series/includes/detail_content.html", context, request),
    }
    return parts, page.next_change
