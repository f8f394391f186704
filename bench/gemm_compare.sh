#!/usr/bin/env bash
# Cochlea's matrix product against PyTorch (torch.matmul) on the same shapes, 1 and 2 threads, in one
# session, printed as a table with the ratio vector / PyTorch.
#
#   bench/gemm_compare.sh                 # uses ./cochlea (builds the jar if needed)
#   bench/gemm_compare.sh --shapes 512,32x75x65536 --threads 1
#   bench/gemm_compare.sh --rounds 3      # alternate Cochlea and PyTorch 3 times; table of the medians
#   bench/gemm_compare.sh --trans nt --shapes 32x16384x800,512   # operands stored transposed (A·Bᵀ)
#   bench/gemm_compare.sh --avx2          # both sides limited to 256-bit AVX2: Cochlea with -XX:UseAVX=2,
#                                         # PyTorch with ATEN_CPU_CAPABILITY=avx2 DNNL_MAX_CPU_ISA=AVX2 OPENBLAS_CORETYPE=Haswell
#   COCHLEA_CMD="java --add-modules jdk.incubator.vector -cp cochlea-cli/target/cochlea.jar:cochlea-cli/target/lib/* dev.cochlea.cli.Main" \
#     bench/gemm_compare.sh
#
# Raw JSON lines are kept in bench/out/gemm-<time>.jsonl. PyTorch runs under Debian's /usr/bin/python3 with
# OPENBLAS_NUM_THREADS and OMP_NUM_THREADS set to the thread count (torch.set_num_threads alone does not
# limit Debian's OpenBLAS). When Debian's OpenBLAS is installed (libopenblas0-pthread) it is put first on
# LD_LIBRARY_PATH, so torch uses it even when the system libblas.so.3 is the slow reference BLAS.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

shapes="256,512,1024,32x75x65536,32x800x16384,64x800x4096"
threads="1,2"
rounds=1
avx2=0
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --shapes) shapes="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --seconds|--reps|--trans) extra+=("$1" "$2"); shift 2 ;;
    --avx2) avx2=1; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "gemm_compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

python=/usr/bin/python3
if ! "$python" -c 'import torch' 2>/dev/null; then
  echo "gemm_compare.sh: $python cannot import torch (apt-get install python3-torch)" >&2
  exit 3
fi
openblas=/usr/lib/x86_64-linux-gnu/openblas-pthread
blas_path="${LD_LIBRARY_PATH:-}"
if [ -f "$openblas/libblas.so.3" ]; then
  blas_path="$openblas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
else
  echo "gemm_compare.sh: warning: Debian's OpenBLAS is not installed; torch may use the reference BLAS" \
       "(apt-get install libopenblas0-pthread)" >&2
fi

mkdir -p bench/out
out="bench/out/gemm-$(date +%Y%m%d-%H%M%S).jsonl"
: > "$out"

read -r -a cochlea <<< "${COCHLEA_CMD:-./cochlea}"
ref_env=()
if [ "$avx2" = 1 ]; then
  ref_env=(ATEN_CPU_CAPABILITY=avx2 DNNL_MAX_CPU_ISA=AVX2 OPENBLAS_CORETYPE=Haswell)
  export COCHLEA_JAVA_OPTS="${COCHLEA_JAVA_OPTS:-} -XX:UseAVX=2"   # read by ./cochlea; add it to a COCHLEA_CMD of your own
fi
IFS=',' read -r -a tlist <<< "$threads"
for ((round = 1; round <= rounds; round++)); do
  echo "gemm_compare.sh: round $round/$rounds: Cochlea (${cochlea[*]}) ..." >&2
  "${cochlea[@]}" bench gemm --json --shapes "$shapes" --threads "$threads" "${extra[@]}" | tee -a "$out" >&2
  for t in "${tlist[@]}"; do
    echo "gemm_compare.sh: round $round/$rounds: PyTorch, $t thread(s) ..." >&2
    env "${ref_env[@]}" LD_LIBRARY_PATH="$blas_path" OPENBLAS_NUM_THREADS="$t" OMP_NUM_THREADS="$t" MKL_NUM_THREADS="$t" \
      "$python" bench/gemm_torch.py --threads "$t" --shapes "$shapes" "${extra[@]}" | tee -a "$out" >&2
  done
done

"$python" - "$out" "$rounds" <<'EOF'
import json, statistics, sys
rows = {}
order = []
for line in open(sys.argv[1]):
    line = line.strip()
    if not line.startswith("{"):
        continue
    r = json.loads(line)
    if r.get("bench") != "gemm":
        continue
    key = (r["m"], r["k"], r["n"], r["threads"])
    if key not in rows:
        rows[key] = {}
        order.append(key)
    rows[key].setdefault(r["kernel"], []).append(r["gflops"])
first = {key: i for i, key in enumerate(order)}
order.sort(key=lambda key: (key[3], first[key]))
fmt = "{:<16} {:>7} {:>10} {:>10} {:>10} {:>14}"
print(fmt.format("shape MxKxN", "threads", "vector", "scalar", "torch", "vector/torch"))
for key in order:
    r = {kern: statistics.median(v) for kern, v in rows[key].items()}
    v, s, t = r.get("vector"), r.get("scalar"), r.get("torch")
    cell = lambda x: "-" if x is None else f"{x:.1f}"
    ratio = "-" if v is None or not t else f"{v / t:.2f}"
    print(fmt.format(f"{key[0]}x{key[1]}x{key[2]}", key[3], cell(v), cell(s), cell(t), ratio))
rounds = int(sys.argv[2])
what = "medians" if rounds == 1 else f"medians over {rounds} rounds of per-point medians"
print(f"(GFLOP/s, {what}; raw results in {sys.argv[1]})")
EOF
