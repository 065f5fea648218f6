#!/usr/bin/env bash
# What governance costs (issue 18): the same gateway with and without API keys, rate limits, budgets and the
# spend ledger, in one invocation.
#
#   bench/governance.sh     about 8 minutes; figures also written to bench/results/governance.md
#
# Starts the Bedrock emulator in its own JVM and two packaged gateways (target/gateway with its class-data-sharing
# archive, as bench/run.sh measures it), both pointed at that one emulator:
#   A: as it ships for a single replica: auth off, everything in memory;
#   B: gateway.auth.mode=keys, its keys and its ledger in PostgreSQL (a schema of its own, dropped afterwards), its
#      rate-limit and spend counters in Redis (a key prefix of its own, deleted afterwards), and one team and one key
#      made through the admin API, with limits and budgets far above what the run can use. So each of B's requests
#      is looked up by its key, takes its counters in Redis (one round trip), has its budgets read and its cost
#      charged (Redis again), and leaves a row for the ledger's batched writes, and none is refused.
# Both are driven with bench/run.sh's loads on its native API (/v1/generate, the small chat request): most req/s at
# CONNECTIONS, and p50 / p99 at a steady RATE (each connection pausing 10 ms on average, calibrated). A and B take
# turns, phase by phase (A B, then B A, ...), for ROUNDS rounds, so both meet the same machine (other work on its two
# cores, the emulator's JIT, the page cache); the figures are the medians over the rounds, and the comparisons the
# medians of each round's pair. Targets (issue 18): B's most req/s at least 80% of A's, and B's p50 at the steady
# rate at most 0.3 ms above A's.
# Then it checks that B really governed what it served: the ledger in its schema has a row for every request the
# load driver saw answered and dropped none, and Redis holds B's limit and spend counters; else the run fails, since
# figures from a B that skipped its governance would say nothing.
#
# Settings (environment): WARMUP seconds of saturating load per gateway before it is measured (60: on two cores
# shared with the load driver and the emulator, the JIT needs about a minute under load; see README, Warm-up),
# RATE_WARMUP seconds at the steady rate per gateway before that is measured (20, as bench/run.sh), DURATION seconds
# per measured phase (20), ROUNDS (3), CONNECTIONS (32), RATE req/s (2000), GATEWAY_JAVA_OPTS, LOAD_DRIVER (wrk, or
# java), PG_URL (jdbc:postgresql://127.0.0.1:5432/test), PG_USER (postgres; its password in PG_PASSWORD),
# REDIS_URL (redis://127.0.0.1:6379/0).
# Needs: what bench/run.sh needs, a PostgreSQL and a Redis it may write to, psql and redis-cli.
set -euo pipefail
cd "$(dirname "$0")/.."

WARMUP=${WARMUP:-60}; RATE_WARMUP=${RATE_WARMUP:-20}; DURATION=${DURATION:-20}; ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-32}; RATE=${RATE:-2000}; LOAD_DRIVER=${LOAD_DRIVER:-wrk}
GATEWAY_WARMUP=${GATEWAY_WARMUP:-10s}; GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:-}
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}; PG_USER=${PG_USER:-postgres}; PG_PASSWORD=${PG_PASSWORD:-}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
export LOAD_DRIVER

OUT=$(mktemp -d)
RESULTS=${RESULTS:-bench/results/governance.md}
mkdir -p "$(dirname "$RESULTS")"
# shellcheck source=bench/lib.sh
. bench/lib.sh
for tool in psql redis-cli; do
  command -v $tool >/dev/null || { echo "bench: $tool is not installed (Debian/Ubuntu: postgresql-client, redis-tools)" >&2; exit 1; }
done

# B's own corner of the shared PostgreSQL and Redis, named after this run, so other users of both (tests, other
# gateways, another run of this script) are never touched, and cleaning up removes only what this run wrote.
SCHEMA="govbench_$$_$(date +%s)"
PREFIX="govbench-$$-$(date +%s):"
sql() { PGPASSWORD=$PG_PASSWORD psql "${PG_URL#jdbc:}" -U "$PG_USER" -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }
redis() { redis-cli -u "$REDIS_URL" --no-auth-warning "$@"; }
sql 'select 1' >/dev/null || { echo "bench: PostgreSQL at $PG_URL does not answer" >&2; exit 1; }
[ "$(redis ping)" = PONG ] || { echo "bench: Redis at $REDIS_URL does not answer" >&2; exit 1; }
# SCAN, not KEYS: it does not block a Redis others use; DEL only what carries this run's prefix.
b_redis_keys() { redis --scan --pattern "${PREFIX}${1:-}*"; }

