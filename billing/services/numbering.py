"""Document numbers: ``R-2026-000001``, sequential per kind and year."""

from zoneinfo import ZoneInfo

from django.db import connection
from django.utils import timezone

from billing.models import DocumentCounter

JAKARTA = ZoneInfo("Asia/Jakarta")


def next_number(kind, *, now=None):
    """The next number of ``kind`` (a ``DocumentCounter.Kind``) in the year of
    ``now`` in Asia/Jakarta. Call it inside the transaction that creates the
    document: the counter row stays locked until it commits, so concurrent
    documents wait their turn, and a rolled-back document gives its number back
    (no gap)."""
    if not connection.in_atomic_block:
        raise RuntimeError("Document numbers are given inside the document's transaction.")
    year = timezone.localtime(now or timezone.now(), JAKARTA).year
    # The year's first document creates the row; a concurrent one finds it.
    DocumentCounter.objects.bulk_create(
        [DocumentCounter(kind=kind, year=year)], ignore_conflicts=True
    )
    counter = DocumentCounter.objects.select_for_update().get(kind=kind, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{kind}-{year}-{counter.last:06d}"
