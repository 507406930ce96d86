#!/usr/bin/env bash
# The benchmark suite, one command. Against freshly started servers (packaged app, empty H2 database, the experiences
# in bench/experiences, echo engine so the server's own overhead is measured):
#   1. start: JVM launch → first HTTP 200 — the default flags and the JDK AOT cache from a training run, each with a
#      fresh and with an existing database;
#   2. load (bench/LoadBenchmark.java): fixed-rate table, then sweeps — session creation vs rate, first chunk and RSS
#      vs concurrent streams, event intake vs batch size;
#   3. widget (bench/WidgetBenchmark.java): ours beside peer widgets installed from npm now into target/bench/peers
#      (never part of our build), in headless Chromium;
#   4. plots and report (bench/Report.java, JFreeChart from Maven Central).
# Writes bench/results/<UTC date>/report.md and its PNGs; bench/results/latest.md stays the fixed-rate table.
#
# BENCH_SMOKE=1: a short run (seconds per part, no peer widgets, nothing from npm) that checks the harness works; it
#   measures nothing worth keeping. It needs the packaged app (after `./mvnw -B verify` or `package`), finishes in about
#   a minute, and fails with a message naming the part that broke; every wait in it is bounded and the whole run is
#   stopped after BENCH_TIMEOUT seconds (default 180).
# BENCH_JVM_OPTS: JVM flags of the server (default: the small-footprint flags the README recommends).
# The servers run with rate limits off (NEXUS_RATE_LIMIT_ENABLED=false): every request comes from 127.0.0.1.
# BENCH_PEERS=0: skip the peer widgets (no npm) in a full run.
# Parts of a run, for investigating one figure (e.g. A/B against another build):
#   BENCH_PHASES: the phases to run, of "start load widget report" (default all; the report needs widget results).
#   BENCH_APP: the packaged app to measure, its quarkus-run.jar or its directory (default target/quarkus-app).
#   BENCH_SERVER_OPTS: extra JVM flags for the load server only, e.g.
#     -XX:StartFlightRecording=duration=60s,filename=/tmp/server.jfr,settings=profile
#   BENCH_LOAD_ARGS: extra -D flags for bench/LoadBenchmark.java, e.g. -Dparts=fixed or -Dstream-levels=2000.
#   BENCH_GENERATOR_OPTS: JVM flags of the load generator (default: a fixed 1 GB heap with a large young generation,
#     so its own GC pauses, which it reports per step, stay out of the latencies).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
smoke=${BENCH_SMOKE:-0}

# The whole run under one deadline (smoke: 3 minutes). `timeout` signals its whole process group, so a hung server,
# load generator or browser driver ends with the script.
limit=${BENCH_TIMEOUT:-$([ "$smoke" = 1 ] && echo 180 || echo 0)}
if [ "$limit" != 0 ] && [ -z "${BENCH_UNDER_TIMEOUT:-}" ]; then
  rc=0
  BENCH_UNDER_TIMEOUT=1 timeout --kill-after=15 "$limit" "$0" "$@" || rc=$?
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    echo "[bench] FAILED: the run did not finish within $limit s (BENCH_TIMEOUT) and was stopped" >&2
  fi
  exit "$rc"
fi

fail() {
  echo "[bench] FAILED: $*" >&2
  exit 1
}
# bounded SECONDS WHAT COMMAND...: runs a command with a time limit and names it if it fails or times out.
bounded() {
  local secs=$1 what=$2 rc=0
  shift 2
  timeout --kill-after=10 "$secs" "$@" || rc=$?
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then fail "$what did not finish within $secs s"; fi
  [ "$rc" = 0 ] || fail "$what exited with status $rc"
}

phases=" ${BENCH_PHASES:-start load widget report} "
app=${BENCH_APP:-target/quarkus-app/quarkus-run.jar}
[ -d "$app" ] && app=$app/quarkus-run.jar
if [ ! -f "$app" ]; then
  [ "$smoke" = 1 ] && fail "no packaged app in target/quarkus-app: run ./mvnw -B verify (or package) first"
  [ -n "${BENCH_APP:-}" ] && fail "no packaged app at $app (BENCH_APP)"
  ./mvnw -B -q -DskipTests package
fi

jvm_opts=${BENCH_JVM_OPTS:-"-XX:+UseSerialGC -Xmx96m -Xss512k -XX:ReservedCodeCacheSize=32m -XX:TieredStopAtLevel=1"}
if [ "$smoke" = 1 ]; then
  out=${BENCH_OUT_DIR:-target/bench/smoke}
