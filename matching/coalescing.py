"""When match runs start: bursts of requests folded into one task, the outbox
of runs queued while the broker was down, and one full refresh at a time.

A run is asked for in the database first (the campaign's ``MatchRun`` says
queued) and its task is sent by name (``core.jobs``) once the transaction
commits, unless one for the same campaign or creator is already waiting: a
cache key (``pending_key``) marks it until the task starts (``run_started``).
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from brands.models import MatchRun
from core import jobs
from matching import fanout, runs

logger = logging.getLogger(__name__)

# A campaign waits a few seconds so that edits made together start one run; a
# creator's figures wait a minute, so ten edits in that minute start one run.
CAMPAIGN_COALESCE_SECONDS = 5
CREATOR_COALESCE_SECONDS = 60
# The task of each kind of run, and the name of its one argument.
MATCH_TASKS = {
    "campaign": ("matching.tasks.match_campaign", "campaign_id"),
    "creator": ("matching.tasks.match_creator", "profile_id"),
}
# A queued run this old whose task is not waiting (no coalescing key) was
# never sent, or its message was lost: the broker was down when the campaign
# went live. A running run older than the hard time limit died with its worker
# and its message too.
QUEUED_RUN_GRACE_SECONDS = 60
RUNNING_RUN_LIMIT_SECONDS = settings.CELERY_TASK_TIME_LIMIT + 60
# The full refresh in one process loads every creator once and matches every
# live campaign: minutes at 1,000 campaigns and 100,000 creators, so it gets a
# longer limit than the other tasks, and one refresh at a time. Fanned out,
# the lock is held from the first chunk sent until the last one is recorded.
REFRESH_TIME_LIMIT = 60 * 60
# One chunk of a fanned-out refresh: its worker may load the creators first
# (about a minute at a million creators) and then matches its campaigns.
CHUNK_TIME_LIMIT = 15 * 60
REFRESH_LOCK = "match:refresh"


def pending_key(kind, object_id):
    return f"match:{kind}:{object_id}"


def _send_once(kind, object_id, countdown):
    """Send the ``kind`` match task of ``object_id`` unless one is already waiting.

    The key lives until the task starts (it deletes it) or, if no worker ever
    picks the task up, for a little longer than the countdown. Redis down (the
    cache, the broker or both) sends nothing and raises nothing: the request
    that asked for the run has committed and must still succeed, and a
    campaign's run stays queued in its ``MatchRun`` for
    ``dispatch_queued_runs`` to send once Redis is back.
    Returns whether the task was sent."""
    key = pending_key(kind, object_id)
    try:
        first = cache.add(key, 1, timeout=countdown + 60)
    except RedisError:
        logger.warning("Cache unreachable; sending the %s match of %s uncoalesced", kind, object_id)
        first = True
    if not first:
        return False
    name, argument = MATCH_TASKS[kind]
    try:
        jobs.send(name, countdown=countdown, **{argument: object_id})
    except (BrokerError, RedisError):
        logger.warning("Broker unreachable; the %s match of %s stays queued", kind, object_id)
        _forget(key)
        return False
    return True


def _forget(key):
    try:
        cache.delete(key)
    except RedisError:
        pass  # the key, if it was stored, expires by itself


def run_started(kind, object_id):
    """A ``kind`` run of ``object_id`` starts: requests from now on send another."""
    _forget(pending_key(kind, object_id))


def enqueue_campaign_match(campaign_id):
    """Match the campaign once the current transaction commits; requests made
    before that run starts are folded into it. The campaign shows a run as queued."""
    now = timezone.now()
    MatchRun.objects.update_or_create(
        campaign_id=campaign_id,
        defaults={"status": MatchRun.Status.QUEUED, "queued_at": now},
    )
    transaction.on_commit(partial(_send_once, "campaign", campaign_id, CAMPAIGN_COALESCE_SECONDS))


def enqueue_creator_match(profile_id):
    """Rematch the creator against live campaigns a minute after the first of
    a burst of changes; the changes within that minute start no further run."""
    transaction.on_commit(partial(_send_once, "creator", profile_id, CREATOR_COALESCE_SECONDS))


def rematch_campaign(sender, campaign_id, **kwargs):
    """Receiver of ``brands.signals.campaign_went_live``."""
    enqueue_campaign_match(campaign_id)


def rematch_creator(sender, profile_id, **kwargs):
    """Receiver of ``creators.signals.creator_figures_changed``."""
    enqueue_creator_match(profile_id)


def dispatch_queued_runs(*, older_than=QUEUED_RUN_GRACE_SECONDS):
    """Send the match task of every campaign whose run is still queued after
    ``older_than`` seconds (or stuck running past the time limit) and has no
    task waiting: the outbox drain. Sending twice is harmless (a run replaces
    the campaign's rows). Returns how many tasks were sent."""
    now = timezone.now()
    stale = MatchRun.objects.filter(
        status=MatchRun.Status.QUEUED, queued_at__lte=now - timedelta(seconds=older_than)
    ) | MatchRun.objects.filter(
        status=MatchRun.Status.RUNNING,
        started_at__lte=now - timedelta(seconds=RUNNING_RUN_LIMIT_SECONDS),
    )
    campaign_ids = stale.order_by("queued_at").values_list("campaign_id", flat=True)
    return sum(_send_once("campaign", campaign_id, countdown=0) for campaign_id in campaign_ids)


def refresh_alone():
    """The full refresh of every live campaign's matches, unless another one is
    still running (then nothing is done and None is returned)."""
    if not cache.add(REFRESH_LOCK, 1, timeout=REFRESH_TIME_LIMIT + 60):
        return None
    try:
        return runs.refresh_all_matches()
    finally:
        cache.delete(REFRESH_LOCK)


def fan_out_alone():
    """Start the full refresh fanned out over the workers (``fanout``), unless
    another one is still running (then nothing is sent and None is returned).
    Returns the ``RefreshRun``; the lock is released by the chunk that finishes
    it (``refresh_finished``), or expires after the refresh's time limit."""
    if not cache.add(REFRESH_LOCK, 1, timeout=REFRESH_TIME_LIMIT + 60):
        return None
    try:
        refresh = fanout.start_refresh()
    except BaseException:
        cache.delete(REFRESH_LOCK)
        raise
    if refresh.finished_at:
        refresh_finished()
    return refresh


def refresh_finished():
    """The last chunk of a fanned-out refresh is recorded: the next may start."""
    _forget(REFRESH_LOCK)
