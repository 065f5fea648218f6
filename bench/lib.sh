#!/usr/bin/env bash
# Shared by bench/run.sh, streams.sh, warmup.sh, aot-cache.sh and governance.sh: the packaged jar, the load driver,
# free ports, the emulator's JVM, peak sampling.
# Sourced, not run. Expects the caller to be in the project's root and to have set OUT (a scratch directory).

# The load driver: wrk for figures (LOAD_DRIVER=wrk, the full run's default), or bench/load/LoadDriver.java, which
# needs nothing but the JDK (LOAD_DRIVER=java, the smoke run's default, so mvn verify runs on any machine with
# JDK 17 and Maven). Nothing is installed here: a missing wrk stops the run and says how to install it.
LOAD_DRIVER=${LOAD_DRIVER:-wrk}
case "$LOAD_DRIVER" in
  wrk)
    command -v wrk >/dev/null || {
      echo "bench: wrk is not installed; install it (Debian/Ubuntu: sudo apt-get install wrk; macOS: brew install wrk)" \
           "or run with LOAD_DRIVER=java (figures from a Java driver on the same cores are lower and noisier)" >&2
      exit 1
    }
    ;;
  java)
    mkdir -p "$OUT/load"
    javac -nowarn -d "$OUT/load" bench/load/LoadDriver.java > "$OUT/load-javac.log" 2>&1 \
      || { echo "bench: could not compile bench/load/LoadDriver.java: $(cat "$OUT/load-javac.log")" >&2; exit 1; }
    ;;
  *) echo "bench: LOAD_DRIVER is wrk or java, not $LOAD_DRIVER" >&2; exit 1 ;;
esac
# the packaged jar, and target/gateway (the same jar extracted, with its class-data-sharing archive); both come
# from mvn package
if ! ls target/bedrock-gateway-*.jar >/dev/null 2>&1 || [ ! -f target/gateway/bedrock-gateway.jsa ]; then
  mvn -q -DskipTests package
