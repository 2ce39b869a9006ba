"""Reading wrk's output, the page budgets and the page benchmark's table.

Pure functions on text and numbers (no server, no Django), so that
tests/load/test_wrk.py checks them on canned output.

wrk's ``--latency`` prints the 50th, 75th, 90th and 99th percentiles only. The
95th comes from ``percentiles.lua`` (next to this file), whose ``done()`` hook
writes one more line, ``PAGEBENCH requests=… duration_us=… p50=… p90=… p95=…
p99=… errors=…`` (microseconds), read here; when that line is there its exact
figures are used, else those of the ``Latency Distribution``, and p95 is None.
"""

import re
import statistics
from dataclasses import dataclass, field

LUA_SCRIPT = "percentiles.lua"

# Share of the bare view's requests per second each kind of page must reach.
BUDGETS = {"public": 0.33, "account": 0.2, "admin": 0.1, "page": 0.2}
MAX_QUERIES = 8

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_DURATION = r"([\d.]+)(us|ms|s|m)"


@dataclass(frozen=True)
class WrkResult:
    requests: int
    requests_per_second: float
    p50: float  # milliseconds
    p90: float
    p99: float
    p95: float | None = None
    errors: int = 0


def milliseconds(value, unit):
    return float(value) * UNITS[unit]


def parse(text):
    """One wrk run's output (with ``--latency``, optionally ``percentiles.lua``)."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.MULTILINE)
    count = re.search(r"^\s*(\d+) requests in ", text, re.MULTILINE)
    if not rate or not count:
        raise ValueError("not wrk output: no 'Requests/sec' or 'requests in' line")
    found = {
        int(share): milliseconds(value, unit)
        for share, value, unit in re.findall(rf"^\s+(50|90|99)%\s+{_DURATION}", text, re.MULTILINE)
    }
    if set(found) != {50, 90, 99}:
        raise ValueError("no latency distribution: run wrk with --latency")
    errors = sum(
        int(n)
        for n in re.findall(
            r"(?:connect|read|write|timeout) (\d+)",
            "".join(re.findall(r"^\s*Socket errors:.*$", text, re.MULTILINE)),
        )
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    result = {
        "requests": int(count.group(1)),
        "requests_per_second": float(rate.group(1)),
        "p50": found[50],
        "p90": found[90],
        "p99": found[99],
        "errors": errors,
    }
    lua = re.search(r"^PAGEBENCH (.*)$", text, re.MULTILINE)
    if lua:
        figures = dict(pair.split("=", 1) for pair in lua.group(1).split())
        for name in ("p50", "p90", "p95", "p99"):
            result[name] = int(figures[name]) / 1000
        result["errors"] = max(result["errors"], int(figures["errors"]))
    return WrkResult(**result)


@dataclass
class PageResult:
    """A page's rounds beside the bare view's rounds run between them."""

    name: str
    path: str
    kind: str  # a key of BUDGETS
    queries: int | None = None
    size: int | None = None
    status: int | None = None
    rounds: list = field(default_factory=list)  # WrkResult of the page
    bare: list = field(default_factory=list)  # WrkResult of the bare view

    @property
    def requests_per_second(self):
        return statistics.fmean(r.requests_per_second for r in self.rounds) if self.rounds else 0.0

    @property
    def bare_requests_per_second(self):
        return statistics.fmean(r.requests_per_second for r in self.bare) if self.bare else 0.0

    @property
    def share(self):
        bare = self.bare_requests_per_second
        return self.requests_per_second / bare if bare else 0.0

    @property
    def budget(self):
        return BUDGETS[self.kind]

    @property
    def errors(self):
        return sum(r.errors for r in self.rounds)

    def latency(self, name):
        """The median over the rounds of one percentile (None if not measured)."""
        values = [getattr(r, name) for r in self.rounds]
        return None if not values or None in values else statistics.median(values)


def failures(results):
    """What is wrong with each page, as sentences (empty when all is well)."""
    found = []
    for page in results:
        if page.status != 200:
            found.append(f"{page.name}: answered {page.status}, not 200")
        if page.errors:
            found.append(f"{page.name}: {page.errors} failed requests under load")
        if page.rounds and page.share < page.budget:
            found.append(
                f"{page.name}: {page.share:.2f} of bare, under its budget of {page.budget:.2f}"
            )
        if page.queries is not None and page.queries > MAX_QUERIES:
            found.append(f"{page.name}: {page.queries} queries, more than {MAX_QUERIES}")
    return found


def _ms(value):
    return "-" if value is None else f"{value:.1f}"


def table(results):
    """The per-page table (latencies in milliseconds, size in bytes)."""
    header = (
        f"{'page':34} {'req/s':>7} {'bare':>7} {'share':>5} {'budget':>6} "
        f"{'p50':>6} {'p95':>6} {'p99':>6} {'queries':>7} {'bytes':>7}  "
    )
    lines = [header, "-" * len(header)]
    for page in results:
        ok = not failures([page])
        lines.append(
            f"{page.name:34} {page.requests_per_second:>7.1f} "
            f"{page.bare_requests_per_second:>7.1f} {page.share:>5.2f} {page.budget:>6.2f} "
            f"{_ms(page.latency('p50')):>6} {_ms(page.latency('p95')):>6} "
            f"{_ms(page.latency('p99')):>6} "
            f"{'-' if page.queries is None else page.queries:>7} "
            f"{'-' if page.size is None else page.size:>7}  {'ok' if ok else 'OVER BUDGET'}"
        )
    lines.append("(latencies in milliseconds: the median over the rounds; size of one response)")
    return "\n".join(lines)
