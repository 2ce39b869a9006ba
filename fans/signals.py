"""The versions of what a fan's pages show (``core.versions``), moved on by
receivers connected in ``FansConfig.ready``, whichever code changes the rows
(services, the admin, cascades):

- ``fan_version``: whom the fan follows and how far they watched;
- ``creator_series_version``: which Series a creator has (a new one shows on
  their followers' homes; what each shows has its own version,
  ``series.services.page_version.series_version``).
"""

from core import versions


def fan_version(user_id):
    return f"fan:{user_id}"


def creator_series_version(creator_id):
    return f"fans-creator-series:{creator_id}"


def follow_changed(sender, instance, **kwargs):
    """Receiver for a follow's save and delete."""
    versions.bump(fan_version(instance.fan_id))


def progress_changed(sender, instance, **kwargs):
    """Receiver for an episode progress row's save and delete."""
    versions.bump(fan_version(instance.user_id))


def series_changed(sender, instance, **kwargs):
    """Receiver for a Series' save and delete."""
    versions.bump(creator_series_version(instance.creator_id))
