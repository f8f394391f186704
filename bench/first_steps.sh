#!/usr/bin/env bash
# Time to the first training step and to steady state, Cochlea (a fresh JVM, the launcher's flags) against
# PyTorch (a fresh python3), the main job's model, alternating; medians over rounds.
#   bench/first_steps.sh --rounds 5 --threads 1 --batch 32 --seconds 8
#   COCHLEA_JAVA_OPTS="-XX:AOTCache=/tmp/fs.aot" bench/first_steps.sh      # with extra JVM flags
# "to first step": from launching the process to the end of the first step (start-up, imports/class
# loading, model creation, the step). "to steady": to the end of the last 100-ms window whose mean step
# is more than 20 % slower than the steady step (the median of the last five windows).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=5 threads=1 batch=32 seconds=8
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "first_steps.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
[ -f cochlea-cli/target/cochlea.jar ] || { echo "first_steps.sh: build first: mvn -q -DskipTests package" >&2; exit 2; }
# A single-file program is compiled at every launch; compile it once so that start-up is the JVM's own.
cls=bench/out/first-steps-classes
mkdir -p "$cls"
"${java%/java}/javac" -d "$cls" -cp 'cochlea-cli/target/cochlea.jar' bench/FirstSteps.java
out="bench/out/first-steps-$(date +%Y%m%d-%H%M%S).jsonl"
for ((r = 1; r <= rounds; r++)); do
  echo "first_steps.sh: round $r/$rounds, load $(cut -d' ' -f1 /proc/loadavg)" >&2
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  line=$("$java" --add-modules jdk.incubator.vector --sun-misc-unsafe-memory-access=allow -Xmx768m -XX:+UseParallelGC \
      ${COCHLEA_JAVA_OPTS:-} -cp "$cls:cochlea-cli/target/cochlea.jar:cochlea-cli/target/lib/*" FirstSteps "$threads" "$batch" "$seconds" 2>/dev/null)
  echo "{\"launched\":$start,${line#\{}" | tee -a "$out" >&2
  start=$(date +%s.%N)
  line=$(cd bench && LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" \
      /usr/bin/python3 first_steps_torch.py "$threads" "$batch" "$seconds")
  echo "{\"launched\":$start,${line#\{}" | tee -a "$out" >&2
done
/usr/bin/python3 - "$out" <<'PY'
import json, statistics, sys
res = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    w = r["window_ms"]
    steady = statistics.median(w[-5:])
    ends, t = [], 0.0
    for ms in w:
        t += max(0.1, ms / 1e3)   # a window closes at the first step to end after 100 ms
        ends.append(t)
    slow = [i for i, ms in enumerate(w) if ms > 1.2 * steady]
    settle = ends[slow[-1]] if slow else 0.0
    first = r["first_step_end"] - r["launched"]
    res.setdefault(r["impl"], []).append((first, r["first_step_ms"], first + settle, steady))
print(f"{'':8} {'to first step':>14} {'first step':>11} {'to steady':>10} {'steady step':>12}")
for impl, rows in res.items():
    med = [statistics.median(x[i] for x in rows) for i in range(4)]
    print(f"{impl:8} {med[0]:>12.2f} s {med[1]:>8.0f} ms {med[2]:>8.2f} s {med[3]:>9.2f} ms")
n = max(len(v) for v in res.values())
print(f"(medians of {n} fresh process(es); raw lines in {sys.argv[1]})")
PY
