#!/usr/bin/env bash
# Load test of `cochlea serve` on loopback with wrk: throughput and p50/p95/p99 latency of 1-second
# clips at several concurrencies, then the model called directly in a loop (same JVM flags) for the
# server's overhead. Usage: bench/serve_load.sh RUN [seconds per level] [concurrencies...]
#   bench/serve_load.sh runs/fsdd 15 1 8 64
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
run=${1:?RUN}; secs=${2:-15}
shift $(( $# < 2 ? $# : 2 ))
if [ $# -gt 0 ]; then levels=("$@"); else levels=(1 8 64); fi
command -v wrk >/dev/null || { echo "serve_load: needs wrk (apt-get install wrk)" >&2; exit 2; }
clip=$(mktemp --suffix=.wav)
# 1 s of the official-split recording 7_theo_0, padded: a 1-second 8 kHz 16-bit clip (16 KB).
sox "$here/../shared/data/fsdd/recordings/7_theo_0.wav" "$clip" pad 0 1 trim 0 1 2>/dev/null \
  || cp "$here/../shared/data/fsdd/recordings/7_theo_0.wav" "$clip"
port=$((20000 + RANDOM % 20000))
"$here/cochlea" serve "$run" --port "$port" --max-batch "${MAX_BATCH:-64}" --workers "${WORKERS:-1}" --queue 4096 > /tmp/serve_load.$$.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$clip"' EXIT
for i in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
name=$(basename "$(cd "$run" && pwd)")
url="http://127.0.0.1:$port/v1/models/$name/predict"
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; clip: 1 s, 8 kHz, 16-bit ($(stat -c %s "$clip") bytes)"
# warm-up: the server compiles its request path (HTTP, decoding, features) under load for a while,
# and batches of one take partly other paths than full ones
CLIP="$clip" wrk -t 2 -c 64 -d 10s -s "$here/bench/serve_post.lua" "$url" >/dev/null
CLIP="$clip" wrk -t 1 -c 1 -d 5s -s "$here/bench/serve_post.lua" "$url" >/dev/null
for c in "${levels[@]}"; do
  t=$(( c < 2 ? 1 : 2 ))
  r=$(CLIP="$clip" wrk -t "$t" -c "$c" -d "${secs}s" -s "$here/bench/serve_post.lua" "$url" | grep RESULT)
  echo "concurrency $c: $r"
done
curl -s "http://127.0.0.1:$port/metrics" | grep -E '^cochlea_batch_size_(sum|count)' | tr '\n' ' '; echo
kill $pid; wait $pid 2>/dev/null || true
"$here/cochlea" bench serve-direct "$run" --clip "$clip" --seconds "$secs"
