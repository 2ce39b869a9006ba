"""Matching survives faults, shown with real parts: a Redis server of the test's
own that it stops and starts, real worker processes that it kills with
SIGKILL, and the test database shared with them.

- Redis down while staff approve a campaign: the approval succeeds, the
  business reads that matching is queued, ``/healthz`` names the broker, and
  once Redis is back a worker that starts matches the campaign by itself.
- A worker killed in the middle of a run: Redis delivers the task again to the
  next worker, which stores one complete list.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from brands.models import Campaign, CampaignMatch, MatchRun
from matching import coalescing, tasks
from portal.celery import app as celery_app
from tests.brands.factories import BusinessMembershipFactory, CampaignFactory, give_credit
from tests.brands.matching_helpers import campaign, creator
from tests.brands.test_match_tasks import launched_campaign
from tests.conftest import require
from tests.factories import StaffFactory

PROJECT_DIR = Path(__file__).resolve().parents[2]
# Short, so that a killed worker's task comes back within the test.
VISIBILITY_TIMEOUT = 5


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server process on a free port, which the test stops and starts."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def url(self, db):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port)]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def own_redis():
    """A Redis of the test's own as the broker and the cache of this process."""
    require(shutil.which("redis-server"), "redis-server")
    require(connection.vendor == "postgresql", "PostgreSQL (a database workers can share)")
    server = RedisServer()
    server.start()
    saved = celery_app.conf.broker_url, celery_app.conf.broker_transport_options
    options = {"visibility_timeout": VISIBILITY_TIMEOUT, "socket_connect_timeout": 2}
    use_broker(server.url(0), options)
    caches = {
        **django_settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url(1),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        },
    }
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    with override_settings(
        CACHES=caches, CELERY_BROKER_URL=server.url(0), CELERY_BROKER_TRANSPORT_OPTIONS=options
    ):
        yield server
    celery_app.conf.task_always_eager = eager
    use_broker(*saved)
    if server.process.poll() is None:
        server.stop()


def use_broker(url, options):
    """Send this process's tasks to ``url`` from now on."""
    celery_app.conf.broker_url = url
    celery_app.conf.broker_transport_options = options
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def database_url():
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


