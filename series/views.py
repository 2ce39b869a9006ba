import csv
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.charts import line_chart
from core.permissions import creator_required
from creators.models import CreatorProfile
from payments.providers import get_provider
from series import selectors, services
from series.forms import (
    AnswerForm,
    BuyForm,
    DiscountForm,
    EpisodeForm,
    EpisodeOrderForm,
    EpisodeUploadForm,
    NewEpisodeEmailsForm,
    ReviewForm,
    SeriesForm,
)
from series.models import MAX_EPISODES, DailyStats, Discount, Review, Series
from series.pricing import DISCOUNT_TIME_ZONE, offer
from series.storage import file_response
from series.videos import too_large_error

PAGE_SIZE = 12
# Room for the form's other fields and the multipart boundaries around the file.
MULTIPART_OVERHEAD_BYTES = 64 * 1024


def _profile(request):
    return get_object_or_404(CreatorProfile, user=request.user)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _show_errors(request, error):
    for message in error.messages:
        messages.error(request, message)


# --- The creator's studio -------------------------------------------------


@require_GET
@creator_required
def studio(request, sort="newest"):
    profile = _profile(request)
    return render(
        request,
        "series/studio.html",
        {
            "series_page": _page(request, selectors.series_of(profile=profile, sort=sort)),
            "can_sell": selectors.can_sell_series(profile),
            "sort": sort,
        },
    )


