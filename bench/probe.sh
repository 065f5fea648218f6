#!/usr/bin/env bash
# Issue 15's load-and-fault probe at full scale, against the packaged gateway (target/gateway) and the emulator,
# each in its own JVM on loopback (about 2 minutes; needs wrk, like the full benchmark):
#   1. 256 connections on one model (llama3-8b), healthy upstream, 15 s: more than its bulkhead (64);
#   2. 128 connections with 3 s of upstream latency on that model, 15 s;
#   3. 500 callers open streams over the nine chat models at 5 tokens/s and hang up after 0.3 s; a second later,
#      the emulator's open calls and the gateway's bulkhead permits in use, then 1,000 requests over the same models.
# For each phase: answers by status, circuit_open answers, circuits open. Prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$(mktemp -d)
LOAD_DRIVER=wrk
# shellcheck source=bench/lib.sh
. bench/lib.sh
command -v wrk >/dev/null || { echo "bench/probe.sh needs wrk (apt-get install wrk, brew install wrk)" >&2; exit 1; }
[ -f "$CDS_JAR" ] || mvn -q -DskipTests package
EMU_PORT=$(free_port); GW_PORT=$(free_port)
EMU=""; GW=""
trap 'kill $GW $EMU 2>/dev/null || true' EXIT
start_emulator "$EMU_PORT"
start_gateway cds "$GW_PORT" "http://127.0.0.1:$EMU_PORT" "$OUT/gateway.log" "" --gateway.warmup.enabled=true
ready_ms "$GW_PORT" "$(now_ms)" > /dev/null
GW_URL="http://127.0.0.1:$GW_PORT"
EMU_URL="http://127.0.0.1:$EMU_PORT"
CHAT='{"model":"llama3-8b","prompt":"Hello","parameters":{"max_tokens":16}}'
MODELS=llama3-8b,llama3-70b,mistral-large,command-r,command-r-plus,claude-3-haiku,claude-3-sonnet,claude-3-opus,titan-text-express

metric() { # NAME FILTER: the sum of a Prometheus series' samples whose labels match FILTER (0 when none)
  curl -s "$GW_URL/actuator/prometheus" | awk -v name="$1{" -v filter="$2" \
    'index($0, name) == 1 && index($0, filter) {s+=$NF} END {printf "%d", s}'
}
open_circuits() {
  curl -s "$GW_URL/actuator/prometheus" | awk 'index($0, "resilience4j_circuitbreaker_state{") == 1 \
    && index($0, "state=\"open\"") && $NF == 1 {n++} END {printf "%d", n}'
}
fault() { curl -sf -X PUT -H 'content-type: application/json' -d "$2" "$EMU_URL/emulator/faults/$1" > /dev/null; }

phase() { # NAME CONNECTIONS: wrk on llama3-8b; prints a table row
  local before_open; before_open=$(metric gateway_requests_total 'outcome="circuit_open"')
  drive "$OUT/$1.txt" "$2" 15 20 "$GW_URL/v1/generate" "$CHAT"
  local total non2xx; total=$(awk '/requests in/ {print $1}' "$OUT/$1.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$OUT/$1.txt"); non2xx=${non2xx:-0}
  echo "| $1 | $total | $non2xx | $(( $(metric gateway_requests_total 'outcome="circuit_open"') - before_open )) | $(open_circuits) |"
}

echo "| phase | answers | non-2xx | circuit_open answers | circuits open after |"
echo "|---|---|---|---|---|"
phase "256 connections, healthy" 256
fault meta.llama3-8b-instruct-v1:0 '{"latency_ms":3000}'
phase "128 connections, 3 s upstream latency" 128
curl -sf -X DELETE "$EMU_URL/emulator/faults" > /dev/null
fault '*' '{"tokens_per_second":5}'
javac -d "$OUT/probe" bench/probe/DropStreams.java
java -cp "$OUT/probe" DropStreams "$GW_PORT" 500 300 0 "$MODELS" > "$OUT/drops.txt"
sleep 1
open_upstream=$(curl -s "$EMU_URL/emulator/calls" | grep -o '"open_calls":[0-9]*' | cut -d: -f2)
permits=$(curl -s "$GW_URL/actuator/prometheus" | awk '/^resilience4j_bulkhead_max_allowed_concurrent_calls\{/ {m+=$NF} /^resilience4j_bulkhead_available_concurrent_calls\{/ {a+=$NF} END {printf "%d", m-a}')
curl -sf -X DELETE "$EMU_URL/emulator/faults" > /dev/null
java -cp "$OUT/probe" DropStreams "$GW_PORT" 0 0 1000 "$MODELS" > "$OUT/after.txt"
echo "| 500 streams dropped after 0.3 s, 1 s later | upstream calls open: $open_upstream | permits held: $permits | | $(open_circuits) |"
echo "| then 1,000 requests | $(grep -o 'after: .*' "$OUT/after.txt") | | | $(open_circuits) |"
