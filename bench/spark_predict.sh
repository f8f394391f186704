#!/usr/bin/env bash
# Spark batch inference against single-process scoring on the same machine (docs/benchmarks.md,
# "Data at scale"): the same run and files, first `./cochlea evaluate --split all` (one JVM, all
# cores, batches of 128, features into a fresh clip store), then dev.cochlea.spark.PredictJob in local[N] (Spark's binaryFile source,
# batches of 64, Parquet written). Wall times of each whole process, startup included; the median
# of REPEAT (default 3) alternating runs.
#   bench/spark_predict.sh RUN_DIR DATA_DIR OUT_DIR [local[2]]
set -euo pipefail
run=${1:?usage: spark_predict.sh RUN_DIR DATA_DIR OUT_DIR [MASTER]}; data=${2:?}; out=${3:?}; master=${4:-local[2]}
source "$(dirname "$0")/spark_env.sh"
mkdir -p "$out"
n=$(find "$data" -name '*.wav' | wc -l)
repeat=${REPEAT:-3}
: > "$out/runs.tsv"
for r in $(seq "$repeat"); do
  rm -rf "$out/store"     # a fresh clip store: the single process computes every file's features, as Spark does
  /usr/bin/time -f "%e %M" -o "$out/single.time" "$here/cochlea" evaluate "$run" --data "$data" --split all --clip-store "$out/store" > "$out/single.log" 2>&1
  rm -rf "$out/predictions.parquet"
  /usr/bin/time -f "%e %M" -o "$out/spark.time" "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector $opens -Xmx2g \
    -Dspark.master="$master" -Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 \
    -cp "$cp" dev.cochlea.spark.PredictJob --run "$run" --input "$data" --output "$out/predictions.parquet" > "$out/spark.log" 2>&1
  read s_wall s_rss < "$out/single.time"; read k_wall k_rss < "$out/spark.time"
  printf '%s\t%s\n' "$s_wall" "$k_wall" >> "$out/runs.tsv"
done
s_wall=$(cut -f1 "$out/runs.tsv" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
k_wall=$(cut -f2 "$out/runs.tsv" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
printf 'files\tsingle_s\tsingle_files_per_s\tspark_s\tspark_files_per_s\tratio\n' | tee "$out/spark_predict.tsv"
awk -v n="$n" -v a="$s_wall" -v b="$k_wall" 'BEGIN { printf "%d\t%.1f\t%.0f\t%.1f\t%.0f\t%.2f\n", n, a, n/a, b, n/b, a/b }' | tee -a "$out/spark_predict.tsv"
