"""The creator's studio: their Series, creating and editing one, its status moves."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods

from core.permissions import creator_required
from creators.selectors import kept_for_creator
from series import selectors
from series.forms import EpisodeOrderForm, EpisodeUploadForm, SeriesForm
from series.models import MAX_EPISODES, Series
from series.services import catalogue
from series.services.editing import Edit
from series.services.refusals import SeriesRefused
from series.views.common import PAGE_SIZE, add_refusal, profile_of, show_refusal


@require_GET
@creator_required
def studio(request, sort="newest"):
    """The creator's Series. Whether they may sell Series is kept under the
    creator's version (``creators.selectors.kept_for_creator``: every change
    of their applications changes it); the Series are read, with their count,
    in one query, and the rows' HTML is kept under every value they show."""
    profile_id, can_sell = kept_for_creator(
        f"series-seller:{request.user.pk}",
        lambda: profile_of(request),
        selectors.can_sell_series,
    )
    series_page = selectors.studio_page(
        profile_id=profile_id, sort=sort, number=request.GET.get("page"), per_page=PAGE_SIZE
    )
    return render(
        request,
        "series/studio.html",
        {
            "series_page": series_page,
            "rows_version": selectors.studio_rows_version(series_page),
            "can_sell": can_sell,
            "sort": sort,
        },
    )


@require_http_methods(["GET", "POST"])
@creator_required
def create(request):
    profile = profile_of(request)
    if not selectors.can_sell_series(profile):
        messages.error(request, _("Only creators approved for Series can create one."))
        return redirect("series:studio")
    form = SeriesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            series = catalogue.create_series(creator=profile, **form.cleaned_data)
        except SeriesRefused as refusal:
            add_refusal(form, refusal)
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
            outcome = catalogue.update_series(
                series=series,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                price=form.cleaned_data["price"],
                currency=form.cleaned_data["currency"],
                cover=form.new_cover(),
                submitted_by=request.user,
            )
        except SeriesRefused as refusal:
            add_refusal(form, refusal)
        else:
            if outcome is Edit.SENT_FOR_REVIEW:
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
            catalogue.change_status(series=series, to_status=status, changed_by=request.user)
        except SeriesRefused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, STATUS_MESSAGES[status])
        return redirect("series:manage", pk=pk)
    return render(request, "series/confirm_status.html", {"series": series, "status": status})
