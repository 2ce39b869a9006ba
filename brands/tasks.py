import logging
from datetime import timedelta
from functools import partial

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from brands import matching
from brands.models import MatchRun
from brands.services import expire_credit as expire_credit_of_business
from payments.models import LedgerEntry

logger = logging.getLogger(__name__)

# A campaign waits a few seconds so that edits made together start one run; a
# creator's figures wait a minute, so ten edits in that minute start one run.
CAMPAIGN_COALESCE_SECONDS = 5
CREATOR_COALESCE_SECONDS = 60
RETRY_ON_DATABASE_ERRORS = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 6,
}


@shared_task
def expire_credit():
    """Expire unused credit past its date for every business that has some.
    Safe to run any number of times. Returns how many businesses lost credit."""
    business_ids = (
        LedgerEntry.objects.filter(
            kind__in=[LedgerEntry.Kind.GRANT, LedgerEntry.Kind.MATCH],
            expires_at__lte=timezone.now(),
        )
        .values_list("business_id", flat=True)
        .distinct()
    )
    return sum(
        1 for business_id in business_ids if expire_credit_of_business(business_id=business_id)
    )


def _pending_key(kind, object_id):
    return f"match:{kind}:{object_id}"


def _enqueue_once(task, kind, object_id, countdown):
    """Send ``task`` unless one for the same object is already waiting.

    The key lives until the task starts (it deletes it) or, if no worker ever
    picks the task up, for a little longer than the countdown. Redis down (the
    cache, the broker or both) sends nothing and raises nothing: the request
    that asked for the run has committed and must still succeed, and a
    campaign's run stays queued in its ``MatchRun`` for
    ``dispatch_queued_matches`` to send once Redis is back.
    Returns whether the task was sent."""
    key = _pending_key(kind, object_id)
    try:
        first = cache.add(key, 1, timeout=countdown + 60)
    except RedisError:
        logger.warning("Cache unreachable; sending the %s match of %s uncoalesced", kind, object_id)
        first = True
    if not first:
        return False
    try:
        task.apply_async(args=[object_id], countdown=countdown)
    except (BrokerError, RedisError):
        logger.warning("Broker unreachable; the %s match of %s stays queued", kind, object_id)
        _forget_pending(key)
        return False
    return True


def _forget_pending(key):
    try:
        cache.delete(key)
    except RedisError:
        pass  # the key, if it was stored, expires by itself


def enqueue_campaign_match(campaign_id):
    """Match the campaign once the current transaction commits; requests made
    before that run starts are folded into it. The campaign shows a run as queued."""
    now = timezone.now()
    MatchRun.objects.update_or_create(
        campaign_id=campaign_id,
        defaults={"status": MatchRun.Status.QUEUED, "queued_at": now},
    )
    transaction.on_commit(
        partial(_enqueue_once, match_campaign, "campaign", campaign_id, CAMPAIGN_COALESCE_SECONDS)
    )


# A queued run this old whose task is not waiting (no coalescing key) was
# never sent, or its message was lost: the broker was down when the campaign
# went live. A running run older than the hard time limit died with its worker
# and its message too.
QUEUED_RUN_GRACE_SECONDS = 60
RUNNING_RUN_LIMIT_SECONDS = settings.CELERY_TASK_TIME_LIMIT + 60


@shared_task(**RETRY_ON_DATABASE_ERRORS)
def dispatch_queued_matches(older_than=QUEUED_RUN_GRACE_SECONDS):
    """Send the match task of every campaign whose run is still queued after
    ``older_than`` seconds (or stuck running past the time limit) and has no
    task waiting: the outbox drain, run every minute by beat and when a worker
    starts. Sending twice is harmless (a run replaces the campaign's rows).
    Returns how many tasks were sent."""
    now = timezone.now()
    stale = MatchRun.objects.filter(
        status=MatchRun.Status.QUEUED, queued_at__lte=now - timedelta(seconds=older_than)
    ) | MatchRun.objects.filter(
        status=MatchRun.Status.RUNNING,
        started_at__lte=now - timedelta(seconds=RUNNING_RUN_LIMIT_SECONDS),
    )
    campaign_ids = stale.order_by("queued_at").values_list("campaign_id", flat=True)
    return sum(
        _enqueue_once(match_campaign, "campaign", campaign_id, countdown=0)
        for campaign_id in campaign_ids
    )


def enqueue_creator_match(profile_id):
    """Rematch the creator against live campaigns a minute after the first of
    a burst of changes; the changes within that minute start no further run."""
    transaction.on_commit(
        partial(_enqueue_once, match_creator, "creator", profile_id, CREATOR_COALESCE_SECONDS)
    )


@shared_task(**RETRY_ON_DATABASE_ERRORS)
def match_campaign(campaign_id):
    """Score all creators against one campaign and store its best matches."""
    _forget_pending(_pending_key("campaign", campaign_id))
    result = matching.match_campaign(campaign_id=campaign_id)
    return {"candidates": result.candidates, "stored": result.stored}


@shared_task(**RETRY_ON_DATABASE_ERRORS)
def match_creator(profile_id):
    """Rescore one creator against every live campaign."""
    _forget_pending(_pending_key("creator", profile_id))
    return matching.match_creator(profile_id=profile_id)


# The full refresh loads every creator once and matches every live campaign in
# one process: minutes at 1,000 campaigns and 100,000 creators, so it gets a
# longer limit than the other tasks, and one refresh at a time.
REFRESH_TIME_LIMIT = 60 * 60
REFRESH_LOCK = "match:refresh"


@shared_task(
    soft_time_limit=REFRESH_TIME_LIMIT,
    time_limit=REFRESH_TIME_LIMIT + 60,
    **RETRY_ON_DATABASE_ERRORS,
)
def refresh_all_matches():
    """The periodic full refresh of every live campaign's matches. A refresh
    that finds another one still running does nothing (returns None)."""
    if not cache.add(REFRESH_LOCK, 1, timeout=REFRESH_TIME_LIMIT + 60):
        return None
    try:
        result = matching.refresh_all_matches()
    finally:
        cache.delete(REFRESH_LOCK)
    return {"campaigns": result.campaigns, "creators": result.creators, "stored": result.stored}
