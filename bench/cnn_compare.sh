#!/usr/bin/env bash
# Cochlea's CIFAR-10 CNN and MLP (training step and inference, batch 64) against PyTorch on the same
# models, 1 and 2 threads, in one session, printed as a table of samples/s with the ratios.
#
#   bench/cnn_compare.sh                      # uses ./cochlea (builds the jar if needed)
#   bench/cnn_compare.sh --threads 2 --models cifar --rounds 3
#   COCHLEA_CMD="java --add-modules jdk.incubator.vector -XX:+UseParallelGC -cp cochlea-cli/target/cochlea.jar:cochlea-cli/target/lib/* dev.cochlea.cli.Main" \
#     bench/cnn_compare.sh
#
# PyTorch runs under Debian's /usr/bin/python3, one process per thread count with OMP_NUM_THREADS and
# OPENBLAS_NUM_THREADS set to it, twice: with OpenMP's default spin-waiting and with GOMP_SPINCOUNT=0
# (spinning changes PyTorch's small-step timings on a loaded 2-core machine). Debian's OpenBLAS, when
# installed, is put first on LD_LIBRARY_PATH (the system libblas.so.3 may be the slow reference BLAS).
# --rounds N repeats everything N times, alternating Cochlea and PyTorch, and prints the medians over
# rounds (--stat max: the best round, closer to an idle machine when others share it). Raw JSON lines
# are kept in bench/out/cnn-<time>.jsonl; bench/cnn_compare.sh --table FILE [--stat max] reprints one.
# --avx2 limits both sides to 256-bit AVX2 (Cochlea: -XX:UseAVX=2 through COCHLEA_JAVA_OPTS; PyTorch and
# DJL: ATEN_CPU_CAPABILITY=avx2 DNNL_MAX_CPU_ISA=AVX2 OPENBLAS_CORETYPE=Haswell).
# --djl also times DJL 0.36 on libtorch 2.7.1 (bench/djl, built with Maven on first use; its native
# libtorch comes from Maven Central in pytorch-native-cpu's linux-x86_64 jar, about 110 MB).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

threads="1,2"
models="cifar,mlp"
rounds=1
stat=median
extra=()
djl=0
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --stat) stat="$2"; shift 2 ;;
    --steps|--batch|--warmup|--seconds|--reps) extra+=("$1" "$2"); shift 2 ;;
    --table) table="$2"; shift 2 ;;
    --djl) djl=1; shift ;;
    --avx2) avx2=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "cnn_compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

python=/usr/bin/python3
if ! "$python" -c 'import torch' 2>/dev/null; then
  echo "cnn_compare.sh: $python cannot import torch (apt-get install python3-torch)" >&2
  exit 3
fi
openblas=/usr/lib/x86_64-linux-gnu/openblas-pthread
blas_path="${LD_LIBRARY_PATH:-}"
if [ -f "$openblas/libblas.so.3" ]; then
  blas_path="$openblas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
else
  echo "cnn_compare.sh: warning: Debian's OpenBLAS is not installed; torch's Linear may use the reference BLAS" \
       "(apt-get install libopenblas0-pthread)" >&2
fi

case "$stat" in median|max) ;; *) echo "cnn_compare.sh: --stat: median or max, found $stat" >&2; exit 2 ;; esac

if [ -n "${table:-}" ]; then
  out="$table"
