"""Series background jobs: thin wrappers that take plain values and call a
service. Services enqueue them by name (``core.jobs.enqueue``) and never import
this module."""

from celery import shared_task

from series.services import counters, notifications


@shared_task
def flush_event_counters():
    """Move the counted page views and plays into the daily figures (every
    minute, from ``CELERY_BEAT_SCHEDULE``). Safe to run any number of times."""
    return counters.flush_event_counters()


@shared_task
def notify_buyers_of_new_episodes(*, series_id, episode_ids):
    """Email the Series' buyers about newly approved episodes, once."""
    return notifications.notify_buyers_of_new_episodes(series_id=series_id, episode_ids=episode_ids)
