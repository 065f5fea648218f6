#!/usr/bin/env bash
# The gateway's benchmark: what does the gateway add to every call?
#
#   bench/run.sh            full run, about 5 minutes (then bench/streams.sh: 5,000 slow streams, about 1 minute,
#                           and bench/warmup.sh: the warm-up curve of fresh gateways, about 2 minutes)
#   bench/run.sh --aot      the same, with JDK 25's ahead-of-time cache in the warm-up curves (bench/aot-cache.sh)
#   bench/run.sh --smoke    a few seconds of tiny load; checks that every number is produced (run by mvn verify)
#
# Starts the Bedrock emulator in its own JVM (it adds no latency), the packaged gateway in another JVM pointed at
# it, and drives both with wrk on loopback (the smoke run with bench/load/LoadDriver.java, so it needs nothing but
# the JDK), each phase bounded in time. In the same run it measures:
#   - start-up to the first successful answer, to ready (after its start-up warm-up, gateway.warmup, which the
#     packaged gateway runs without model calls, as it would with real Bedrock), and the gateway's RSS once
#     ready and idle: first plain java -jar on the
#     packaged jar, then target/gateway (the extracted jar and its class-data-sharing archive, which mvn package
#     writes and the README and the Dockerfile run); that second gateway takes the load;
#   - most requests per second, direct to the emulator and through the gateway (native API and OpenAI API);
#   - latency at one connection, each request sent as soon as the last is answered (what a call costs unloaded),
#     direct and through the gateway;
#   - latency at a steady rate (default 2,000 req/s), direct and through the gateway, each after a warm-up at that
#     rate; the gateway's overhead as the difference of the two and from its own gateway_overhead_seconds histogram;
#   - the gateway's peak RSS and peak heap used;
#   - a reference at the same steady rate: bench/reference/ReferenceServer.java, a bare Reactor Netty server
#     making the same call through the gateway's own Bedrock clients (the least a gateway on this stack can add).
# Prints one markdown table (also written to bench/results/latest.md).
#
# Settings (environment): DURATION seconds per phase (20), CONNECTIONS for the throughput phases (32),
# RATE req/s for the latency phase (2000), GATEWAY_JAVA_OPTS (empty: the JVM's defaults),
# STREAMS for the streaming scenario (5000; 0 skips it), CURVE_SECONDS for the warm-up curves (45; 0 skips them),
# LOAD_DRIVER (wrk, or java for bench/load/LoadDriver.java: lower, noisier figures; the smoke run's default).
# Needs: java 17, the packaged jar (built here with mvn -DskipTests package when missing), curl; for the full run
# wrk (not installed here: apt-get install wrk, or brew install wrk); for --aot a JDK 25 (AOT_JAVA).
set -euo pipefail
cd "$(dirname "$0")/.."

SMOKE=false
CURVES=${CURVES:-cds cds+warmup}
case "${1:-}" in
  --smoke) SMOKE=true ;;
  --aot) CURVES="cds cds+warmup aot aot+warmup" ;;
esac
if $SMOKE; then
  DURATION=${DURATION:-2}; WARMUP=1; IDLE=1; CONNECTIONS=${CONNECTIONS:-4}; RATE=${RATE:-200}; STREAMS=${STREAMS:-20}
  CURVE_SECONDS=${CURVE_SECONDS:-2}; CURVE_WINDOW=1; LOAD_DRIVER=${LOAD_DRIVER:-java}
  # the warm-up runs its one round of every request and stops: the smoke run checks that it runs, not its length
  GATEWAY_WARMUP=0s
else
  DURATION=${DURATION:-20}; WARMUP=20; IDLE=5; CONNECTIONS=${CONNECTIONS:-32}; RATE=${RATE:-2000}; STREAMS=${STREAMS:-5000}
  CURVE_SECONDS=${CURVE_SECONDS:-45}; CURVE_WINDOW=5; LOAD_DRIVER=${LOAD_DRIVER:-wrk}
  GATEWAY_WARMUP=${GATEWAY_WARMUP:-10s}
fi
export LOAD_DRIVER GATEWAY_WARMUP
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:-}

