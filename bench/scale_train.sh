#!/usr/bin/env bash
# Data at scale (docs/benchmarks.md): wall time, peak RSS, feature and training throughput of
# `./cochlea train` with the launcher's default heap on sets grown from the spoken digits
# (bench/grow_fsdd.py: one-second 16 kHz clips), at each size a first run (features computed into
# a fresh clip store) and a second one (read back). One epoch each; the default model.
#   bench/scale_train.sh OUT_DIR [SIZES...]        e.g. bench/scale_train.sh /tmp/scale 2500 25000 100000
set -euo pipefail
out=${1:?usage: scale_train.sh OUT_DIR [SIZES...]}; shift
sizes=("$@")
[ $# -eq 0 ] && sizes=(2500 25000 100000)
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
printf 'size\trun\twall_s\tmax_rss_kb\tdecode_s\tepoch_s\ttrain_clips\n' > "$out/scale.tsv"
for n in "${sizes[@]}"; do
  data="$out/data-$n"
  [ -d "$data" ] || /usr/bin/python3 "$here/grow_fsdd.py" --out "$data" --clips "$n" --rate 16000
  rm -rf "$out/store-$n"
  for run in first second; do
    log="$out/train-$n-$run.log"
    rm -rf "$out/run-$n-$run"
    /usr/bin/time -v "$here/../cochlea" train --data "$data" --label-pattern '^(\d+)_' --split random:0.1 --sample-rate 16000 \
      --epochs 1 --out "$out/run-$n-$run" --clip-store "$out/store-$n" > "$log" 2>&1
    wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
    decode=$(grep -o 'audio decoded once for [0-9]* clips in [0-9.]* s' "$log" | awk '{print $(NF-1)}')
    # The epoch's time is the field before "(best)": seconds ("11.2s") or minutes ("1:23").
    epoch=$(grep 'epoch 1/1 done' "$log" | awk '{ for (i = 1; i <= NF; i++) if ($i == "(best)") t = $(i-1); print t }' \
      | awk -F: '{ if (NF == 2) print $1 * 60 + $2; else { sub(/s$/, "", $1); print $1 } }')
    clips=$(grep -o '^train: [0-9]* clips' "$log" | awk '{print $2}')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$run" "$wall" "$rss" "$decode" "$epoch" "$clips" | tee -a "$out/scale.tsv"
  done
done
