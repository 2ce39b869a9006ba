import logging

from celery import shared_task

from collaborations import services

logger = logging.getLogger(__name__)


@shared_task
def release_unanswered_holds():
    """Release the fee of every submission the business left unanswered past
    ``COLLABORATION_AUTO_RELEASE_HOURS``. Each one in its own transaction, so one
    failure does not hold back the others; safe to run any number of times.
    Returns how many were released."""
    released = 0
    for collaboration_id in list(services.unanswered_due()):
        try:
            if services.release_unanswered(collaboration_id=collaboration_id):
                released += 1
        except Exception:
            logger.exception("Could not release the fee of collaboration %s", collaboration_id)
    return released