EMU=""; GW_A=""; GW_B=""
cleanup() {
  # the gateways first: B's ledger writer must be gone before its schema is
  kill $GW_A $GW_B $EMU 2>/dev/null || true; wait 2>/dev/null || true
  sql "drop schema if exists \"$SCHEMA\" cascade" >/dev/null 2>&1 || echo "bench: could not drop schema $SCHEMA" >&2
  b_redis_keys | xargs -r -d '\n' redis-cli -u "$REDIS_URL" --no-auth-warning del >/dev/null 2>&1 \
    || echo "bench: could not delete Redis keys $PREFIX*" >&2
}
trap cleanup EXIT
fail() { bench_fail "$@"; }

EMU_PORT=$(free_port)
start_emulator "$EMU_PORT"
EMU_URL="http://127.0.0.1:$EMU_PORT"
CHAT='{"model":"llama3-8b","prompt":"Say hello in five words.","parameters":{"max_tokens":16}}'

# ---- the two gateways, one after the other so neither starts while the other takes the cores
# started GATEWAY PORT [arguments...]: starts one, waits until it is ready (after its start-up warm-up)
started() {
  local name=$1 port=$2 began; shift 2
  began=$(now_ms)
  start_gateway cds "$port" "$EMU_URL" "$OUT/gateway-$name.log" "$GATEWAY_JAVA_OPTS" \
                --gateway.warmup.duration="$GATEWAY_WARMUP" "$@"
  ready_ms "$port" "$began" >/dev/null
  # the JVM only warns when it cannot map an archive (another JDK, a stale archive) and then starts without it
  if grep -q '\]\[cds' "$OUT/gateway-$name.log"; then
    fail "gateway $name ran without its class-data-sharing archive"
  fi
}
A_PORT=$(free_port)
started A "$A_PORT"
GW_A=$GW
A_URL="http://127.0.0.1:$A_PORT"

B_PORT=$(free_port)
ADMIN_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
# the admin key by the environment (GATEWAY_ADMIN_KEY), not on the command line where ps shows it
GATEWAY_ADMIN_KEY=$ADMIN_KEY started B "$B_PORT" --gateway.auth.mode=keys \
  --gateway.store.postgres.url="$PG_URL" --gateway.store.postgres.username="$PG_USER" \
  --gateway.store.postgres.password="$PG_PASSWORD" --gateway.store.postgres.schema="$SCHEMA" \
  --gateway.store.redis.url="$REDIS_URL" --gateway.store.redis.key-prefix="$PREFIX"
GW_B=$GW
B_URL="http://127.0.0.1:$B_PORT"

# B's team and key, through the admin API as an operator makes them. Limits and budgets are set (so every check
# runs: key, team, and the key's own for the model) but far above the run: about 10,000 req/s would use 600,000
# requests and some 20 million tokens a minute, and cents of budget.
LIMITS='"requests_per_minute":2000000000,"tokens_per_minute":2000000000'
BUDGETS='"daily_budget_usd":99999999,"monthly_budget_usd":99999999'
admin() { # PATH BODY: POSTs to B's admin API, prints the answer, fails unless 201
  local answer
  answer=$(curl -s -w '\n%{http_code}' -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' \
                -d "$2" "$B_URL/admin/v1/$1")
  [ "${answer##*$'\n'}" = 201 ] || fail "POST /admin/v1/$1 answered ${answer##*$'\n'}: ${answer%$'\n'*}"
  echo "${answer%$'\n'*}"
}
admin teams "{\"name\":\"govbench\",$LIMITS,$BUDGETS}" >/dev/null
created=$(admin keys "{\"name\":\"govbench\",\"team\":\"govbench\",$LIMITS,$BUDGETS,\"model_limits\":{\"llama3-8b\":{$LIMITS}}}")
KEY=$(sed -n 's/.*"key":"\([^"]*\)".*/\1/p' <<< "$created")
KEY_ID=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<< "$created")
[ -n "$KEY" ] && [ -n "$KEY_ID" ] || fail "no key in the admin API's answer"

# B governs before it is measured: no key is refused, the key is served with the rate-limit headers.
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$CHAT" "$B_URL/v1/generate")
[ "$status" = 401 ] || fail "gateway B answered $status to a request without a key, not 401: are keys on?"
curl -sf -D "$OUT/b-headers.txt" -o /dev/null -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
     -d "$CHAT" "$B_URL/v1/generate" || fail "gateway B refused its own key"
