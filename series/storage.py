"""Where paid episode files live, and how a checked request is handed its file.

Episode files are kept under ``SERIES_PRIVATE_ROOT``, outside ``MEDIA_ROOT``,
with no public URL: the only way to them is ``views.episode_file``, which checks
access first and then lets Django stream the file (development) or tells the web
server in front to send it (``X-Accel-Redirect`` for nginx, ``X-Sendfile`` for
Apache or Caddy), as ``SERIES_FILE_SERVING`` says.
"""

import mimetypes
import uuid

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, HttpResponse
from django.utils.functional import LazyObject, empty


class PrivateFileSystemStorage(FileSystemStorage):
    """Files with no URL: asking for one is a programming error."""

    def url(self, name):
        raise ValueError("Private files have no URL; link to views.episode_file instead.")


class PrivateEpisodeStorage(LazyObject):
    """Built on first use, so tests that change the setting get their own folder."""

    def _setup(self):
        self._wrapped = PrivateFileSystemStorage(location=settings.SERIES_PRIVATE_ROOT)


private_storage = PrivateEpisodeStorage()


def episode_storage():
    return private_storage


def episode_upload_path(episode, filename):
    """A name nobody can guess or collide with; the uploader's file name is not kept."""
    return f"series/{episode.series_id}/{uuid.uuid4().hex}.mp4"


def file_response(name):
    """The response that delivers the private file ``name`` to a checked request."""
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    mode = settings.SERIES_FILE_SERVING
    if mode == "django":
        response = FileResponse(private_storage.open(name, "rb"), content_type=content_type)
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
    # Paid content: never kept by shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


@receiver(setting_changed)
def _forget_private_root(*, setting, **kwargs):
    if setting == "SERIES_PRIVATE_ROOT":
        private_storage._wrapped = empty
