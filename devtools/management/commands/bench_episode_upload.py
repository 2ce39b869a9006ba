"""Measure the memory an episode upload takes, from 16 MB up to 1 GB.

Each upload is a real MP4 (the 31-second test clip followed by a padding box)
sent as a streamed multipart request through Django's request handler, the way
a WSGI server hands it over, to the "add an episode" view. Prints, per size,
the wall time, the peak of Python allocations during the request (tracemalloc)
and how much the process's peak resident memory grew (ru_maxrss). Rows are
created in a separate database (``<name>_bench_episode_upload`` on PostgreSQL
when ``DATABASE_URL`` is set, ``bench_episode_upload.sqlite3`` otherwise; see
``devtools.scratch_db``) that is dropped at the end, inside a transaction that is
rolled back, and files go to a temporary folder that is removed, so nothing is
left behind.
"""

import resource
import shutil
import struct
import tempfile
import time
import tracemalloc
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client
from django.test.client import ClientHandler
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from core.models import User
from creators.models import CreatorProfile, Programme, ProgrammeApplication
from devtools.scratch_db import ScratchDatabase
from series.models import Series

CLIP = Path(settings.BASE_DIR) / "series/demo/episode-31s.mp4"
BOUNDARY = "----series-upload-benchmark"
CHUNK = 1024 * 1024


class Rollback(Exception):
    """Raised to undo the benchmark's rows."""


def write_multipart_body(path, size):
    """A multipart/form-data body with a title and an MP4 of ``size`` bytes,
    written to ``path`` in 1 MB chunks. Returns the body's length."""
    clip = CLIP.read_bytes()
    padding = size - len(clip) - 8
    with open(path, "wb") as body:
        body.write(
            (
                f"--{BOUNDARY}\r\n"
                'Content-Disposition: form-data; name="title"\r\n\r\n'
                "Benchmark episode\r\n"
                f"--{BOUNDARY}\r\n"
                'Content-Disposition: form-data; name="video"; filename="big.mp4"\r\n'
                "Content-Type: video/mp4\r\n\r\n"
            ).encode()
        )
        body.write(clip)
        # A top-level "free" box: players and mutagen skip it.
        body.write(struct.pack(">I", padding + 8) + b"free")
        zeros = bytes(CHUNK)
        for _ in range(padding // CHUNK):
            body.write(zeros)
        body.write(bytes(padding % CHUNK))
        body.write(f"\r\n--{BOUNDARY}--\r\n".encode())
        return body.tell()


class Command(BaseCommand):
    help = "Print the time and memory of episode uploads of growing size."

    def add_arguments(self, parser):
        parser.add_argument("--sizes-mb", nargs="+", type=int, default=[16, 256, 1024])

    def handle(self, *args, sizes_mb, **options):
        scratch = ScratchDatabase("bench_episode_upload", stdout=self.stdout)
        self.stdout.write(f"Database: {scratch.vendor} ({scratch.name})")
        workdir = Path(tempfile.mkdtemp(prefix="series-upload-bench-"))
        try:
            with (
                scratch,
                transaction.atomic(),
                override_settings(
                    SERIES_PRIVATE_ROOT=workdir / "private",
                    MEDIA_ROOT=workdir / "media",
                    FILE_UPLOAD_TEMP_DIR=str(workdir),
                    SERIES_EPISODE_MAX_BYTES=max(sizes_mb) * 1024 * 1024 + 1,
                    ALLOWED_HOSTS=["*"],
                ),
            ):
                self.run(workdir, sorted(sizes_mb))
                raise Rollback
        except Rollback:
            pass
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def run(self, workdir, sizes_mb):
        user = User.objects.create_user("bench-creator@example.com", role=User.Role.CREATOR)
        profile = CreatorProfile.objects.create(user=user, display_name="Bench", handle="bench")
        ProgrammeApplication.objects.create(
            profile=profile,
            programme=Programme.objects.get(slug="series"),
            status=ProgrammeApplication.Status.APPROVED,
            submitted_at=timezone.now(),
            decided_at=timezone.now(),
        )
        series = Series.objects.create(
            creator=profile, title="Bench", description="-", cover="bench.png", price=50_000
        )
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
        handler = ClientHandler(enforce_csrf_checks=False)
        url = reverse("series:add_episode", args=[series.pk])
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.stdout.write(f"baseline peak RSS: {baseline / 1024:.1f} MB")
        self.stdout.write("upload MB | seconds | Python peak MB | peak RSS growth MB | stored")
        for size_mb in sizes_mb:
            body_path = workdir / f"body-{size_mb}.bin"
            length = write_multipart_body(body_path, size_mb * 1024 * 1024)
            with open(body_path, "rb") as stream:
                environ = {
                    "REQUEST_METHOD": "POST",
                    "PATH_INFO": url,
                    "SERVER_NAME": "testserver",
                    "SERVER_PORT": "80",
                    "HTTP_HOST": "testserver",
                    "HTTP_COOKIE": cookie,
                    "HTTP_ACCEPT_LANGUAGE": "en",
                    "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
                    "CONTENT_LENGTH": str(length),
                    "wsgi.input": stream,
                    "wsgi.url_scheme": "http",
                }
                tracemalloc.start()
                started = time.perf_counter()
                response = handler(environ)
                seconds = time.perf_counter() - started
                _current, python_peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
            body_path.unlink()
            episode = series.episodes.order_by("-position").first()
            stored = (
                episode is not None
                and response.status_code == 302
                and episode.size_bytes == size_mb * 1024 * 1024
            )
            rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - baseline
            self.stdout.write(
                f"{size_mb:9} | {seconds:7.2f} | {python_peak / 1024 / 1024:14.2f} | "
                f"{rss_growth / 1024:18.1f} | {'yes' if stored else 'NO'}"
            )
            if episode is not None:
                episode.video.delete(save=False)
                episode.delete()
