#!/usr/bin/env bash
# Soak test for Kexin Gateway, on loopback only: does memory stay flat under a steady load?
#
# A gateway with the shipped policy pack (default, pii, secrets) on its route forwards to a mock upstream (nginx
# answering a static chat.completion). Clients send the ~2 KB Chinese and English chat request
# (bench/chat-request.json) at a fixed RATE (default 1,000 req/s) on PACED_CONNECTIONS keep-alive connections for
# DURATION seconds (default 600), after a WARMUP at the same rate that is not reported.
#
# The load runs in one-minute segments. After each minute the load pauses for the measurement (about a second),
# so that the forced collection below does not land in a measured minute, and one row is printed:
#   rate        requests per second achieved in the minute, and "late %": the share of sends that left more than
#               1 ms after their slot. Debian has wrk, not wrk2: bench/chat.lua paces wrk's connections on an
#               absolute schedule (a late send is followed by the next ones at once, so the average rate holds
#               while the gateway keeps up); wrk measures latency from when a request is written, so a stall is
#               under-counted in p99 (coordinated omission) but shows as late sends. A minute with more than 1%
#               late sends is flagged "pacing slipped": its p99 is optimistic.
#   p50/p99/max latency of the minute (wrk's histogram), in ms
#   errors      wrk's errors in the minute: connect, read, write, timeout and HTTP >= 400
#   non-2xx     answers other than 2xx counted by the gateway itself in the minute (kexin_requests_total)
#   heap        heap used after a full collection (jcmd GC.run, then GC.heap_info), in MiB: flat if nothing leaks
#   RSS         resident set size of the gateway process (/proc/PID/status VmRSS), in MiB
#   direct      direct buffers in use (jvm_buffer_pool_used_bytes{pool="direct"} from the admin /metrics: Netty's
#               pooled arenas allocate their chunks there), in MiB
#   buffered    bytes held in buffered bodies at that moment (kexin_buffered_bytes), in KiB
#   fds         open file descriptors of the gateway process (sockets included)
# The summary gives the heap, RSS and direct drift between the first and the last minute.
#
# Usage:  bench/soak.sh                     (run by hand; not part of CI)
# Env:    DURATION=600 WARMUP=30 RATE=1000 PACED_CONNECTIONS=10 GATEWAY_WORKERS=<cores>
#         GATEWAY_JAVA_OPTS="-Xmx512m" GATEWAY_JAR=target/kexin-gateway.jar KEEP_TMP=1 (keep configs and logs)
# Needs:  wrk, nginx, curl, java 17 with jcmd (a JDK, not only a JRE); builds the jar with mvn if it is missing.
# Talks only to 127.0.0.1, stops after DURATION + WARMUP plus a few seconds a minute, and stops every process it
# started when it exits or is interrupted.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
CORES=$(nproc 2>/dev/null || echo 2)

DURATION=${DURATION:-600}
WARMUP=${WARMUP:-30}
RATE=${RATE:-1000}
PACED_CONNECTIONS=${PACED_CONNECTIONS:-10}
GATEWAY_WORKERS=${GATEWAY_WORKERS:-$CORES}
GATEWAY_JAR=${GATEWAY_JAR:-$ROOT/target/kexin-gateway.jar}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--Xmx512m}
LATE_MAX_PCT=1

GW_PORT=18480
MOCK_PORT=18481
ADMIN_PORT=19490
CLIENT_KEY=kx-bench-key
BODY=$BENCH_DIR/chat-request.json
LUA=$BENCH_DIR/chat.lua

BENCH_NAME=soak
BENCH_INSTALL_HINT="On Debian/Ubuntu: sudo apt-get install -y wrk nginx curl openjdk-17-jdk-headless (jcmd comes \
with the JDK; wrk2 is not packaged, bench/chat.lua paces plain wrk instead)"
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

[[ $DURATION =~ ^[0-9]+$ && $DURATION -ge 60 ]] || die "DURATION=$DURATION (expected: whole seconds, at least 60)"
[[ $WARMUP =~ ^[0-9]+$ ]] || die "WARMUP=$WARMUP (expected: whole seconds)"
[[ $RATE =~ ^[0-9]+$ && $RATE -gt 0 ]] || die "RATE=$RATE (expected: requests per second, > 0)"
require_tools wrk nginx curl java jcmd
[[ -f $BODY && -f $LUA ]] || die "bench/chat-request.json or bench/chat.lua is missing"
require_free_ports $GW_PORT $MOCK_PORT $ADMIN_PORT
ensure_jar
bench_tmp kexin-soak
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- mock upstream
start_mock_upstream 1m

