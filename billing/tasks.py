from celery import shared_task

from billing.services.invoices import issue_monthly_invoices


@shared_task
def monthly_invoices():
    """On the 1st: the previous month's invoices (idempotent)."""
    return issue_monthly_invoices()
