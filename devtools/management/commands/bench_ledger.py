"""``make bench``: how long the ledger check takes at a million entries (figures,
not pass or fail).

Builds its own books in a separate database (``<name>_bench_ledger`` on
PostgreSQL when ``DATABASE_URL`` is set, ``bench_ledger.sqlite3`` otherwise; see
``devtools.scratch_db``) and drops it again afterwards, so it never touches real
money:

- loads a simulated portal's movements, each checked as ``ledger.post`` checks
  it (refused unless it balances), with PostgreSQL's COPY (``ledger.post_many``
  on SQLite, or with ``--loader post_many``): businesses' welcome credit, top-ups
  and their matched credit, campaign reserves and releases, fees held for
  collaborations (one hold account per campaign and creator, as each
  collaboration has its own), paid to creators or returned, expired credit,
  Series sales (with a payment provider's fee) and refunds, creators' payouts
  sent, received or failed. Balances are tracked as the books are written, so no
  business, campaign or hold goes below zero;
- runs ``VACUUM ANALYZE`` (``ANALYZE`` on SQLite), the state autovacuum keeps a
  live database in, then ``check_ledger()`` a few times at a tenth of the
  entries and again at all of them, and prints the minimum and the median, the
  time per million entries and how the time grew with the entries.

The check must find nothing in these books: if it does, the command fails.
"""

import itertools
import os
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from brands.models import Business
from core.models import User
from creators.models import CreatorProfile
from devtools.ledger_books import SimulatedBooks, copy_many
from devtools.scratch_db import ScratchDatabase
from payments import ledger
from payments.models import Account, LedgerEntry, LedgerLine