# ---------------------------------------------------------------- gateway
write_gateway_config "$TMP/gateway.yaml" default,pii,secrets
log "starting the gateway ($GATEWAY_WORKERS workers, $GATEWAY_JAVA_OPTS, shipped pack on the route)"
start_gateway "$TMP/gateway.yaml" "$TMP/gateway.log" --workers "$GATEWAY_WORKERS"
wait_ready "http://127.0.0.1:$ADMIN_PORT/readyz" 60
code=$(curl -sS --max-time 5 -o "$TMP/check.json" -w '%{http_code}' -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $CLIENT_KEY" --data-binary "@$BODY" "http://127.0.0.1:$GW_PORT/v1/chat/completions") \
  || code=000
if [[ $code != 200 ]] || ! grep -q '"chat.completion"' "$TMP/check.json"; then
  tail -n 20 "$GATEWAY_LOG" >&2
  die "the gateway answered HTTP $code: $(head -c 300 "$TMP/check.json" 2>/dev/null)"
fi

# ---------------------------------------------------------------- measuring
paced() { # seconds -> RESULT line of wrk at RATE
  BENCH_BODY=$BODY BENCH_AUTH="Bearer $CLIENT_KEY" \
    BENCH_PACE_RPS=$(awk -v r="$RATE" -v c="$PACED_CONNECTIONS" 'BEGIN{printf "%.4f", r/c}') \
    timeout $(($1 + 30)) wrk -t"$PACED_CONNECTIONS" -c"$PACED_CONNECTIONS" -d"${1}s" -s "$LUA" \
    "http://127.0.0.1:$GW_PORT/v1/chat/completions" | grep '^RESULT ' || die "no result from wrk"
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
metric() { # name [label filter] -> sum of the matching samples in the last scrape
  awk -v name="$1" -v filter="${2:-}" '$1 !~ /^#/ {
      split($1, parts, "{"); if (parts[1] != name) next
      if (filter != "" && index($1, filter) == 0) next
      s += $2; found = 1 }
    END { if (found) printf "%.0f", s; else print "nan" }' "$TMP/metrics.txt"
}
non2xx() { # -> answers with a status other than 2xx, over the gateway's life
  awk '$1 ~ /^kexin_requests_total\{/ && $1 !~ /status="2[0-9][0-9]"/ { s += $2 } END { printf "%.0f", s }' \
    "$TMP/metrics.txt"
}
heap_after_gc_kib() { # -> heap used after a forced full collection, in KiB
  jcmd "$GATEWAY_PID" GC.run >/dev/null || die "jcmd GC.run failed"
  jcmd "$GATEWAY_PID" GC.heap_info | awk '/ used [0-9]+K/ { for (i = 1; i <= NF; i++) if ($i == "used") {
    v = $(i + 1); sub(/K,?$/, "", v); print v; exit } }'
}
mib() { awk -v v="$1" -v d="$2" 'BEGIN{ if (v == "nan" || v == "") print "-"; else printf "%.1f", v / d }'; }

ROWS=$TMP/rows.txt
: >"$ROWS"
sample() { # minute [wrk RESULT line]
  local heap rss direct buffered fds bad
  heap=$(heap_after_gc_kib)
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$GATEWAY_PID/status")
  fds=$(find "/proc/$GATEWAY_PID/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
  curl -fsS --max-time 5 -o "$TMP/metrics.txt" "http://127.0.0.1:$ADMIN_PORT/metrics" || die "cannot read /metrics"
  direct=$(metric jvm_buffer_pool_used_bytes 'pool="direct"')
  buffered=$(metric kexin_buffered_bytes)
  bad=$(non2xx)
  echo "minute=$1 heap_kib=$heap rss_kib=$rss direct_b=$direct buffered_b=$buffered fds=$fds non2xx_total=$bad ${2:-}" \
    >>"$ROWS"
}

HEADER="| minute | req/s | late % | p50 ms | p99 ms | max ms | errors | non-2xx | heap after GC MiB | RSS MiB | direct MiB | buffered KiB | fds |"
RULE="|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
row() { # line of ROWS, previous non-2xx total -> table row
  local line=$1 late req errors
  req=$(field requests <<<"$line")
  late=$(awk -v l="$(field late <<<"$line")" -v r="$req" 'BEGIN{ printf "%.2f", (r > 0 ? 100 * l / r : 0) }')
  errors=$(awk -v l="$line" 'BEGIN{ n = split(l, f, " "); for (i = 1; i <= n; i++) if (f[i] ~ /^errors_/) {
    split(f[i], kv, "="); s += kv[2] } print s + 0 }')
  printf '| %s | %.0f | %s%s | %.2f | %.2f | %.1f | %s | %s | %s | %s | %s | %s | %s |\n' \
    "$(field minute <<<" $line")" "$(field rate <<<"$line")" "$late" \
    "$(awk -v l="$late" -v m="$LATE_MAX_PCT" 'BEGIN{ if (l > m) printf " (pacing slipped)" }')" \
    "$(awk -v v="$(field p50_us <<<"$line")" 'BEGIN{print v / 1000}')" \
    "$(awk -v v="$(field p99_us <<<"$line")" 'BEGIN{print v / 1000}')" \
    "$(awk -v v="$(field max_us <<<"$line")" 'BEGIN{print v / 1000}')" \
    "$errors" "$(($(field non2xx_total <<<"$line") - $2))" \
    "$(mib "$(field heap_kib <<<"$line")" 1024)" "$(mib "$(field rss_kib <<<"$line")" 1024)" \
    "$(mib "$(field direct_b <<<"$line")" 1048576)" "$(mib "$(field buffered_b <<<"$line")" 1024)" \
    "$(field fds <<<"$line")"
}

