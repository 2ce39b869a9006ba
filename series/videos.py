"""Episode uploads: check by content that a file is an MP4 video and read its
duration from the file itself.

An MP4 states its duration twice: the movie header (``mvhd``) declares it, and
each track's sample table (``stts`` entries in its ``mdhd`` timescale) adds up
what a player actually plays. A header can be edited to claim 30 seconds for a
two-hour file, or ten minutes for a tiny one, so the sample tables are the
number trusted; a file whose header disagrees with them by more than
``HEADER_TOLERANCE_MS`` (or 2%) is refused as damaged or doctored.
"""

import struct

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from mutagen import MutagenError
from mutagen.mp4 import MP4, Atoms

from series.models import MAX_EPISODE_MILLISECONDS, MIN_EPISODE_MILLISECONDS

# ISO base media files (MP4, M4V, QuickTime) open with a box whose type is "ftyp".
FTYP_OFFSET, FTYP = 4, b"ftyp"
# Edit lists and audio priming make honest headers differ from the samples a little.
HEADER_TOLERANCE_MS = 2000


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
        MP4(upload)
        upload.seek(0)
        claimed_ms, duration_ms = _durations_ms(upload)
    except (MutagenError, ValueError, OSError, KeyError, struct.error, ZeroDivisionError) as error:
        raise _not_a_video() from error
    finally:
        upload.seek(0)
    if abs(claimed_ms - duration_ms) > max(HEADER_TOLERANCE_MS, duration_ms // 50):
        raise ValidationError(
            _(
                "This file says it lasts %(claimed)s but its video lasts %(duration)s. "
                "Export the video again from your editing app and upload the new file."
            )
            % {"claimed": format_duration(claimed_ms), "duration": format_duration(duration_ms)},
            code="duration_mismatch",
        )
    if not MIN_EPISODE_MILLISECONDS <= duration_ms <= MAX_EPISODE_MILLISECONDS:
        raise ValidationError(
            _("This video lasts %(duration)s; an episode must last from 30 seconds to 20 minutes.")
            % {"duration": format_duration(duration_ms)},
            code="bad_duration",
        )
    return duration_ms


def _durations_ms(fileobj):
    """(what the movie header claims, what the longest track's samples last), in ms.

    Raises ``KeyError``, ``ValueError``, ``struct.error`` or ``ZeroDivisionError``
    for a file whose boxes are missing or malformed.
    """
    atoms = Atoms(fileobj)
    moov = atoms[b"moov",]
    claimed_ms = _header_duration_ms(_read(moov[b"mvhd",], fileobj))
    track_ms = [0]
    for trak in moov.findall(b"trak"):
        header = _read(trak[b"mdia", b"mdhd"], fileobj)
        timescale = _header_timescale(header)
        stts = _read(trak[b"mdia", b"minf", b"stbl", b"stts"], fileobj)
        (entries,) = struct.unpack(">I", stts[4:8])
        if 8 + entries * 8 > len(stts):
            raise ValueError("stts is shorter than its entry count")
        units = sum(
            count * delta for count, delta in struct.iter_unpack(">II", stts[8 : 8 + entries * 8])
        )
        track_ms.append(units * 1000 // timescale)
    return claimed_ms, max(track_ms)


def _read(atom, fileobj):
    complete, data = atom.read(fileobj)
    if not complete:
        raise ValueError(f"{atom.name!r} is cut short")
    return data


def _header_timescale(data):
    """The timescale of a ``mvhd`` or ``mdhd`` box (version 0 or 1)."""
    at = 20 if data[0] == 1 else 12
    (timescale,) = struct.unpack(">I", data[at : at + 4])
    if timescale == 0:
        raise ZeroDivisionError("a timescale of zero")
    return timescale


def _header_duration_ms(data):
    if data[0] == 1:
        (duration,) = struct.unpack(">Q", data[24:32])
    else:
        (duration,) = struct.unpack(">I", data[16:20])
    return duration * 1000 // _header_timescale(data)


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
