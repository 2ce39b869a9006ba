from celery import shared_task

from payments import services


@shared_task
def check_ledger():
    """The nightly check that every account balances; staff are emailed when
    it finds a problem (``services.check_ledger_and_alert_staff``). Returns the
    number of problems."""
    return services.check_ledger_and_alert_staff()
