#!/usr/bin/env bash
# Opens N concurrent streams (default 5,000) through the gateway against the emulator at a slow token rate,
# and reports errors, peak heap and peak RSS of the gateway. Loopback only; bounded in time.
#   bench/streams.sh [streams] [seconds]
# Needs: the packaged jar (mvn -DskipTests package), wrk (installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
STREAMS=${1:-5000}
SECONDS_TO_RUN=${2:-30}
JAR=$(ls target/bedrock-gateway-*.jar | head -1)
EMU_PORT=4011
GW_PORT=8091
OUT=$(mktemp -d)
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
ulimit -n 20000

java -Xmx1g -cp "$JAR" -Dloader.main=dev.bedrockgateway.emulator.EmulatorMain \
     org.springframework.boot.loader.launch.PropertiesLauncher --port=$EMU_PORT > "$OUT/emulator.log" 2>&1 &
EMU=$!
# The gateway gets 1 GiB of heap at most: the target is 5,000 streams within it.
AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_REGION=us-east-1 java -Xms1g -Xmx1g -jar "$JAR" \
     --server.port=$GW_PORT --gateway.bedrock.endpoint=http://127.0.0.1:$EMU_PORT \
     --gateway.bedrock.protocol=http2 --gateway.bedrock.max-connections=$((STREAMS + 100)) \
     --gateway.resilience.defaults.max-concurrent-calls=$((STREAMS + 100)) \
     --gateway.resilience.defaults.first-chunk-time-limit=30s \
     --logging.level.root=WARN --logging.level.bedrock.gateway.access=WARN > "$OUT/gateway.log" 2>&1 &
GW=$!
trap 'kill $GW $EMU 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -s "127.0.0.1:$GW_PORT/actuator/health" >/dev/null && curl -s "127.0.0.1:$EMU_PORT/emulator/health" >/dev/null && break; sleep 1; done

# Slow streams: 4 words a second, 24 words each: about 6 s per stream, so every connection stays busy.
curl -s -X PUT "127.0.0.1:$EMU_PORT/emulator/faults/*" -H 'content-type: application/json' \
     -d '{"error":"none","tokens_per_second":4}' >/dev/null

cat > "$OUT/stream.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"llama3-8b","prompt":"Hello","stream":true,"parameters":{"max_tokens":24}}'
LUA

peak_rss=0; peak_heap=0
sample() {
  while kill -0 $GW 2>/dev/null; do
    rss=$(ps -o rss= -p $GW | tr -d ' '); [ "${rss:-0}" -gt "$peak_rss" ] && peak_rss=$rss
    heap=$(jcmd $GW GC.heap_info 2>/dev/null | awk '/garbage-first heap/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); gsub(/[^0-9]/,"",v); print v}}')
    [ "${heap:-0}" -gt "$peak_heap" ] && peak_heap=$heap
    echo "$peak_rss $peak_heap" > "$OUT/peaks"
    sleep 1
  done
}
sample & SAMPLER=$!
wrk -t2 -c"$STREAMS" -d"${SECONDS_TO_RUN}s" --timeout 30s -s "$OUT/stream.lua" "http://127.0.0.1:$GW_PORT/v1/generate" \
    > "$OUT/wrk.txt" 2>&1 || true
kill $SAMPLER 2>/dev/null || true
read -r peak_rss peak_heap < "$OUT/peaks"
completed=$(awk '/requests in/ {print $1}' "$OUT/wrk.txt")
errors=$(grep -E "Socket errors|Non-2xx" "$OUT/wrk.txt" || echo "none")
echo "| concurrent streams | completed streams | errors | gateway peak heap used | gateway peak RSS |"
echo "|---|---|---|---|---|"
echo "| $STREAMS | $completed | $errors | $((peak_heap / 1024)) MiB | $((peak_rss / 1024)) MiB |"
echo "(wrk output and logs in $OUT)"
