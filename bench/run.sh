#!/usr/bin/env bash
# Load benchmark: packages the app, starts it on port 18080 with an empty H2 database and the `bench` experience
# (echo engine: the server's own overhead, engine excluded), runs bench/LoadBenchmark.java against it, writes
# bench/results/latest.md, stops the server. Usage: bench/run.sh [-Drate=500 -Dseconds=10 -Dstreams=200]
# JVM flags of the server: BENCH_JVM_OPTS (default: the small-footprint flags recommended in the README for small
# machines; BENCH_JVM_OPTS=" " measures the JVM's defaults). BENCH_OUT names the results file.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -DskipTests package

jvm_opts=${BENCH_JVM_OPTS:-"-XX:+UseSerialGC -Xmx96m -Xss512k -XX:ReservedCodeCacheSize=32m -XX:TieredStopAtLevel=1"}
out=${BENCH_OUT:-bench/results/latest.md}
db=$(mktemp -d)
port=18080
MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} NEXUS_EXPERIENCES_DIR="$PWD/bench/experiences" \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:h2:file:$db/bench;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0" \
QUARKUS_HTTP_PORT=$port QUARKUS_LOG_LEVEL=WARN \
  java $jvm_opts -jar target/quarkus-app/quarkus-run.jar > "$db/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$db"' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null || { cat "$db/server.log"; exit 1; }
java -Dserver.jvm.opts="$jvm_opts" "$@" bench/LoadBenchmark.java "http://127.0.0.1:$port" "$server" "$out"
