"""The monthly run: one task finds the creators to state and queues a task for
each batch of them, so the run is spread over the workers and no single task
outlives ``CELERY_TASK_SOFT_TIME_LIMIT`` however many creators there are."""

from datetime import date, timedelta

from celery import shared_task
from django.utils import timezone

from earnings import selectors, services
from earnings.models import STATEMENT_TIME_ZONE

# Creators per task: at 50-110 ms each (bench_statements), 10-25 s of work, and
# 500 tasks to queue for 100,000 creators (queuing takes about 1 ms a task).
CREATORS_PER_TASK = 200


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
    ("YYYY-MM", by default the month just ended), ``CREATORS_PER_TASK`` at a
    time. Safe to run again: a creator's statements and payouts are made once
    (see ``services.state_creator``). Returns the number of creators queued."""
    first = _first_of(month)
    start, end = selectors.month_bounds(first)
    creator_ids = selectors.creators_to_state(start, end)
    for index in range(0, len(creator_ids), CREATORS_PER_TASK):
        creator_statements.delay(creator_ids[index : index + CREATORS_PER_TASK], first.isoformat())
    return len(creator_ids)


@shared_task
def creator_statements(creator_ids, month):
    """These creators' statements for ``month`` (an ISO date) and their payouts sent."""
    return services.state_creators(creator_ids, date.fromisoformat(month))


@shared_task
def resend_stuck_payouts():
    """Hourly: payouts still processing a while after they were made are sent
    again (see ``services.resend_stuck_payouts``)."""
    return services.resend_stuck_payouts()
