#!/usr/bin/env bash
# Runs Cochlea's own benchmarks for two builds back to back, alternating, on this machine:
#   bench/before_after.sh BEFORE_CP AFTER_CP [ROUNDS]
# where each *_CP is a class path, e.g. 'old/target/cochlea.jar:old/target/lib/*' and
# 'cochlea-cli/target/cochlea.jar:cochlea-cli/target/lib/*'. Prints one JSON line per result,
# tagged with "build" and "round"; compare medians, not single runs.
set -euo pipefail
before=$1; after=$2; rounds=${3:-2}
java=${JAVA:-java}
run() { # build tag, class path, cochlea arguments...
  local tag=$1 cp=$2; shift 2
  "$java" --add-modules jdk.incubator.vector --sun-misc-unsafe-memory-access=allow -XX:+UseParallelGC -cp "$cp" \
    dev.cochlea.cli.Main "$@" 2>/dev/null | grep '^{' | sed "s/^{/{\"build\":\"$tag\",\"round\":$round,/"
}
for round in $(seq 1 "$rounds"); do
  for b in before after; do
    cp=$before; [ "$b" = after ] && cp=$after
    run "$b" "$cp" bench gemm --json --kernels vector --threads 1,2 --shapes 256,1024,64x800x4096,32x800x16384
    run "$b" "$cp" bench cnn --json --threads 1,2 --reps 5
    run "$b" "$cp" bench audio --json --runs 5
  done
done
