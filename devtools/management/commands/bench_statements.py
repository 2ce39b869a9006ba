"""``make bench``: what the monthly run costs per creator (figures, not pass or fail).

For each size, creates that many creators with a month of Series sales (half of
them above the payout threshold, with a payout method and an identity check;
the other half below it), then times the two parts of the run:

- ``monthly_statements``' own work: finding the creators to state
  (``selectors.creators_to_state``), one query whatever their number;
- ``creator_statements``' work for each creator (``services.state_creator``:
  the statement, the payout through the sandbox provider, the emails rendered),
  one creator after another in this process, with its queries counted.

The rows are made in a separate database (``<name>_bench_statements`` on
PostgreSQL when ``DATABASE_URL`` is set, ``bench_statements.sqlite3`` otherwise;
see ``devtools.scratch_db``) that is dropped at the end, inside a transaction
that is rolled back, so no email or task is sent (they go after a commit).
"""

import statistics
import time
import warnings
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from core.models import User
from creators.models import CreatorProfile
from devtools.scratch_db import ScratchDatabase
from earnings import selectors, services
from earnings.models import STATEMENT_TIME_ZONE, IdentityCheck, Payout, PayoutMethod
from earnings.services import CREATORS_PER_TASK
from payments import ledger
from payments.models import Account, LedgerEntry

Kind = Account.Kind


class Rollback(Exception):
    """Raised to undo the benchmark's rows."""


class QueryCounter:
    """Counts the queries run through it (``connection.execute_wrapper``),
    however many there are: the query log keeps only the last 9,000."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class Command(BaseCommand):
    help = "Print the monthly statement run's time and queries per creator at two sizes."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", nargs="+", type=int, default=[100, 1_000])

    def handle(self, *args, sizes, **options):
        if min(sizes) < 2:
            raise CommandError("Each size must be at least 2 creators.")
        # With DEBUG on, Django keeps the last 9,000 queries and says so; the
        # counts here come from QueryCounter instead.
        warnings.filterwarnings("ignore", "Limit for query logging exceeded")
        today = timezone.now().astimezone(STATEMENT_TIME_ZONE).date()
        self.month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
        scratch = ScratchDatabase("bench_statements", stdout=self.stdout)
        self.stdout.write(
            f"Database: {scratch.vendor} ({scratch.name}); month stated: {self.month:%Y-%m}"
        )
        with scratch:
            try:
                with transaction.atomic():
                    rows = [self.run(size, batch) for batch, size in enumerate(sorted(sizes))]
                    raise Rollback
            except Rollback:
                pass
        self.report(rows)

    def run(self, size, batch):
        creators = self.make_creators(size, batch)
        with connection.cursor() as cursor:
            # The statistics autovacuum keeps on a live database (rows made in
            # this transaction are otherwise planned for as if there were none).
            cursor.execute("ANALYZE")
        start, end = selectors.month_bounds(self.month)
        found_queries = QueryCounter()
        with connection.execute_wrapper(found_queries):
            started = time.perf_counter()
            to_state = [
                pk for pk in selectors.creators_to_state(start, end) if pk in creators.keys()
            ]
            find_ms = (time.perf_counter() - started) * 1000
        assert len(to_state) == size, (len(to_state), size)
        times, queries = [], []
        for creator_id in to_state:
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                started = time.perf_counter()
                services.state_creator(creator_id=creator_id, month=self.month)
                times.append((time.perf_counter() - started) * 1000)
            queries.append(counter.count)
        payouts = Payout.objects.filter(creator__in=to_state, status=Payout.Status.PAID).count()
        return {
            "size": size,
            "find_ms": find_ms,
            "find_queries": found_queries.count,
            "payouts": payouts,
            "total_s": sum(times) / 1000,
            "median_ms": statistics.median(times),
            "mean_ms": statistics.fmean(times),
            "queries": (min(queries), max(queries)),
        }

    def make_creators(self, size, batch):
        users = User.objects.bulk_create(
            User(email=f"bench-statements-{batch}-{n}@example.invalid", role=User.Role.CREATOR)
            for n in range(size)
        )
        profiles = CreatorProfile.objects.bulk_create(
            CreatorProfile(
                user=user, display_name=f"Bench Creator {n}", handle=f"bench-st-{batch}-{n}"
            )
            for n, user in enumerate(users)
        )
        paid = profiles[::2]
        PayoutMethod.objects.bulk_create(
            PayoutMethod(
                creator=profile,
                kind=PayoutMethod.Kind.BANK,
                bank="bca",
                account_number=f"{1_000_000 + n:010d}"[:-1] + "1",
                account_holder=profile.display_name,
            )
            for n, profile in enumerate(paid)
        )
        staff = User.objects.filter(is_staff=True).first() or User.objects.create_user(
            email=f"bench-statements-staff-{batch}@example.invalid", is_staff=True
        )
        IdentityCheck.objects.bulk_create(
            IdentityCheck(creator=profile, checked_by=staff) for profile in paid
        )
        when = datetime.combine(self.month.replace(day=10), datetime.min.time()).replace(
            tzinfo=STATEMENT_TIME_ZONE
        )
        paid_ids = {profile.pk for profile in paid}
        lines = ledger.moves(
            (
                {"kind": Kind.MONEY_IN},
                {"kind": Kind.CREATOR_EARNINGS, "creator": profile},
                Decimal("900000.00") if profile.pk in paid_ids else Decimal("100000.00"),
            )
            for profile in profiles
        )
        ledger.post_many(
            (
                LedgerEntry.Kind.SALE,
                lines[2 * index : 2 * index + 2],
                {"creator": profile, "created_at": when},
            )
            for index, profile in enumerate(profiles)
        )
        return {profile.pk: profile for profile in profiles}

    def report(self, rows):
        self.stdout.write(
            f"{'creators':>9} {'find ms':>8} {'find q':>6} {'payouts':>8} {'run s':>7} "
            f"{'ms/creator':>10} {'median':>7} {'queries/creator':>15}"
        )
        for row in rows:
            low, high = row["queries"]
            self.stdout.write(
                f"{row['size']:>9,} {row['find_ms']:>8.1f} {row['find_queries']:>6} "
                f"{row['payouts']:>8,} {row['total_s']:>7.1f} {row['mean_ms']:>10.1f} "
                f"{row['median_ms']:>7.1f} {low:>7}-{high:<7}"
            )
        first, last = rows[0], rows[-1]
        self.stdout.write(
            f"ms/creator ratio {last['size']:,}/{first['size']:,}: "
            f"{last['mean_ms'] / first['mean_ms']:.2f}; finding the creators: "
            f"{last['find_ms'] / first['find_ms']:.2f}"
        )
        self.stdout.write(
            f"The run queues a task per {CREATORS_PER_TASK} creators "
            f"(~{CREATORS_PER_TASK * last['mean_ms'] / 1000:.0f} s each here): "
            "wall time is about creators x ms/creator / worker processes."
        )
