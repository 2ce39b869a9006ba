"""The full refresh fanned out over Celery workers, so that more workers on
more machines finish it sooner.

``start_refresh`` records a ``RefreshRun`` and sends one ``refresh_chunk`` task
per ``MATCHING_CAMPAIGNS_PER_TASK`` live campaigns. Each chunk matches its
campaigns against the creators' columns (steps 2 to 4, the same code as the
single-process refresh in ``runs``, so the same data stores the same rows) and
records itself on the ``RefreshRun`` (``record_chunk``); the chunk that records
the last one finishes the run with its totals. That is the chord's callback
without a result backend (the project runs none): the database counts the
chunks, keyed by their number, so a retried or redelivered chunk rewrites its
campaigns' rows (a replace) and is counted once.

The columns are loaded once per worker process and refresh
(``creators_for``): every chunk of one refresh that a process runs reuses the
arrays; the next refresh loads them again. The version is the refresh, not a
stamp of the creators' rows, on purpose: every change made before a refresh
starts is in it (rate cards, track records and ``update()`` writes included,
which no cheap stamp sees), and the creators' figures that change during a
refresh (at a million creators, several a second) do not make every worker
reload hundreds of MB mid-refresh: each change already reruns that creator
against every live campaign (``creator_figures_changed`` → ``match_creator``).
"""

import os
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core import jobs
from matching import runs
from matching.models import RefreshRun

CHUNK_TASK = "matching.tasks.refresh_chunk"

# The creators' columns this process loaded, by refresh id: at most one
# refresh's, so a worker holds one copy of the arrays.
_loaded = {}


def creators_for(version):
    """The columns of every creator who accepts offers, loaded once per process
    for ``version`` (a refresh's id) and reused by each chunk of it.
    Returns ``(columns, seconds spent loading)`` (0 when reused)."""
    columns = _loaded.get(version)
    if columns is not None:
        return columns, 0.0
    _loaded.clear()  # the previous refresh's arrays go before the new ones load
    started = time.perf_counter()
    columns = _loaded[version] = runs.load_open_creators()
    return columns, time.perf_counter() - started


def forget_creators():
    """Drop this process's columns (the memory they hold)."""
    _loaded.clear()


def chunks_of(ids, size):
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def start_refresh(*, per_task=None):
    """Record a refresh of every live campaign and send its chunk tasks now
    (call it outside a transaction: the workers read the ``RefreshRun``).
    Returns the run as it stands after sending (finished already when the
    tasks ran eagerly, or when no campaign is live)."""
    per_task = per_task or settings.MATCHING_CAMPAIGNS_PER_TASK
    campaign_ids = list(runs.live_campaigns().values_list("pk", flat=True))
    chunks = chunks_of(campaign_ids, per_task)
    refresh = RefreshRun.objects.create(
        started_at=timezone.now(), campaigns=len(campaign_ids), chunks=len(chunks)
    )
    if not chunks:
        RefreshRun.objects.filter(pk=refresh.pk).update(
            status=RefreshRun.Status.DONE, finished_at=timezone.now()
        )
    for number, ids in enumerate(chunks):
        jobs.send(CHUNK_TASK, refresh_id=refresh.pk, number=number, campaign_ids=ids)
    refresh.refresh_from_db()
    return refresh


def run_chunk(*, refresh_id, number, campaign_ids, weights=None):
    """Match chunk ``number`` of refresh ``refresh_id`` (the live ones of
    ``campaign_ids``) and record it. Returns ``(refresh, finished)`` like
    ``record_chunk``."""
    started = time.perf_counter()
    columns, load_seconds = creators_for(refresh_id)
    campaigns = list(runs.live_campaigns().filter(pk__in=campaign_ids))
    stored = runs.rematch(campaigns, columns, weights=weights)
    return record_chunk(
        refresh_id=refresh_id,
        number=number,
        result={
            "campaigns": len(campaigns),
            "stored": stored,
            "creators": len(columns),
            "load_seconds": round(load_seconds, 3),
            "seconds": round(time.perf_counter() - started, 3),
            "loaded": load_seconds > 0,
            "pid": os.getpid(),
        },
    )


def record_failed_chunk(*, refresh_id, number, campaign_ids, error):
    """Chunk ``number`` failed for good (its retries spent, or its time limit
    hit): record it so that the refresh still finishes (as failed) and the next
    one may start. Returns ``(refresh, finished)`` like ``record_chunk``."""
    result = {
        "failed": True,
        "error": error,
        "campaigns": len(campaign_ids),
        "stored": 0,
        "creators": 0,
    }
    return record_chunk(refresh_id=refresh_id, number=number, result=result)


def record_chunk(*, refresh_id, number, result):
    """Record chunk ``number``'s ``result`` on the refresh, once: a chunk
    already recorded changes nothing. The chunk that records the last one
    marks the refresh done (failed, if any chunk failed) with its totals.
    Returns ``(refresh, finished)``, ``finished`` true only for that last chunk."""
    with transaction.atomic():
        refresh = RefreshRun.objects.select_for_update().get(pk=refresh_id)
        key = str(number)
        if key in refresh.chunk_results:
            return refresh, False
        refresh.chunk_results[key] = result
        finished = len(refresh.chunk_results) == refresh.chunks
        if finished:
            results = refresh.chunk_results.values()
            failed = any(chunk.get("failed") for chunk in results)
            refresh.status = RefreshRun.Status.FAILED if failed else RefreshRun.Status.DONE
            refresh.finished_at = timezone.now()
            refresh.stored = sum(chunk["stored"] for chunk in results)
            refresh.creators = max(chunk["creators"] for chunk in results)
        refresh.save(update_fields=["chunk_results", "status", "finished_at", "stored", "creators"])
    return refresh, finished
