"""Series background jobs: thin wrappers around ``series.services``."""

from celery import shared_task

from series import services


@shared_task
def flush_event_counters():
    """Move the cached page-view and playback counts into the daily figures
    (every minute, from ``CELERY_BEAT_SCHEDULE``). Safe to run any number of times."""
    return services.flush_event_counters()
