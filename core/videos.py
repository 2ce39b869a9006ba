"""Uploaded videos: check by content what a file is, and read its duration
from the file itself (Series episodes, collaboration drafts).

An MP4 (or QuickTime MOV) states its duration twice: the movie header
(``mvhd``) declares it, and each track's sample table (``stts`` entries in its
``mdhd`` timescale) adds up what a player actually plays. A header can be
edited to claim 30 seconds for a two-hour file, or ten minutes for a tiny one,
so the sample tables are the number trusted; a file whose header disagrees with
them by more than ``HEADER_TOLERANCE_MS`` (or 2%) is refused as damaged or
doctored. A WebM (Matroska) file states its duration once, in its segment
information, and that is the number read.

Each function raises ``ValidationError`` with a message for people; the
caller words "not a video" for its own uploads (``not_a_video``).
"""

import struct

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from mutagen import MutagenError
from mutagen.mp4 import MP4, Atoms

# ISO base media files (MP4, M4V, QuickTime) open with a box whose type is "ftyp".
FTYP_OFFSET, FTYP = 4, b"ftyp"
# Matroska and WebM files open with the EBML header element.
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
# Edit lists and audio priming make honest headers differ from the samples a little.
HEADER_TOLERANCE_MS = 2000

MP4_KIND, WEBM_KIND = "mp4", "webm"


class NotAVideo(ValueError):
    """The file is not a video of a kind asked for, or is broken."""


def sniff_kind(upload):
    """``"mp4"`` (MP4, M4V or MOV) or ``"webm"`` from the file's first bytes, or None."""
    upload.seek(0)
    header = upload.read(12)
    upload.seek(0)
    if header[FTYP_OFFSET : FTYP_OFFSET + len(FTYP)] == FTYP:
        return MP4_KIND
    if header[:4] == EBML_MAGIC:
        return WEBM_KIND
    return None


def check_size(upload, max_bytes):
    """Refuse a video file over ``max_bytes``."""
    if upload.size > max_bytes:
        raise too_large_error(max_bytes)


def duration_ms(upload, *, kinds=(MP4_KIND,)):
    """The duration in milliseconds of the video ``upload``, of one of ``kinds``.

    Raises ``NotAVideo`` for a file of another kind or a broken one, and
    ``ValidationError`` (code ``duration_mismatch``) for an MP4 whose header
    disagrees with its frames.
    """
    kind = sniff_kind(upload)
    if kind not in kinds:
        raise NotAVideo(kind)
    try:
        if kind == WEBM_KIND:
            return _webm_duration_ms(upload)
        MP4(upload)
        upload.seek(0)
        claimed_ms, played_ms = _durations_ms(upload)
    except (MutagenError, ValueError, OSError, KeyError, struct.error, ZeroDivisionError) as error:
        raise NotAVideo(str(error)) from error
    finally:
        upload.seek(0)
    if abs(claimed_ms - played_ms) > max(HEADER_TOLERANCE_MS, played_ms // 50):
        raise ValidationError(
            _(
                "This file says it lasts %(claimed)s but its video lasts %(duration)s. "
                "Export the video again from your editing app and upload the new file."
            )
            % {"claimed": format_duration(claimed_ms), "duration": format_duration(played_ms)},
            code="duration_mismatch",
        )
    return played_ms


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


# --- WebM (Matroska) ----------------------------------------------------------

EBML_HEADER, SEGMENT, INFO = 0x1A45DFA3, 0x18538067, 0x1549A966
TIMECODE_SCALE, DURATION = 0x2AD7B1, 0x4489
# How far into the file the segment information may start (it comes first in practice).
WEBM_SEARCH_BYTES = 1024 * 1024


def _vint(data, at, *, keep_marker):
    """An EBML variable-length integer at ``at``: (value, next offset)."""
    first = data[at]
    length = 1
    while length <= 8 and not first & (0x80 >> (length - 1)):
        length += 1
    if length > 8 or at + length > len(data):
        raise ValueError("bad EBML length")
    value = first if keep_marker else first & (0xFF >> length)
    for byte in data[at + 1 : at + length]:
        value = (value << 8) | byte
    return value, at + length


def _elements(data, start, end):
    """(id, payload start, payload end) of each element in ``data[start:end]``."""
    at = start
    while at < end:
        element_id, at = _vint(data, at, keep_marker=True)
        size, at = _vint(data, at, keep_marker=False)
        yield element_id, at, min(at + size, end)
        at += size


def _webm_duration_ms(upload):
    data = upload.read(WEBM_SEARCH_BYTES)
    elements = _elements(data, 0, len(data))
    element_id, _start, header_end = next(elements)
    if element_id != EBML_HEADER:
        raise ValueError("no EBML header")
    for element_id, start, end in _elements(data, header_end, len(data)):
        if element_id != SEGMENT:
            continue
        for child_id, child_start, child_end in _elements(data, start, end):
            if child_id != INFO:
                continue
            scale, duration = 1_000_000, None
            for field_id, field_start, field_end in _elements(data, child_start, child_end):
                payload = data[field_start:field_end]
                if field_id == TIMECODE_SCALE:
                    scale = int.from_bytes(payload, "big")
                elif field_id == DURATION:
                    (duration,) = struct.unpack(">f" if len(payload) == 4 else ">d", payload)
            if duration is None or duration < 0 or scale <= 0:
                raise ValueError("no duration in the segment information")
            return int(duration * scale // 1_000_000)
    raise ValueError("no segment information")


# A multipart body carries the file plus its boundaries and the other fields.
MULTIPART_OVERHEAD_BYTES = 64 * 1024


def declared_upload_too_large(request, max_bytes):
    """Whether ``request`` declares a body too big to hold a file of ``max_bytes``:
    checked from ``Content-Length`` before the body is read, so an oversized
    upload is never written to disk."""
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    return declared > max_bytes + MULTIPART_OVERHEAD_BYTES


# --- Messages ---------------------------------------------------------------------


def too_large_error(max_bytes):
    return ValidationError(
        _("The video is too large: the limit is %(megabytes)s MB.")
        % {"megabytes": max_bytes // (1024 * 1024)},
        code="too_large",
    )


def format_duration(milliseconds):
    """``m:ss`` (or ``h:mm:ss``) for a duration in milliseconds."""
    minutes, seconds = divmod(milliseconds // 1000, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"
