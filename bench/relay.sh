#!/usr/bin/env bash
# Relay benchmark: starts the packaged app on port 18081 with an empty H2 database and the bench experiences, runs
# bench/RelayBenchmark.java (trivial endpoint, intake events/s in batches of 50, deliveries/s to a local webhook
# receiver), writes bench/results/relay.md, stops the server. Usage: bench/relay.sh [-Dseconds=10 -Dclients=8]
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
app=${BENCH_APP:-target/quarkus-app} # BENCH_APP: another packaged copy, e.g. a "before" build
[ -f "$app/quarkus-run.jar" ] || ./mvnw -B -q -DskipTests package

out=${BENCH_OUT:-bench/results/relay.md}
db=$(mktemp -d)
port=18081
NEXUS_EXPERIENCES_DIR="$PWD/bench/experiences" NEXUS_SECURITY_API_KEYS=bench-key \
NEXUS_RELAY_ALLOW_PRIVATE_TARGETS=true \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:h2:file:$db/bench;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0" \
QUARKUS_HTTP_PORT=$port QUARKUS_LOG_LEVEL=WARN \
  java ${BENCH_JVM_OPTS:-} -jar "$app/quarkus-run.jar" > "$db/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$db"' EXIT
for _ in $(seq 1 600); do # up to 120 s: startup is slow on a loaded machine
  curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null || { cat "$db/server.log"; exit 1; }
java "$@" bench/RelayBenchmark.java "http://127.0.0.1:$port" bench-key "$out"
