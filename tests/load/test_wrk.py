"""The page benchmark reads wrk's output, checks the budgets and prints its
table: on canned output, without a server."""

import pytest

from tests.load.wrk import PageResult, WrkResult, failures, parse, table

WITH_LUA = """\
Running 3s test @ http://127.0.0.1:8765/series/
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.45ms    3.10ms  22.45ms   83.91%
    Req/Sec     1.30k   322.97     1.78k    65.00%
  Latency Distribution
     50%    2.37ms
     75%    4.92ms
     90%    7.33ms
     99%   15.09ms
  2585 requests in 2.00s, 1.14MB read
Requests/sec:   1291.60
Transfer/sec:    581.55KB
PAGEBENCH requests=2585 duration_us=2001395 p50=2365 p90=7331 p95=9156 p99=15088 errors=0
"""

PLAIN_WITH_ERRORS = """\
Running 3s test @ http://127.0.0.1:8765/creator/
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    41.20ms   10.93ms 120.00ms   70.00%
    Req/Sec    96.50     12.00   120.00     70.00%
  Latency Distribution
     50%  850.00us
     75%   45.11ms
     90%   61.40ms
     99%    1.02s
  290 requests in 3.01s, 5.50MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:     96.35
Transfer/sec:      1.83MB
"""


def test_requests_per_second_and_exact_percentiles_come_from_the_lua_summary():
    result = parse(WITH_LUA)

    assert result == WrkResult(
        requests=2585,
        requests_per_second=1291.60,
        p50=2.365,
        p90=7.331,
        p95=9.156,
        p99=15.088,
        errors=0,
    )


def test_without_the_lua_summary_the_latency_distribution_is_read_in_its_units():
    result = parse(PLAIN_WITH_ERRORS)

    assert result.requests == 290
    assert result.requests_per_second == 96.35
    assert result.p50 == pytest.approx(0.85)
    assert result.p90 == pytest.approx(61.4)
    assert result.p99 == pytest.approx(1020.0)
    assert result.p95 is None


def test_socket_errors_and_non_2xx_answers_count_as_errors():
    assert parse(PLAIN_WITH_ERRORS).errors == 3 + 4


def test_output_that_is_not_wrk_with_latency_is_refused():
    with pytest.raises(ValueError, match="not wrk output"):
        parse("connection refused\n")
    with pytest.raises(ValueError, match="--latency"):
        parse(WITH_LUA.replace("     90%    7.33ms\n", "").replace(" p90=7331", ""))


def rounds(*rates, p95=5.0):
    return [
        WrkResult(requests=100, requests_per_second=r, p50=1.0, p90=2.0, p95=p95, p99=3.0)
        for r in rates
    ]


def page(kind="page", rates=(300, 300), bare=(1000, 1000), queries=3, status=200, **kw):
    return PageResult(
        name=kw.get("name", "a page"),
        path="/a/",
        kind=kind,
        queries=queries,
        size=5120,
        status=status,
        rounds=rounds(*rates, p95=kw.get("p95", 5.0)),
        bare=rounds(*bare),
    )


def test_the_share_is_the_pages_mean_rate_over_the_bare_views_mean_rate():
    result = page(rates=(200, 400), bare=(900, 1100))

    assert result.share == pytest.approx(0.3)


def test_a_page_at_or_above_its_budget_with_few_queries_passes():
    assert failures([page(kind="page", rates=(200,), bare=(1000,))]) == []
    assert failures([page(kind="admin", rates=(100,), bare=(1000,))]) == []


def test_a_public_page_under_a_third_of_bare_fails_and_says_which():
    found = failures([page(kind="public", rates=(300,), bare=(1000,), name="/series/")])

    assert found == ["/series/: 0.30 of bare, under its budget of 0.33"]


def test_too_many_queries_a_wrong_status_and_errors_under_load_fail():
    broken = page(queries=9, status=302)
    broken.rounds.append(WrkResult(10, 5.0, 1.0, 2.0, 3.0, 2.5, errors=2))

    assert failures([broken]) == [
        "a page: answered 302, not 200",
        "a page: 2 failed requests under load",
        "a page: 9 queries, more than 8",
    ]


def test_the_table_shows_each_page_with_its_share_latencies_queries_and_verdict():
    text = table(
        [
            page(name="/", kind="public", rates=(400,), bare=(1000,), p95=4.31),
            page(name="/creator/", rates=(30,), bare=(1000,), queries=11),
        ]
    )
    lines = text.splitlines()

    assert lines[0].split() == [
        "page",
        "req/s",
        "bare",
        "share",
        "budget",
        "p50",
        "p95",
        "p99",
        "queries",
        "bytes",
    ]
    assert lines[2].split() == [
        "/",
        "400.0",
        "1000.0",
        "0.40",
        "0.33",
        "1.0",
        "4.3",
        "3.0",
        "3",
        "5120",
        "ok",
    ]
    assert lines[3].split()[3:] == [
        "0.03",
        "0.20",
        "1.0",
        "5.0",
        "3.0",
        "11",
        "5120",
        "OVER",
        "BUDGET",
    ]


def test_every_benchmarked_page_has_a_budget_and_a_name_of_its_own():
    from tests.load.pages import pages
    from tests.load.wrk import BUDGETS

    ids = {"LOAD_CAMPAIGN_ID": "1", "LOAD_BUSINESS_ID": "1"}
    listed = pages({**ids, "LOAD_CREATOR_HANDLE": "siti", "LOAD_SERIES_ID": "1"})

    assert {page.kind for page in listed} <= set(BUDGETS)
    assert len({page.name for page in listed}) == len(listed)
    assert all(page.who is None for page in listed if page.kind == "public")
