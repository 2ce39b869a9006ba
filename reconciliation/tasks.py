from celery import shared_task

from reconciliation import services


@shared_task
def reconcile_yesterday():
    """The day before today (Asia/Jakarta) against the gateway's report.
    Returns the number of differences found."""
    run = services.reconcile_yesterday()
    return run.differences.count()


@shared_task
def check_books():
    """The nightly ledger check, with the last reconciliation kept beside it
    (``payments.services.check_ledger_and_alert_staff``). Returns the
    number of problems."""
    return services.check_ledger_after_reconciliation()
