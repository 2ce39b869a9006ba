from celery import shared_task

from payments import notifications, services


@shared_task
def check_ledger():
    """The nightly check that every account balances; staff are emailed when
    it finds a problem (``services.check_ledger_and_alert_staff``). Returns the
    number of problems."""
    return services.check_ledger_and_alert_staff()


@shared_task
def expire_unpaid_payments():
    """Every 15 minutes: payments pending past their expiry are checked with
    the gateway and marked expired (or paid) as it says. Returns the counts."""
    return notifications.check_overdue_payments()
