#!/usr/bin/env bash
# Head-of-line benchmark for Kexin Gateway, on loopback only: how much do pathological bodies that take long to
# inspect delay the other clients?
#
# A gateway with the shipped policy pack on its route forwards to a mock upstream (nginx answering a static
# chat.completion). Ordinary clients send the ~2 KB chat request (bench/chat-request.json) at a fixed RATE on
# PACED_CONNECTIONS connections (wrk with bench/chat.lua's pacing; see bench/proxy-bench.sh for its limits). For
# each inspection MODE and each round, their latency is measured twice for DURATION seconds: quiet, and while
# ATTACKERS clients post ~1 MB pathological bodies back to back (three kinds in turn: "password=" repeated, runs of
# digits, 30,000 tiny messages).
#   offload  the default: bodies of limits.offloadInspectionBytes (16 KiB) or more are inspected on the pool
#   inline   offloadInspectionBytes above the request bound, so every body is inspected on its event loop (what
#            the gateway did before the pool existed)
# The table reports, per mode, the ordinary clients' p50/p99 quiet and under attack (median over ROUNDS), the
# added p99 (median of the per-round differences), the worst latency, the share of sends that left late (a stalled
# event loop delays the next send of a paced connection: wrk does not correct for it, so "late" and "max" show a
# stall that p99 alone can hide), and how many pathological bodies were answered. The target: with offload, other
# clients' p99 rises by at most 10 ms.
#
# Usage:  bench/head-of-line.sh
# Env:    DURATION=20 ROUNDS=3 RATE=200 PACED_CONNECTIONS=4 ATTACKERS=2 MODES="offload inline"
#         GATEWAY_WORKERS=<cores> GATEWAY_JAVA_OPTS="-Xmx1g" GATEWAY_JAR=target/kexin-gateway.jar KEEP_TMP=1
# Needs:  wrk, nginx, curl, python3 (to write the bodies), java 17; builds the jar with mvn if it is missing.
# Talks only to 127.0.0.1 and stops by itself; all processes it starts are stopped on exit.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
CORES=$(nproc 2>/dev/null || echo 2)

DURATION=${DURATION:-20}
ROUNDS=${ROUNDS:-3}
RATE=${RATE:-200}
PACED_CONNECTIONS=${PACED_CONNECTIONS:-4}
ATTACKERS=${ATTACKERS:-2}
MODES=${MODES:-offload inline}
GATEWAY_WORKERS=${GATEWAY_WORKERS:-$CORES}
GATEWAY_JAR=${GATEWAY_JAR:-$ROOT/target/kexin-gateway.jar}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--Xmx1g}

GW_PORT=18380
MOCK_PORT=18381
ADMIN_PORT=19390
CLIENT_KEY=kx-bench-key
BODY=$BENCH_DIR/chat-request.json
LUA=$BENCH_DIR/chat.lua

BENCH_NAME=head-of-line
BENCH_INSTALL_HINT="On Debian/Ubuntu: sudo apt-get install -y wrk nginx curl python3"
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

require_tools wrk nginx curl python3 java
require_free_ports $GW_PORT $MOCK_PORT $ADMIN_PORT
ensure_jar
bench_tmp kexin-hol

# ---------------------------------------------------------------- pathological bodies (~1 MB each)
python3 - "$TMP" <<'PY'
import json, sys
out = sys.argv[1]
def chat(messages):
    return json.dumps({"model": "gpt-4o-mini", "messages": messages}, ensure_ascii=False)
