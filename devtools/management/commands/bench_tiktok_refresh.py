"""``make bench``: how long the daily refresh of 100,000 linked creators' verified
figures takes, against the local fake of TikTok's API at its documented limits.

In a database of its own (``devtools.scratch_db``) it creates ``--creators``
linked creators in bulk (each with a TikTok account on the fake, 30 videos
posted every 1 to 4 days), serves the fake (``devtools.fake_tiktok``) on
127.0.0.1 in a thread, and runs the production path for each creator in turn:
the task ``creators.tasks.sync_creator_figures`` with the real
``tiktok.http.HttpTikTokClient`` over HTTP (follow-up tasks run in-process and
count, as does the fake answering in its thread: the times are on the high side).
It measures per creator the wall time, the requests to each endpoint and the
database queries, then projects the refresh of ``--target`` creators:

- CPU/DB-bound: measured ms × target / worker processes;
- rate-limit-bound: requests to the busiest endpoint ÷ TikTok's 600 a minute;
- as scheduled: 24 hourly slices (profile id % 24), each sent at
  ``CREATORS_PER_MINUTE``; a slice must finish within its hour.

The fake's own limit is lifted while measuring (so the times are the portal's
cost, not waits); the limit is applied in the projection instead. Exits non-zero
when the projected refresh does not fit in a day.
"""

import logging
import math
import os
import statistics
import time
from datetime import timedelta
from io import StringIO

from celery import current_app
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from creators import verification
from creators.models import CreatorProfile
from creators.tasks import sync_creator_figures
from devtools.bulk import BulkDemo
from devtools.scratch_db import ScratchDatabase
from tiktok.models import LinkedAccount

# TikTok's documented limit: 600 requests a minute per endpoint (Display API v2).
TIKTOK_PER_MINUTE = 600
VIDEOS_PER_ACCOUNT = 30
DAY_MINUTES = 24 * 60


