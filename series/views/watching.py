"""Watching episodes: the watch page, the player's play events and the
episode file itself."""

import math
import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from series import selectors
from series.forms import BuyForm
from series.services import counters, progress
from series.storage import file_response


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
    start_at = selectors.resume_position(request.user, episode)
    return render(
        request,
        "series/watch.html",
        {
            "page": page,
            "episode": episode,
            "start_at": start_at,
            "start_at_ms": start_at * 1000,
            "next_episode": selectors.next_episode(page, episode),
        },
    )


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


@require_POST
@login_required
def save_progress(request, pk, episode_pk):
    """The player reports where the viewer is in the episode (every few seconds,
    on pause and at the end, from series-watch.js): ``position`` in seconds and
    ``ended`` when it played to the end. Answers 204; 404 for an episode the
    viewer may not watch, 400 for a position that is not a number."""
    _page, episode = selectors.watchable_episode(user=request.user, series_pk=pk, pk=episode_pk)
    if episode is None:
        raise Http404
    try:
        position = float(request.POST.get("position", ""))
    except ValueError:
        return HttpResponse(status=400)
    if not math.isfinite(position):
        return HttpResponse(status=400)
    progress.save_progress(
        user=request.user,
        episode=episode,
        position_seconds=position,
        ended=request.POST.get("ended") == "1",
    )
    return HttpResponse(status=204)
