"""Fans background jobs: thin wrappers that take plain values and call a service."""

from celery import shared_task

from fans import services


@shared_task
def notify_followers_of_new_episodes(*, series_id, episode_ids):
    """Email the creator's followers who do not own the Series about its new episodes, once."""
    return services.notify_followers_of_new_episodes(series_id=series_id, episode_ids=episode_ids)
