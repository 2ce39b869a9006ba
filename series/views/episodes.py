"""The creator's episodes: upload, rename, delete or keep, reorder."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from core.permissions import creator_required
from core.videos import declared_upload_too_large
from series import selectors
from series.forms import EpisodeForm, EpisodeOrderForm, EpisodeUploadForm
from series.services import episodes as episode_services
from series.services.editing import Edit
from series.services.refusals import SeriesRefused
from series.videos import too_large_error
from series.views.common import show_refusal


@csrf_exempt  # checked below, once the request's size is known to be acceptable
@require_http_methods(["GET", "POST"])
@creator_required
def add_episode(request, pk):
    """Refuses an upload whose declared size is over the limit before reading
    its body, so an oversized file is never written to disk."""
    series = selectors.own_series(user=request.user, pk=pk)
    if declared_upload_too_large(request, settings.SERIES_EPISODE_MAX_BYTES):
        messages.error(request, too_large_error().messages[0])
        context = {"form": EpisodeUploadForm(), "series": series}
        return render(request, "series/episode_form.html", context, status=413)
    return _add_episode(request, series)


@csrf_protect
def _add_episode(request, series):
    form = EpisodeUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            episode_services.add_episode(series=series, **form.cleaned_data)
        except SeriesRefused as refusal:
            form.add_error("video", refusal.message)
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
            outcome = episode_services.update_episode(episode=episode, **form.cleaned_data)
        except SeriesRefused as refusal:
            show_refusal(request, refusal)
            return redirect("series:manage", pk=pk)
        if outcome is Edit.SENT_FOR_REVIEW:
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
            deleted = episode_services.delete_episode(episode=episode, submitted_by=request.user)
        except SeriesRefused as refusal:
            show_refusal(request, refusal)
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
    if episode_services.keep_episode(episode=episode):
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
            outcome = episode_services.reorder_episodes(
                series=series, episode_ids=form.ordered_ids(), submitted_by=request.user
            )
        except SeriesRefused as refusal:
            show_refusal(request, refusal)
        else:
            if outcome is Edit.SENT_FOR_REVIEW:
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
