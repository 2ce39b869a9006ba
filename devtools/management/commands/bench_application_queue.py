"""Measure the staff review queue at 1,000 and 10,000 applications.

Creates the rows in a separate database (``<name>_bench_application_queue`` on
PostgreSQL when ``DATABASE_URL`` is set, ``bench_application_queue.sqlite3``
otherwise; see ``devtools.scratch_db``) that is dropped at the end, inside a
transaction that is rolled back, so nothing is sent. Prints queries and wall
time per page load.
"""

import statistics
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from core.models import User
from creators.models import CreatorProfile, Programme, ProgrammeApplication, Region
from devtools.scratch_db import ScratchDatabase


class Rollback(Exception):
    """Raised to undo the benchmark's rows."""


class Command(BaseCommand):
    help = "Print the admin application queue's query count and time at 1,000 and 10,000 rows."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", nargs="+", type=int, default=[1_000, 10_000])
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, sizes, repeat, **options):
        scratch = ScratchDatabase("bench_application_queue", stdout=self.stdout)
        self.stdout.write(f"Database: {scratch.vendor} ({scratch.name})")
        with scratch:
            try:
                with (
                    transaction.atomic(),
                    override_settings(STAFF_REQUIRE_MFA=False, ALLOWED_HOSTS=["*"]),
                ):
                    self.run(sorted(sizes), repeat)
                    raise Rollback
            except Rollback:
                pass

    def run(self, sizes, repeat):
        staff = User.objects.create_superuser(email="bench-staff@example.invalid")
        client = Client()
        client.force_login(staff)
        programmes = list(Programme.objects.all())
        regions = list(Region.objects.all())
        made = 0
        url = reverse("admin:creators_programmeapplication_changelist")
        rows = []
        for size in sizes:
            self.create_applications(made, size, programmes, regions)
            made = size
            for path in [url, f"{url}?q=bench-1", f"{url}?queue=all&status__exact=submitted"]:
                client.get(path)  # warm caches and templates
                times = []
                for _ in range(repeat):
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        response = client.get(path)
                        times.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, response.status_code
                rows.append(
                    (size, path.replace(url, "queue"), len(queries), statistics.median(times))
                )
        self.stdout.write(f"{'applications':>12}  {'page':<44} {'queries':>7} {'median ms':>10}")
        for size, page, query_count, median in rows:
            self.stdout.write(f"{size:>12,}  {page:<44} {query_count:>7} {median:>10.1f}")
        first = {page: ms for size, page, _, ms in rows if size == sizes[0]}
        for size, page, _, ms in rows:
            if size == sizes[-1]:
                self.stdout.write(
                    f"time ratio {sizes[-1]:,}/{sizes[0]:,} for {page}: {ms / first[page]:.2f}"
                )

    def create_applications(self, start, stop, programmes, regions):
        users = User.objects.bulk_create(
            User(email=f"bench-{n}@example.invalid", role=User.Role.CREATOR)
            for n in range(start, stop)
        )
        profiles = CreatorProfile.objects.bulk_create(
            CreatorProfile(
                user=user,
                display_name=f"Bench Creator {n}",
                handle=f"bench-{n}",
                country=regions[n % len(regions)],
                follower_count=5_000 + n,
            )
            for n, user in zip(range(start, stop), users, strict=True)
        )
        now = timezone.now()
        statuses = ProgrammeApplication.Status.values
        ProgrammeApplication.objects.bulk_create(
            ProgrammeApplication(
                profile=profile,
                programme=programmes[n % len(programmes)],
                status=statuses[n % len(statuses)],
                submitted_at=now - timedelta(minutes=n),
                evaluation_snapshot={"criteria": []},
            )
            for n, profile in zip(range(start, stop), profiles, strict=True)
        )
