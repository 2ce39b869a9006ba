"""Signals other apps listen to, so that ``creators`` never imports them."""

from django.dispatch import Signal

# Sent after the transaction commits whenever a creator's figures change,
# with ``sender=CreatorProfile`` and ``profile_id``. Matching reruns on it.
creator_figures_changed = Signal()