@require_http_methods(["GET", "POST"])
@creator_required
def create(request):
    profile = _profile(request)
    if not selectors.can_sell_series(profile):
        messages.error(request, _("Only creators approved for Series can create one."))
        return redirect("series:studio")
    form = SeriesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            series = services.create_series(creator=profile, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your Series is saved as a draft. Add its episodes."))
            return redirect("series:manage", pk=series.pk)
    return render(request, "series/series_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@creator_required
def edit(request, pk):
    series = selectors.own_series(user=request.user, pk=pk)
    pending = selectors.pending_submission(series)
    initial = {"title": pending.title, "description": pending.description} if pending else None
    form = SeriesForm(request.POST or None, request.FILES or None, instance=series, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_series(
                series=series,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                price=form.cleaned_data["price"],
                currency=form.cleaned_data["currency"],
                cover=form.new_cover(),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if series.is_approved:
                messages.success(
                    request,
                    _(
                        "Your changes are sent to staff for review. The approved version "
                        "stays on sale until they are approved."
                    ),
                )
            else:
                messages.success(request, _("Your changes are saved."))
            return redirect("series:manage", pk=series.pk)
    return render(
        request, "series/series_form.html", {"form": form, "series": series, "pending": pending}
    )


@require_GET
@creator_required
def manage(request, pk):
    series = selectors.own_series(user=request.user, pk=pk)
    submission = selectors.latest_submission(series)
    # Only one submission is pending at a time, and it is the latest.
    pending = submission if submission and submission.is_pending else None
    episodes = selectors.in_proposed_order(series.episodes.all(), pending)
    return render(
        request,
        "series/manage.html",
        {
            "series": series,
            "submission": submission,
            "discounts": selectors.discounts_to_come(series),
            "episodes": episodes,
            "removals": set(pending.episodes_to_remove) if pending else set(),
            "order_pending": bool(pending and pending.episode_order),
            "upload_form": EpisodeUploadForm(),
            "order_form": EpisodeOrderForm(episodes=episodes),
            "can_add_episode": len(episodes) < MAX_EPISODES,
            "max_episodes": MAX_EPISODES,
        },
    )


@csrf_exempt  # checked below, once the request's size is known to be acceptable
@require_http_methods(["GET", "POST"])
@creator_required
def add_episode(request, pk):
    """Refuses an upload whose declared size is over the limit before reading
    its body, so an oversized file is never written to disk."""
    series = selectors.own_series(user=request.user, pk=pk)
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > settings.SERIES_EPISODE_MAX_BYTES + MULTIPART_OVERHEAD_BYTES:
        _show_errors(request, too_large_error())
        context = {"form": EpisodeUploadForm(), "series": series}
        return render(request, "series/episode_form.html", context, status=413)
    return _add_episode(request, series)


@csrf_protect
def _add_episode(request, series):
    form = EpisodeUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_episode(series=series, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("video", error)
        else:
            messages.success(request, _("The episode is added."))
            return redirect("series:manage", pk=series.pk)
    return render(request, "series/episode_form.html", {"form": form, "series": series})


@require_http_methods(["GET", "POST"])
@creator_required
def edit_episode(request, pk, episode_pk):
    episode = selectors.own_episode(user=request.user, series_pk=pk, pk=episode_pk)
    form = EpisodeForm(request.POST or None, instance=episode)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_episode(episode=episode, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(request, error)
            return redirect("series:manage", pk=pk)
        if episode.approved_at:
            messages.success(
                request, _("The episode is saved. A new title waits for staff review.")
            )
        else:
            messages.success(request, _("The episode is saved."))
        return redirect("series:manage", pk=pk)
    return render(
        request,
        "series/episode_form.html",
        {"form": form, "series": episode.series, "episode": episode},
    )


@require_http_methods(["GET", "POST"])
@creator_required
def delete_episode(request, pk, episode_pk):
    episode = selectors.own_episode(user=request.user, series_pk=pk, pk=episode_pk)
    if request.method == "POST":
        try:
            deleted = services.delete_episode(episode=episode, actor=request.user)
        except ValidationError as error:
            _show_errors(request, error)
        else:
            if deleted:
                messages.success(request, _("The episode is deleted."))
            else:
                messages.success(
                    request,
                    _(
                        "The removal is sent to staff for review. Buyers keep the episode "
                        "until it is approved."
                    ),
                )
        return redirect("series:manage", pk=pk)
    needs_review = episode.series.is_approved and episode.approved_at is not None
    return render(
        request, "series/episode_delete.html", {"episode": episode, "needs_review": needs_review}
    )


@require_POST
@creator_required
def keep_episode(request, pk, episode_pk):
    episode = selectors.own_episode(user=request.user, series_pk=pk, pk=episode_pk)
    if services.keep_episode(episode=episode):
        messages.success(request, _("The episode stays: its removal is withdrawn."))
    return redirect("series:manage", pk=pk)


@require_POST
@creator_required
def reorder(request, pk):
    series = selectors.own_series(user=request.user, pk=pk)
    episodes = selectors.in_proposed_order(
        series.episodes.all(), selectors.pending_submission(series)
    )
    form = EpisodeOrderForm(request.POST, episodes=episodes)
    if form.is_valid():
        try:
            services.reorder_episodes(
                series=series, episode_ids=form.ordered_ids(), actor=request.user
            )
        except ValidationError as error:
            _show_errors(request, error)
        else:
            if series.is_approved:
                messages.success(
                    request,
                    _(
                        "The new order is sent to staff for review. Buyers see the approved "
                        "order until it is approved."
                    ),
                )
            else:
                messages.success(request, _("The new order is saved."))
    else:
        messages.error(request, _("Give every episode a whole number from 1 up."))
    return redirect("series:manage", pk=pk)


STATUS_MESSAGES = {
    Series.Status.IN_REVIEW: _lazy(
        "Your Series is sent to staff for review. You will receive an email when they decide."
    ),
    Series.Status.DRAFT: _lazy("Your Series is withdrawn from review; you can change it again."),
    Series.Status.PUBLISHED: _lazy("Your Series is back on sale."),
    Series.Status.UNPUBLISHED: _lazy("Your Series is no longer on sale."),
}


@require_http_methods(["GET", "POST"])
@creator_required
def change_status(request, pk, status):
    series = selectors.own_series(user=request.user, pk=pk)
    if status not in STATUS_MESSAGES:
        raise Http404
    if request.method == "POST":
        try:
            services.change_status(series=series, to_status=status, actor=request.user)
        except ValidationError as error:
            _show_errors(request, error)
        else:
            messages.success(request, STATUS_MESSAGES[status])
        return redirect("series:manage", pk=pk)
    return render(request, "series/confirm_status.html", {"series": series, "status": status})


@require_http_methods(["GET", "POST"])
@creator_required
def add_discount(request, pk):
    series = selectors.own_series(user=request.user, pk=pk)
    # Dates are typed and shown in Jakarta time.
    with timezone.override(DISCOUNT_TIME_ZONE):
        form = DiscountForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.create_discount(series=series, **form.discount_values())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The discount is saved."))
                return redirect("series:manage", pk=pk)
        return render(request, "series/discount_form.html", {"form": form, "series": series})


@require_http_methods(["GET", "POST"])
@creator_required
def end_discount(request, pk, discount_pk):
    discount = get_object_or_404(
        Discount.objects.select_related("series"),
        pk=discount_pk,
        series_id=pk,
        series__creator__user=request.user,
    )
    if request.method == "POST":
        services.end_discount(discount=discount)
        messages.success(request, _("The discount is ended."))
        return redirect("series:manage", pk=pk)
    return render(request, "series/discount_end.html", {"discount": discount})


@require_GET
@creator_required
def earnings(request):
    per_series, totals = selectors.earnings(profile=_profile(request))
    rows = [(row, line_chart(row.daily_sales)) for row in per_series]
    return render(request, "series/earnings.html", {"page": _page(request, rows), "totals": totals})


# --- Buyers ---------------------------------------------------------------


@require_GET
def index(request, handle=None):
    now = timezone.now()
    series_page = _page(request, selectors.published_series(handle=handle, now=now))
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
        services.count_event(series_id=series.pk, event="page_views")
    reviews = _page(request, selectors.visible_reviews(series))
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


@require_POST
@login_required
def new_episode_emails(request, pk):
    page = selectors.series_page(user=request.user, pk=pk)
    form = NewEpisodeEmailsForm(request.POST)
    form.is_valid()
    enabled = form.cleaned_data.get("enabled", False)
    if not services.set_new_episode_emails(series=page.series, buyer=request.user, enabled=enabled):
        raise Http404
    if enabled:
        messages.success(request, _("You will receive an email when a new episode is added."))
    else:
        messages.success(request, _("You will no longer receive emails about new episodes."))
    return redirect("series:detail", pk=pk)


@require_POST
@login_required
def review(request, pk):
    page = selectors.series_page(user=request.user, pk=pk)
    form = ReviewForm(request.POST, instance=selectors.own_review(request.user, page.series))
    if not form.is_valid():
        messages.error(
            request, _("Choose from 1 to 5 stars; a review has at most 2,000 characters.")
        )
        return redirect("series:detail", pk=pk)
    try:
        services.save_review(series=page.series, buyer=request.user, **form.cleaned_data)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you: your review is saved."))
    return redirect(reverse("series:detail", args=[pk]) + "#reviews")


@require_POST
@creator_required
def answer_review(request, pk, review_pk):
    review = get_object_or_404(
        Review.objects.select_related("series", "buyer"),
        pk=review_pk,
        series_id=pk,
        series__creator__user=request.user,
        hidden_at=None,
    )
    form = AnswerForm(request.POST, review=review)
    if form.is_valid():
        try:
            services.answer_review(
                review=review, creator_user=request.user, text=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            _show_errors(request, error)
        else:
            messages.success(request, _("Your answer is published."))
    else:
        messages.error(request, _("Write your answer (at most 2,000 characters)."))
    return redirect(reverse("series:detail", args=[pk]) + "#reviews")


@require_POST
@login_required
def buy(request, pk):
    page = selectors.series_page(user=request.user, pk=pk)
    form = BuyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Something went wrong; please press Buy again."))
        return redirect("series:detail", pk=pk)
    try:
        payment = services.start_purchase(
            series=page.series,
            buyer=request.user,
            attempt=form.cleaned_data["attempt"],
            return_url=page.series.get_absolute_url(),
        )
    except ValidationError as error:
        _show_errors(request, error)
        return redirect("series:detail", pk=pk)
    return redirect(get_provider().checkout_url(payment))


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
            services.count_event(series_id=page.series.pk, event=counted)
    return HttpResponse(status=204)


@require_GET
@creator_required
def analytics(request, pk):
    series = selectors.own_series(user=request.user, pk=pk)
    days = selectors.daily_figures(series=series)
    return render(
        request,
        "series/analytics.html",
        {
            "series": series,
            "days": days,
            "totals": _totals(days),
            "views_chart": line_chart([(row.day, row.page_views) for row in days]),
            "purchases_chart": line_chart([(row.day, row.purchases) for row in days]),
        },
    )


def _totals(days):
    return DailyStats(
        **{
            field: sum(getattr(row, field) for row in days)
            for field in (
                "page_views",
                "preview_plays",
                "purchases",
                "revenue",
                "refunds",
                "refunded",
                "episode_starts",
                "episode_completions",
            )
        }
    )


@require_GET
@creator_required
def analytics_csv(request, pk):
    series = selectors.own_series(user=request.user, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="series-{series.pk}-analytics.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "day",
            "page_views",
            "preview_plays",
            "purchases",
            "conversion_percent",
            f"revenue_{series.currency}",
            "refunds",
            f"refunded_{series.currency}",
            "episode_starts",
            "episode_completions",
            "completion_percent",
        ]
    )
    for row in selectors.daily_figures(series=series):
        writer.writerow(
            [
                row.day.isoformat(),
                row.page_views,
                row.preview_plays,
                row.purchases,
                "" if row.conversion is None else f"{row.conversion:.1f}",
                row.revenue,
                row.refunds,
                row.refunded,
                row.episode_starts,
                row.episode_completions,
                "" if row.completion is None else f"{row.completion:.1f}",
            ]
        )
    return response


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


@require_GET
@login_required
def library(request):
    return render(
        request,
        "series/library.html",
        {"purchases": _page(request, selectors.library(user=request.user))},
    )
