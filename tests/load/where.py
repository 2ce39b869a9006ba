"""Where a page spends its time: the page benchmark's pages, rendered in process.

On ``make load``'s database and settings (``DEBUG=0``, the production
middleware), each page is requested through Django's test client as the
person who uses it, warmed up, then timed over ``--runs`` requests beside the
bare view. Prints per page the mean milliseconds, the multiple of the bare
view, the queries and the milliseconds spent in SQL. ``--profile TEXT``
profiles the pages whose name has this text (cProfile, sorted by own time
and cumulative time).

    python tests/load/where.py [--only TEXT] [--runs 50] [--profile TEXT]

Needs DATABASE_URL (PostgreSQL), REDIS_URL and the data ``make load`` prepared.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python tests/load/where.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.load import run
from tests.load.pages import BARE, pages


def timed(client, path, runs):
    """Mean milliseconds of one request, and the queries and SQL time of the last."""
    from django.db import connection

    started = time.perf_counter()
    for _ in range(runs):
        response = client.get(path, secure=True)
    mean = (time.perf_counter() - started) * 1000 / runs
    spent = {"queries": 0, "sql": 0.0}

    def counted(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent["queries"] += 1
            spent["sql"] += (time.perf_counter() - began) * 1000

    with connection.execute_wrapper(counted):
        response = client.get(path, secure=True)
    return response.status_code, mean, spent["queries"], spent["sql"]


def profile(client, path, runs):
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(path, secure=True)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(25)
    # The project's own functions (views, selectors, template tags) by cumulative time.
    own_code = r"^(?!.*site-packages).*/(?!tests/)[a-z_]+/.*\.py"
    stats.sort_stats("cumulative").print_stats(own_code, 40)
    print(out.getvalue())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--profile", default=None)
    args = parser.parse_args(argv)

    env = run.server_env()
    env.update(run.ids(env))
    env["ALLOWED_HOSTS"] = "testserver"
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)

    from core.models import User

    clients = {}

    def client_for(email):
        if email not in clients:
            client = Client()
            if email:
                client.force_login(User.objects.get(email=email))
            clients[email] = client
        return clients[email]

    anonymous = client_for(None)
    for _ in range(5):
        anonymous.get(BARE, secure=True)
    _, bare, _, _ = timed(anonymous, BARE, args.runs * 4)
    print(f"{'bare view':34} {bare:7.2f} ms")
    for page in pages(env):
        if args.only not in page.name:
            continue
        client = client_for(page.who)
        for _ in range(3):
            client.get(page.path, secure=True)
        status, mean, queries, sql = timed(client, page.path, args.runs)
        print(
            f"{page.name:34} {mean:7.2f} ms {mean / bare:6.1f}x bare "
            f"{queries:3} queries {sql:6.2f} ms SQL  [{status}]",
            flush=True,
        )
        if args.profile is not None and args.profile in page.name:
            profile(client, page.path, args.runs)


if __name__ == "__main__":
    main()
