"""The version of a Series' public page: ``Series.updated_at``.

The page keeps what it shows besides the Series' own columns (its approved
episodes and its discounts) in the process's fragment cache under the
Series' ``updated_at`` (``series.selectors.series_page``). So every change
of an episode or a discount moves ``updated_at`` on, in the same
transaction: saves and deletes through the signals connected in
``SeriesConfig.ready`` (services, the admin's inlines, cascades alike), and
the bulk writes that send no signal through ``touch_series`` where they run.
"""

from django.utils import timezone

from series.models import Series


def touch_series(series_id):
    """Move the Series' ``updated_at`` on: its cached page is read again."""
    Series.objects.filter(pk=series_id).update(updated_at=timezone.now())


def touch_series_of(sender, instance, **kwargs):
    """Receiver for an episode's or a discount's save and delete."""
    touch_series(instance.series_id)
