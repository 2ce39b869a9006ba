"""The database restarted under load, with real parts: a PostgreSQL instance of
the test's own (``initdb`` and ``pg_ctl``) behind gunicorn in production mode.
While the database is down every request gets a clean 503 page (no traceback)
and ``/healthz`` names the database; once it is back the same gunicorn workers
answer 200 again, without a restart (persistent connections are health-checked
before each request)."""

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import OperationalError
from django.utils import translation

from portal.health import DATABASE_RETRY_AFTER, server_error
from tests.brands.test_match_faults import free_port
from tests.conftest import require

PROJECT_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# A page that reads the database, and the health check.
# The catalogue reached by a tracking link: rendered from the database on every
# request (the plain catalogue is kept whole and may answer during an outage).
CATALOGUE = "/series/?utm_source=newsletter"
PAGES = [CATALOGUE, "/healthz"]


def postgres_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


class Postgres:
    """A throwaway PostgreSQL cluster on a free port, run as ``postgres`` when
    the tests run as root (PostgreSQL refuses to run as root)."""

    def __init__(self, bin_dir):
        self.bin_dir = bin_dir
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.data = self.folder / "data"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]
        else:
            self.prefix = []

    def run(self, *command):
        subprocess.run(
            [*self.prefix, str(self.bin_dir / command[0]), *command[1:]],
            check=True,
            capture_output=True,
        )

    def init(self):
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "portal", "--no-sync")

    def start_and_wait(self):
        self.run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-w",
            "-o",
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off",
            "-l",
            str(self.folder / "log"),
            "start",
        )

    def stop(self):
        self.run("pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "stop")

    def url(self):
        return f"postgres://portal@127.0.0.1:{self.port}/postgres"

    def remove(self):
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def site(tmp_path):
    """``(Postgres, base URL)``: gunicorn with two workers, DEBUG off, on its own database."""
    bin_dir = postgres_bin()
    require(
        bin_dir and (os.geteuid() != 0 or shutil.which("runuser")), "PostgreSQL server binaries"
    )
    require((BIN / "gunicorn").exists(), "gunicorn")
    database = Postgres(bin_dir)
    database.init()
    database.start_and_wait()
    env = {
        **{key: value for key, value in os.environ.items() if key != "REDIS_URL"},
        "DATABASE_URL": database.url(),
        "DEBUG": "0",
        "SECRET_KEY": "test-only-secret-key-for-the-database-fault-test-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "CELERY_FILESYSTEM_BROKER_DIR": str(tmp_path / "broker"),
        "PYTHONPATH": str(PROJECT_DIR),
    }
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=PROJECT_DIR, env=env, check=True
        )
    port = free_port()
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "portal.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and get(base + "/healthz")[0] is None:
            time.sleep(0.2)
        yield database, base
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
        database.remove()


def get(url):
    """``(status, body)``; ``(None, reason)`` when nothing answered."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - http://127.0.0.1
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        return None, str(error)


class Load:
    """Threads requesting the pages over and over, recording every answer."""

    def __init__(self, base, threads=4):
        self.base = base
        self.answers = []
        self.running = True
        self.threads = [threading.Thread(target=self.run) for _ in range(threads)]

    def run(self):
        while self.running:
            for page in PAGES:
                self.answers.append((page, *get(self.base + page)))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        for thread in self.threads:
            thread.join(timeout=30)


def test_requests_fail_cleanly_while_the_database_restarts_and_recover_without_a_restart(
    site,
):
    database, base = site
    assert [get(base + page)[0] for page in PAGES] == [200, 200]

    with Load(base) as load:
        time.sleep(1)
        database.stop()
        time.sleep(2)
        down = {page: get(base + page) for page in PAGES}
        database.start_and_wait()
        time.sleep(2)

    status, body = down[CATALOGUE]
    assert status == 503, body
    # A visitor who asks for no language gets the site's default, Indonesian.
    assert "Sementara tidak tersedia" in body
    assert "Traceback" not in body and "OperationalError" not in body
    status, body = down["/healthz"]
    assert status == 503
    assert json.loads(body)["checks"]["database"].startswith("error: ")
    assert json.loads(body)["checks"]["broker"] == "ok"
    statuses = {status for _page, status, _body in load.answers}
    assert statuses <= {200, 503}, statuses
    assert 200 in statuses and 503 in statuses
    assert not [body for _page, _status, body in load.answers if "Traceback" in body]
    # The same gunicorn workers, reconnected: every page answers again.
    for _ in range(4):
        assert [get(base + page)[0] for page in PAGES] == [200, 200]


def test_the_error_page_is_a_503_to_retry_when_the_database_is_unreachable(rf):
    try:
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    except OperationalError:
        with translation.override("en"):
            response = server_error(rf.get("/series/"))

    assert response.status_code == 503
    assert response["Retry-After"] == str(DATABASE_RETRY_AFTER)
    assert b"Temporarily unavailable" in response.content
    assert b"Connection refused" not in response.content


def test_any_other_error_is_a_plain_500(rf):
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/series/"))

    assert response.status_code == 500
    assert b"a bug" not in response.content