else
  out=${BENCH_OUT_DIR:-bench/results/$(date -u +%Y-%m-%d)}
fi
rm -f "$out"/*.csv "$out/report.md" 2>/dev/null || true
mkdir -p "$out" target/bench/lib
port=${BENCH_PORT:-18080}
work=$(mktemp -d)
server=
stop() { # stop [SECONDS]: SIGTERM, then SIGKILL after SECONDS (default 20)
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    # A server overloaded by the sweeps may hang in its shutdown: killed after 20 s. A training run writes its AOT
    # cache at exit (a child JVM assembles it: ~10–40 s on a busy 2-core machine) and gets longer.
    for _ in $(seq 1 $((${1:-20} * 5))); do kill -0 "$server" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true # 143/137: ended by the signal, as asked
  fi
  server=
}
trap 'stop; rm -rf "$work"' EXIT
trap 'exit 143' TERM INT

# Tools of the harness, resolved by Maven (from ~/.m2 when they are there, else from the repository, bounded):
# JFreeChart for the plots; Playwright and brotli4j (the project's test classpath).
maven_step() { # maven_step WHAT ARGS...: offline first, then online
  local what=$1
  shift
  timeout 120 ./mvnw -B -o -q "$@" >/dev/null 2>&1 || bounded 300 "$what" ./mvnw -B -q "$@"
}
if [[ "$phases" == *" widget "* || "$phases" == *" report "* ]] \
    && { [ ! -f target/bench/lib/jfreechart-1.5.6.jar ] || [ ! -f target/bench/test.cp ]; }; then
  echo "[bench] resolving JFreeChart and the test classpath (Playwright) with Maven"
  maven_step "resolving JFreeChart and the test classpath (Playwright)" dependency:copy dependency:build-classpath \
    -Dartifact=org.jfree:jfreechart:1.5.6 -DoutputDirectory=target/bench/lib \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/test.cp
fi

# train URL: the requests a first visitor makes (bundle, init, a session, a streamed answer), for the AOT training run.
train() {
  curl -s -m 10 -o /dev/null -H 'Accept-Encoding: br' "$1/nexus-chat-widget.js" || true
  curl -s -m 10 -o /dev/null -H 'Content-Type: application/json' -d '{"experienceId":"bench"}' "$1/api/v2/widget/init" || true
  local id
  for i in 1 2 3 4 5 6 7 8; do
    id=$(cat /proc/sys/kernel/random/uuid)
    curl -s -m 10 -o /dev/null -H 'Content-Type: application/json' -d "{\"id\":\"$id\",\"experienceId\":\"bench\"}" \
      "$1/api/v2/sessions" || true
    curl -s -m 10 -o /dev/null -H 'Content-Type: application/json' -H 'Accept: text/event-stream' \
      -d "{\"experienceId\":\"bench\",\"sessionId\":\"$id\",\"text\":\"How do I embed the widget? ($i)\"}" \
      "$1/api/v2/query" || true
  done
}

# start_server NAME EXTRA_JVM_FLAGS [keep] [JAR]: starts the server (a fresh database unless "keep"); sets $server and
# $started (ms from launch to the first 200 of /q/health/live, to the first 200 of /q/health/ready, and Quarkus's own
# figure). Not to be called in a subshell: $server must reach stop(). Fails if the server dies or does not answer
# within BENCH_START_TIMEOUT seconds.
start_server() {
  [ "${3:-}" = keep ] || rm -rf "$work/db"
  if curl -s -m 2 -o /dev/null "http://127.0.0.1:$port/"; then fail "port $port is taken"; fi
  local t0 t1 t2 deadline
  t0=$(date +%s%N)
  MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} NEXUS_EXPERIENCES_DIR="$PWD/bench/experiences" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:h2:file:$work/db/bench;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0" \
  NEXUS_RATE_LIMIT_ENABLED=false QUARKUS_HTTP_PORT=$port QUARKUS_LOG_LEVEL=${BENCH_LOG_LEVEL:-INFO} \
    java $jvm_opts $2 -jar "${4:-$app}" > "$work/server-$1.log" 2>&1 &
  server=$!
  deadline=$((SECONDS + ${BENCH_START_TIMEOUT:-90}))
  until curl -sf -m 2 -o /dev/null "http://127.0.0.1:$port/q/health/live"; do
    if ! kill -0 "$server" 2>/dev/null; then
      tail -30 "$work/server-$1.log" >&2
      server=
      fail "the server ($1) exited during start"
    fi
    [ "$SECONDS" -lt "$deadline" ] || { tail -30 "$work/server-$1.log" >&2; fail "the server ($1) did not answer \
within ${BENCH_START_TIMEOUT:-90} s"; }
    sleep 0.005
  done
  t1=$(date +%s%N)
  until curl -sf -m 2 -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do
    [ "$SECONDS" -lt "$deadline" ] || { tail -30 "$work/server-$1.log" >&2; fail "the server ($1) is not ready"; }
    sleep 0.005
  done
  t2=$(date +%s%N)
  local quarkus
  quarkus=$(sed -n 's/.*started in \([0-9.]*\)s.*/\1/p' "$work/server-$1.log" | head -1)
  started="$(( (t1 - t0) / 1000000 )),$(( (t2 - t0) / 1000000 )),$(awk -v s="${quarkus:-0}" \
    'BEGIN { printf "%.0f", s * 1000 }')"
}

