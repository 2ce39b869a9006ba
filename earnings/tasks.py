"""The monthly run: one task finds the creators to state and queues a task for
each, so the run is spread over the workers and no single task outlives
``CELERY_TASK_TIME_LIMIT`` however many creators there are."""

from datetime import date, timedelta

from celery import shared_task
from django.utils import timezone

from earnings import selectors, services
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
    ("YYYY-MM", by default the month just ended). Safe to run again: a
    creator's statements and payouts are made once (see
    ``services.state_creator``). Returns the number of creators queued."""
    first = _first_of(month)
    start, end = selectors.month_bounds(first)
    creator_ids = selectors.creators_to_state(start, end)
    for creator_id in creator_ids:
        creator_statements.delay(creator_id, first.isoformat())
    return len(creator_ids)


@shared_task
def creator_statements(creator_id, month):
    """One creator's statements for ``month`` (an ISO date) and their payouts sent."""
    services.state_creator(creator_id=creator_id, month=date.fromisoformat(month))
