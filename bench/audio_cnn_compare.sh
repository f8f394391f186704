#!/usr/bin/env bash
# The main job's model ("cnn", [batch, 1, 40, 63] log-mel input), Cochlea against PyTorch, alternating,
# for each batch size and thread count; prints the medians over rounds and the ratios.
#   bench/audio_cnn_compare.sh --rounds 3 --batches 1,32,256 --threads 1,2
#   COCHLEA_JAVA_OPTS=-XX:UseAVX=2 bench/audio_cnn_compare.sh --avx2     # both sides limited to AVX2
# Cochlea runs bench/LayerBench.java audio-cnn with the launcher's JVM flags (-Xmx768m, parallel GC);
# PyTorch runs bench/audio_cnn_torch.py with Debian's /usr/bin/python3 and OpenBLAS, its thread count
# set through the environment. Raw lines go to bench/out/audio-cnn-<time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3 batches=1,32,256 threads=1,2 avx2=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --batches) batches="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --avx2) avx2=1; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "audio_cnn_compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
cp='cochlea-cli/target/cochlea.jar:cochlea-cli/target/lib/*'
[ -f cochlea-cli/target/cochlea.jar ] || { echo "audio_cnn_compare.sh: build first: mvn -q -DskipTests package" >&2; exit 2; }
torch_env=(LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread)
# shellcheck disable=SC2206
[ "$avx2" = 1 ] && torch_env+=(ATEN_CPU_CAPABILITY=avx2 DNNL_MAX_CPU_ISA=AVX2 OPENBLAS_CORETYPE=Haswell)
mkdir -p bench/out
out="bench/out/audio-cnn-$(date +%Y%m%d-%H%M%S).txt"
IFS=',' read -r -a blist <<< "$batches"
IFS=',' read -r -a tlist <<< "$threads"
for ((r = 1; r <= rounds; r++)); do
  for b in "${blist[@]}"; do
    for t in "${tlist[@]}"; do
      echo "audio_cnn_compare.sh: round $r/$rounds, batch $b, $t thread(s), load $(cut -d' ' -f1 /proc/loadavg)" >&2
      # shellcheck disable=SC2086
      "$java" --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx768m ${COCHLEA_JAVA_OPTS:-} -cp "$cp" \
        bench/LayerBench.java audio-cnn "$t" "$b" 2>/dev/null | tee -a "$out" >&2
      env "${torch_env[@]}" OMP_NUM_THREADS="$t" OPENBLAS_NUM_THREADS="$t" \
        /usr/bin/python3 bench/audio_cnn_torch.py --threads "$t" --batch "$b" | tee -a "$out" >&2
    done
  done
done
/usr/bin/python3 - "$out" <<'PY'
import re, statistics, sys
pat = re.compile(r"^(torch \S+ )?main-job cnn, batch (\d+), (\d+) thread\(s\): training step ([\d.]+) ms .*inference ([\d.]+) ms")
fused_pat = re.compile(r"^main-job cnn fused for inference, batch (\d+), (\d+) thread\(s\): inference ([\d.]+) ms")
rows, fused = {}, {}
for line in open(sys.argv[1]):
    f = fused_pat.match(line.strip())
    if f:
        fused.setdefault((int(f.group(1)), int(f.group(2))), []).append(float(f.group(3)))
        continue
    m = pat.match(line.strip())
    if not m:
        continue
    impl = "torch" if m.group(1) else "cochlea"
    key = (int(m.group(2)), int(m.group(3)))
    rows.setdefault(key, {}).setdefault(impl, []).append((float(m.group(4)), float(m.group(5))))
print(f"{'batch':>5} {'threads':>7} {'cochlea train':>14} {'torch train':>12} {'ratio':>6} {'cochlea infer':>14} {'torch infer':>12} {'ratio':>6} {'cochlea fused':>14} {'ratio':>6}")
for key in sorted(rows):
    c, t = rows[key].get("cochlea", []), rows[key].get("torch", [])
    if not c or not t:
        continue
    ct, ci = statistics.median(x[0] for x in c), statistics.median(x[1] for x in c)
    tt, ti = statistics.median(x[0] for x in t), statistics.median(x[1] for x in t)
    fz = f" {statistics.median(fused[key]):>14.2f} {ti / statistics.median(fused[key]):>5.2f}x" if key in fused else ""
    print(f"{key[0]:>5} {key[1]:>7} {ct:>14.2f} {tt:>12.2f} {tt / ct:>5.2f}x {ci:>14.2f} {ti:>12.2f} {ti / ci:>5.2f}x{fz}")
n = max(len(v) for r in rows.values() for v in r.values())
print(f"(ms per training step / inference pass, medians of {n} round(s); ratio = PyTorch time / Cochlea time; raw lines in {sys.argv[1]})")
PY
