"""``make bench``: how long the daily reconciliation takes for a day of
``--payments`` gateway transactions (100,000 by default).

In a database of its own (``devtools.scratch_db``) it records that many paid
Series payments in one day (Asia/Jakarta), puts the same payments in the local
fake of Xendit's Transactions API (``devtools.fake_xendit``, served on
127.0.0.1 in a thread, so its time counts too), injects one difference of each
payment kind, and runs ``reconciliation.services.reconcile_day`` with the real
report reader over HTTP, 50 rows a page as Xendit serves them. It prints the
time, the pages read and the queries, and exits non-zero when a difference is
missed or an extra one is found.
"""

import logging
import os
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from core.models import User
from devtools.local_fakes import served_xendit
from devtools.scratch_db import ScratchDatabase
from payments.models import Payment
from reconciliation import services
from reconciliation.models import Difference

DAY = date(2026, 12, 1)
INJECTED = {
    Difference.Kind.MONEY_WITHOUT_PAYMENT,
    Difference.Kind.PAID_NOT_AT_GATEWAY,
    Difference.Kind.PAYMENT_AMOUNT,
    Difference.Kind.PAYMENT_FEE,
}


class Command(BaseCommand):
    help = (
        "Benchmark the daily reconciliation of a day of gateway transactions "
        "against the local fake of Xendit, in a separate database, then drop it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--payments", type=int, default=100_000)

    def handle(self, *args, payments, **options):
        if payments < 10:
            raise CommandError("--payments must be at least 10.")
        logging.getLogger("reconciliation").setLevel(logging.ERROR)
        scratch = ScratchDatabase("bench_reconciliation", stdout=self.stdout)
        self.stdout.write(f"Database: {scratch.vendor} ({scratch.name}), {os.cpu_count()} CPUs")
        with served_xendit() as fake, scratch, override_settings(**fake.settings()):
            self.measure(fake, payments)

    def line(self, what, value):
        self.stdout.write(f"  {what:<58} {value}")

    def seed(self, fake, count):
        started = time.perf_counter()
        payer = User.objects.create_user(email=f"bench-{uuid.uuid4().hex}@example.com")
        start, _end = services.day_bounds(DAY)
        step = timedelta(days=1) / count
        rows = []
        for index in range(count):
            rows.append(
                Payment(
                    idempotency_key=f"bench-{index}",
                    payer=payer,
                    amount=Decimal("49000.00"),
                    fee=Decimal("343.00"),
                    currency="IDR",
                    description="Series purchase",
                    purpose="series_purchase",
                    purpose_reference=str(index),
                    provider="xendit",
                    status=Payment.Status.PAID,
                    return_url="/",
                    completed_at=start + step * index,
                )
            )
        Payment.objects.bulk_create(rows, batch_size=5_000)
        # The gateway's books: the same payments, one of each difference injected.
        for index, payment in enumerate(rows):
            if index == 0:
                continue  # marked paid here, unknown to the gateway
            amount = payment.amount - 1 if index == 1 else payment.amount
            fee = Decimal("350.00") if index == 2 else Decimal("309.00")
            fake.add_transaction(
                type="PAYMENT",
                reference_id=payment.idempotency_key,
                amount=amount,
                fee=fee,
                vat=payment.fee - Decimal("309.00") if index != 2 else Decimal("0"),
                created=payment.completed_at,
            )
        fake.add_transaction(
            type="PAYMENT", reference_id="not-ours", amount="15000", created=start + step
        )
        self.line(
            "seed the day (database and the fake's books)",
            f"{time.perf_counter() - started:8.2f} s",
        )

    def measure(self, fake, count):
        self.seed(fake, count)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            run = services.reconcile_day(day=DAY)
            seconds = time.perf_counter() - started
        found = set(run.differences.values_list("kind", flat=True))
        self.line("gateway rows in the day", f"{run.gateway_rows:>8,}")
        self.line("payments checked", f"{run.payments_checked:>8,}")
        self.line("pages read (50 rows each)", f"{fake.calls('/transactions'):>8,}")
        self.line("database queries", f"{len(queries):>8,}")
        self.line("reconciliation of the day", f"{seconds:8.2f} s")
        self.line("per 1,000 transactions", f"{seconds / run.gateway_rows * 1000 * 1000:8.1f} ms")
        self.line("differences found", f"{run.differences.count():>8} ({', '.join(sorted(found))})")
        if found != INJECTED or run.differences.count() != len(INJECTED):
            raise CommandError(f"Expected exactly one of each of {sorted(INJECTED)}.")
