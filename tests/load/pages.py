"""The page benchmark: every page people wait on, beside a bare Django view.

On ``make load``'s database (100,000 creators, 1,000 campaigns) and server
(gunicorn, 2 sync workers, ``DEBUG=0``, the bare view at ``/load/bare/`` on the
same settings and middleware), each page is driven by wrk (one thread, a few
connections, ``--latency`` and ``percentiles.lua`` for p95), alternating with
the bare view in short rounds, signed in as the person who uses it (a session
obtained once by logging in as the demo users). Its queries are counted on
one request (``X-Count-Queries``, tests/load/middleware.py).

Prints per page: requests/s, the bare view's requests/s in the rounds beside
it, the share of bare, p50/p95/p99, queries and response size; exits 1 when a
page is under its budget (tests/load/wrk.py), unless ``--report-only``.

    python tests/load/pages.py [--skip-prepare] [--report-only] [--only TEXT]
        [--rounds 3] [--seconds 3] [--connections 4]

``--skip-prepare`` reuses the data as it stands (``make load`` has just
prepared it). Needs DATABASE_URL (PostgreSQL) and REDIS_URL, like ``make load``.
"""

import argparse
import http.client
import subprocess
import sys
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):  # run as a script: python tests/load/pages.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.load import run
from tests.load.wrk import LUA_SCRIPT, PageResult, failures, parse, table

WRK = "/usr/bin/wrk"
HERE = Path(__file__).resolve().parent
BARE = "/load/bare/"
CREATOR = "creator1@demo.portal.test"
BUSINESS = "business1@demo.portal.test"  # also the demo buyer of a Series
STAFF = "staff@demo.portal.test"
SEARCH_FILTERS = "followers_min=10000&followers_max=100000&engagement_min=3&sort=followers"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    kind: str  # public, account, admin or page: its budget in tests/load/wrk.py
    who: str | None = None  # the demo user's email, None for anonymous


def pages(ids):
    campaign, business = ids["LOAD_CAMPAIGN_ID"], ids["LOAD_BUSINESS_ID"]
    handle, series = ids["LOAD_CREATOR_HANDLE"], ids["LOAD_SERIES_ID"]
    return [
        Page("home", "/", "public"),
        Page("Series index", "/series/", "public"),
        Page("a Series page", f"/series/{series}/", "public"),
        Page("a creator's Series", f"/series/by/{handle}/", "public"),
        Page("media kit", f"/creator/kit/{handle}/", "public"),
        Page("log in", "/accounts/login/", "account"),
        Page("sign up", "/accounts/signup/", "account"),
        Page("creator: dashboard", "/creator/", "page", CREATOR),
        Page("creator: open campaigns", "/collaborations/open/", "page", CREATOR),
        Page("creator: collaborations", "/collaborations/", "page", CREATOR),
        Page("creator: earnings", "/earnings/", "page", CREATOR),
        Page("creator: Series studio", "/series/studio/", "page", CREATOR),
        Page("business: dashboard", "/business/", "page", BUSINESS),
        Page("business: campaigns", f"/business/{business}/campaigns/", "page", BUSINESS),
        Page("business: matches", f"/business/campaigns/{campaign}/matches/", "page", BUSINESS),
        Page("business: search", f"/business/campaigns/{campaign}/search/", "page", BUSINESS),
        Page(
            "business: search, filtered",
            f"/business/campaigns/{campaign}/search/?{SEARCH_FILTERS}",
            "page",
            BUSINESS,
        ),
        Page(
            "business: collaborations",
            f"/collaborations/campaigns/{campaign}/",
            "page",
            BUSINESS,
        ),
        Page("business: invoices", "/billing/invoices/", "page", BUSINESS),
        Page("fan: home", "/fans/", "page", BUSINESS),
        Page("fan: library", "/series/library/", "page", BUSINESS),
        Page("fan: receipts", "/billing/receipts/", "page", BUSINESS),
        Page("admin: applications", "/admin/creators/programmeapplication/", "admin", STAFF),
        Page("admin: campaigns", "/admin/brands/campaign/", "admin", STAFF),
        Page("admin: creators", "/admin/creators/creatorprofile/", "admin", STAFF),
        Page("admin: Series submissions", "/admin/series/submission/", "admin", STAFF),
        Page("admin: payouts", "/admin/earnings/payout/", "admin", STAFF),
        Page("admin: reconciliation runs", "/admin/reconciliation/run/", "admin", STAFF),
        Page(
            "admin: reconciliation differences",
            "/admin/reconciliation/difference/",
            "admin",
            STAFF,
        ),
    ]