class Command(BaseCommand):
    help = (
        "Time the ledger check on a million generated entries in a separate database, then drop it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=1_000_000)
        parser.add_argument(
            "--first-check-at",
            type=int,
            default=None,
            help="Also time the check at this many entries (default: a tenth).",
        )
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--batch-size", type=int, default=5_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--explain",
            action="store_true",
            help="Print EXPLAIN ANALYZE of each query the check runs, at the last size.",
        )
        parser.add_argument(
            "--loader",
            choices=["copy", "post_many"],
            default=None,
            help="How entries are written (default: COPY on PostgreSQL, post_many elsewhere).",
        )

    def handle(
        self, *args, entries, first_check_at, repeat, batch_size, seed, loader, explain, **options
    ):
        if entries < 10 or repeat < 1 or batch_size < 1:
            raise CommandError(
                "--entries must be at least 10; --repeat and --batch-size 1 or more."
            )
        first = first_check_at or entries // 10
        if not 0 < first < entries:
            raise CommandError("--first-check-at must be between 1 and --entries.")
        if loader == "copy" and connection.vendor != "postgresql":
            raise CommandError("--loader copy needs PostgreSQL.")
        self.loader = loader or ("copy" if connection.vendor == "postgresql" else "post_many")
        self.repeat, self.batch_size, self.explain = repeat, batch_size, explain
        scratch = ScratchDatabase("bench_ledger", stdout=self.stdout)
        self.stdout.write(f"Database: {scratch.vendor} ({scratch.name}), {os.cpu_count()} CPUs")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT current_setting('work_mem'), current_setting('shared_buffers')"
                )
                work_mem, shared_buffers = cursor.fetchone()
            self.stdout.write(f"work_mem {work_mem}, shared_buffers {shared_buffers}")
        with scratch:
            self.bench(sizes=[first, entries], seed=seed)

    def line(self, what, seconds, extra=""):
        self.stdout.write(f"  {what:<58} {seconds:8.2f} s  {extra}".rstrip())

    def bench(self, *, sizes, seed):
        entries = sizes[-1]
        self.stdout.write("Setting up")
        started = time.perf_counter()
        books = SimulatedBooks(
            businesses=self.make_businesses(max(5, entries // 2_000)),
            creators=self.make_creators(max(20, entries // 500)),
            seed=seed,
        )
        self.line(
            f"{len(books.business_ids):,} businesses, {len(books.creator_ids):,} creators",
            time.perf_counter() - started,
        )
        movements = books.movements()
        loaded, load_seconds, checks = 0, 0.0, {}
        for size in sizes:
            self.stdout.write(f"Loading up to {size:,} entries")
            started = time.perf_counter()
            self.load(movements, size - loaded)
            load_seconds += time.perf_counter() - started
            loaded = size
            self.line(
                f"{self.loader}: {size:,} entries in all",
                load_seconds,
                f"({size / load_seconds:,.0f} entries/s)",
            )
            self.analyze()
            checks[size] = self.time_check()
        self.summary(sizes, load_seconds, checks)
        if self.explain:
            self.explain_check()

    def make_businesses(self, count):
        return [
            business.pk
            for business in Business.objects.bulk_create(
                Business(name=f"Benchmark business {n}") for n in range(count)
            )
        ]

    def make_creators(self, count):
        users = User.objects.bulk_create(
            User(email=f"bench-ledger-{n}@example.invalid", role=User.Role.CREATOR)
            for n in range(count)
        )
        return [
            profile.pk
            for profile in CreatorProfile.objects.bulk_create(
                CreatorProfile(user=user, display_name=f"Creator {n}", handle=f"bench-ledger-{n}")
                for n, user in enumerate(users)
            )
        ]

    def load(self, movements, count, chunk=50_000):
        """Post ``count`` movements, ``chunk`` at a time to bound memory."""
        while count > 0:
            taken = list(itertools.islice(movements, min(chunk, count)))
            if self.loader == "copy":
                copy_many(taken)
            else:
                ledger.post_many(taken, batch_size=self.batch_size)
            count -= len(taken)

    def analyze(self):
        started = time.perf_counter()
        command = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        with connection.cursor() as cursor:
            for model in (Account, LedgerEntry, LedgerLine):
                cursor.execute(f"{command} {model._meta.db_table}")
        self.line(f"{command} the ledger tables", time.perf_counter() - started)

    def time_check(self):
        timings = []
        for _ in range(self.repeat):
            result = ledger.check_ledger()
            if result.problems:
                raise CommandError(f"The check found problems in clean books: {result.problems}")
            timings.append(float(result.seconds))
        figures = {"min": min(timings), "median": statistics.median(timings)}
        self.line(
            f"check_ledger() at {result.entries:,} entries (median of {self.repeat})",
            figures["median"],
            f"(min {figures['min']:.2f} s; runs {', '.join(f'{t:.2f}' for t in timings)} s; "
            "no problems)",
        )
        return figures

    def summary(self, sizes, load_seconds, checks):
        first, entries = sizes
        lines = LedgerLine.objects.count()
        accounts = Account.objects.count()
        self.stdout.write("Summary")
        self.stdout.write(
            f"  entries {entries:,}; lines {lines:,} ({lines / entries:.2f} an entry); "
            f"accounts {accounts:,}"
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_size_pretty(pg_total_relation_size(%s)), "
                    "pg_size_pretty(pg_total_relation_size(%s))",
                    [LedgerEntry._meta.db_table, LedgerLine._meta.db_table],
                )
                entry_size, line_size = cursor.fetchone()
            self.stdout.write(f"  on disk with indexes: entries {entry_size}, lines {line_size}")
        self.stdout.write(
            f"  load through {self.loader}: {load_seconds:.1f} s "
            f"({entries / load_seconds:,.0f} entries/s)"
        )
        for size in sizes:
            self.stdout.write(
                f"  check at {size:,} entries: min {checks[size]['min']:.2f} s, "
                f"median {checks[size]['median']:.2f} s"
            )
        per_million = checks[entries]["median"] * 1_000_000 / entries
        self.stdout.write(f"  check time per million entries: {per_million:.2f} s")
        self.stdout.write(
            f"  {entries / first:.1f}× the entries took "
            f"{checks[entries]['median'] / checks[first]['median']:.1f}× the time (medians)"
        )

    def explain_check(self):
        """The plan and timing of each query ``check_ledger`` runs, as it ran them."""
        with CaptureQueriesContext(connection) as queries:
            ledger.check_ledger()
        analyze = "EXPLAIN (ANALYZE, BUFFERS)" if connection.vendor == "postgresql" else "EXPLAIN"
        for query in queries.captured_queries:
            if not query["sql"].startswith("SELECT"):
                continue
            self.stdout.write(f"\n{query['sql']}")
            with connection.cursor() as cursor:
                cursor.execute(f"{analyze} {query['sql']}")
                self.stdout.write("\n".join(str(row[-1]) for row in cursor.fetchall()))
