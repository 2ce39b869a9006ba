from celery import shared_task

from collaborations import services


@shared_task
def release_unanswered_holds():
    """Release the fee of every submission the business left unanswered past
    ``COLLABORATION_AUTO_RELEASE_HOURS`` (``services.release_all_unanswered``).
    Returns how many were released."""
    return services.release_all_unanswered()
