from celery import shared_task

from collaborations import services
from collaborations.services import figures
from tiktok.client import RateLimited


@shared_task
def release_unanswered_holds():
    """Release the fee of every submission the business left unanswered past
    ``COLLABORATION_AUTO_RELEASE_HOURS`` (``services.release_all_unanswered``).
    Returns how many were released."""
    return services.release_all_unanswered()


@shared_task
def queue_video_figure_reads():
    """Hourly: queue a figures read for each creator with a posted video due."""
    return figures.queue_figure_reads()


@shared_task(bind=True, max_retries=5)
def read_creator_video_figures(self, creator_id):
    """Read and record one creator's due video figures; on TikTok's rate limit,
    try again after the wait it asks for. Returns how many were read."""
    try:
        return len(figures.read_creator_video_figures(creator_id=creator_id).read)
    except RateLimited as error:
        raise self.retry(countdown=error.retry_after) from error