class Command(BaseCommand):
    help = (
        "Benchmark the daily TikTok figures refresh against the local fake API "
        "in a separate database, project it to 100,000 creators, then drop it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--creators", type=int, default=1_000, help="the measured sample")
        parser.add_argument("--target", type=int, default=100_000, help="creators projected")
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="Celery worker processes sharing the refresh (the Procfile runs 2)",
        )

    def handle(self, *args, creators, target, workers, **options):
        if creators < 1 or target < 1 or workers < 1:
            raise CommandError("--creators, --target and --workers must be at least 1.")
        # Imported here: the fake runs on pytest-httpserver (requirements-dev.txt).
        try:
            from pytest_httpserver import HTTPServer
        except ImportError as error:
            raise CommandError(
                "The local fake of TikTok needs the test tools: pip install -r "
                "requirements-dev.txt (make install-dev)."
            ) from error

        from devtools import fake_tiktok

        for name in ("werkzeug", "celery.app.trace"):  # a line per request or task
            logging.getLogger(name).setLevel(logging.WARNING)
        scratch = ScratchDatabase("bench_tiktok", stdout=self.stdout)
        self.stdout.write(f"Database: {scratch.vendor} ({scratch.name}), {os.cpu_count()} CPUs")
        server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        server.start()
        eager = current_app.conf.task_always_eager
        current_app.conf.task_always_eager = True
        try:
            fake = fake_tiktok.FakeTikTok(server, per_minute=10**9)
            with scratch, override_settings(**fake_tiktok.real_client_settings(fake)):
                figures = self.measure(fake, fake_tiktok, creators)
        finally:
            current_app.conf.task_always_eager = eager
            server.clear()
            server.stop()
        if not self.project(figures, target=target, workers=workers):
            raise CommandError("The projected daily refresh does not fit in 24 hours.")

    def line(self, what, value):
        self.stdout.write(f"  {what:<58} {value}")

    # --- Measuring -------------------------------------------------------------
    def seed(self, fake, fake_tiktok, count):
        started = time.perf_counter()
        BulkDemo(stdout=StringIO()).ensure_creators(count)
        profiles = list(CreatorProfile.objects.order_by("pk").values_list("pk", "user_id"))
        now = timezone.now()
        accounts = []
        for number, (profile_id, user_id) in enumerate(profiles):
            open_id = f"bench-{profile_id}"
            every = 1 + number % 4  # a video every 1 to 4 days
            fake.add_account(
                open_id,
                videos=[
                    fake_tiktok.fake_video(open_id, index, age_days=index * every, now=now)
                    for index in range(VIDEOS_PER_ACCOUNT)
                ],
            )
            tokens = fake.issue_tokens(open_id)
            accounts.append(
                LinkedAccount(
                    user_id=user_id,
                    open_id=open_id,
                    username=open_id,
                    scopes=tokens["scope"],
                    access_token=tokens["access_token"],
                    refresh_token=tokens["refresh_token"],
                    access_expires_at=now + timedelta(seconds=tokens["expires_in"]),
                    refresh_expires_at=now + timedelta(seconds=tokens["refresh_expires_in"]),
                )
            )
        LinkedAccount.objects.bulk_create(accounts, batch_size=1_000)
        self.line(
            f"create {len(profiles):,} linked creators (bulk)",
            f"{time.perf_counter() - started:8.2f} s",
        )
        return [profile_id for profile_id, _ in profiles]

    def measure(self, fake, fake_tiktok, count):
        self.stdout.write("Setting up")
        profile_ids = self.seed(fake, fake_tiktok, count)
        self.stdout.write(
            f"Refreshing {len(profile_ids):,} creators one after another "
            "(real HTTP client -> fake TikTok on 127.0.0.1; the rematch each "
            "change queues runs in-process and is counted)"
        )
        timings, queries, outcomes = [], [], {}
        started = time.perf_counter()
        for profile_id in profile_ids:
            reset_queries()  # Django's query log holds 9,000: start each creator empty
            begun = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                try:
                    outcome = sync_creator_figures(profile_id)
                except Exception as error:  # noqa: BLE001 (counted, shown below)
                    outcome = type(error).__name__
            timings.append(1000 * (time.perf_counter() - begun))
            queries.append(len(captured))
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        seconds = time.perf_counter() - started
        measured = len(profile_ids)
        requests = {
            path: fake.calls(path) / measured
            for path in (fake_tiktok.USER_INFO, fake_tiktok.VIDEO_LIST, fake_tiktok.VIDEO_QUERY)
        }
        token_requests = fake.calls(fake_tiktok.TOKEN)
        figures = {
            "creators": measured,
            "seconds": seconds,
            "median_ms": statistics.median(timings),
            "p95_ms": sorted(timings)[max(0, math.ceil(0.95 * measured) - 1)],
            "mean_ms": statistics.fmean(timings),
            "queries": statistics.fmean(queries),
            "max_queries": max(queries),
            "requests": requests,
            "outcomes": outcomes,
        }
        self.stdout.write("Measured (per creator)")
        self.line("creators refreshed", f"{measured:,} in {seconds:.2f} s")
        self.line(
            "outcomes",
            ", ".join(f"{name} {number:,}" for name, number in sorted(outcomes.items())),
        )
        self.line(
            "wall ms: median / p95 / mean",
            f"{figures['median_ms']:.1f} / {figures['p95_ms']:.1f} / {figures['mean_ms']:.1f}",
        )
        self.line("queries: mean / max", f"{figures['queries']:.1f} / {figures['max_queries']}")
        for path, per_creator in requests.items():
            self.line(f"requests to {path}", f"{per_creator:.2f}")
        self.line("token refreshes during the run", f"{token_requests:,}")
        return figures

    # --- Projecting ------------------------------------------------------------
    def project(self, figures, *, target, workers):
        """Print the projection for ``target`` creators; True when the day fits."""
        slices, per_minute = verification.SLICES, verification.CREATORS_PER_MINUTE
        mean_seconds = figures["mean_ms"] / 1000
        cpu_minutes = mean_seconds * target / workers / 60
        busiest, busiest_rate = max(figures["requests"].items(), key=lambda item: item[1])
        rate_minutes = busiest_rate * target / TIKTOK_PER_MINUTE
        bound = "rate limit" if rate_minutes >= cpu_minutes else "CPU/DB"
        per_slice = math.ceil(target / slices)
        slice_schedule = per_slice / per_minute
        slice_cpu = mean_seconds * per_slice / workers / 60
        slice_rate = busiest_rate * per_slice / TIKTOK_PER_MINUTE
        slice_minutes = max(slice_schedule, slice_cpu, slice_rate)
        sent_per_minute = busiest_rate * per_minute
        worker_capacity = 60 * workers / mean_seconds if mean_seconds else math.inf
        fits = slice_minutes <= 60 and sent_per_minute <= TIKTOK_PER_MINUTE
        self.stdout.write(f"Projection for {target:,} linked creators, {workers} worker processes")
        self.line(
            "CPU/DB-bound: mean ms × creators / workers",
            f"{_duration(cpu_minutes)}",
        )
        self.line(
            f"rate-limit-bound: {busiest} at {TIKTOK_PER_MINUTE}/min",
            f"{_duration(rate_minutes)} ({busiest_rate * target:,.0f} requests)",
        )
        for path, rate in figures["requests"].items():
            if path != busiest:
                self.line(
                    f"  {path} at {TIKTOK_PER_MINUTE}/min",
                    _duration(rate * target / TIKTOK_PER_MINUTE),
                )
        self.line("bound by", bound)
        self.stdout.write(
            f"Schedule: {slices} hourly slices (profile id % {slices}), "
            f"CREATORS_PER_MINUTE = {per_minute}"
        )
        self.line("creators a slice", f"{per_slice:,}")
        self.line(
            f"requests a minute to {busiest} while a slice runs",
            f"{sent_per_minute:,.0f} of {TIKTOK_PER_MINUTE}",
        )
        self.line(
            "creators a minute the workers can refresh",
            f"{worker_capacity:,.0f} (needs {per_minute})",
        )
        self.line(
            "a slice takes (schedule / CPU / rate limit)",
            f"{_duration(slice_schedule)} / {_duration(slice_cpu)} / {_duration(slice_rate)}",
        )
        self.line(
            "the day's refresh: busy time in 24 hours",
            f"{_duration(slices * slice_minutes)} of {_duration(DAY_MINUTES)}",
        )
        self.line("fits in a day", "yes" if fits else "NO")
        return fits


def _duration(minutes):
    if minutes < 1:
        return f"{minutes * 60:.1f} s"
    if minutes < 120:
        return f"{minutes:.1f} min"
    return f"{minutes / 60:.1f} h"