class Client:
    """Plain HTTP to the local server as if through the TLS proxy (the
    production settings trust ``X-Forwarded-Proto``; the cookies are Secure,
    so they are sent by hand)."""

    def __init__(self, port):
        self.port = port
        self.host = f"127.0.0.1:{port}"

    def headers(self, cookie=""):
        found = {"X-Forwarded-Proto": "https", "Referer": f"https://{self.host}/"}
        if cookie:
            found["Cookie"] = cookie
        return found

    def request(self, method, path, *, cookie="", body=None, extra=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            headers = {**self.headers(cookie), **(extra or {})}
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            cookies = SimpleCookie()
            for line in response.headers.get_all("Set-Cookie") or []:
                cookies.load(line)
            return response, content, {name: c.value for name, c in cookies.items()}
        finally:
            connection.close()

    def log_in(self, email):
        """The ``Cookie`` header of a fresh session of this demo user."""
        _, _, cookies = self.request("GET", "/accounts/login/")
        token = cookies["csrftoken"]
        response, _, cookies = self.request(
            "POST",
            "/accounts/login/",
            cookie=f"csrftoken={token}",
            body=urlencode(
                {"csrfmiddlewaretoken": token, "login": email, "password": run.DEMO_PASSWORD}
            ),
            extra={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"https://{self.host}/accounts/login/",
            },
        )
        if response.status != 302 or "sessionid" not in cookies:
            sys.exit(f"log in as {email} failed: {response.status}")
        return f"csrftoken={token}; sessionid={cookies['sessionid']}"

    def measure_once(self, result, cookie):
        """Status, size and queries of one request (the second: caches are warm)."""
        for _ in range(2):
            response, content, _ = self.request(
                "GET", result.path, cookie=cookie, extra={"X-Count-Queries": "1"}
            )
        result.status = response.status
        result.size = len(content)
        counted = response.getheader("X-Queries")
        result.queries = int(counted) if counted is not None else None


def wrk(base, path, cookie, *, seconds, connections):
    command = [
        WRK,
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "-s",
        str(HERE / LUA_SCRIPT),
        "-H",
        "X-Forwarded-Proto: https",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    done = subprocess.run([*command, base + path], capture_output=True, text=True, check=True)
    return parse(done.stdout)


def bench(base, client, page_list, *, rounds, seconds, connections):
    sessions = {}
    results = []
    for page in page_list:
        if page.who and page.who not in sessions:
            sessions[page.who] = client.log_in(page.who)
        cookie = sessions.get(page.who, "")
        result = PageResult(name=page.name, path=page.path, kind=page.kind)
        client.measure_once(result, cookie)
        if result.status == 200:
            # Warm both up (workers' template caches, database pages), then alternate.
            wrk(base, BARE, "", seconds=1, connections=connections)
            wrk(base, page.path, cookie, seconds=1, connections=connections)
            for _ in range(rounds):
                result.bare.append(wrk(base, BARE, "", seconds=seconds, connections=connections))
                result.rounds.append(
                    wrk(base, page.path, cookie, seconds=seconds, connections=connections)
                )
        print(
            f"{page.name:34} {result.share:5.2f} of bare, {result.queries} queries",
            flush=True,
        )
        results.append(result)
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report-only", action="store_true", help="print, never fail")
    parser.add_argument("--skip-prepare", action="store_true", help="reuse the data as is")
    parser.add_argument("--only", default="", help="only the pages whose name has this text")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args(argv)

    env = run.server_env()
    env.update(run.ids(env) if args.skip_prepare else run.prepare(env))
    chosen = [page for page in pages(env) if args.only in page.name]
    with run.serving(env) as base:
        run.step(
            f"wrk: {len(chosen)} pages, {args.rounds} rounds of {args.seconds} s "
            f"beside the bare view, {args.connections} connections"
        )
        results = bench(
            base,
            Client(run.PORT),
            chosen,
            rounds=args.rounds,
            seconds=args.seconds,
            connections=args.connections,
        )
    print(table(results))
    found = failures(results)
    for line in found:
        print(f"UNDER BUDGET {line}")
    within = sum(1 for result in results if not failures([result]))
    print(f"{within} of {len(results)} pages within budget")
    return 1 if found and not args.report_only else 0


if __name__ == "__main__":
    sys.exit(main())
