-- wrk script for bench/serve_load.sh: POSTs the WAV named by $CLIP and prints p50/p95/p99 latency.
local f = assert(io.open(os.getenv("CLIP"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
wrk.headers["Content-Type"] = "audio/wav"
f:close()

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
