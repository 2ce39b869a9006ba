"""Signals other apps listen to, so that ``brands`` never imports them."""

from django.dispatch import Signal

# Sent inside the transaction whenever a campaign goes live (its first
# approval, a resume, an approval after a changed brief), with
# ``sender=Campaign`` and ``campaign_id``. Matching starts a run on it.
campaign_went_live = Signal()
