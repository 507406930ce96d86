#!/usr/bin/env bash
# Relay benchmark: starts the packaged app on port 18081 (BENCH_PORT) with an empty H2 database and the bench
# experiences, runs bench/RelayBenchmark.java (trivial endpoint, intake events/s in batches of 50, deliveries/s to a
# local webhook receiver), prints the report and writes it to target/bench/relay.md (BENCH_OUT), stops the server. Every wait is bounded:
# the run fails (status 1) with what was missing instead of hanging.
# Usage: bench/relay.sh [-Dseconds=10 -Dclients=8 -Ddeliveries=20000 -DwaitSeconds=120]
# BENCH_APP=dir runs another packaged copy (e.g. a "before" build); BENCH_JVM_OPTS adds server JVM flags.
# The one load generator posts far more than the per-address intake limit (600 requests/min): that limit is off here
# (the per-session one stays; each batch has its own session).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
app=${BENCH_APP:-target/quarkus-app}
[ -f "$app/quarkus-run.jar" ] || ./mvnw -B -q -DskipTests package

out=${BENCH_OUT:-target/bench/relay.md}
mkdir -p "$(dirname "$out")"
port=${BENCH_PORT:-18081}
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "[relay-bench] port $port is taken" >&2; exit 1; fi
db=$(mktemp -d)
NEXUS_EXPERIENCES_DIR="$PWD/bench/experiences" NEXUS_SECURITY_API_KEYS=bench-key \
NEXUS_RELAY_ALLOW_PRIVATE_TARGETS=true \
NEXUS_RATE_LIMIT_EVENTS_PER_IP=off \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:h2:file:$db/bench;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0" \
QUARKUS_HTTP_PORT=$port QUARKUS_LOG_LEVEL=WARN \
  java ${BENCH_JVM_OPTS:-} -jar "$app/quarkus-run.jar" > "$db/server.log" 2>&1 &
server=$!
stop() {
  kill "$server" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$server" 2>/dev/null || break; sleep 0.2; done # a hung shutdown: 20 s
  kill -9 "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$db"
}
trap stop EXIT
echo "[relay-bench] starting $app on port $port"
for _ in $(seq 1 600); do # up to 120 s: startup is slow on a loaded machine
  curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null || { echo "[relay-bench] server not ready" >&2; cat "$db/server.log"; exit 1; }
load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "[relay-bench] server ready; load average $load"
status=0
timeout 900 java -Dload="$load" "$@" bench/RelayBenchmark.java "http://127.0.0.1:$port" bench-key "$out" || status=$?
if [ "$status" != 0 ]; then
  echo "[relay-bench] failed ($status); server log:" >&2
  tail -n 50 "$db/server.log" >&2
fi
exit "$status"
