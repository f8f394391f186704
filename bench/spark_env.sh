# Sourced by the Spark benchmarks: builds cochlea-spark's job jar and sets $cp (the job jar and
# Spark's own jars, as spark-submit runs it) and $opens (the JVM flags Spark needs on Java 17+).
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
(cd "$here" && mvn -B -q -o package dependency:build-classpath -DskipTests -pl cochlea-core,cochlea-codecs,cochlea-spark \
  -Dmdep.outputFile=target/cp-provided.txt -Dmdep.includeScope=provided) >/dev/null
cp="$(ls "$here"/cochlea-spark/target/cochlea-spark-*-job.jar):$(cat "$here/cochlea-spark/target/cp-provided.txt")"
opens=$(sed -n 's:.*<spark.opens>\(.*\)</spark.opens>.*:\1:p' "$here/cochlea-spark/pom.xml")
