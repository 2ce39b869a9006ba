"""``make load``: gunicorn (2 workers) on 127.0.0.1 against PostgreSQL with
100,000 creators and 1,000 campaigns, a fixed-length mixed workload from
locust (headless), and per page: requests per second, p50/p95/p99 latency and
errors, beside the same figures for a bare Django view.

The data lives in its own database (``<DATABASE_URL's name>_load``), created
on the first run and topped up on later ones, so the development database is
left alone. Exits 1 if any request failed. Settings through the environment:
``LOAD_SECONDS`` (60), ``LOAD_USERS`` (24), ``LOAD_CREATORS`` (100000),
``LOAD_CAMPAIGNS`` (1000), ``LOAD_PORT`` (8765). Needs ``DATABASE_URL`` (PostgreSQL)
and ``REDIS_URL`` (the cache and sessions live there, as in production).
"""

import base64
import csv
import hashlib
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PORT = int(os.environ.get("LOAD_PORT", "8765"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
USERS = int(os.environ.get("LOAD_USERS", "24"))
CREATORS = int(os.environ.get("LOAD_CREATORS", "100000"))
CAMPAIGNS = int(os.environ.get("LOAD_CAMPAIGNS", "1000"))
DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - the published demo login of seed_demo


# Databases prepared before the token key was fixed hold the demo creator's TikTok
# tokens under a key of an earlier run: such a row cannot be read (the creator
# dashboard answers 500), so it is dropped and seed_demo links the account anew.
FORGET_UNREADABLE_TOKENS = """
from django.db import connection
from tiktok.models import LinkedAccount
for pk in LinkedAccount.objects.values_list("pk", flat=True):
    try:
        LinkedAccount.objects.get(pk=pk)
    except ValueError:
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(LinkedAccount._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [pk])
"""


def token_key(database_url):
    """A Fernet key for the stored TikTok tokens, the same on every run against
    one load database (SECRET_KEY is new on each run)."""
    digest = hashlib.sha256(b"make-load-tiktok-tokens:" + database_url.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def load_database_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("make load needs DATABASE_URL pointing at PostgreSQL (see README).")
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_load"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def manage(env, *args, capture=False):
    result = subprocess.run(
        [BIN / "python", "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )
    return result.stdout.strip() if capture else None


def step(what):
    print(f"--- {what}", flush=True)


def prepare(env):
    step("migrate, demo data, 100k creators and 1k campaigns (topped up, not rebuilt)")
    seeding = {**env, "DEBUG": "1"}
    manage(seeding, "migrate", "--noinput", "-v0")
    manage(seeding, "shell", "--verbosity", "0", "-c", FORGET_UNREADABLE_TOKENS)
    manage(seeding, "seed_demo")
    manage(seeding, "seed_demo", "--creators", str(CREATORS), "--campaigns", str(CAMPAIGNS))
    step("match every live campaign")
    manage(seeding, "match_campaigns", "--all")
    manage(env, "collectstatic", "--noinput", "-v0")
    return ids(env)


def ids(env):
    """The demo rows the load runs visit, as environment variables."""
    found = (
        manage(
            {**env, "DEBUG": "1"},
            "shell",
            "--verbosity",
            "0",
            "-c",
            "from brands.models import Campaign;"
            "from creators.models import CreatorProfile;"
            "from series.models import Series;"
            "c = Campaign.objects.filter(business__memberships__user__email="
            "'business1@demo.portal.test', status='live').earliest('pk');"
            "h = CreatorProfile.objects.get(user__email='creator1@demo.portal.test').handle;"
            "s = Series.objects.filter(creator__handle=h, status='published').earliest('pk');"
            "print(c.pk, c.business_id, h, s.pk)",
            capture=True,
        )
        .splitlines()[-1]
        .split()
    )
    return {
        "LOAD_CAMPAIGN_ID": found[0],
        "LOAD_BUSINESS_ID": found[1],
        "LOAD_CREATOR_HANDLE": found[2],
        "LOAD_SERIES_ID": found[3],
    }


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own 127.0.0.1 server
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"gunicorn did not answer at {url}")


def report(stats_csv):
    rows = [row for row in csv.DictReader(stats_csv.open()) if row["Name"] != "Aggregated"]
    rows.sort(key=lambda row: row["Name"])
    bare = next(row for row in rows if row["Name"] == "bare Django view")
    header = (
        f"{'page':32} {'requests':>8} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} "
        f"{'errors':>6}  p50 vs bare"
    )
    print(header)
    print("-" * len(header))
    errors = 0
    for row in rows:
        p50 = float(row["50%"])
        errors += int(row["Failure Count"])
        ratio = p50 / max(float(bare["50%"]), 1)
        print(
            f"{row['Name']:32} {int(row['Request Count']):>8} {float(row['Requests/s']):>7.1f} "
            f"{p50:>6.0f} {float(row['95%']):>6.0f} {float(row['99%']):>6.0f} "
            f"{int(row['Failure Count']):>6}  {ratio:.1f}x"
        )
    print("(latencies in milliseconds)")
    return errors


def server_env():
    """The environment of the served app: the load database, production settings
    (the cache and sessions on Redis, as in production)."""
    if not os.environ.get("REDIS_URL", "").startswith("redis://"):
        sys.exit("make load needs REDIS_URL pointing at Redis, as in production (see README).")
    url = load_database_url()
    return {
        **os.environ,
        "DATABASE_URL": url,
        "TIKTOK_TOKEN_KEYS": token_key(url),
        "DJANGO_SETTINGS_MODULE": "tests.load.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "STAFF_REQUIRE_MFA": "0",
    }


@contextmanager
def serving(env):
    """gunicorn with 2 sync workers on 127.0.0.1:LOAD_PORT while the block runs."""
    step(f"gunicorn, 2 workers, on 127.0.0.1:{PORT}")
    server = subprocess.Popen(
        [BIN / "gunicorn", "portal.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{PORT}"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{PORT}/healthz")
        yield f"http://127.0.0.1:{PORT}"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main():
    env = server_env()
    env.update(prepare(env))
    with serving(env):
        step(f"locust: {USERS} users for {SECONDS} s")
        with tempfile.TemporaryDirectory() as folder:
            prefix = Path(folder) / "load"
            subprocess.run(
                [
                    BIN / "locust",
                    "--locustfile",
                    ROOT / "tests/load/locustfile.py",
                    "--headless",
                    "--only-summary",
                    "--users",
                    str(USERS),
                    "--spawn-rate",
                    str(USERS),
                    "--run-time",
                    f"{SECONDS}s",
                    "--host",
                    f"http://127.0.0.1:{PORT}",
                    "--csv",
                    prefix,
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                env={**env, "LOAD_PASSWORD": DEMO_PASSWORD},
                check=False,
                stdout=subprocess.DEVNULL,
            )
            errors = report(Path(f"{prefix}_stats.csv"))
    print(f"{errors} failed requests")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
