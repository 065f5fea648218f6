#!/usr/bin/env bash
# Shared by bench/run.sh and bench/streams.sh: the packaged jar, free ports, the emulator's JVM, peak sampling.
# Sourced, not run. Expects the caller to be in the project's root and to have set OUT (a scratch directory).

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
# the packaged jar, and target/gateway (the same jar extracted, with its class-data-sharing archive); both come
# from mvn package
if ! ls target/bedrock-gateway-*.jar >/dev/null 2>&1 || [ ! -f target/gateway/bedrock-gateway.jsa ]; then
  mvn -q -DskipTests package
fi
JAR=$(ls target/bedrock-gateway-*.jar | head -1)
CDS_JAR=target/gateway/bedrock-gateway.jar
CDS_ARCHIVE=target/gateway/bedrock-gateway.jsa

# A loopback port nobody listens on.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

now_ms() { date +%s%3N; }
rss_kib() { ps -o rss= -p "$1" | tr -d ' '; }

# start_gateway LAUNCH PORT EMULATOR_URL LOG "JVM OPTIONS" [gateway arguments...]: the gateway in its own JVM,
# pointed at the emulator; sets GW to its pid. LAUNCH is "jar" (java -jar on the packaged jar) or "cds" (the
# extracted jar with its class-data-sharing archive, as the README and the Dockerfile run it). The JVM logs its
# collections to LOG with -gc before .log, for peaks.
start_gateway() {
  local launch=$1 port=$2 emulator=$3 log=$4 jvm_options=$5
  shift 5
  local run=(-jar "$JAR")
  [ "$launch" = cds ] && run=(-XX:SharedArchiveFile="$CDS_ARCHIVE" -jar "$CDS_JAR")
  # shellcheck disable=SC2086
  AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench java -Xlog:gc:file="${log%.log}-gc.log" $jvm_options "${run[@]}" \
       --server.port="$port" --gateway.bedrock.endpoint="$emulator" --gateway.bedrock.region=us-east-1 "$@" \
       > "$log" 2>&1 &
  GW=$!
}

# first_answer_ms PORT BODY STARTED_MS: waits (60 s at most) for the gateway on PORT to answer BODY on
# /v1/generate and prints the milliseconds since STARTED_MS. Until the port is open it only probes with bash's
# /dev/tcp: a curl every 20 ms would take CPU from the JVM it is timing.
first_answer_ms() {
  local port=$1 body=$2 started=$3
  while kill -0 "$GW" 2>/dev/null && [ $(( $(now_ms) - started )) -lt 60000 ]; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null \
       && curl -sf -o /dev/null -H 'content-type: application/json' -d "$body" "http://127.0.0.1:$port/v1/generate"; then
      echo $(( $(now_ms) - started )); return
    fi
    read -rt 0.02 <> <(:) || true
  done
  bench_fail "the gateway gave no answer within 60 s"
}

bench_fail() {
  echo "bench: $*" >&2
  for log in "$OUT"/*.log; do [ -f "$log" ] && { echo "--- $log" >&2; tail -20 "$log" >&2; }; done
  exit 1
}

# start_emulator PORT: the Bedrock emulator in its own JVM; sets EMU to its pid and waits until it answers.
start_emulator() {
  java -Xmx1g -cp "$JAR" -Dloader.main=dev.bedrockgateway.emulator.EmulatorMain \
       org.springframework.boot.loader.launch.PropertiesLauncher --port="$1" > "$OUT/emulator.log" 2>&1 &
  EMU=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$1/emulator/health" >/dev/null && return; sleep 0.1; done
  bench_fail "the emulator did not start"
}

# heap_used_kib PID: the heap in use, from jcmd GC.heap_info, for the JVM's collectors (G1, Parallel and Serial
# print a "total ..., used NK" line per heap or generation; ZGC and Shenandoah one line with a size in M).
heap_used_kib() {
  jcmd "$1" GC.heap_info 2>/dev/null | awk '
    /^ [A-Za-z].* total [0-9]+K, used [0-9]+K/ { v=$0; sub(/.*used /,"",v); sub(/K.*/,"",v); kib+=v }
    /^ ZHeap +used [0-9]+M/ { kib+=$3*1024 }
    /^ [0-9]+M max, .* [0-9]+M used$/ { v=$(NF-1); sub(/M/,"",v); kib+=v*1024 }
    END { print kib+0 }'
}

# peaks PID GC_LOG: the gateway's peak RSS and peak heap used so far, in KiB, without sampling while it is under
# load (a jcmd every second stops the JVM at a safepoint and starts another JVM beside it: that alone doubled the
# gateway's p99 at the steady rate). The kernel keeps the peak RSS (VmHWM); the heap peaks just before a
# collection, which the GC log records ("390M->30M(612M)", "130M(2%)->58M(1%)" for ZGC); and the heap in use now.
peaks() {
  local rss logged now
  rss=$(awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null)
  logged=$(awk 'match($0, /[0-9]+[KMG](\([0-9]+%\))?->/) {
      n=substr($0, RSTART, RLENGTH); u=n; sub(/[KMG].*/, "", n); u=substr(u, length(n) + 1, 1)
      k=n * (u == "G" ? 1048576 : (u == "M" ? 1024 : 1)); if (k > max) max=k }
    END { print max + 0 }' "$2" 2>/dev/null)
  now=$(heap_used_kib "$1")
  echo "${rss:-0} $(( ${logged:-0} > ${now:-0} ? ${logged:-0} : ${now:-0} ))"
}