grep -qi '^x-ratelimit-remaining-requests' "$OUT/b-headers.txt" || fail "gateway B's answer has no x-ratelimit headers"

# ---- load
# on GATEWAY PHASE CONNECTIONS SECONDS [PAUSE_MS]: the load driver (bench/lib.sh) on gateway A or B (with its key),
# its output in $OUT/PHASE-GATEWAY.txt
on() {
  local url=$A_URL header=""
  [ "$1" = B ] && { url=$B_URL; header="Authorization: Bearer $KEY"; }
  LOAD_HEADER=$header drive "$OUT/$2-$1.txt" "$3" "$4" 10 "$url/v1/generate" "$CHAT" "${5:-0}" \
    || fail "the load driver failed in $2 on $1: $(cat "$OUT/$2-$1.txt")"
  # B's limit counters live one window (a minute) in Redis: count them while this phase's are still there
  [ "$1" = B ] && b_redis_keys 'limits:' | wc -l > "$OUT/$2-limit-keys.txt"
  return 0
}
# rps, pct and errors read the outputs (bench/lib.sh); answered NAME: the requests the driver saw answered
answered() { awk '/ requests in / {print $1}' "$OUT/$1.txt"; }
# in_turn PHASE CONNECTIONS SECONDS [PAUSE_MS]: ROUNDS rounds of the phase on A and on B, the order swapped each
# round, so neither always runs right after the other's load (outputs PHASE-ROUND-A/B)
in_turn() {
  local round
  for round in $(seq "$ROUNDS"); do
    if [ $((round % 2)) = 1 ]; then on A "$1-$round" "${@:2}"; on B "$1-$round" "${@:2}"
    else on B "$1-$round" "${@:2}"; on A "$1-$round" "${@:2}"; fi
  done
}

# Warm-up at full load, each gateway in turn: the JIT compiles the request path, B's with its key lookup, Redis
# client and ledger writer. Less than this leaves the later of A's and B's phases faster than the first only
# because the JIT had longer.
on A warmup "$CONNECTIONS" "$WARMUP"
on B warmup "$CONNECTIONS" "$WARMUP"
in_turn most "$CONNECTIONS" "$DURATION"

# Steady rate, as bench/run.sh: every connection waits PAUSE ms on average after each answer; the connection count
# is calibrated on A for RATE and used for both, so both get the same offered load.
PAUSE=10
rate_connections=$(( (RATE * (PAUSE + 1) + 999) / 1000 ))
on A calibrate "$rate_connections" 2 "$PAUSE"
seen=$(rps calibrate-A); [ "${seen:-0}" -gt 0 ] || fail "no answers while calibrating the steady rate"
rate_connections=$(( (rate_connections * RATE + seen / 2) / seen )); [ "$rate_connections" -ge 1 ] || rate_connections=1
# a load shape the JVM has not run yet makes the JIT recompile much of the request path (bench/run.sh)
on A warmup-rate "$rate_connections" "$RATE_WARMUP" "$PAUSE"
on B warmup-rate "$rate_connections" "$RATE_WARMUP" "$PAUSE"
in_turn rate "$rate_connections" "$DURATION" "$PAUSE"

