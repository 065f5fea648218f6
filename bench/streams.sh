#!/usr/bin/env bash
# Opens N concurrent streams (default 5,000) through the gateway against the emulator at a slow token rate,
# and reports errors, peak heap and peak RSS of the gateway. Loopback only; bounded in time.
#   bench/streams.sh [streams] [seconds]
# STREAM_WORDS (environment, default 24) sets each stream's length, at 4 words a second.
# Exits non-zero when a stream failed. Needs the packaged jar and a load driver (LOAD_DRIVER, see bench/lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
STREAMS=${1:-5000}
SECONDS_TO_RUN=${2:-30}
STREAM_WORDS=${STREAM_WORDS:-24}
OUT=$(mktemp -d)
# shellcheck source=bench/lib.sh
. bench/lib.sh
ulimit -n $((STREAMS * 2 + 1000)) 2>/dev/null || ulimit -n 20000
EMU_PORT=$(free_port)
GW_PORT=$(free_port)
EMU=""; GW=""
trap 'kill $GW $EMU 2>/dev/null || true' EXIT

start_emulator "$EMU_PORT"
# The gateway gets 1 GiB of heap at most: the target is 5,000 streams within it.
start_gateway cds "$GW_PORT" "http://127.0.0.1:$EMU_PORT" "$OUT/gateway.log" "-Xms1g -Xmx1g" \
     --gateway.bedrock.protocol=http2 --gateway.bedrock.max-connections=$((STREAMS + 100)) \
     --gateway.resilience.defaults.max-concurrent-calls=$((STREAMS + 100)) \
     --gateway.resilience.defaults.first-chunk-time-limit=30s \
     --logging.level.root=WARN --logging.level.bedrock.gateway.access=WARN \
     ${GATEWAY_WARMUP:+--gateway.warmup.duration=$GATEWAY_WARMUP}
for _ in $(seq 600); do curl -sf "127.0.0.1:$GW_PORT/actuator/health" >/dev/null && break; sleep 0.1; done
curl -sf "127.0.0.1:$GW_PORT/actuator/health" >/dev/null || bench_fail "the gateway did not start"

# Slow streams: 4 words a second, 24 words each by default: about 6 s per stream, so every connection stays busy.
curl -sf -X PUT "127.0.0.1:$EMU_PORT/emulator/faults/*" -H 'content-type: application/json' \
     -d '{"error":"none","tokens_per_second":4}' >/dev/null

drive "$OUT/wrk.txt" "$STREAMS" "$SECONDS_TO_RUN" 30 "http://127.0.0.1:$GW_PORT/v1/generate" \
      "{\"model\":\"llama3-8b\",\"prompt\":\"Hello\",\"stream\":true,\"parameters\":{\"max_tokens\":$STREAM_WORDS}}" \
  || bench_fail "the load driver failed: $(cat "$OUT/wrk.txt")"
read -r peak_rss peak_heap < <(peaks $GW "$OUT/gateway-gc.log")
completed=$(awk '/requests in/ {print $1}' "$OUT/wrk.txt")
errors=$(awk '/Socket errors/ {gsub(/,/,""); n+=$4+$6+$8+$10} /Non-2xx/ {n+=$NF} END {print n+0}' "$OUT/wrk.txt")
echo "| concurrent streams | completed streams in ${SECONDS_TO_RUN} s | errors (socket errors, non-2xx) | gateway peak heap used | gateway peak RSS |"
echo "|---|---|---|---|---|"
echo "| $STREAMS | $completed | $errors | $((peak_heap / 1024)) MiB | $((peak_rss / 1024)) MiB |"
[ "$errors" -eq 0 ] || bench_fail "$errors streams failed (wrk output: $OUT/wrk.txt)"
[ "${completed:-0}" -gt 0 ] || bench_fail "no stream completed"
