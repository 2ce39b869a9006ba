"""The monthly run: one task finds the creators to state and queues a task for
each batch of them (``services.queue_monthly_statements``), so the run is spread
over the workers and no single task outlives ``CELERY_TASK_SOFT_TIME_LIMIT``
however many creators there are."""

from datetime import date, timedelta

from celery import shared_task
from django.utils import timezone

from earnings import services
from earnings.models import STATEMENT_TIME_ZONE


def _first_of(month):
    """The first day of ``month`` ("YYYY-MM"), by default of the month just
    ended in Jakarta."""
    if month:
        year, number = (int(part) for part in month.split("-"))
        return date(year, number, 1)
    today = timezone.now().astimezone(STATEMENT_TIME_ZONE).date()
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


@shared_task
def monthly_statements(month=None):
    """Queue ``creator_statements`` for every creator to state for ``month``
    ("YYYY-MM", by default the month just ended): see
    ``services.queue_monthly_statements``. Returns the number of creators queued."""
    return services.queue_monthly_statements(_first_of(month))


@shared_task
def creator_statements(creator_ids, month):
    """These creators' statements for ``month`` (an ISO date) and their payouts sent."""
    return services.state_creators(creator_ids, date.fromisoformat(month))


@shared_task
def resend_stuck_payouts():
    """Hourly: payouts still processing a while after they were made are sent
    again (see ``services.resend_stuck_payouts``)."""
    return services.resend_stuck_payouts()