# ---- B governed what it served
# Every request B answered has a ledger row (written behind it, within gateway.ledger.flush-interval, 1 s): wait
# until the count stops growing. Requests still in flight when a phase ended may add rows the driver never counted,
# so the ledger may have more, never fewer.
b_served=0
for file in "$OUT"/*-B.txt; do b_served=$((b_served + $(answered "$(basename "$file" .txt)"))); done
ledger_rows=-1
for _ in $(seq 20); do
  sleep 1
  rows=$(sql "select count(*) from \"$SCHEMA\".ledger where key_id = '$KEY_ID'") || fail "could not read B's ledger"
  [ "$rows" = "$ledger_rows" ] && break
  ledger_rows=$rows
done
dropped=$(curl -sf "$B_URL/actuator/prometheus" | awk '/^gateway_ledger_dropped_rows_total/ {n+=$NF} END {printf "%d", n}')
limit_keys=$(sort -n "$OUT"/*-limit-keys.txt | tail -1)
spend_keys=$(b_redis_keys 'spend:' | wc -l)

# ---- figures
# median [FORMAT]: the middle of the numbers on standard input (the mean of the two middle ones for an even count)
median() {
  sort -g | awk -v f="${1:-%.3f}" '{v[NR]=$1} END {printf f, (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'
}
rps_of() { rps "$1-$3-$2"; }                                  # PHASE GATEWAY ROUND
pct_of() { pct "$1-$4-$2" "$3"; }                             # PHASE GATEWAY PERCENT ROUND
ratio_of() { awk -v b="$(rps "most-$1-B")" -v a="$(rps "most-$1-A")" 'BEGIN {printf "%.2f", (a > 0) ? b / a : 0}'; }
p50_diff_of() { awk -v b="$(pct "rate-$1-B" 50)" -v a="$(pct "rate-$1-A" 50)" 'BEGIN {printf "%.3f", b-a}'; }
p99_diff_of() { awk -v b="$(pct "rate-$1-B" 99)" -v a="$(pct "rate-$1-A" 99)" 'BEGIN {printf "%.3f", b-a}'; }
# medof FORMAT FUNCTION ARGS...: the median over the rounds of FUNCTION ARGS... ROUND
medof() { local format=$1 round; shift; for round in $(seq "$ROUNDS"); do "$@" "$round"; echo; done | median "$format"; }
rps_a=$(medof %d rps_of most A); rps_b=$(medof %d rps_of most B); ratio=$(medof %.2f ratio_of)
p50_a=$(medof %.3f pct_of rate A 50); p50_b=$(medof %.3f pct_of rate B 50); p50_diff=$(medof %.3f p50_diff_of)
p99_a=$(medof %.3f pct_of rate A 99); p99_b=$(medof %.3f pct_of rate B 99); p99_diff=$(medof %.3f p99_diff_of)
rate_a=$(medof %d rps_of rate A); rate_b=$(medof %d rps_of rate B)
signed() { awk -v v="$1" 'BEGIN {printf "%s%s", (v >= 0) ? "+" : "", v}'; }
verdict() { awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN {ok = (op == ">=") ? (v >= t) : (v <= t); print (ok ? "PASS" : "MISS")}'; }
total_errors=0
for file in "$OUT"/*-[AB].txt; do total_errors=$((total_errors + $(errors "$(basename "$file" .txt)"))); done

{
  echo "Bedrock Gateway governance benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $( [ "$LOAD_DRIVER" = wrk ] && echo 'wrk -t2' || echo 'bench/load/LoadDriver.java'),"
  echo "warm-up $WARMUP s at full load + $RATE_WARMUP s at the rate per gateway, $ROUNDS rounds of $DURATION s per phase (A and B in turn), medians;"
  echo "A: auth off, in memory; B: keys (PostgreSQL), limits and spend (Redis), ledger (PostgreSQL, batched); POST /v1/generate (llama3-8b, 16 tokens)"
  echo
  echo "| measure | A: governance off | B: keys, limits, budgets, ledger | B against A | target | |"
  echo "|---|---|---|---|---|---|"
  echo "| most req/s ($CONNECTIONS connections) | $rps_a | $rps_b | ${ratio}× | ≥ 0.80× | $(verdict "$ratio" '>=' 0.80) |"
  echo "| p50 at a steady rate (target $RATE req/s; A $rate_a, B $rate_b), ms | $p50_a | $p50_b | $(signed "$p50_diff") ms | ≤ +0.3 ms | $(verdict "$p50_diff" '<=' 0.3) |"
  echo "| p99 at the steady rate, ms | $p99_a | $p99_b | $(signed "$p99_diff") ms | | |"
  echo
  echo "| round | A most req/s | B most req/s | B / A | A p50 / p99 at the rate, ms | B p50 / p99 at the rate, ms |"
  echo "|---|---|---|---|---|---|"
  for round in $(seq "$ROUNDS"); do
    echo "| $round | $(rps "most-$round-A") | $(rps "most-$round-B") | $(ratio_of "$round") | $(pct "rate-$round-A" 50) / $(pct "rate-$round-A" 99) | $(pct "rate-$round-B" 50) / $(pct "rate-$round-B" 99) |"
  done
  echo
  echo "B's governance: $ledger_rows ledger rows for $b_served requests answered to the load driver, $dropped dropped;" \
       "$limit_keys limit and $spend_keys spend counters in Redis. Errors (socket errors and non-2xx, all phases): $total_errors."
} | tee "$RESULTS"

[ "$ledger_rows" -ge "$b_served" ] || fail "B's ledger has $ledger_rows rows for $b_served requests served: rows went missing"
[ "$dropped" = 0 ] || fail "B's ledger dropped $dropped rows"
[ "$limit_keys" -gt 0 ] || fail "Redis holds no limit counters of B (${PREFIX}limits:*)"
[ "$spend_keys" -gt 0 ] || fail "Redis holds no spend counters of B (${PREFIX}spend:*)"
[ "$total_errors" -eq 0 ] || fail "$total_errors requests failed"
