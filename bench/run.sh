#!/usr/bin/env bash
# The benchmark suite, one command. Against freshly started servers (packaged app, empty H2 database, the experiences
# in bench/experiences, echo engine so the server's own overhead is measured):
#   1. start: JVM launch → first HTTP 200, with the default flags and with a JDK AOT cache from a training run;
#   2. load (bench/LoadBenchmark.java): fixed-rate table, then sweeps — session creation vs rate, first chunk and RSS
#      vs concurrent streams, event intake vs batch size;
#   3. widget (bench/WidgetBenchmark.java): ours beside peer widgets installed from npm now into target/bench/peers
#      (never part of our build), in headless Chromium;
#   4. plots and report (bench/Report.java, JFreeChart from Maven Central).
# Writes bench/results/<UTC date>/report.md and its PNGs; bench/results/latest.md stays the fixed-rate table.
# BENCH_SMOKE=1: a short run (a few seconds per part, no peers) that checks the harness works (not in CI yet: its widget part hung once).
# BENCH_JVM_OPTS: JVM flags of the server (default: the small-footprint flags the README recommends).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
smoke=${BENCH_SMOKE:-0}
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -DskipTests package

jvm_opts=${BENCH_JVM_OPTS:-"-XX:+UseSerialGC -Xmx96m -Xss512k -XX:ReservedCodeCacheSize=32m -XX:TieredStopAtLevel=1"}
if [ "$smoke" = 1 ]; then
  out=${BENCH_OUT_DIR:-target/bench/smoke}
else
  out=${BENCH_OUT_DIR:-bench/results/$(date -u +%Y-%m-%d)}
fi
mkdir -p "$out" target/bench/lib
port=18080
work=$(mktemp -d)
server=
stop() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    # A server overloaded by the sweeps may hang in its shutdown: killed after 20 s.
    for _ in $(seq 1 100); do kill -0 "$server" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true # 143/137: ended by the signal, as asked
  fi
  server=
}
trap 'stop; rm -rf "$work"' EXIT

# Tools of the harness, resolved by Maven: JFreeChart for the plots; Playwright and brotli4j (test classpath).
[ -f target/bench/lib/jfreechart-1.5.6.jar ] || ./mvnw -B -q dependency:copy -Dartifact=org.jfree:jfreechart:1.5.6 \
  -DoutputDirectory=target/bench/lib
[ -f target/bench/test.cp ] || ./mvnw -B -o -q dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench/test.cp

# start_server NAME EXTRA_JVM_FLAGS: a fresh database; sets $server and $started (ms from launch to the first 200, and
# Quarkus's own figure). Not to be called in a subshell: $server must reach stop().
start_server() {
  rm -rf "$work/db"
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "[bench] port $port is taken" >&2; exit 1; fi
  local t0 t1
  t0=$(date +%s%N)
  MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} NEXUS_EXPERIENCES_DIR="$PWD/bench/experiences" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:h2:file:$work/db/bench;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0" \
  QUARKUS_HTTP_PORT=$port QUARKUS_LOG_LEVEL=${BENCH_LOG_LEVEL:-INFO} \
    java $jvm_opts $2 -jar target/quarkus-app/quarkus-run.jar > "$work/server-$1.log" 2>&1 &
  server=$!
  for _ in $(seq 1 3000); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/live" && break
    sleep 0.005
  done
  t1=$(date +%s%N)
  curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" || { cat "$work/server-$1.log"; exit 1; }
  local quarkus
  quarkus=$(sed -n 's/.*started in \([0-9.]*\)s.*/\1/p' "$work/server-$1.log" | head -1)
  started="$(( (t1 - t0) / 1000000 )),$(awk -v s="${quarkus:-0}" 'BEGIN { printf "%.0f", s * 1000 }')"
}

