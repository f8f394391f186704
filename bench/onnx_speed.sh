#!/usr/bin/env bash
# Imported ONNX graphs against the same models from Cochlea's own layers, and ONNX Runtime on the same
# files, in one run (docs/benchmarks.md, "ONNX"). Needs onnxruntime-node:
#   (cd cochlea-onnx/src/test/node && npm ci --onnxruntime-node-install=skip)
# Usage: bench/onnx_speed.sh [OUT_DIR]   (default /tmp/onnx-speed); prints one line per model and batch.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/onnx-speed}
mkdir -p "$out"
threads=$(nproc)
echo "cpu: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), $threads cores; $(date -u +%F)"
printf '%-12s %5s %12s %12s %8s %12s %8s\n' model batch imported_ms layers_ms ratio ort_ms ort/imp
for model in cnn bcresnet-1 tcresnet8 tdnn lstm; do
  for batch in 1 32; do
    shape="$batch,1,40,63"
    file="$out/$model.onnx"
    res=$(./cochlea bench onnx "$file" --model "$model" --shape "$shape" --reps 7 2>/dev/null)
    imp=$(sed -n 's/^imported ONNX *\([0-9.]*\) ms.*/\1/p' <<<"$res")
    own=$(sed -n 's/^Cochlea layers *\([0-9.]*\) ms.*/\1/p' <<<"$res")
    ort=$(node cochlea-onnx/src/test/node/ort_bench.mjs "$file" "$shape" "$threads" 7 | sed 's/.*"median_ms":\([0-9.]*\).*/\1/')
    awk -v m="$model" -v b="$batch" -v i="$imp" -v o="$own" -v r="$ort" \
      'BEGIN { printf "%-12s %5d %12.3f %12.3f %8.3f %12.3f %8.3f\n", m, b, i, o, i / o, r, r / i }'
  done
done