class Workers:
    """Real worker processes on the test's Redis and database."""

    def __init__(self, server, tmp_path):
        self.server = server
        self.tmp_path = tmp_path
        self.processes = []

    def start(self, pool="solo"):
        env = {
            **os.environ,
            "REDIS_URL": self.server.url(0),
            "REDIS_CACHE_URL": self.server.url(1),
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.tmp_path / "outbox"),
            "PYTHONPATH": str(PROJECT_DIR),
        }
        log = open(self.tmp_path / f"worker-{len(self.processes)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "worker", f"--pool={pool}"]
            + ["--concurrency=1", "--without-gossip", "--without-mingle", "--loglevel=info"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def logs(self):
        return "\n".join(path.read_text() for path in sorted(self.tmp_path.glob("worker-*.log")))

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()


@pytest.fixture
def workers(own_redis, tmp_path):
    started = Workers(own_redis, tmp_path)
    yield started
    started.stop_all()


def wait_until(condition, workers, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"Waited {timeout}s for {what}. The workers' logs:\n{workers.logs()}")


def business_client(client, campaign):
    client.force_login(campaign.created_by)
    return client


# --- Redis down while a campaign goes live -----------------------------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_campaign_approved_while_redis_is_down_is_matched_once_redis_is_back(
    client, own_redis, workers, mailoutbox
):
    profiles = [creator(follower_count=followers) for followers in (4_000, 40_000, 400_000)]
    submitted = launched_campaign()
    staff = StaffFactory()
    own_redis.stop()

    client.force_login(staff)
    response = client.post(reverse("admin:brands_campaign_approve", args=[submitted.pk]))
    health = client.get("/healthz")

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Campaign.Status.LIVE
    assert MatchRun.objects.get(campaign=submitted).status == MatchRun.Status.QUEUED
    page = business_client(client, submitted).get(
        reverse("brands:campaign_matches", args=[submitted.pk])
    )
    assert page.status_code == 200
    assert "Finding matches: waiting for a worker" in page.text
    assert health.status_code == 503
    assert health.json()["checks"]["database"] == "ok"
    assert health.json()["checks"]["broker"].startswith("error: ")
    assert not CampaignMatch.objects.filter(campaign=submitted).exists()

    own_redis.start()
    assert client.get("/healthz").status_code == 200
    workers.start()

    wait_until(
        lambda: MatchRun.objects.get(campaign=submitted).status == MatchRun.Status.DONE,
        workers,
        "the queued run to be matched by the worker that started",
    )
    assert set(
        CampaignMatch.objects.filter(campaign=submitted).values_list("creator_id", flat=True)
    ) == {profile.pk for profile in profiles}
    assert MatchRun.objects.get(campaign=submitted).candidates == 3
    # The approval email, which no worker could take, was sent by the request.
    assert [message.to for message in mailoutbox] == [[submitted.created_by.email]]
    assert "approved" in mailoutbox[0].subject


@pytest.mark.django_db
def test_a_business_launches_while_redis_is_down(
    client, own_redis, mailoutbox, django_capture_on_commit_callbacks
):
    membership = BusinessMembershipFactory()
    give_credit(membership.business, "5000000.00")
    draft = CampaignFactory(business=membership.business, created_by=membership.user)
    own_redis.stop()
    client.force_login(membership.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("brands:campaign_step", args=[draft.pk, 5]), follow=True)

    assert response.status_code == 200
    assert "Campaign launched and sent for review" in response.text
    draft.refresh_from_db()
    assert draft.status == Campaign.Status.SUBMITTED
    assert [message.to for message in mailoutbox] == [[membership.user.email]]


# --- The outbox drain ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_drain_sends_a_run_left_queued_and_nothing_else(django_capture_on_commit_callbacks):
    creator()
    forgotten, recent, waiting, finished = (campaign() for _ in range(4))
    long_ago = timezone.now() - timedelta(minutes=5)
    MatchRun.objects.create(campaign=forgotten, status="queued", queued_at=long_ago)
    MatchRun.objects.create(campaign=recent, status="queued", queued_at=timezone.now())
    MatchRun.objects.create(campaign=waiting, status="queued", queued_at=long_ago)
    MatchRun.objects.create(campaign=finished, status="done", queued_at=long_ago)
    cache.add(coalescing.pending_key("campaign", waiting.pk), 1)  # its task is in the queue

    assert tasks.dispatch_queued_matches.delay().get() == 1  # eager: the run happens here

    assert CampaignMatch.objects.filter(campaign=forgotten).exists()
    assert MatchRun.objects.get(campaign=forgotten).status == MatchRun.Status.DONE
    for untouched in (recent, waiting, finished):
        assert not CampaignMatch.objects.filter(campaign=untouched).exists()


@pytest.mark.django_db
def test_the_drain_sends_a_run_whose_worker_died_past_the_time_limit():
    creator()
    stuck = campaign()
    long_ago = timezone.now() - timedelta(seconds=coalescing.RUNNING_RUN_LIMIT_SECONDS + 1)
    MatchRun.objects.create(
        campaign=stuck, status="running", queued_at=long_ago, started_at=long_ago
    )

    assert tasks.dispatch_queued_matches.delay().get() == 1

    assert MatchRun.objects.get(campaign=stuck).status == MatchRun.Status.DONE


def test_beat_drains_the_outbox_every_minute(settings):
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "matching.tasks.dispatch_queued_matches"
    ]
    assert [entry["schedule"] for entry in entries] == [60]


# --- A worker killed in the middle of a run --------------------------------------------------


def worker_waits_on_a_lock():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # fresh figures inside a transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def pool_process(worker):
    """The process that runs tasks: the worker itself with the solo pool, its
    one child with prefork."""
    children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
    return int(children[0]) if children else worker.pid


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "pool, killed",
    [
        # The whole worker dies: Redis hands the unacknowledged task to the
        # next worker once the visibility timeout has passed.
        ("solo", "worker"),
        # Only the pool process dies: the worker rejects the task back onto
        # the queue (task_reject_on_worker_lost) and runs it again itself.
        ("prefork", "pool process"),
    ],
)
def test_a_run_whose_worker_is_killed_is_delivered_again_and_stored_once(workers, pool, killed):
    for followers in range(5_000, 5_000 + 55 * 1_000, 1_000):
        creator(follower_count=followers)
    wanted = campaign()
    first = workers.start(pool)

    # The run stores its list under a lock on the campaign: holding that lock
    # stops the worker after it scored the creators, before it wrote a row.
    # (no_key: the run's own row, which points at the campaign, may be written.)
    with transaction.atomic():
        Campaign.objects.select_for_update(no_key=True).get(pk=wanted.pk)
        tasks.match_campaign.apply_async(args=[wanted.pk])
        wait_until(worker_waits_on_a_lock, workers, "the worker to reach the write")
        assert MatchRun.objects.get(campaign=wanted).status == MatchRun.Status.RUNNING
        if killed == "worker":
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=20)
        else:
            os.kill(pool_process(first), signal.SIGKILL)
    if killed == "worker":
        workers.start(pool)

    wait_until(
        lambda: MatchRun.objects.get(campaign=wanted).status == MatchRun.Status.DONE,
        workers,
        "the task to be delivered again and finished",
        timeout=90,
    )
    rows = CampaignMatch.objects.filter(campaign=wanted)
    assert rows.count() == 50
    assert sorted(rows.values_list("rank", flat=True)) == list(range(1, 51))
    assert len(set(rows.values_list("creator_id", flat=True))) == 50
    assert MatchRun.objects.get(campaign=wanted).candidates == 55