fi
JAR=$(ls target/bedrock-gateway-*.jar | head -1)
CDS_JAR=target/gateway/bedrock-gateway.jar
CDS_ARCHIVE=target/gateway/bedrock-gateway.jsa
# JDK 25's ahead-of-time cache for the same layout (classes loaded and linked, and the request path's method
# profiles), written by bench/aot-cache.sh with a JDK 25 launcher; the gateway's bytecode stays Java 17.
AOT_CACHE=target/gateway/bedrock-gateway.aot

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
# extracted jar with its class-data-sharing archive, as the README and the Dockerfile run it) or "aot" (the same
# layout on JDK 25, $AOT_JAVA, with its ahead-of-time cache; bench/aot-cache.sh). The JVM logs its collections to
# LOG with -gc before .log, for peaks. Auth is off (--gateway.auth.mode=none) unless the arguments set a mode.
start_gateway() {
  local launch=$1 port=$2 emulator=$3 log=$4 jvm_options=$5
  shift 5
  # The packaged jar asks for API keys unless told otherwise (README, "Access control"); these runs measure the
  # open gateway unless the caller names a mode (bench/governance.sh does).
  [[ " $* " == *" --gateway.auth.mode="* ]] || set -- "$@" --gateway.auth.mode=none
  local java=java run=(-jar "$JAR")
  [ "$launch" = cds ] && run=(-XX:SharedArchiveFile="$CDS_ARCHIVE" -jar "$CDS_JAR")
  [ "$launch" = aot ] && { java=$AOT_JAVA; run=(-XX:AOTCache="$AOT_CACHE" -XX:AOTMode=on -jar "$CDS_JAR"); }
  # shellcheck disable=SC2086
  AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench "$java" -Xlog:gc:file="${log%.log}-gc.log" $jvm_options "${run[@]}" \
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

# drive OUTPUT CONNECTIONS SECONDS TIMEOUT_SECONDS URL BODY [PAUSE_MS]: POSTs BODY to URL on CONNECTIONS connections
# for SECONDS, each connection pausing at random between 0 and twice PAUSE_MS after each answer; writes the driver's
# report (wrk's format, from either driver) to OUTPUT and returns the driver's status. The Java driver runs on C1
# alone: its own JIT would otherwise take CPU from the gateway it measures, and C1's code is fast enough for it.
# LOAD_HEADER, when set ("Authorization: Bearer gk_..."), is sent with every request (bench/governance.sh's key).
drive() {
  local output=$1 connections=$2 seconds=$3 timeout=$4 url=$5 body=$6 pause=${7:-0}
  if [ "$LOAD_DRIVER" = java ]; then
    java -XX:TieredStopAtLevel=1 -cp "$OUT/load" LoadDriver "$connections" "$seconds" "$timeout" "$url" "$body" "$pause" \
      ${LOAD_HEADER:+"$LOAD_HEADER"} > "$output" 2>&1
  else
    [ -f "$OUT/post.lua" ] || write_post_lua "$OUT/post.lua"
    wrk -t"$(( connections < 2 ? connections : 2 ))" -c"$connections" -d"${seconds}s" --timeout "${timeout}s" --latency \
        ${LOAD_HEADER:+-H "$LOAD_HEADER"} -s "$OUT/post.lua" "$url" -- "$body" "$pause" > "$output" 2>&1
  fi
}

# Readers of a load driver's report (wrk's format, from either driver) kept as $OUT/NAME.txt.
# rps NAME: requests per second
rps() { awk '/^Requests\/sec/ {printf "%d", $2}' "$OUT/$1.txt"; }
# pct NAME 50|99: a latency percentile of wrk's distribution, in ms
pct() {
  awk -v p="$2%" '$1 == p { v=$2; u=v; gsub(/[0-9.]/,"",u); gsub(/[a-z]/,"",v);
    if (u=="us") v/=1000; else if (u=="s") v*=1000; else if (u=="m") v*=60000; printf "%.3f", v }' "$OUT/$1.txt"
}
# errors NAME: socket errors and non-2xx answers wrk saw
errors() {
  awk '/Socket errors/ {gsub(/,/,""); n+=$4+$6+$8+$10} /Non-2xx/ {n+=$NF} END {print n+0}' "$OUT/$1.txt"
}

# post.lua sends one body; with a pause after each answer, N connections make a steady rate. Each pause is drawn
# at random between 0 and twice the mean: with equal pauses the connections, started together, stay in step and
# send their requests in bursts of N at once every pause, which measures a burst's queue, not a steady rate.
write_post_lua() {
  cat > "$1" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local pause = 0
function init(args)
  wrk.body = args[1]
  pause = tonumber(args[2] or "0")
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
function delay()
  if pause <= 0 then return 0 end
  return math.random(0, 2 * pause)
end
LUA
}

# ready_ms PORT STARTED_MS: waits (60 s at most) until the gateway on PORT reports itself ready
# (/actuator/health/readiness, after its start-up warm-up) and prints the milliseconds since STARTED_MS.
ready_ms() {
  local port=$1 started=$2
  while kill -0 "$GW" 2>/dev/null && [ $(( $(now_ms) - started )) -lt 60000 ]; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null \
       && curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; then
      echo $(( $(now_ms) - started )); return
    fi
    read -rt 0.05 <> <(:) || true
  done
  bench_fail "the gateway was not ready within 60 s"
}

# aot_java: JDK 25 or later's java launcher ($AOT_JAVA, else one found under /usr/lib/jvm, /opt or
# /Library/Java), for the ahead-of-time cache; fails saying where to get one.
aot_java() {
  local candidate version
  for candidate in ${AOT_JAVA:-} /usr/lib/jvm/*/bin/java /opt/*/bin/java /opt/*/*/bin/java \
                   /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java; do
    [ -x "$candidate" ] || continue
    version=$("$candidate" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    [ "${version%%.*}" -ge 25 ] 2>/dev/null && { echo "$candidate"; return; }
  done
  echo "bench: the ahead-of-time cache needs a JDK 25 or later (e.g. Temurin 25); set AOT_JAVA to its bin/java" >&2
  return 1
}