echo "[bench] 1/4 start time at ${SECONDS} s ($(uptime | sed 's/.*load/load/'))"
echo "variant,database,run,first_200_ms,ready_ms,quarkus_ms" > "$out/start.csv"
runs=$([ "$smoke" = 1 ] && echo 1 || echo "${BENCH_START_RUNS:-5}")
aot=target/bench/app.aot
trivial=
if [[ "$phases" != *" start "* ]]; then
  runs=0
elif [ "$smoke" != 1 ]; then
  # The machine's baseline: a trivial Quarkus app (bench/trivial), started in the same minutes.
  if timeout 300 ./mvnw -B -o -q -f bench/trivial/pom.xml package >/dev/null 2>&1 \
      || timeout 300 ./mvnw -B -q -f bench/trivial/pom.xml package >/dev/null 2>&1; then
    trivial=bench/trivial/target/quarkus-app/quarkus-run.jar
  else
    echo "[bench] the trivial baseline app did not build: no baseline"
  fi
  # JDK 25 AOT cache (JEP 483/514/515): one training run records loaded and linked classes and method profiles,
  # later starts map them. The training run serves the requests a first visitor makes.
  rm -f "$aot"
  start_server training "-XX:AOTCacheOutput=$aot"
  train "http://127.0.0.1:$port"
  stop 240
  [ -f "$aot" ] || echo "[bench] no AOT cache written (JDK < 25?): $(tail -3 "$work/server-training.log")"
fi
# Interleaved, so that every variant sees the same machine load. The smoke run times the start of its one server below.
[ "$smoke" = 1 ] && runs=0
for i in $(seq 1 "$runs"); do
  if [ -n "$trivial" ]; then
    start_server trivial "" "" "$trivial"
    echo "trivial Quarkus app,fresh,$i,$started" >> "$out/start.csv"
    stop
  fi
  start_server start ""
  echo "default flags,fresh,$i,$started" >> "$out/start.csv"
  stop
  if [ "$smoke" != 1 ]; then
    start_server start "" keep
    echo "default flags,existing,$i,$started" >> "$out/start.csv"
    stop
  fi
  if [ -f "$aot" ] && [ "$smoke" != 1 ]; then
    start_server start "-XX:AOTCache=$aot"
    echo "AOT cache,fresh,$i,$started" >> "$out/start.csv"
    stop
    start_server start "-XX:AOTCache=$aot" keep
    echo "AOT cache,existing,$i,$started" >> "$out/start.csv"
    stop
  fi
done
cat "$out/start.csv"

echo "[bench] 2/4 load at ${SECONDS} s ($(uptime | sed 's/.*load/load/'))"
if [[ "$phases" == *" load "* || "$smoke" = 1 ]]; then
  BENCH_LOG_LEVEL=WARN start_server load "${BENCH_SERVER_OPTS:-}"
  [ "$smoke" != 1 ] || echo "default flags,fresh,1,$started" >> "$out/start.csv"
if [ "$smoke" = 1 ]; then
  load_args=(-Dwarmup=1 -Drate=100 -Dseconds=1 -Dstreams=10 -Dsweep-seconds=1 -Drates=100 -Dstream-levels=10 -Dbatches=1,10
    -Dsettle-max-seconds=5)
  load_limit=90
else
  load_args=(-Drate=500 -Dseconds=10 -Dstreams=200)
  load_limit=${BENCH_LOAD_TIMEOUT:-1800}