size = 1_000_000
bodies = {
    "passwords": chat([{"role": "user", "content": ("password=" * (size // 9))[:size]}]),
    "digits": chat([{"role": "user", "content": " ".join("1380013800" + str(i % 10) for i in range(size // 12))}]),
    "messages": chat([{"role": "user", "content": "密码 %d" % i} for i in range(30_000)]),
}
for name, body in bodies.items():
    with open(f"{out}/{name}.json", "w", encoding="utf-8") as f:
        f.write(body)
PY

# ---------------------------------------------------------------- mock upstream
start_mock_upstream 8m

# ---------------------------------------------------------------- load
paced() { # seconds -> RESULT line
  BENCH_BODY=$BODY BENCH_AUTH="Bearer $CLIENT_KEY" \
    BENCH_PACE_RPS=$(awk -v r="$RATE" -v c="$PACED_CONNECTIONS" 'BEGIN{printf "%.4f", r/c}') \
    timeout $(($1 + 30)) wrk -t"$PACED_CONNECTIONS" -c"$PACED_CONNECTIONS" -d"${1}s" -s "$LUA" \
    "http://127.0.0.1:$GW_PORT/v1/chat/completions" | grep '^RESULT ' || die "no result from wrk"
}

attack() { # seconds -> count of answered bodies on stdout
  local end=$((SECONDS + $1)) n=0 kinds=(passwords digits messages)
  while ((SECONDS < end)); do
    curl -s -o /dev/null --max-time 30 -H 'Content-Type: application/json' -H "Authorization: Bearer $CLIENT_KEY" \
      --data-binary "@$TMP/${kinds[n % 3]}.json" "http://127.0.0.1:$GW_PORT/v1/chat/completions" || true
    n=$((n + 1))
  done
  echo "$n"
}

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
median() { sort -g | awk '{a[NR]=$1} END{if (NR == 0) print "nan"; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
ms() { awk -v v="$1" 'BEGIN{ if (v == "nan" || v == "") print "-"; else printf "%.2f", v/1000 }'; }

RAW=$TMP/raw.txt
: >"$RAW"
for mode in $MODES; do
  write_gateway_config "$TMP/gateway-$mode.yaml" default,pii,secrets
  if [[ $mode == inline ]]; then
    echo "limits: {offloadInspectionBytes: 16777216, maxRequestBytes: 8388608}" >>"$TMP/gateway-$mode.yaml"
  else
    echo "limits: {maxRequestBytes: 8388608}" >>"$TMP/gateway-$mode.yaml"
  fi
  log "mode $mode: starting the gateway ($GATEWAY_WORKERS workers, $GATEWAY_JAVA_OPTS, shipped pack)"
  start_gateway "$TMP/gateway-$mode.yaml" "$TMP/gateway-$mode.log" --workers "$GATEWAY_WORKERS"
  wait_ready "http://127.0.0.1:$ADMIN_PORT/readyz" 60
  for kind in passwords digits messages; do
    code=$(curl -s -o "$TMP/check.json" -w '%{http_code}' --max-time 60 -H 'Content-Type: application/json' \
      -H "Authorization: Bearer $CLIENT_KEY" --data-binary "@$TMP/$kind.json" \
      "http://127.0.0.1:$GW_PORT/v1/chat/completions") || code=000
    log "  $kind body ($(wc -c <"$TMP/$kind.json") B): HTTP $code"
  done
  log "  warming up 10 s"
  paced 10 >/dev/null
  for ((r = 1; r <= ROUNDS; r++)); do
    quiet=$(paced "$DURATION")
    attackers=()
    for ((a = 0; a < ATTACKERS; a++)); do
      attack "$DURATION" >"$TMP/attack-$a.txt" &
      attackers+=($!)
    done
    loud=$(paced "$DURATION")
    wait "${attackers[@]}"
    answered=$(cat "$TMP"/attack-*.txt | awk '{s += $1} END{print s+0}')
    echo "mode=$mode round=$r quiet_p50=$(field p50_us <<<"$quiet") quiet_p99=$(field p99_us <<<"$quiet")" \
      "quiet_max=$(field max_us <<<"$quiet") loud_p50=$(field p50_us <<<"$loud") loud_p99=$(field p99_us <<<"$loud")" \
      "loud_max=$(field max_us <<<"$loud") loud_late=$(field late <<<"$loud") loud_requests=$(field requests <<<"$loud")" \
      "attacks=$answered" | tee -a "$RAW" >&2
  done
  kill -TERM "$GATEWAY_PID" 2>/dev/null || true
  wait "$GATEWAY_PID" 2>/dev/null || true
done

echo
echo "Kexin Gateway head-of-line benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $CORES cores, $(java -version 2>&1 | head -n1)"
echo "ordinary clients: $RATE req/s on $PACED_CONNECTIONS connections, $(wc -c <"$BODY") B chat request; attack: $ATTACKERS clients posting ~1 MB pathological bodies back to back; ${DURATION}s per measure, median of $ROUNDS rounds; shipped pack; --workers $GATEWAY_WORKERS $GATEWAY_JAVA_OPTS"
echo
echo "| mode | quiet p50 ms | quiet p99 ms | quiet max ms | attacked p50 ms | attacked p99 ms | attacked max ms | added p99 ms | late sends under attack | bodies answered per round |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for mode in $MODES; do
  m() { grep "^mode=$mode " "$RAW" | field "$1" | median; }
  added=$(grep "^mode=$mode " "$RAW" | awk '{for (i = 1; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]} print v["loud_p99"] - v["quiet_p99"]}' | median)
  late=$(grep "^mode=$mode " "$RAW" | awk '{for (i = 1; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]} printf "%.2f\n", 100 * v["loud_late"] / v["loud_requests"]}' | median)
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s%% | %s |\n' "$mode" "$(ms "$(m quiet_p50)")" \
    "$(ms "$(m quiet_p99)")" "$(ms "$(m quiet_max)")" "$(ms "$(m loud_p50)")" "$(ms "$(m loud_p99)")" \
    "$(ms "$(m loud_max)")" "$(ms "$added")" "$late" "$(m attacks)"
done