else
  mkdir -p bench/out
  out="bench/out/cnn-$(date +%Y%m%d-%H%M%S).jsonl"
  : > "$out"

  read -r -a cochlea <<< "${COCHLEA_CMD:-./cochlea}"
  ref_env=()
  if [ "${avx2:-0}" = 1 ]; then
    ref_env=(ATEN_CPU_CAPABILITY=avx2 DNNL_MAX_CPU_ISA=AVX2 OPENBLAS_CORETYPE=Haswell)
    export COCHLEA_JAVA_OPTS="${COCHLEA_JAVA_OPTS:-} -XX:UseAVX=2"
  fi
  djl_jar=bench/djl/target/djl-bench.jar
  if [ "$djl" = 1 ] && [ ! -f "$djl_jar" -o bench/djl/src/main/java/DjlCnnBench.java -nt "$djl_jar" ]; then
    echo "cnn_compare.sh: building $djl_jar (mvn -f bench/djl/pom.xml package) ..." >&2
    mvn -q -f bench/djl/pom.xml package >&2
  fi
  IFS=',' read -r -a tlist <<< "$threads"
  for ((r = 1; r <= rounds; r++)); do
    echo "cnn_compare.sh: round $r/$rounds: load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    echo "cnn_compare.sh: round $r/$rounds: Cochlea (${cochlea[*]}) ..." >&2
    "${cochlea[@]}" bench cnn --json --threads "$threads" --models "$models" "${extra[@]}" | tee -a "$out" >&2
    for t in "${tlist[@]}"; do
      echo "cnn_compare.sh: round $r/$rounds: PyTorch, $t thread(s), default spinning ..." >&2
      env -u GOMP_SPINCOUNT "${ref_env[@]}" LD_LIBRARY_PATH="$blas_path" OMP_NUM_THREADS="$t" OPENBLAS_NUM_THREADS="$t" MKL_NUM_THREADS="$t" \
        "$python" bench/cnn_torch.py --threads "$t" --models "$models" "${extra[@]}" | tee -a "$out" >&2
      echo "cnn_compare.sh: round $r/$rounds: PyTorch, $t thread(s), GOMP_SPINCOUNT=0 ..." >&2
      env "${ref_env[@]}" GOMP_SPINCOUNT=0 LD_LIBRARY_PATH="$blas_path" OMP_NUM_THREADS="$t" OPENBLAS_NUM_THREADS="$t" MKL_NUM_THREADS="$t" \
        "$python" bench/cnn_torch.py --threads "$t" --models "$models" "${extra[@]}" | tee -a "$out" >&2
      if [ "$djl" = 1 ]; then
        echo "cnn_compare.sh: round $r/$rounds: DJL, $t thread(s) ..." >&2
        env "${ref_env[@]}" OMP_NUM_THREADS="$t" java -jar "$djl_jar" --threads "$t" --models "$models" "${extra[@]}" 2>>"${out%.jsonl}-djl.log" \
          | tee -a "$out" >&2
      fi
    done
  done
fi

"$python" - "$out" "$stat" <<'EOF'
import json, statistics, sys
rows, order = {}, []
for line in open(sys.argv[1]):
    line = line.strip()
    if not line.startswith("{"):
        continue
    r = json.loads(line)
    key = (r["model"], r["step"], r["threads"])
    if key not in rows:
        rows[key] = {}
        order.append(key)
    impl = r.get("impl", "cochlea")
    if impl == "torch" and "gomp_spincount" in r:
        impl = "torch_spin0"
    rows[key].setdefault(impl, []).append(r["samples_per_s"])
order.sort(key=lambda k: (["cifar", "mlp"].index(k[0]) if k[0] in ("cifar", "mlp") else 9, k[2], k[1] != "train"))
stat = sys.argv[2]
med = lambda xs: None if not xs else (max(xs) if stat == "max" else statistics.median(xs))
has_djl = any("djl" in r for r in rows.values())
fmt = "{:<6} {:<6} {:>7} {:>11} {:>11} {:>11} {:>9} {:>9}" + (" {:>11} {:>9}" if has_djl else "")
head = ["model", "step", "threads", "cochlea", "torch", "torch-sp0", "c/torch", "c/sp0"]
print(fmt.format(*(head + (["djl", "c/djl"] if has_djl else []))))
for key in order:
    r = rows[key]
    c, t, s, d = med(r.get("cochlea")), med(r.get("torch")), med(r.get("torch_spin0")), med(r.get("djl"))
    cell = lambda x: "-" if x is None else f"{x:,.0f}"
    ratio = lambda a, b: "-" if a is None or not b else f"{a / b:.2f}x"
    cols = [key[0], key[1], key[2], cell(c), cell(t), cell(s), ratio(c, t), ratio(c, s)]
    print(fmt.format(*(cols + ([cell(d), ratio(c, d)] if has_djl else []))))
n = max(len(v) for r in rows.values() for v in r.values())
print(f"(samples/s, {'best' if stat == 'max' else 'median'} of {n} round(s); torch-sp0: GOMP_SPINCOUNT=0; raw results in {sys.argv[1]})")
EOF
