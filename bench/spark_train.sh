#!/usr/bin/env bash
# Data-parallel training on Spark against one process (docs/benchmarks.md, "Data at scale"): the
# default recipe on the spoken digits' official split, `./cochlea train` (one JVM, both cores) and
# dev.cochlea.spark.TrainJobMain with 1 task (local[1]) and 2 tasks (local[2]); whole-process wall
# times and test accuracy. Features come from a clip store filled beforehand, so all three train
# on the same stored features.
#   bench/spark_train.sh OUT_DIR [DATA]
set -euo pipefail
out=${1:?usage: spark_train.sh OUT_DIR [DATA]}; data=${2:-$(cd "$(dirname "$0")/../.." && pwd)/shared/data/fsdd/recordings}
source "$(dirname "$0")/spark_env.sh"
mkdir -p "$out"
store="$out/store"
rm -rf "$out"/run-*
"$here/cochlea" train --data "$data" --label-pattern '^(\d+)_' --split official --epochs 1 --out "$out/run-fill" --clip-store "$store" >/dev/null 2>&1
/usr/bin/time -f "%e" -o "$out/alone.time" "$here/cochlea" train --data "$data" --label-pattern '^(\d+)_' --split official \
  --out "$out/run-alone" --clip-store "$store" > "$out/alone.log" 2>&1
for tasks in 1 2; do
  /usr/bin/time -f "%e" -o "$out/spark-$tasks.time" "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector $opens -Xmx3g \
    -Dspark.master="local[$tasks]" -Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 \
    -cp "$cp" dev.cochlea.spark.TrainJobMain --data "$data" --out "$out/run-spark-$tasks" --label-pattern '^(\d+)_' --split official \
    --tasks "$tasks" --clip-store "$store" > "$out/spark-$tasks.log" 2>&1
done
printf 'run\twall_s\ttest accuracy\n'
printf 'one process\t%s\t%s\n' "$(cat "$out/alone.time")" "$(grep -o 'test accuracy [0-9.]*%' "$out/alone.log")"
for tasks in 1 2; do
  printf 'spark %s task(s)\t%s\t%s\n' "$tasks" "$(cat "$out/spark-$tasks.time")" "$(grep -o 'test accuracy [0-9.]*%' "$out/spark-$tasks.log")"
done
