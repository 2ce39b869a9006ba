-- wrk's --latency prints the 50/75/90/99th percentiles only. This done()
-- hook adds one machine-readable line with the ones the page benchmark
-- reports (latencies in microseconds), read by tests/load/wrk.py.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "PAGEBENCH requests=%d duration_us=%d p50=%d p90=%d p95=%d p99=%d errors=%d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
