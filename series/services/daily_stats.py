"""The per-day figures of a Series."""

from django.db.models import F

from series.models import DailyStats


def add_to_daily_stats(*, series_id, day, **increments):
    """Add ``increments`` (field: amount) to the Series' figures of ``day``,
    creating the row on its first event; safe against concurrent writers."""
    DailyStats.objects.get_or_create(series_id=series_id, day=day)
    DailyStats.objects.filter(series_id=series_id, day=day).update(
        **{field: F(field) + amount for field, amount in increments.items()}
    )