OUT=$(mktemp -d)
RESULTS=${RESULTS:-bench/results/latest.md}
mkdir -p "$(dirname "$RESULTS")"
# shellcheck source=bench/lib.sh
. bench/lib.sh
EMU_PORT=$(free_port)
GW_PORT=$(free_port)
EMU_URL="http://127.0.0.1:$EMU_PORT"
GW_URL="http://127.0.0.1:$GW_PORT"
EMU=""; GW=""; REF=""
cleanup() { kill $GW $REF $EMU 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
fail() { bench_fail "$@"; }

start_emulator "$EMU_PORT"

# ---- gateway: start-up time to the first successful answer, then idle RSS
CHAT='{"model":"llama3-8b","prompt":"Say hello in five words.","parameters":{"max_tokens":16}}'
OPENAI='{"model":"llama3-8b","messages":[{"role":"user","content":"Say hello in five words."}],"max_tokens":16}'
NATIVE='{"prompt":"<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nSay hello in five words.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n","max_gen_len":16}'
# java -jar on the packaged jar first, then the layout the README and the Dockerfile run (target/gateway: the
# extracted jar with its class-data-sharing archive); the second one stays up for the load.
startup() { # LAUNCH: sets startup_ms, ready_ms and idle_rss
  local started; started=$(now_ms)
  start_gateway "$1" "$GW_PORT" "$EMU_URL" "$OUT/gateway-$1.log" "$GATEWAY_JAVA_OPTS" \
                --gateway.warmup.duration="$GATEWAY_WARMUP"
  startup_ms=$(first_answer_ms "$GW_PORT" "$CHAT" "$started")
  ready_ms=$(ready_ms "$GW_PORT" "$started")
  sleep $IDLE
  idle_rss=$(rss_kib $GW)
}
startup jar
jar_startup_ms=$startup_ms; jar_idle_rss=$idle_rss
kill $GW; wait $GW 2>/dev/null || true
startup cds
# the JVM only warns when it cannot map an archive (another JDK, a stale archive) and then starts without it
if grep -q '\]\[cds' "$OUT/gateway-cds.log"; then
  fail "the gateway ran without its class-data-sharing archive: $(grep '\]\[cds' "$OUT/gateway-cds.log" | head -3)"
fi

# ---- load
# load NAME URL BODY CONNECTIONS SECONDS [DELAY_MS]: runs the load driver (bench/lib.sh), keeps its output in
# $OUT/NAME.txt
load() {
  drive "$OUT/$1.txt" "$4" "$5" 10 "$2" "$3" "${6:-0}" || fail "the load driver failed in $1: $(cat "$OUT/$1.txt")"
}
overhead_buckets() { curl -sf "$GW_URL/actuator/prometheus" | grep '^gateway_overhead_seconds_bucket{api="native"' > "$1" || true; }
# overhead_pct BEFORE AFTER 0.5: the quantile of the requests between two scrapes, interpolated within its bucket
overhead_pct() {
  awk -v q="$3" '
    { le=$0; sub(/.*le="/,"",le); sub(/".*/,"",le); n=$NF }
    FNR==NR { before[le]=n; next }
    { les[++k]=le; count[k]=n-before[le] }
    END {
      total=count[k]; if (total<=0) { print "n/a"; exit }
      want=q*total; prev=0; prevle=0
      for (i=1;i<=k;i++) { if (count[i]>=want) { b=(les[i]=="+Inf")?prevle:les[i];
          f=(count[i]>prev)?(want-prev)/(count[i]-prev):1; printf "%.3f", (prevle+(b-prevle)*f)*1000; exit }
        prev=count[i]; prevle=les[i] }
    }' "$1" "$2"
}

DIRECT="$EMU_URL/model/meta.llama3-8b-instruct-v1:0/invoke"
load warmup-direct "$DIRECT" "$NATIVE" "$CONNECTIONS" "$WARMUP"
load warmup-native "$GW_URL/v1/generate" "$CHAT" "$CONNECTIONS" "$WARMUP"
load warmup-openai "$GW_URL/v1/chat/completions" "$OPENAI" "$CONNECTIONS" "$WARMUP"

load direct "$DIRECT" "$NATIVE" "$CONNECTIONS" "$DURATION"
load native "$GW_URL/v1/generate" "$CHAT" "$CONNECTIONS" "$DURATION"
load openai "$GW_URL/v1/chat/completions" "$OPENAI" "$CONNECTIONS" "$DURATION"
load direct-one "$DIRECT" "$NATIVE" 1 "$DURATION"
load native-one "$GW_URL/v1/generate" "$CHAT" 1 "$DURATION"

# Steady rate: every connection waits PAUSE ms on average after each answer; the connection count is calibrated
# for RATE.
PAUSE=10
rate_connections=$(( (RATE * (PAUSE + 1) + 999) / 1000 ))
load calibrate "$GW_URL/v1/generate" "$CHAT" "$rate_connections" 2 "$PAUSE"
seen=$(rps calibrate); [ "${seen:-0}" -gt 0 ] || fail "no answers while calibrating the steady rate"
rate_connections=$(( (rate_connections * RATE + seen / 2) / seen )); [ "$rate_connections" -ge 1 ] || rate_connections=1
# Each JVM is warmed at the steady rate before it is measured at it: a load shape it has not run yet makes the JIT
# recompile much of the request path (a gateway warmed 20 s at full speed made about 1,500 compilations in its
# first 20 s at the rate and under 100 in the next 20 s, p99 4.1 ms then 1.7 ms).
load warmup-direct-rate "$DIRECT" "$NATIVE" "$rate_connections" "$WARMUP" "$PAUSE"
load direct-rate "$DIRECT" "$NATIVE" "$rate_connections" "$DURATION" "$PAUSE"
load warmup-native-rate "$GW_URL/v1/generate" "$CHAT" "$rate_connections" "$WARMUP" "$PAUSE"
overhead_buckets "$OUT/before.prom"
load native-rate "$GW_URL/v1/generate" "$CHAT" "$rate_connections" "$DURATION" "$PAUSE"
overhead_buckets "$OUT/after.prom"

read -r peak_rss peak_heap < <(peaks $GW "$OUT/gateway-cds-gc.log")
kill $GW; wait $GW 2>/dev/null || true; GW=""

# ---- reference: the least a gateway on this stack can add. A bare Reactor Netty server forwarding Bedrock's own
# requests to the gateway's Bedrock clients (built and pinned as the gateway does), no Spring and nothing else;
# compiled here against the packaged jar, warmed and measured at the same steady rate.
REF_PORT=$(free_port)
javac -nowarn -d "$OUT/reference" -cp "$CDS_JAR:target/gateway/lib/*" bench/reference/ReferenceServer.java \
  > "$OUT/reference-javac.log" 2>&1 || fail "could not compile bench/reference: $(cat "$OUT/reference-javac.log")"
java -cp "$OUT/reference:$CDS_JAR:target/gateway/lib/*" dev.bedrockgateway.bedrock.ReferenceServer \
  "$EMU_URL" "$REF_PORT" > "$OUT/reference.log" 2>&1 &
REF=$!
REFERENCE="http://127.0.0.1:$REF_PORT/model/meta.llama3-8b-instruct-v1:0/invoke"
for _ in $(seq 300); do
  curl -sf -o /dev/null -H 'content-type: application/json' -d "$NATIVE" "$REFERENCE" && break
  kill -0 $REF 2>/dev/null || fail "the reference server stopped"
  sleep 0.1
done
curl -sf -o /dev/null -H 'content-type: application/json' -d "$NATIVE" "$REFERENCE" \
  || fail "the reference server gave no answer within 30 s"
load warmup-reference "$REFERENCE" "$NATIVE" "$CONNECTIONS" "$WARMUP"
load warmup-reference-rate "$REFERENCE" "$NATIVE" "$rate_connections" "$WARMUP" "$PAUSE"
load reference-rate "$REFERENCE" "$NATIVE" "$rate_connections" "$DURATION" "$PAUSE"
kill $REF; wait $REF 2>/dev/null || true; REF=""

total_errors=0
for phase in direct native openai direct-one native-one direct-rate native-rate reference-rate; do
  total_errors=$((total_errors + $(errors $phase)))
done
# difference A B 50|99: the difference of a latency percentile between two phases, in ms
difference() { awk -v a="$(pct "$1" "$3")" -v b="$(pct "$2" "$3")" 'BEGIN {printf "%.3f", a-b}'; }
diff_p50=$(difference native-rate direct-rate 50)
diff_p99=$(difference native-rate direct-rate 99)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b>0)?a/b:0}'; }

