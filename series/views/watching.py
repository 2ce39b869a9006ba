"""Watching episodes: the watch page, the player's play events and the
episode file itself."""

import uuid

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from series import selectors
from series.forms import BuyForm
from series.services import counters
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
