#!/usr/bin/env bash
# Fuzzes one parser for longer than the CI run does (docs/testing.md#fuzzing):
#   bench/fuzz.sh TARGET [SECONDS] [jazzer|mutate] [extra Maven arguments...]
#     TARGET   wav | aiff | au | flac | mp3 | ogg | safetensors | config | features (or a class in dev.cochlea.fuzz)
#     SECONDS  how long, 600 by default
#     jazzer   (default) Jazzer's coverage-guided fuzzing; its corpus grows in cochlea-core/.cifuzz-corpus/,
#              and a finding is written to cochlea-core/src/test/resources/dev/cochlea/fuzz/<Class>Inputs/fuzz/
#     mutate   the seeded mutation campaign of the CI run, for SECONDS instead of its fixed case count;
#              a finding is written to cochlea-core/target/fuzz-findings/TARGET/
# Both print the number of cases run. Builds with Maven on a JDK >= 25 (JAVA_HOME, else /usr/lib/jvm).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target=${1:?usage: bench/fuzz.sh TARGET [SECONDS] [jazzer|mutate] [maven args...]}
seconds=${2:-600}
engine=${3:-jazzer}
shift $(( $# < 3 ? $# : 3 ))

case "$target" in
  wav) class=WavFuzzTest ;;
  safetensors) class=SafetensorsFuzzTest ;;
  config) class=RunConfigFuzzTest ;;
  features) class=FeaturesFuzzTest ;;
  aiff) class=AiffFuzzTest ;;
  au) class=AuFuzzTest ;;
  flac) class=FlacFuzzTest ;;
  mp3) class=Mp3FuzzTest ;;
  ogg) class=OggFuzzTest ;;
  *FuzzTest) class=$target ;;
  *) class="$(tr '[:lower:]' '[:upper:]' <<< "${target:0:1}")${target:1}FuzzTest" ;;
esac

major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null || true; }
if [ "$(major "${JAVA_HOME:-/nonexistent}")" -lt 25 ] 2>/dev/null || [ -z "$(major "${JAVA_HOME:-/nonexistent}")" ]; then
  for d in /usr/lib/jvm/*; do
    v=$(major "$d")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then export JAVA_HOME="$d"; fi
  done
fi
export PATH="$JAVA_HOME/bin:$PATH"
cd "$here"

modules=cochlea-core
# The compressed formats' decoders and fuzz tests live in cochlea-codecs, which takes the harness from core's test classes.
case "$class" in FlacFuzzTest|Mp3FuzzTest|OggFuzzTest) modules=cochlea-core,cochlea-codecs ;; esac
common=(-B -q test-compile surefire:test@default-test -pl "$modules" -Dsurefire.failIfNoSpecifiedTests=false)
if [ "$engine" = mutate ]; then
  exec mvn "${common[@]}" -Dtest="$class#mutations" -Dcochlea.fuzz.seconds="$seconds" "$@"
fi
# Jazzer: one fuzz test per JVM; the basedir puts its corpus and findings under cochlea-core/, the
# instrumentation is limited to Cochlea and Jackson (the JDK's classes are not what is tested). Its
# regular-expression-injection detector is off: a run's label and group patterns are regular
# expressions by design, and what matters (a bad one is an error naming config.json) is checked.
JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" exec mvn "${common[@]}" -Dtest="$class#fuzz" \
  -Dcochlea.test.argLine="-Djazzer.internal.basedir=$here/cochlea-core -Djazzer.instrument=dev.cochlea.**,com.fasterxml.** \
-Djazzer.disabled_hooks=com.code_intelligence.jazzer.sanitizers.RegexInjection" "$@"
