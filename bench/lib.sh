#!/usr/bin/env bash
# Shared by bench/run.sh and bench/streams.sh: the packaged jar, free ports, the emulator's JVM, peak sampling.
# Sourced, not run. Expects the caller to be in the project's root and to have set OUT (a scratch directory).

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
ls target/bedrock-gateway-*.jar >/dev/null 2>&1 || mvn -q -DskipTests package
JAR=$(ls target/bedrock-gateway-*.jar | head -1)

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

# sample_peaks PID: every second, the process's RSS and G1 heap used, keeping the peaks in $OUT/peaks (KiB).
sample_peaks() {
  local peak_rss=0 peak_heap=0 rss heap
  echo "0 0" > "$OUT/peaks"
  while kill -0 "$1" 2>/dev/null; do
    rss=$(rss_kib "$1"); [ "${rss:-0}" -gt "$peak_rss" ] && peak_rss=$rss
    heap=$(jcmd "$1" GC.heap_info 2>/dev/null | awk '/garbage-first heap/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); gsub(/[^0-9]/,"",v); print v}}')
    [ "${heap:-0}" -gt "$peak_heap" ] && peak_heap=$heap
    echo "$peak_rss $peak_heap" > "$OUT/peaks"
    sleep 1
  done
}
