"""Where a viewer stopped in an episode, for resuming it and for their library."""

from django.db import transaction

from series.models import EpisodeProgress

# Within this many seconds of the end (or past this share of it) an episode
# counts as watched to the end: the credits need not be sat through.
FINISHED_WITHIN_SECONDS = 15
FINISHED_SHARE = 0.9


def is_near_the_end(*, position_seconds, duration_seconds):
    return (
        position_seconds >= duration_seconds - FINISHED_WITHIN_SECONDS
        or position_seconds >= duration_seconds * FINISHED_SHARE
    )


@transaction.atomic
def save_progress(*, user, episode, position_seconds, ended=False):
    """Remember that ``user`` stopped ``episode`` at ``position_seconds`` (kept
    within the episode). Near the end, or when the player says it ended, the
    episode is finished and stays so; a finished episode starts from the
    beginning next time. Returns the progress row."""
    duration = episode.duration_seconds
    position = min(max(int(position_seconds), 0), duration)
    finished = ended or is_near_the_end(position_seconds=position, duration_seconds=duration)
    progress, _created = EpisodeProgress.objects.select_for_update().get_or_create(
        user=user, episode=episode
    )
    progress.finished = progress.finished or finished
    progress.position_seconds = 0 if finished else position
    progress.save(update_fields=["finished", "position_seconds", "updated_at"])
    return progress