fi
load_rc=0
gen_opts=${BENCH_GENERATOR_OPTS:-"-XX:+UseParallelGC -Xms1g -Xmx1g -Xmn768m"}
# shellcheck disable=SC2086 # word splitting of the flag lists is intended
timeout --kill-after=10 "$load_limit" java $gen_opts \
  -Dserver.jvm.opts="$jvm_opts" "${load_args[@]}" ${BENCH_LOAD_ARGS:-} bench/LoadBenchmark.java \
  "http://127.0.0.1:$port" "$server" "$out/load.md" || load_rc=$?
if [ "$load_rc" != 0 ]; then
  [ "$smoke" = 1 ] && { tail -30 "$work/server-load.log" >&2; fail "load part (status $load_rc; 124 = over $load_limit s)"; }
  echo "[bench] load benchmark failed with status $load_rc (server log: $work/server-load.log)"
fi
tail -5 "$work/server-load.log" | grep -i 'OutOfMemory' && echo "[bench] the server ran out of heap"
if [ "$smoke" != 1 ] && [ -f "$out/load.md" ] && [ -z "${BENCH_OUT_DIR:-}" ]; then
  cp "$out/load.md" bench/results/latest.md
fi
fi
if [[ "$phases" != *" widget "* ]] && [ "$smoke" != 1 ]; then
  stop
  echo "[bench] done (phases:$phases) at ${SECONDS} s ($(uptime | sed 's/.*load/load/')); results in $out"
  exit 0
fi
if [ "$smoke" != 1 ]; then
  # The widget part gets a fresh server, whatever the load did to the first one (the smoke run keeps its one server).
  stop
  BENCH_LOG_LEVEL=WARN start_server widget ""
fi

echo "[bench] 3/4 widget at ${SECONDS} s ($(uptime | sed 's/.*load/load/'))"
peers=target/bench/peers
if [ "$smoke" = 1 ] || [ "${BENCH_PEERS:-1}" = 0 ]; then
  echo "[bench] peer widgets skipped ($([ "$smoke" = 1 ] && echo "smoke run" || echo BENCH_PEERS=0)): only ours is measured"
  peers_dir=target/bench/no-peers
else
  mkdir -p "$peers"
  peers_dir=$peers/node_modules
  if ! command -v npm >/dev/null; then
    echo "[bench] no npm on this machine: peer widgets skipped"
  elif ! (cd "$peers" && timeout --kill-after=10 "${BENCH_NPM_TIMEOUT:-300}" npm install --no-save --no-audit \
      --no-fund --loglevel=error --fetch-timeout=30000 --fetch-retries=1 deep-chat@2.4.2 botframework-webchat@4.18.1 \
      flowise-embed@3.1.6); then
    echo "[bench] npm install failed or timed out (registry unreachable?): peers that are not installed are skipped"
  fi
fi
widget_rc=0
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 XDG_CACHE_HOME="$PWD/target/xdg-cache" XDG_CONFIG_HOME="$PWD/target/xdg-config" \
  timeout --kill-after=10 "$([ "$smoke" = 1 ] && echo 90 || echo "${BENCH_WIDGET_TIMEOUT:-1800}")" \
  java --enable-native-access=ALL-UNNAMED -Dpages.port=$((port + 10)) -Dmessages="$([ "$smoke" = 1 ] && echo 5 || echo 50)" -cp "$(cat target/bench/test.cp)" \
  bench/WidgetBenchmark.java "http://127.0.0.1:$port" "$PWD/$peers_dir" "$out" \
  "$([ "$smoke" = 1 ] && echo 2 || echo 15)" || widget_rc=$?
[ "$widget_rc" = 0 ] || fail "widget part (status $widget_rc; 124 = over its time limit)"
stop

echo "[bench] 4/4 report at ${SECONDS} s"
{
  echo "Run $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo),"
  echo "$(java -version 2>&1 | head -1), Chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{ print $2 }'),"
  echo "server JVM flags \`$jvm_opts\`; load generator and browser on the same machine; load average at the end"
  echo "$(uptime | sed 's/.*average: //'). ${BENCH_NOTE:-}"
} > "$out/machine.md"
bounded 120 "the report" java -cp target/bench/lib/jfreechart-1.5.6.jar bench/Report.java "$out"
if [ "$smoke" = 1 ]; then
  for f in report.md start.csv sessions.csv streams.csv intake.csv widgets.csv widget-extras.csv sessions.png; do
    test -s "$out/$f" || fail "smoke: $out/$f missing"
  done
  grep -q '^nexus-chat,.*,[0-9]*$' "$out/widgets.csv" || fail "smoke: no widget figures"
  echo "[bench] smoke OK in $SECONDS s"
fi
