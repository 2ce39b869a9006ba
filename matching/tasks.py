import inspect
import logging

from celery import Task, shared_task
from django.db import OperationalError

from matching import coalescing, fanout, runs

RETRY_ON_DATABASE_ERRORS = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 6,
}


logger = logging.getLogger(__name__)


@shared_task(**RETRY_ON_DATABASE_ERRORS)
def dispatch_queued_matches(older_than=coalescing.QUEUED_RUN_GRACE_SECONDS):
    """The outbox drain, run every minute by beat and when a worker starts
    (``coalescing.dispatch_queued_runs``). Returns how many tasks were sent."""
    return coalescing.dispatch_queued_runs(older_than=older_than)


@shared_task(**RETRY_ON_DATABASE_ERRORS)
def match_campaign(campaign_id):
    """Score all creators against one campaign and store its best matches."""
    coalescing.run_started("campaign", campaign_id)
    result = runs.match_campaign(campaign_id=campaign_id)
    return {"candidates": result.candidates, "stored": result.stored}


@shared_task(**RETRY_ON_DATABASE_ERRORS)
def match_creator(profile_id):
    """Rescore one creator against every live campaign."""
    coalescing.run_started("creator", profile_id)
    return runs.match_creator(profile_id=profile_id)


@shared_task(**RETRY_ON_DATABASE_ERRORS)
def refresh_all_matches():
    """The periodic full refresh of every live campaign's matches, fanned out
    in chunks over the workers (``refresh_chunk``). A refresh that finds
    another one still running does nothing (returns None). Returns the totals
    when the chunks already ran (eagerly), else the refresh's id and chunks."""
    refresh = coalescing.fan_out_alone()
    if refresh is None:
        return None
    if refresh.finished_at:
        totals = ("campaigns", "creators", "stored")
        return {name: getattr(refresh, name) for name in totals}
    return {"refresh": refresh.pk, "campaigns": refresh.campaigns, "chunks": refresh.chunks}


class ChunkTask(Task):
    """A refresh chunk whose task fails for good (retries spent, time limit,
    any other error) is recorded as failed, so that its refresh finishes and
    releases the lock instead of staying "running" until the lock expires."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        chunk = inspect.signature(self.run).bind(*args, **kwargs).arguments
        logger.error("Refresh %s: chunk %s failed: %r", chunk["refresh_id"], chunk["number"], exc)
        _refresh, finished = fanout.record_failed_chunk(error=type(exc).__name__, **chunk)
        if finished:
            coalescing.refresh_finished()


@shared_task(
    base=ChunkTask,
    soft_time_limit=coalescing.CHUNK_TIME_LIMIT,
    time_limit=coalescing.CHUNK_TIME_LIMIT + 60,
    **RETRY_ON_DATABASE_ERRORS,
)
def refresh_chunk(refresh_id, number, campaign_ids):
    """One chunk of a fanned-out refresh: its campaigns against the creators'
    columns this worker process keeps for the refresh. Run twice, it stores
    the same rows and is counted once."""
    refresh, finished = fanout.run_chunk(
        refresh_id=refresh_id, number=number, campaign_ids=campaign_ids
    )
    if finished:
        coalescing.refresh_finished()
    return refresh.chunk_results[str(number)]
