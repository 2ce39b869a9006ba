"""``make bench``: how many of Xendit's payment notifications a second the
portal takes, each one checked the whole way: the callback token compared in
constant time, the notification stored, the invoice and its fee asked of the
gateway (the local fake, ``devtools.fake_xendit``, served on 127.0.0.1 in a
thread of this process), and the payment marked paid under a row lock.

In a database of its own (``devtools.scratch_db``) it records ``--payments``
pending payments, each with an invoice the fake holds as paid, starts gunicorn
(production settings, ``DEBUG=0``) with ``--workers`` sync workers on that
database (one on SQLite, which takes one writer at a time), and sends each
payment's notification once, ``--connections`` at a time, with wrk from
Debian's packages (a native load generator that does not share Python's time;
without it, a thread pool in this process, which it says). It prints
notifications a second, latency, and the outcome of every stored
notification, and exits non-zero when a notification failed or a payment was
not marked paid exactly once.

The payments are for nothing the portal sells (``purpose`` "bench"), so the
figure is the notification's own cost; a Series sale or a top-up adds its
ledger entries and receipt after it.
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from core.models import User
from devtools.local_fakes import served_xendit
from devtools.scratch_db import ScratchDatabase
from payments.models import Payment, PaymentNotification
from payments.xendit import CALLBACK_TOKEN_HEADER

PATH = "/payments/xendit/invoices/"
WRK_SCRIPT = """
local bodies = {}
for line in io.lines(os.getenv("BENCH_BODIES")) do bodies[#bodies + 1] = line end
local counter = 0
local threads = tonumber(os.getenv("BENCH_THREADS"))
local index = 0
setup = function(thread) thread:set("offset", counter); counter = counter + 1 end
init = function(args) index = offset end
request = function()
  index = index + threads
  local body = bodies[(index - 1) % #bodies + 1]
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["x-callback-token"] = os.getenv("BENCH_TOKEN"),
  }, body)
