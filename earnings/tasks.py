from datetime import date, timedelta

from celery import shared_task
from django.utils import timezone

from earnings import services
from earnings.models import STATEMENT_TIME_ZONE


@shared_task
def monthly_statements(month=None):
    """Statements and payouts for ``month`` ("YYYY-MM"), by default the month
    just ended in Jakarta. Idempotent: see ``services.make_monthly_statements``."""
    if month:
        year, number = (int(part) for part in month.split("-"))
        first = date(year, number, 1)
    else:
        today = timezone.now().astimezone(STATEMENT_TIME_ZONE).date()
        first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    return services.make_monthly_statements(first)
