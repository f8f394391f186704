#!/usr/bin/env bash
# Spoken-digit (FSDD) leave-one-speaker-out comparison: runs bench/kws_torch.py for each requested
# model x recipe with Debian's /usr/bin/python3, back to back, one JSON per run under --out, then prints
# a summary table (mean and worst-fold test accuracy, mean validation accuracy, seconds).
#
#   bench/kws_compare.sh --out bench/out/kws                                  # cnn, plain and strong, all folds
#   bench/kws_compare.sh --out bench/out/kws --models cnn,tcresnet8,bcresnet1,bcresnet3 --recipes plain,strong
#   bench/kws_compare.sh --out /tmp/kws-smoke --folds nicolas --epochs 2      # smoke test
#   bench/kws_compare.sh --out bench/out/kws -- --mixup 0.2 --refit           # after --: passed to kws_torch.py
#
# Options: --out DIR (required), --models LIST, --recipes LIST, --folds all|SPEAKERS, --epochs N,
# --threads N (default 2), --seed N, --data DIR; anything after -- goes to every kws_torch.py call.
# OMP/OpenBLAS/MKL thread counts are set to --threads; Debian's OpenBLAS is put first on LD_LIBRARY_PATH
# when installed (as in bench/cnn_compare.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

out=""
models="cnn"
recipes="plain,strong"
folds="all"
epochs=20
threads=2
seed=0
data=""
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    --recipes) recipes="$2"; shift 2 ;;
    --folds) folds="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "kws_compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$out" ] || { echo "kws_compare.sh: --out DIR is required" >&2; exit 2; }
mkdir -p "$out"

python=/usr/bin/python3
if ! "$python" -c 'import torch, torchaudio, soundfile' 2>/dev/null; then
  echo "kws_compare.sh: $python cannot import torch/torchaudio/soundfile" \
       "(apt-get install python3-torch python3-torchaudio python3-soundfile)" >&2
  exit 3
fi
openblas=/usr/lib/x86_64-linux-gnu/openblas-pthread
blas_path="${LD_LIBRARY_PATH:-}"
[ -f "$openblas/libblas.so.3" ] && blas_path="$openblas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
data_opt=()
[ -n "$data" ] && data_opt=(--data "$data")

{ echo "date: $(date -u +%FT%TZ)"; echo "commit: $(git rev-parse HEAD 2>/dev/null || echo unknown)";
  lscpu | grep 'Model name' || true; echo "nproc: $(nproc)"; uptime; } > "$out/machine.txt"

IFS=, read -r -a model_list <<< "$models"
IFS=, read -r -a recipe_list <<< "$recipes"
for m in "${model_list[@]}"; do
  for r in "${recipe_list[@]}"; do
    name="torch-$m-$r"
    echo "== PyTorch $m $r (folds $folds, $epochs epochs) -> $out/$name.json"
    LD_LIBRARY_PATH="$blas_path" OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads" \
      "$python" bench/kws_torch.py --model "$m" --recipe "$r" --folds "$folds" --epochs "$epochs" \
        --threads "$threads" --seed "$seed" "${data_opt[@]}" --json "$out/$name.json" "${extra[@]}" \
      | tee "$out/$name.log"
  done
done

# ---------------------------------------------------------------------------------------------------
# COCHLEA SIDE (to be added by the Cochlea engineer): run Cochlea's trainer on the same folds, the same
# features (FeatureConfig defaults) and the same epoch budget, with the same speaker-disjoint validation
# speaker per fold as bench/kws_torch.py (fold i of the sorted speakers validates on the (i mod 4)-th of
# its sorted training speakers; the test speaker must not choose the epoch), and write
# "$out/cochlea-<model>-<recipe>.json" with at least: model, recipe, mean_test_acc, worst_test_acc,
# mean_val_acc, total_wall_s, and folds[] of {held_out, val_set, test_acc, val_acc, chosen_epoch, wall_s}
# so that the summary below picks it up.
# ---------------------------------------------------------------------------------------------------

echo
"$python" - "$out" <<'EOF'
import glob, json, os, sys
rows = []
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))):
    try:
        d = json.load(open(f))
    except Exception:
        continue
    if "mean_test_acc" not in d:
        continue
    per = " ".join(f"{r['held_out']}={r['test_acc']:.3f}" for r in d["folds"])
    rows.append((os.path.basename(f)[:-5], d["mean_test_acc"], d["worst_test_acc"], d.get("mean_val_acc") or float("nan"),
                 d.get("total_wall_s", float("nan")), per))
print(f"{'run':<28} {'mean test':>9} {'worst':>7} {'mean val':>9} {'wall s':>7}  per fold")
for r in rows:
    print(f"{r[0]:<28} {r[1]:9.4f} {r[2]:7.4f} {r[3]:9.4f} {r[4]:7.0f}  {r[5]}")
EOF
