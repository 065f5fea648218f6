#!/usr/bin/env bash
# The warm-up curve: requests per second in each WINDOW-second window from the first request, under saturating
# load (CONNECTIONS, default 32), for a fresh packaged gateway (target/gateway) in each configuration, one after the
# other in the same run, each in a fresh JVM, against one Bedrock emulator warmed first (Bedrock is warm when a
# replica starts). The load starts once the gateway reports itself ready (/actuator/health/readiness), as a load
# balancer would send it; the time from launch to ready is printed beside each curve.
#   bench/warmup.sh [seconds] [window]      (defaults 45 and 5)
# GATEWAY_WARMUP (environment) sets gateway.warmup.duration (default: the gateway's, 10 s).
# CURVES (environment) lists the configurations, default "cds cds+warmup":
#   cds             the layout with its class-data-sharing archive, start-up warm-up off (the layout before it)
#   cds+warmup      the same with the start-up warm-up (gateway.warmup), model calls included: this
#                   benchmark's Bedrock is an emulator (with real Bedrock the default sends none, see cds+local)
#   cds+local       the start-up warm-up without model calls (what the default does with real Bedrock)
#   ...+jit         with JIT_OPTS (default -XX:CompileThresholdScaling=0.1: the JIT compiles a method after a
#                   tenth of the calls it waits for by default), e.g. cds+jit, cds+warmup+jit
#   aot, aot+warmup JDK 25 with the ahead-of-time cache (bench/aot-cache.sh writes it when missing), without and
#                   with the start-up warm-up
# Prints a markdown table: one row per configuration, with its steady rate (the mean of its last three windows)
# and the first window at or above 90% of the best steady rate of the run.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-45}
WINDOW=${2:-5}
CONNECTIONS=${CONNECTIONS:-32}
CURVES=${CURVES:-cds cds+warmup}
JIT_OPTS=${JIT_OPTS:--XX:CompileThresholdScaling=0.1}
OUT=$(mktemp -d)
# shellcheck source=bench/lib.sh
. bench/lib.sh
EMU_PORT=$(free_port)
GW_PORT=$(free_port)
EMU=""; GW=""
trap 'kill $GW $EMU 2>/dev/null || true' EXIT
case " $CURVES " in *" aot"*)
  AOT_JAVA=$(aot_java) || exit 1
  [ -f "$AOT_CACHE" ] || bench/aot-cache.sh >&2 ;;
esac

start_emulator "$EMU_PORT"
NATIVE='{"prompt":"<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nSay hello.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n","max_gen_len":16}'
drive "$OUT/emulator-warmup.txt" "$CONNECTIONS" "$(( SECONDS_TO_RUN < 20 ? SECONDS_TO_RUN : 20 ))" 10 \
  "http://127.0.0.1:$EMU_PORT/model/meta.llama3-8b-instruct-v1:0/invoke" "$NATIVE" \
  || bench_fail "the load driver failed warming the emulator: $(cat "$OUT/emulator-warmup.txt")"

CHAT='{"model":"llama3-8b","prompt":"Say hello in five words.","parameters":{"max_tokens":16}}'
windows=$(( SECONDS_TO_RUN / WINDOW ))
declare -A curve ready steady
for config in $CURVES; do
  launch=${config%%+*}
  case "$config" in
    *+warmup*) args=(--gateway.warmup.model-calls=always) ;;
    *+local*) args=(--gateway.warmup.model-calls=never) ;;
    *) args=(--gateway.warmup.enabled=false) ;;
  esac
  options=${GATEWAY_JAVA_OPTS:-}
  case "$config" in *+jit*) options="$options $JIT_OPTS" ;; esac
  log="$OUT/gateway-${config//+/-}.log"
  started=$(now_ms)
  [ -n "${GATEWAY_WARMUP:-}" ] && args+=(--gateway.warmup.duration="$GATEWAY_WARMUP")
  start_gateway "$launch" "$GW_PORT" "http://127.0.0.1:$EMU_PORT" "$log" "$options" "${args[@]}"
  ready[$config]=$(ready_ms "$GW_PORT" "$started")
  if grep -q '\]\[cds\|\]\[aot' "$log"; then
    bench_fail "$config ran without its archive or cache: $(grep '\]\[cds\|\]\[aot' "$log" | head -3)"
  fi
  rates=()
  for i in $(seq "$windows"); do
    drive "$OUT/window.txt" "$CONNECTIONS" "$WINDOW" 10 "http://127.0.0.1:$GW_PORT/v1/generate" "$CHAT" \
      || bench_fail "the load driver failed in $config: $(cat "$OUT/window.txt")"
    rates+=("$(awk '/^Requests\/sec/ {printf "%d", $2}' "$OUT/window.txt")")
    errors=$(awk '/Socket errors/ {gsub(/,/,""); n+=$4+$6+$8+$10} /Non-2xx/ {n+=$NF} END {print n+0}' "$OUT/window.txt")
    [ "$errors" -eq 0 ] || bench_fail "$errors requests failed in $config, window $i: $(cat "$OUT/window.txt")"
  done
  curve[$config]="${rates[*]}"
  steady[$config]=$(echo "${rates[*]}" | awk '{n=(NF<3)?NF:3; s=0; for (i=NF-n+1;i<=NF;i++) s+=$i; printf "%d", s/n}')
  kill "$GW"; wait "$GW" 2>/dev/null || true; GW=""
done

best=0
for config in $CURVES; do [ "${steady[$config]}" -gt "$best" ] && best=${steady[$config]}; done
header="| configuration (fresh JVM; load from ready) | launch to ready |"; rule="|---|---|"
for i in $(seq "$windows"); do header="$header $(( i * WINDOW )) s |"; rule="$rule---|"; done
echo "Warm-up curve: req/s in each ${WINDOW} s window from the first request, $CONNECTIONS connections" \
     "($LOAD_DRIVER), /v1/generate through the gateway; steady = mean of the last three windows"
echo
echo "$header steady req/s | first window ≥ 90% of $best req/s |"
echo "$rule---|---|"
for config in $CURVES; do
  reached=$(echo "${curve[$config]}" | awk -v goal="$(( best * 9 / 10 ))" -v w="$WINDOW" \
    '{for (i=1;i<=NF;i++) if ($i>=goal) {printf "%d s", i*w; exit} print "not within the run"}')
  echo "| $config | ${ready[$config]} ms | $(echo "${curve[$config]}" | sed 's/ / | /g') | ${steady[$config]} | $reached |"
done
