"""The creator's studio: their Series, creating and editing one, its status moves."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods

from core.permissions import creator_required
from creators.models import CreatorProfile
from series import selectors
from series.forms import EpisodeOrderForm, EpisodeUploadForm, SeriesForm
from series.models import MAX_EPISODES, Series
from series.services import catalogue
from series.services.editing import Edit
from series.services.refusals import SeriesRefused
from series.studio_page import kept_studio
from series.views.common import PAGE_SIZE, add_refusal, profile_of, show_refusal


@require_GET
@creator_required
def studio(request, sort="newest"):
    """The creator's Series. The content is kept per user, language, order and
    page under the versions of everything it shows (``kept_studio``): whether
    they may sell Series (their applications, the programme) and their Series,
    episodes and review submissions. Other query parameters than ``page`` are
    read through (the pagination links keep them)."""
    page = request.GET.get("page", "")
    key = None
    if set(request.GET) <= {"page"} and len(request.GET.getlist("page")) <= 1 and len(page) <= 6:
        key = f"studio:{request.user.pk}:{get_language() or ''}:{sort}:{page}"
    body = kept_studio(key, lambda: _studio_read(request, sort))
    return render(request, "series/studio.html", {"body": body})


def _studio_read(request, sort):
    """``(profile id, the studio's content)`` read from the database: whether
    the creator may sell Series, and a page of their Series with its count in
    one query, the rows' HTML kept under every value they show."""
    profile = get_object_or_404(CreatorProfile.objects.only("pk"), user=request.user)
    series_page = selectors.studio_page(
        profile_id=profile.pk, sort=sort, number=request.GET.get("page"), per_page=PAGE_SIZE
    )
    html = render_to_string(
        "series/studio_content.html",
        {
            "series_page": series_page,
            "rows_version": selectors.studio_rows_version(series_page),
            "can_sell": selectors.can_sell_series(profile),
            "sort": sort,
        },
        request,
    )
    return profile.pk, html


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
