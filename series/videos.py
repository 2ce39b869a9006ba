"""Episode uploads: check by content that a file is an MP4 video and read its
duration from the file itself (its ``mvhd`` header, through mutagen)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from mutagen import MutagenError
from mutagen.mp4 import MP4

from series.models import MAX_EPISODE_MILLISECONDS, MIN_EPISODE_MILLISECONDS

# ISO base media files (MP4, M4V, QuickTime) open with a box whose type is "ftyp".
FTYP_OFFSET, FTYP = 4, b"ftyp"


def episode_duration_ms(upload):
    """The duration of the uploaded video in milliseconds, read from the file.

    Raises ``ValidationError`` with a message for the creator when the file is
    too large, is not an MP4 video, or is shorter than 30 seconds or longer
    than 20 minutes.
    """
    if upload.size > settings.SERIES_EPISODE_MAX_BYTES:
        raise too_large_error()
    upload.seek(0)
    header = upload.read(12)
    upload.seek(0)
    if header[FTYP_OFFSET : FTYP_OFFSET + len(FTYP)] != FTYP:
        raise _not_a_video()
    try:
        length = MP4(upload).info.length
    except (MutagenError, ValueError, OSError) as error:
        raise _not_a_video() from error
    finally:
        upload.seek(0)
    duration_ms = round(length * 1000)
    if not MIN_EPISODE_MILLISECONDS <= duration_ms <= MAX_EPISODE_MILLISECONDS:
        raise ValidationError(
            _("This video lasts %(duration)s; an episode must last from 30 seconds to 20 minutes.")
            % {"duration": format_duration(duration_ms)},
            code="bad_duration",
        )
    return duration_ms


def too_large_error():
    return ValidationError(
        _("The video is too large: the limit is %(megabytes)s MB.")
        % {"megabytes": settings.SERIES_EPISODE_MAX_BYTES // (1024 * 1024)},
        code="too_large",
    )


def _not_a_video():
    return ValidationError(_("Upload the episode as an MP4 video file."), code="not_a_video")


def format_duration(duration_ms):
    """``m:ss`` (or ``h:mm:ss``) for a duration in milliseconds."""
    minutes, seconds = divmod(duration_ms // 1000, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"
