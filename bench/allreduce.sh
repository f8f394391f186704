#!/usr/bin/env bash
# The ring all-reduce of cochlea-spark between the tasks of a Spark barrier stage (docs/benchmarks.md,
# "Data at scale"): median time of one all-reduce of vectors the size of the default model's
# gradients (cnn+cifar at 16 kHz: 419,412 floats) and of a few-million-parameter model.
#   bench/allreduce.sh [MASTER] [TASKS]          e.g. bench/allreduce.sh 'local[2]' 2
set -euo pipefail
master=${1:-local[2]}; tasks=${2:-2}
here=$(cd "$(dirname "$0")/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
(cd "$here" && mvn -B -q -o package dependency:build-classpath -DskipTests -pl cochlea-core,cochlea-codecs,cochlea-spark \
  -Dmdep.outputFile=target/cp-provided.txt -Dmdep.includeScope=provided) >/dev/null
cp="$(ls "$here"/cochlea-spark/target/cochlea-spark-*-job.jar):$(cat "$here/cochlea-spark/target/cp-provided.txt")"
opens=$(sed -n 's:.*<spark.opens>\(.*\)</spark.opens>.*:\1:p' "$here/cochlea-spark/pom.xml")
for floats in 419412 4000000; do
  "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector $opens -Xmx2g -Dspark.master="$master" -Dspark.ui.enabled=false \
    -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 -cp "$cp" dev.cochlea.spark.AllReduceBench "$tasks" "$floats" 50 2>/dev/null
done