end
"""


def database_url(settings_dict, vendor):
    if vendor == "sqlite":
        return f"sqlite:///{settings_dict['NAME']}"
    return (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}@"
        f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/"
        f"{settings_dict['NAME']}"
    )


class Command(BaseCommand):
    help = (
        "Benchmark Xendit payment notifications on gunicorn against the local fake, "
        "in a separate database, then drop it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--payments", type=int, default=2_000)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--port", type=int, default=8777)

    def handle(self, *args, payments, workers, connections, port, **options):
        scratch = ScratchDatabase("bench_notifications", stdout=self.stdout)
        if scratch.vendor == "sqlite" and workers > 1:
            self.stdout.write("SQLite takes one writer at a time: 1 gunicorn worker.")
            workers = 1
        self.stdout.write(
            f"Database: {scratch.vendor} ({scratch.name}), {os.cpu_count()} CPUs, "
            f"{workers} gunicorn workers, {connections} connections"
        )
        with served_xendit() as fake, scratch:
            bodies = self.seed(fake, payments)
            url = database_url(connection.settings_dict, scratch.vendor)
            connection.close()
            with self.gunicorn(fake, url, workers, port):
                figures = self.drive(fake, bodies, port, connections)
            self.report(figures, payments)

    def line(self, what, value):
        self.stdout.write(f"  {what:<58} {value}")

    def seed(self, fake, count):
        started = time.perf_counter()
        payer = User.objects.create_user(email=f"bench-{uuid.uuid4().hex}@example.com")
        expires = timezone.now() + timedelta(days=1)
        rows, bodies = [], []
        for index in range(count):
            key = f"bench-notification-{index}"
            invoice = {
                "id": f"inv{index:08d}",
                "external_id": key,
                "user_id": "fake-business-id",
                "status": "PENDING",
                "amount": 49000,
                "currency": "IDR",
                "created": timezone.now().isoformat(),
                "updated": timezone.now().isoformat(),
            }
            fake.invoices[invoice["id"]] = invoice
            fake.pay(invoice["id"], method="EWALLET", channel="OVO")
            bodies.append(json.dumps(fake.notification(invoice["id"])))
            rows.append(
                Payment(
                    idempotency_key=key,
                    payer=payer,
                    amount=Decimal("49000.00"),
                    currency="IDR",
                    description="Bench notification",
                    purpose="bench",
                    purpose_reference=str(index),
                    provider="xendit",
                    gateway_reference=invoice["id"],
                    expires_at=expires,
                    return_url="/",
                )
            )
        Payment.objects.bulk_create(rows, batch_size=2_000)
        self.line(
            "seed payments and the fake's invoices", f"{time.perf_counter() - started:8.2f} s"
        )
        return bodies

    def gunicorn(self, fake, database, workers, port):
        command = self

        class Server:
            def __enter__(self):
                env = {
                    **os.environ,
                    **{name: str(value) for name, value in fake.settings().items()},
                    "DATABASE_URL": database,
                    "DEBUG": "0",
                    "SECRET_KEY": secrets.token_urlsafe(50),
                    "ALLOWED_HOSTS": "127.0.0.1",
                    "SECURE_SSL_REDIRECT": "0",
                    "STAFF_REQUIRE_MFA": "0",
                    "PAYMENT_PROVIDER": "payments.gateway.XenditProvider",
                }
                binary = Path(sys.executable).parent / "gunicorn"
                self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn
                    [binary, "portal.wsgi", "--workers", str(workers)]
                    + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
                    cwd=settings.BASE_DIR,
                    env=env,
                    stderr=subprocess.DEVNULL,
                )
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    try:
                        # Our own 127.0.0.1 server.
                        url = f"http://127.0.0.1:{port}/healthz"
                        with urllib.request.urlopen(url, timeout=2):  # noqa: S310  # nosec B310
                            return self
                    except OSError:
                        time.sleep(0.5)
                self.process.terminate()
                raise CommandError("gunicorn did not start.")

            def __exit__(self, *exception):
                self.process.terminate()
                self.process.wait(timeout=30)
                command.stdout.write("  gunicorn stopped")

        return Server()

    def drive(self, fake, bodies, port, connections):
        url = f"http://127.0.0.1:{port}{PATH}"
        if shutil.which("wrk"):
            return self.drive_wrk(fake, bodies, url, connections)
        return self.drive_threads(fake, bodies, url, connections)

    def drive_wrk(self, fake, bodies, url, connections):
        threads = min(2, connections)
        with tempfile.TemporaryDirectory() as folder:
            body_file, script = Path(folder) / "bodies", Path(folder) / "notify.lua"
            body_file.write_text("\n".join(bodies) + "\n")
            script.write_text(WRK_SCRIPT)
            # Long enough to send each body about once at the measured pace,
            # short enough not to send them all twice.
            seconds = 10
            started = time.perf_counter()
            result = subprocess.run(  # noqa: S603
                ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
                + ["-s", str(script), url],
                env={
                    **os.environ,
                    "BENCH_BODIES": str(body_file),
                    "BENCH_TOKEN": fake.callback_token,
                    "BENCH_THREADS": str(threads),
                },
                capture_output=True,
                text=True,
                check=False,
            )
            elapsed = time.perf_counter() - started
        if result.returncode != 0:
            raise CommandError(f"wrk failed: {result.stderr.strip()}")
        return {"tool": "wrk", "output": result.stdout, "elapsed": elapsed}

    def drive_threads(self, fake, bodies, url, connections):
        latencies = []

        def send(body):
            request = urllib.request.Request(  # noqa: S310
                url,
                data=body.encode(),
                method="POST",
                headers={
                    "Content-Type": "application/json",
                    CALLBACK_TOKEN_HEADER: fake.callback_token,
                },
            )
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  # nosec B310
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            latencies.append(time.perf_counter() - started)
            return status

        started = time.perf_counter()
        with ThreadPoolExecutor(connections) as pool:
            statuses = list(pool.map(send, bodies))
        elapsed = time.perf_counter() - started
        latencies.sort()
        return {
            "tool": f"a pool of {connections} threads in this process (wrk not installed)",
            "elapsed": elapsed,
            "requests": len(statuses),
            "non_2xx": sum(status >= 300 for status in statuses),
            "p50": latencies[len(latencies) // 2],
            "p99": latencies[int(len(latencies) * 0.99)],
        }

    def report(self, figures, count):
        self.line("load generator", figures["tool"])
        if figures["tool"] == "wrk":
            for row in figures["output"].splitlines():
                if row.strip():
                    self.stdout.write(f"    {row}")
        else:
            self.line("requests", f"{figures['requests']:>8,}")
            self.line("requests a second", f"{figures['requests'] / figures['elapsed']:8.1f}")
            self.line(
                "latency p50 / p99", f"{figures['p50'] * 1000:.0f} / {figures['p99'] * 1000:.0f} ms"
            )
        outcomes = dict(
            PaymentNotification.objects.values_list("outcome").annotate(Count("pk")).order_by()
        )
        paid = Payment.objects.filter(status=Payment.Status.PAID).count()
        first_time = outcomes.get("applied", 0)
        self.line("stored notifications by outcome", outcomes)
        self.line("payments marked paid", f"{paid:>8,} of {count:,}")
        self.line("notifications applied a second", f"{first_time / figures['elapsed']:8.1f}")
        if paid != first_time or set(outcomes) - {"applied", "duplicate"}:
            raise CommandError("A notification failed, or a payment was not marked paid once.")
