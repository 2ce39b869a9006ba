"""Where private files live (paid episodes, collaboration drafts), and how a
checked request is handed its file.

They are kept under ``SERIES_PRIVATE_ROOT`` (named for its first user), outside
``MEDIA_ROOT``, with no public URL: the only way to one is a view that checks
access first and then lets Django stream the file (development) or tells the
web server in front to send it (``X-Accel-Redirect`` for nginx, ``X-Sendfile``
for Apache or Caddy), as ``SERIES_FILE_SERVING`` says. Each app keeps its files
under its own folder (``series/``, ``collaborations/``), so one internal
location of the web server serves them all.
"""

import mimetypes
import uuid

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.functional import LazyObject, empty


class PrivateFileSystemStorage(FileSystemStorage):
    """Files with no URL: asking for one is a programming error."""

    def url(self, name):
        raise ValueError("Private files have no URL; link to the view that checks access.")


class PrivateStorage(LazyObject):
    """Built on first use, so tests that change the setting get their own folder."""

    def _setup(self):
        self._wrapped = PrivateFileSystemStorage(location=settings.SERIES_PRIVATE_ROOT)


private_storage = PrivateStorage()


def private_name(folder, extension):
    """A name under ``folder`` nobody can guess or collide with; the uploader's
    file name is not kept."""
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def file_response(name, range_header=""):
    """The response that delivers the private file ``name`` to a checked request.

    Streaming it ourselves, a ``Range: bytes=start-end`` request (what a video
    player sends to seek) gets just that part, so playback can jump ahead.
    """
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    mode = settings.SERIES_FILE_SERVING
    if mode == "django":
        response = _streamed(name, content_type, range_header)
    elif mode == "x-accel":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.SERIES_X_ACCEL_PREFIX.rstrip("/") + "/" + name
    elif mode == "x-sendfile":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = private_storage.path(name)
    else:
        raise ImproperlyConfigured(
            "SERIES_FILE_SERVING must be 'django', 'x-accel' or 'x-sendfile'."
        )
    # Paid or unpublished content: never kept by shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


def _streamed(name, content_type, range_header):
    size = private_storage.size(name)
    byte_range = _parse_range(range_header, size)
    if byte_range is None:
        response = FileResponse(private_storage.open(name, "rb"), content_type=content_type)
    elif byte_range == UNSATISFIABLE:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        start, end = byte_range
        response = StreamingHttpResponse(
            _read_range(name, start, end), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response


UNSATISFIABLE = (-1, -1)
CHUNK_BYTES = 64 * 1024


def _parse_range(header, size):
    """``(start, end)`` inclusive for a single ``bytes=`` range, ``None`` to send
    the whole file (no header, or one we do not handle), ``UNSATISFIABLE``."""
    if not header.startswith("bytes=") or "," in header:
        return None
    first, _, last = header[len("bytes=") :].strip().partition("-")
    try:
        if first:
            start, end = int(first), int(last) if last else size - 1
        else:
            start, end = max(size - int(last), 0), size - 1
    except ValueError:
        return None
    if start >= size or start > end:
        return UNSATISFIABLE
    return start, min(end, size - 1)


def _read_range(name, start, end):
    with private_storage.open(name, "rb") as file:
        file.seek(start)
        remaining = end - start + 1
        while remaining > 0:
            chunk = file.read(min(CHUNK_BYTES, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk


@receiver(setting_changed)
def _forget_private_root(*, setting, **kwargs):
    if setting == "SERIES_PRIVATE_ROOT":
        private_storage._wrapped = empty
