"""The public pages: the catalogue and a Series' page."""

import uuid

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from creators.models import CreatorProfile
from series import selectors
from series.forms import AnswerForm, BuyForm, NewEpisodeEmailsForm, ReviewForm
from series.pricing import offer
from series.services import counters
from series.views.common import page_of


@require_GET
def index(request, handle=None):
    now = timezone.now()
    series_page = page_of(request, selectors.published_series(handle=handle, now=now))
    return render(
        request,
        "series/index.html",
        {
            "series_page": series_page,
            "rows": [
                (series, offer(series, now, series.active_discounts)) for series in series_page
            ],
            "creator": get_object_or_404(CreatorProfile, handle=handle) if handle else None,
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
        },
    )
