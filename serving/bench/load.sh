#!/usr/bin/env bash
# The API load benchmark (not a unit test): starts the API on loopback against a generated data set, runs wrk at
# 64 connections on the three main endpoints, then again with the API's answer cache off (every request goes to
# PostgreSQL), then pgbench with the same SQL as /api/v1/prices, and prints requests/s, p50/p99 latency and the
# ratios API / pgbench.
#   serving/bench/load.sh [ROWS]        (default 1000000 rates; env DURATION=20 seconds per run, WARMUP=30 seconds
#                                        per endpoint before, CONNECTIONS=64; MODES="cached direct" and
#                                        ENDPOINTS="prices hospital_prices stats" choose the runs, e.g.
#                                        MODES=direct ENDPOINTS=prices for the uncached /prices and pgbench alone)
# Everything stays on 127.0.0.1; state lives in data/bench-api (the data set is generated once per ROWS).
set -euo pipefail
HOME_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH=$HOME_DIR/serving/bench
ROWS=${1:-1000000}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
DATA=$HOME_DIR/data/bench-api
PG_PORT=${BENCH_PG_PORT:-54339}
API_PORT=${BENCH_API_PORT:-7079}
mkdir -p "$DATA"

need() { # command, Debian package(s)
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "load.sh: installing $2 (for $1) from Debian's packages..." >&2
  if [ ! -f /var/lib/apt/periodic/update-success-stamp ] && [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock)" ]; then apt-get update -qq; fi
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $2 >/dev/null
  command -v "$1" >/dev/null 2>&1 || { echo "load.sh: $1 is still missing after installing $2" >&2; exit 2; }
}
need wrk wrk
need psql postgresql-client
# Debian ships pgbench with the server package (postgresql-NN); postgresql-contrib pulls in the current one
need pgbench postgresql-contrib

if [ ! -f "$HOME_DIR/serving/target/glimmr-serving.jar" ] || [ -n "$(find "$HOME_DIR/serving/src/main" "$HOME_DIR/common/src/main" -newer "$HOME_DIR/serving/target/glimmr-serving.jar" -type f -print -quit)" ]; then
  (cd "$HOME_DIR" && mvn -B -q -o -pl serving -am package -DskipTests)
fi
CP="$HOME_DIR/serving/target/glimmr-serving.jar:$(cat "$HOME_DIR/serving/target/runtime-classpath.txt")"
export GLIMMR_DATA_DIR=$DATA GLIMMR_DB_EMBEDDED_PORT=$PG_PORT GLIMMR_API_PORT=$API_PORT GLIMMR_API_HOST=127.0.0.1
# 4 connections: PostgreSQL shares the 2 cores with the API and wrk, more backends only queue for them
export GLIMMR_API_DB_POOL_SIZE=${GLIMMR_API_DB_POOL_SIZE:-4} GLIMMR_API_KEY_CACHE_SECONDS=60
JAVA="java -Xmx1g -XX:+UseParallelGC -cp $CP"

SERVER=
start_api() { # cache megabytes (0 = off)
  GLIMMR_API_CACHE_MB=$1 $JAVA org.glimmr.serving.GlimmrServing serve >"$DATA/serve.out" 2>"$DATA/serve.log" &
  SERVER=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$API_PORT/health" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -sf "http://127.0.0.1:$API_PORT/health" >/dev/null || { tail -20 "$DATA/serve.log"; echo "load.sh: the API did not start" >&2; exit 1; }
}
stop_api() {
  [ -z "$SERVER" ] || { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; SERVER=; }
}
trap stop_api EXIT
start_api 64

PSQL="psql -X -q -h 127.0.0.1 -p $PG_PORT -U postgres -d glimmr -v ON_ERROR_STOP=1"
# (a data set generated before the curated schema V4 has no modifiers: it is generated again)
have=$($PSQL -tAc "select count(*) from curated.negotiated_rates where file_sha256 = 'bench' and modifiers is not null")
if [ "$have" != "$ROWS" ]; then
  echo "load.sh: generating $ROWS rates (once)..." >&2
  $PSQL -v rows="$ROWS" -f "$BENCH/dataset.sql" >/dev/null
fi
# settle the tables first, so autovacuum does not start in the middle of a measurement
$PSQL -c "vacuum analyze curated.negotiated_rates, curated.hospitals, curated.code_price_stats" >/dev/null
KEY=$($JAVA org.glimmr.serving.GlimmrServing apikey create --name bench --role viewer --rate-limit 0 2>/dev/null)
ADMIN_KEY=$($JAVA org.glimmr.serving.GlimmrServing apikey create --name bench-admin --role admin --rate-limit 0 2>/dev/null)

