"""Episode uploads: an MP4 video from 30 seconds to 20 minutes, its duration
read from the file itself (``core.videos`` says how, and why the frames are
trusted over the header)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core import videos
from core.videos import format_duration
from series.models import MAX_EPISODE_MILLISECONDS, MIN_EPISODE_MILLISECONDS

__all__ = ["episode_duration_ms", "format_duration", "too_large_error"]


def episode_duration_ms(upload):
    """The duration of the uploaded video in milliseconds, read from the file.

    Raises ``ValidationError`` with a message for the creator when the file is
    too large, is not an MP4 video, or is shorter than 30 seconds or longer
    than 20 minutes.
    """
    videos.check_size(upload, settings.SERIES_EPISODE_MAX_BYTES)
    try:
        duration_ms = videos.duration_ms(upload)
    except videos.NotAVideo as error:
        raise ValidationError(
            _("Upload the episode as an MP4 video file."), code="not_a_video"
        ) from error
    if not MIN_EPISODE_MILLISECONDS <= duration_ms <= MAX_EPISODE_MILLISECONDS:
        raise ValidationError(
            _("This video lasts %(duration)s; an episode must last from 30 seconds to 20 minutes.")
            % {"duration": format_duration(duration_ms)},
            code="bad_duration",
        )
    return duration_ms


def too_large_error():
    return videos.too_large_error(settings.SERIES_EPISODE_MAX_BYTES)
