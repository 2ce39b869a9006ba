"""The public pages: the catalogue and a Series' page."""

import uuid

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core import pagination
from series import selectors
from series.forms import AnswerForm, BuyForm, NewEpisodeEmailsForm, ReviewForm
from series.forms_catalogue import CatalogueForm
from series.selectors_catalogue import card_rows, catalogue
from series.services import counters
from series.views.common import page_of
from series.views.sharing import share_tags

CATALOGUE_PAGE_SIZE = 24


@require_GET
def index(request):
    """The catalogue: published Series, searched, filtered and sorted by the
    GET form. Bad filters show their messages and no list."""
    now = timezone.now()
    form = CatalogueForm(request.GET)
    series_page = None
    if form.is_valid():
        # Counted only past the first page: a list that fits is counted by its rows.
        series_page = pagination.page_of(
            catalogue(**form.filters(), now=now), request.GET.get("page"), CATALOGUE_PAGE_SIZE
        )
    return render(
        request,
        "series/index.html",
        {
            "form": form,
            "series_page": series_page,
            "rows": card_rows(series_page or [], now, show_creator=True),
        },
    )


@require_GET
def detail(request, pk):
    page = selectors.series_page(user=request.user, pk=pk)
    series = page.series
    is_owner = request.user.is_authenticated and series.creator.user_id == request.user.pk
    if series.is_published and not is_owner:
        counters.count_event(series_id=series.pk, event="page_views")
    # The rating service stores how many reviews are visible: no COUNT(*), and
    # no query at all for a Series nobody reviewed.
    visible = selectors.visible_reviews(series) if series.rating_count else []
    reviews = page_of(request, visible, count=series.rating_count)
    review_form = emails_form = None
    if page.can_watch_everything and not is_owner:
        review_form = ReviewForm(instance=selectors.own_review(request.user, series))
        emails_form = NewEpisodeEmailsForm(
            initial={"enabled": selectors.wants_new_episode_emails(request.user, series)}
        )
    return render(
        request,
        "series/detail.html",
        {
            "page": page,
            "series": series,
            "offer": page.offer,
            "buy_form": BuyForm(initial={"attempt": uuid.uuid4()}),
            "is_owner": is_owner,
            "reviews": reviews,
            "review_rows": [
                (review, AnswerForm(review=review) if is_owner and not review.answer else None)
                for review in reviews
            ],
            "review_form": review_form,
            "emails_form": emails_form,
            "share": share_tags(
                request,
                title=series.title,
                description=series.description,
                image_url=series.cover.url,
            ),
        },
    )