{
  echo "Bedrock Gateway benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%d GiB", $2/1048576+0.5}' /proc/meminfo),"
  echo "$( $SMOKE && echo 'SMOKE (tiny load, figures meaningless), ' )$( [ "$LOAD_DRIVER" = wrk ] && echo 'wrk -t2' || echo 'bench/load/LoadDriver.java'), ${DURATION} s per phase, small chat request (llama3-8b, 16 tokens)"
  echo
  echo "| measure | direct to emulator | gateway, native API | gateway, OpenAI API |"
  echo "|---|---|---|---|"
  echo "| most req/s ($CONNECTIONS connections) | $(rps direct) | $(rps native) ($(ratio "$(rps native)" "$(rps direct)")×) | $(rps openai) ($(ratio "$(rps openai)" "$(rps direct)")×) |"
  echo "| p50 / p99 at most req/s, ms | $(pct direct 50) / $(pct direct 99) | $(pct native 50) / $(pct native 99) | $(pct openai 50) / $(pct openai 99) |"
  echo "| p50 / p99 at one connection, back to back, ms | $(pct direct-one 50) / $(pct direct-one 99) at $(rps direct-one) req/s | $(pct native-one 50) / $(pct native-one 99) at $(rps native-one) req/s | |"
  echo "| p50 / p99 at a steady rate (target $RATE req/s), ms | $(pct direct-rate 50) / $(pct direct-rate 99) at $(rps direct-rate) req/s | $(pct native-rate 50) / $(pct native-rate 99) at $(rps native-rate) req/s | |"
  echo
  echo "| gateway measure | value | target |"
  echo "|---|---|---|"
  echo "| most req/s, native / OpenAI API | $(rps native) / $(rps openai) | ≥ 5,000 |"
  echo "| overhead at $(rps native-rate) req/s, difference gateway − direct, p50 / p99 | $diff_p50 / $diff_p99 ms | ≤ 0.3 / ≤ 1 ms |"
  echo "| reference at $(rps reference-rate) req/s (bare Reactor Netty + the gateway's Bedrock clients), difference reference − direct, p50 / p99 | $(difference reference-rate direct-rate 50) / $(difference reference-rate direct-rate 99) ms | |"
  echo "| gateway above the reference at the steady rate, difference gateway − reference, p50 / p99 | $(difference native-rate reference-rate 50) / $(difference native-rate reference-rate 99) ms | |"
  echo "| overhead at one connection, difference gateway − direct, p50 / p99 | $(difference native-one direct-one 50) / $(difference native-one direct-one 99) ms | |"
  echo "| overhead at $(rps native-rate) req/s, gateway_overhead_seconds, p50 / p99 | $(overhead_pct "$OUT/before.prom" "$OUT/after.prom" 0.5) / $(overhead_pct "$OUT/before.prom" "$OUT/after.prom" 0.99) ms | ≤ 0.3 / ≤ 1 ms |"
  echo "| start-up to first answer, target/gateway with its CDS archive (as README and Dockerfile run it) | $startup_ms ms | ≤ 3,000 ms |"
  echo "| start-up to ready (after the start-up warm-up of $GATEWAY_WARMUP, no model calls), target/gateway | $ready_ms ms | |"
  echo "| RSS idle after start-up, target/gateway with its CDS archive | $((idle_rss / 1024)) MiB | ≤ 300 MiB |"
  echo "| start-up to first answer / idle RSS, plain java -jar on the fat jar (no archive) | $jar_startup_ms ms / $((jar_idle_rss / 1024)) MiB | |"
  echo "| peak RSS / peak heap used under load | $((peak_rss / 1024)) MiB / $((peak_heap / 1024)) MiB | |"
  echo "| errors (socket errors and non-2xx, all phases) | $total_errors | 0 |"
} | tee "$RESULTS"

[ "$total_errors" -eq 0 ] || fail "$total_errors requests failed"
cleanup; trap - EXIT
if [ "$STREAMS" -gt 0 ]; then
  echo
  if $SMOKE; then STREAM_WORDS=4 bench/streams.sh "$STREAMS" 3; else bench/streams.sh "$STREAMS" 30; fi | tee -a "$RESULTS"
fi
if [ "$CURVE_SECONDS" -gt 0 ]; then
  echo
  CURVES="$CURVES" bench/warmup.sh "$CURVE_SECONDS" "$CURVE_WINDOW" | tee -a "$RESULTS"
fi
