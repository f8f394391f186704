#!/usr/bin/env bash
# The ring all-reduce of cochlea-spark between the tasks of a Spark barrier stage (docs/benchmarks.md,
# "Data at scale"): median time of one all-reduce of vectors the size of the default model's
# gradients (cnn+cifar at 16 kHz: 419,412 floats) and of a few-million-parameter model.
#   bench/allreduce.sh [MASTER] [TASKS]          e.g. bench/allreduce.sh 'local[2]' 2
set -euo pipefail
master=${1:-local[2]}; tasks=${2:-2}
source "$(dirname "$0")/spark_env.sh"
for floats in 419412 4000000; do
  "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector $opens -Xmx2g -Dspark.master="$master" -Dspark.ui.enabled=false \
    -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 -cp "$cp" dev.cochlea.spark.AllReduceBench "$tasks" "$floats" 50 2>/dev/null
done