# ---------------------------------------------------------------- load
if ((WARMUP > 0)); then
  log "warming up: ${WARMUP}s at $RATE req/s (not reported)"
  paced "$WARMUP" >/dev/null
fi
sample 0
minutes=$(((DURATION + 59) / 60))
log "soaking: $RATE req/s on $PACED_CONNECTIONS connections for ${DURATION}s ($minutes one-minute rows)"
echo "$HEADER" >&2
echo "$RULE" >&2
prev_bad=$(field non2xx_total <<<" $(tail -n1 "$ROWS")")
for ((m = 1; m <= minutes; m++)); do
  seconds=$((m < minutes ? 60 : DURATION - 60 * (minutes - 1)))
  result=$(paced "$seconds")
  kill -0 "$GATEWAY_PID" 2>/dev/null || { tail -n 30 "$GATEWAY_LOG" >&2; die "the gateway exited in minute $m"; }
  sample "$m" "$result"
  row "$(tail -n1 "$ROWS")" "$prev_bad" >&2
  prev_bad=$(field non2xx_total <<<" $(tail -n1 "$ROWS")")
done

# ---------------------------------------------------------------- report
first=$(sed -n 2p "$ROWS")
last=$(tail -n1 "$ROWS")
drift() { # field divisor -> "first -> last (+diff)"
  awk -v a="$(field "$1" <<<" $first")" -v b="$(field "$1" <<<" $last")" -v d="$2" \
    'BEGIN{ printf "%.1f -> %.1f MiB (%+.1f)", a / d, b / d, (b - a) / d }'
}
echo
echo "Kexin Gateway soak, $(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $CORES cores, load average $LOAD_BEFORE before" \
  "the run and $(cut -d' ' -f1-3 /proc/loadavg) at its end (1, 5, 15 min), $(java -version 2>&1 | head -n1)"
echo "request $(wc -c <"$BODY") B, shipped pack (default, pii, secrets) on the route; $RATE req/s on" \
  "$PACED_CONNECTIONS connections for ${DURATION}s after ${WARMUP}s of warm-up; gateway --workers $GATEWAY_WORKERS" \
  "$GATEWAY_JAVA_OPTS; mock: nginx, 1 worker"
echo
echo "$HEADER"
echo "$RULE"
prev_bad=$(field non2xx_total <<<" $(head -n1 "$ROWS")")
while read -r line; do
  row "$line" "$prev_bad"
  prev_bad=$(field non2xx_total <<<" $line")
done < <(tail -n +2 "$ROWS")
echo
echo "after a full collection, minute 1 -> minute $minutes: heap $(drift heap_kib 1024); RSS $(drift rss_kib 1024);" \
  "direct $(drift direct_b 1048576)"
total_errors=$(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^errors_/) { split($i, kv, "="); s += kv[2] } }
  END { print s + 0 }' "$ROWS")
not_held=$(awk -v m="$LATE_MAX_PCT" '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
  if (v["requests"] > 0 && 100 * v["late"] / v["requests"] > m) n++ } END { print n + 0 }' "$ROWS")
echo "requests: $(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^requests=/) { split($i, kv, "="); s += kv[2] } }
  END { print s + 0 }' "$ROWS"); wrk errors over the run: $total_errors; minutes where pacing slipped" \
  "(> ${LATE_MAX_PCT}% of sends more than 1 ms late): $not_held of $minutes"
