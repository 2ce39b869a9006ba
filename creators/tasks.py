from celery import shared_task
from django.utils import timezone

from creators import verification
from creators.models.profiles import CreatorProfile
from tiktok.client import RateLimited, Unavailable

# TikTok down: try again after about 1, 2, 4, 8 minutes, then wait for tomorrow's read.
RETRY_WHILE_TIKTOK_IS_DOWN = {
    "autoretry_for": (Unavailable,),
    "retry_backoff": 60,
    "retry_backoff_max": 15 * 60,
    "retry_jitter": True,
    "max_retries": 4,
}


@shared_task(bind=True, **RETRY_WHILE_TIKTOK_IS_DOWN)
def sync_creator_figures(self, profile_id):
    """Read one creator's figures from TikTok. Safe to run twice (one snapshot
    a day). Rate limited: retried after TikTok's ``retry_after``."""
    profile = CreatorProfile.objects.select_related("user").filter(pk=profile_id).first()
    if profile is None:
        return None
    try:
        return verification.sync_figures_from_tiktok(profile=profile).outcome
    except RateLimited as error:
        raise self.retry(exc=error, countdown=error.retry_after) from error


@shared_task
def sync_figures_slice(hour=None):
    """Hourly: queue the reads of this hour's slice of linked creators (the
    daily refresh spread over the day). Returns how many were queued."""
    if hour is None:
        hour = timezone.now().hour
    return verification.schedule_figures_slice(hour=hour)
