from functools import partial

from celery import shared_task
from django.core.cache import cache
from django.db import OperationalError, transaction
from django.utils import timezone

from brands import matching
from brands.models import LedgerEntry, MatchRun
from brands.services import expire_credit as expire_credit_of_business

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
    # The key lives until the task starts (it deletes it) or, if no worker
    # ever picks the task up, for a little longer than the countdown.
    if cache.add(_pending_key(kind, object_id), 1, timeout=countdown + 60):
        task.apply_async(args=[object_id], countdown=countdown)


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


def enqueue_creator_match(profile_id):
    """Rematch the creator against live campaigns a minute after the first of
    a burst of changes; the changes within that minute start no further run."""
    transaction.on_commit(
        partial(_enqueue_once, match_creator, "creator", profile_id, CREATOR_COALESCE_SECONDS)
    )


@shared_task(**RETRY_ON_DATABASE_ERRORS)
def match_campaign(campaign_id):
    """Score all creators against one campaign and store its best matches."""
    cache.delete(_pending_key("campaign", campaign_id))
    result = matching.match_campaign(campaign_id=campaign_id)
    return {"candidates": result.candidates, "stored": result.stored}


@shared_task(**RETRY_ON_DATABASE_ERRORS)
def match_creator(profile_id):
    """Rescore one creator against every live campaign."""
    cache.delete(_pending_key("creator", profile_id))
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
