"""Fixtures that run tasks in a real Celery worker process on a real broker:
Redis when ``REDIS_URL`` is set (always in CI), and the embedded filesystem
broker that ``make run`` uses without it. A pytest plugin, registered for the
whole suite by ``tests/conftest.py``: a test asks for ``worker`` (and
``broker_env`` when its tasks touch the database) and waits with
``wait_for_worker``."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection as database
from kombu import Connection

from portal.celery import app as celery_app
from tests.conftest import require

PROJECT_DIR = Path(__file__).resolve().parent.parent


def filesystem_transport_options(folder):
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }


def redis_is_up(url):
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture(params=["redis", "filesystem"])
def broker(request, tmp_path):
    """``(env, Connection)`` for a worker and a producer on the same broker."""
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    if request.param == "redis":
        url = os.environ.get("REDIS_URL", "")
        require(url and redis_is_up(url), "Redis (REDIS_URL)")
        env["REDIS_URL"] = url
        connection = Connection(url)
    else:
        folder = tmp_path / "broker"
        env["CELERY_FILESYSTEM_BROKER_DIR"] = str(folder)
        options = filesystem_transport_options(folder)
        for key in ("data_folder_in", "control_folder"):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
        connection = Connection("filesystem://", transport_options=options)
    yield env, connection
    connection.release()


@pytest.fixture
def broker_env(broker):
    """``broker``, with the worker pointed at the test database (PostgreSQL: a
    database another process can share), for tasks that read or write rows."""
    require(database.vendor == "postgresql", "PostgreSQL")
    env, _connection = broker
    db = database.settings_dict
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    return broker


@pytest.fixture
def not_eager():
    """Send tasks to the broker, not into this process."""
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


@pytest.fixture
def worker(broker, tmp_path, not_eager):
    """A real worker process on its own queue, sending mail into a folder."""
    env, connection = broker
    queue = f"test-{uuid.uuid4().hex[:12]}"
    outbox = tmp_path / "outbox"
    env.update(
        # Tasks the worker sends (emails, a run's tasks per creator) come back to it.
        CELERY_TASK_DEFAULT_QUEUE=queue,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(outbox),
        PYTHONPATH=str(PROJECT_DIR),
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=solo",
            "--queues",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--loglevel=info",
        ],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield connection, queue, outbox, process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_for_worker(process, done, failure, timeout=60):
    """Wait until ``done()`` is true; if it never is, stop the worker and fail
    with ``failure`` and the worker's log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not done():
        time.sleep(0.25)
    if not done():
        process.terminate()
        pytest.fail(f"{failure} Its log:\n{process.communicate(timeout=20)[0]}")


def wait_for_files(folder, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = list(folder.glob("*.log")) if folder.exists() else []
        if files:
            return files
        time.sleep(0.25)
    return []
