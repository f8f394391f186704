#!/usr/bin/env bash
# Soak of `cochlea serve`: wrk at concurrency 16 for MINUTES with hostile clients beside it
# (bench/serve_hostile.py); the server's resident memory sampled every 30 s. Prints the wrk summary
# (every answer must be 200: wrk counts others as errors), the hostile clients' counts and the RSS
# at start, after warm-up, and at the end.   bench/serve_soak.sh runs/fsdd 10
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
run=${1:?RUN}; minutes=${2:-10}
clip=$(mktemp --suffix=.wav)
sox "$here/../shared/data/fsdd/recordings/7_theo_0.wav" "$clip" pad 0 1 trim 0 1
port=$((20000 + RANDOM % 20000))
"$here/cochlea" serve "$run" --port "$port" --max-batch 64 --queue 4096 > /tmp/serve_soak.$$.log 2>&1 &
launcher=$!
trap 'kill $launcher 2>/dev/null; rm -f "$clip"' EXIT
for i in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
pid=$(pgrep -f "cochlea.jar serve $run --port $port" | tail -1)
name=$(basename "$(cd "$run" && pwd)")
url="http://127.0.0.1:$port/v1/models/$name/predict"
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; server pid $pid"
rss() { awk '/VmRSS/ {print $2}' /proc/$pid/status; }
echo "rss at start: $(rss) kB"
(for i in $(seq $((minutes * 2))); do sleep 30; echo "rss at $((i * 30)) s: $(rss) kB"; done) &
sampler=$!
/usr/bin/python3 "$here/bench/serve_hostile.py" "$port" "$name" $((minutes * 60)) &
hostile=$!
CLIP="$clip" wrk -t 2 -c 16 -d "${minutes}m" --timeout 30s -s "$here/bench/serve_post.lua" "$url" | grep -E "RESULT|Non-2xx|Socket errors|requests in"
wait $hostile || echo "hostile clients saw something unexpected"
kill $sampler 2>/dev/null || true
echo "rss at end: $(rss) kB"
curl -s "http://127.0.0.1:$port/metrics" | grep -E '^cochlea_(errors_total|requests_total)' | sort | head -30
