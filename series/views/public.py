"""The public pages: the catalogue, a Series' page, watching episodes and their play events."""

import uuid

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from series import selectors
from series.forms import AnswerForm, BuyForm, NewEpisodeEmailsForm, ReviewForm
from series.forms_catalogue import CatalogueForm
from series.pricing import offer
from series.selectors_catalogue import catalogue
from series.services import counters
from series.storage import file_response
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
        series_page = Paginator(catalogue(**form.filters(), now=now), CATALOGUE_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    return render(
        request,
        "series/index.html",
        {
            "form": form,
            "series_page": series_page,
            "rows": [
                (series, offer(series, now, series.active_discounts))
                for series in series_page or []
            ],
        },
    )


@require_GET
def detail(request, pk):
    page = selectors.series_page(user=request.user, pk=pk)
    series = page.series
    is_owner = request.user.is_authenticated and series.creator.user_id == request.user.pk
    if series.is_published and not is_owner:
        counters.count_event(series_id=series.pk, event="page_views")
    reviews = page_of(request, selectors.visible_reviews(series))
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


@require_GET
def watch(request, pk, episode_pk):
    page, episode = selectors.watchable_episode(user=request.user, series_pk=pk, pk=episode_pk)
    if episode is None:
        return render(
            request,
            "series/locked.html",
            {
                "series": page.series,
                "offer": page.offer,
                "buy_form": BuyForm(initial={"attempt": uuid.uuid4()}),
            },
            status=403,
        )
    return render(request, "series/watch.html", {"page": page, "episode": episode})


WATCH_EVENTS = {"play", "complete"}


@require_POST
def watch_event(request, pk, episode_pk):
    """The player reports a play or a play to the end (from series-watch.js).
    A free preview played by someone who does not own the Series is a preview
    play; buyers' plays are episode starts and completions; the owner's own
    plays are not counted. Answers 204 with no body."""
    page, episode = selectors.watchable_episode(user=request.user, series_pk=pk, pk=episode_pk)
    event = request.POST.get("event")
    if episode is None or event not in WATCH_EVENTS:
        raise Http404
    is_owner = request.user.is_authenticated and page.series.creator.user_id == request.user.pk
    if not is_owner:
        if page.can_watch_everything:
            counted = "episode_starts" if event == "play" else "episode_completions"
        else:
            counted = "preview_plays" if event == "play" else None
        if counted:
            counters.count_event(series_id=page.series.pk, event=counted)
    return HttpResponse(status=204)


@require_GET
def episode_file(request, pk, episode_pk):
    """The episode's video, for whoever may watch it; 404 for everyone else, so
    that the address of a paid file tells a stranger nothing."""
    _series_page, episode = selectors.watchable_episode(
        user=request.user, series_pk=pk, pk=episode_pk
    )
    if episode is None:
        raise Http404
    return file_response(episode.video.name, request.headers.get("Range", ""))