echo "rates: $($PSQL -tAc 'select count(*) from curated.negotiated_rates'), cores: $(nproc), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A RPS P50 P99
measure() { # label endpoint...
  local label=$1; shift
  # warm up the JIT and the pool on every endpoint (on a busy 2-core machine C2 compilation of the request path
  # takes 30 s or more; with 10 s the first measured seconds still ran partly interpreted)
  for ep in "$@"; do
    API_KEY=$KEY ENDPOINT=$ep wrk -t2 -c"$CONNECTIONS" -d"${WARMUP:-30}s" -s "$BENCH/wrk-api.lua" "http://127.0.0.1:$API_PORT" >/dev/null
  done
  for ep in "$@"; do
    out=$(API_KEY=$KEY ENDPOINT=$ep wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$BENCH/wrk-api.lua" "http://127.0.0.1:$API_PORT")
    RPS[$label$ep]=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    P50[$label$ep]=$(awk '$1 == "50%" {print $2}' <<<"$out")
    P99[$label$ep]=$(awk '$1 == "99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    [ -z "$non2xx" ] || echo "load.sh: warning: $ep had $non2xx non-2xx answers" >&2
  done
}
# with the answer cache (the default): /prices and /stats ask about 1,000 codes, all seen in the warm-up, so they
# measure answers from the cache; /hospitals/{id}/prices asks about 400,000 hospital x code pairs, a mix of both
MODES=${MODES:-cached direct}
ENDPOINTS=${ENDPOINTS:-prices hospital_prices stats}
mode() { [[ " $MODES " == *" $1 "* ]]; }
# shellcheck disable=SC2086
! mode cached || measure cached $ENDPOINTS
metric() { curl -sf -H "X-API-Key: $ADMIN_KEY" "http://127.0.0.1:$API_PORT/metrics" | awk -v m="$1" '$1 == m {printf "%.0f", $2}'; }
HITS=$(metric glimmr_api_cache_hits_total); MISSES=$(metric glimmr_api_cache_misses_total)
stop_api
# without it: every request runs its SQL
start_api 0
# shellcheck disable=SC2086
! mode direct || measure direct $ENDPOINTS

# the same SQL as /api/v1/prices (limit=20 reads 21 rows), through pgbench with as many clients
rm -f "$DATA"/pgbench_log.*
# planned as the API's connections plan (serving's Db.PLANNING)
(cd "$DATA" && PGOPTIONS="-c jit=off -c plan_cache_mode=force_generic_plan" pgbench -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared -c "$CONNECTIONS" -j 2 -T "$DURATION" \
  -D code_type=CPT -D lim=21 -f "$BENCH/prices.sql" -l --log-prefix=pgbench_log glimmr >"$DATA/pgbench.out" 2>&1)
PG_TPS=$(awk -F' = ' '/^tps/ {split($2, a, " "); print a[1]}' "$DATA/pgbench.out")
read -r PG_P50 PG_P99 < <(cat "$DATA"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {printf "%.2fms %.2fms\n", a[int(NR*0.5)]/1000, a[int(NR*0.99)]/1000}')

printf '\n%-46s %12s %10s %10s\n' "what (${CONNECTIONS} connections, ${DURATION}s)" "requests/s" "p50" "p99"
for label in $MODES; do
  for ep in $ENDPOINTS; do
    case $ep in prices) name="GET /api/v1/prices";; hospital_prices) name="GET /api/v1/hospitals/{id}/prices";; stats) name="GET /api/v1/codes/{t}/{c}/stats";; esac
    printf '%-46s %12s %10s %10s\n' "$name ($label)" "${RPS[$label$ep]}" "${P50[$label$ep]}" "${P99[$label$ep]}"
  done
done
printf '%-46s %12s %10s %10s\n' "pgbench, the /prices SQL" "$PG_TPS" "$PG_P50" "$PG_P99"
! mode cached || echo "answer cache during the cached runs (warm-up included): $HITS hits, $MISSES misses"
for label in $MODES; do
  [ -z "${RPS[${label}prices]:-}" ] || awk -v a="${RPS[${label}prices]}" -v b="$PG_TPS" -v l="$label" \
    'BEGIN {printf "ratio API /prices (%s) : pgbench = %.2f\n", l, a / b}'
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg) (other processes on this machine share the cores)"