echo "[bench] 1/4 start time"
echo "variant,run,first_200_ms,quarkus_ms" > "$out/start.csv"
runs=$([ "$smoke" = 1 ] && echo 1 || echo "${BENCH_START_RUNS:-3}")
for i in $(seq 1 "$runs"); do
  start_server default ""
  echo "default flags,$i,$started" >> "$out/start.csv"
  stop
done
if [ "$smoke" != 1 ]; then
  # JDK 25 AOT cache (JEP 483/514): one training run records loaded and linked classes, later starts map them.
  aot=target/bench/app.aot
  rm -f "$aot"
  start_server training "-XX:AOTCacheOutput=$aot"
  curl -s -o /dev/null "http://127.0.0.1:$port/nexus-chat-widget.js"
  curl -s -o /dev/null -H 'Content-Type: application/json' -d '{"experienceId":"bench"}' \
    "http://127.0.0.1:$port/api/v2/widget/init"
  stop
  if [ -f "$aot" ]; then
    for i in $(seq 1 "$runs"); do
      start_server aot "-XX:AOTCache=$aot"
      echo "AOT cache (-XX:AOTCache),$i,$started" >> "$out/start.csv"
      stop
    done
  fi
fi
cat "$out/start.csv"

echo "[bench] 2/4 load"
BENCH_LOG_LEVEL=WARN start_server load ""
if [ "$smoke" = 1 ]; then
  load_args=(-Dwarmup=1 -Drate=100 -Dseconds=1 -Dstreams=10 -Dsweep-seconds=1 -Drates=100 -Dstream-levels=10 -Dbatches=1,10)
else
  load_args=(-Drate=500 -Dseconds=10 -Dstreams=200)
fi
java -Dserver.jvm.opts="$jvm_opts" "${load_args[@]}" bench/LoadBenchmark.java "http://127.0.0.1:$port" "$server" \
  "$out/load.md" || { [ "$smoke" != 1 ] && echo "[bench] load benchmark failed (server log: $work/server-load.log)"; }
tail -5 "$work/server-load.log" | grep -i 'OutOfMemory' && echo "[bench] the server ran out of heap"
[ "$smoke" = 1 ] || [ ! -f "$out/load.md" ] || cp "$out/load.md" bench/results/latest.md
stop
# The widget part gets a fresh server, whatever the load did to the first one.
BENCH_LOG_LEVEL=WARN start_server widget ""

echo "[bench] 3/4 widget"
peers=target/bench/peers
if [ "$smoke" != 1 ]; then
  mkdir -p "$peers"
  (cd "$peers" && npm install --no-save --no-audit --no-fund --loglevel=error deep-chat@2.4.2 \
    botframework-webchat@4.18.1 flowise-embed@3.1.6) || echo "[bench] npm install failed: peers skipped"
fi
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 XDG_CACHE_HOME="$PWD/target/xdg-cache" XDG_CONFIG_HOME="$PWD/target/xdg-config" \
  java -cp "$(cat target/bench/test.cp)" bench/WidgetBenchmark.java "http://127.0.0.1:$port" \
  "$PWD/$([ "$smoke" = 1 ] && echo target/bench/no-peers || echo "$peers/node_modules")" "$out" "$([ "$smoke" = 1 ] && echo 2 || echo 15)"
stop

echo "[bench] 4/4 report"
{
  echo "Run $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo),"
  echo "$(java -version 2>&1 | head -1), Chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{ print $2 }'),"
  echo "server JVM flags \`$jvm_opts\`; load generator and browser on the same machine. ${BENCH_NOTE:-}"
} > "$out/machine.md"
java -cp target/bench/lib/jfreechart-1.5.6.jar bench/Report.java "$out"
if [ "$smoke" = 1 ]; then
  for f in report.md start.csv sessions.csv streams.csv intake.csv widgets.csv sessions.png; do
    test -s "$out/$f" || { echo "[bench] smoke: $out/$f missing" >&2; exit 1; }
  done
  grep -q '^nexus-chat,' "$out/widgets.csv" || { echo "[bench] smoke: no widget figures" >&2; exit 1; }
  echo "[bench] smoke OK"
fi
