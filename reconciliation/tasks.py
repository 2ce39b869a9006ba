from celery import shared_task

from reconciliation import services


@shared_task
def reconcile_yesterday():
    """The day before today (Asia/Jakarta) against the gateway's report.
    Returns the number of differences found."""
    run = services.reconcile_yesterday()
    return run.differences.count()
