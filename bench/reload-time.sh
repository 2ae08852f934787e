#!/usr/bin/env bash
# Policy reload time of a running gateway, on loopback only: how long a hot reload of the shipped pack takes.
#
# A gateway serves a copy of policies/ (all four policies on its route; no upstream is needed). Each of RELOADS
# rounds edits one rule of the copy (a comment line in secrets.yaml, so every file is read and every rule compiled
# and checked again, golden tests included) and sends SIGHUP; the gateway's own log line "policies reloaded
# (sighup) in N ms" gives the time from the reload's start to the new revision in force. The first start's time is
# printed too (from the process start to /readyz), and each reload's time from SIGHUP to the log line (polled
# every 50 ms), which also times builds whose log line gives no time. Patterns compiled by the last revision are taken unchanged, so
# a reload pays for the rules that changed and for building the shared passes, not for every pattern again.
#
# Usage:  bench/reload-time.sh
# Env:    RELOADS=5 GATEWAY_JAR=target/kexin-gateway.jar POLICIES=policies (the pack to copy; another build's own) GATEWAY_JAVA_OPTS=-Xmx512m KEEP_TMP=1 (keep the log)
# Talks only to 127.0.0.1, stops after RELOADS reloads (each waited for at most 120 s), and stops the gateway.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
RELOADS=${RELOADS:-5}
GATEWAY_JAR=${GATEWAY_JAR:-$ROOT/target/kexin-gateway.jar}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--Xmx512m}
GW_PORT=18580
MOCK_PORT=18581
ADMIN_PORT=19590
CLIENT_KEY=kx-bench-key

BENCH_NAME=reload-time
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

[[ $RELOADS =~ ^[0-9]+$ && $RELOADS -gt 0 ]] || die "RELOADS=$RELOADS (expected: a count, > 0)"
require_tools java curl
require_free_ports $GW_PORT $ADMIN_PORT
ensure_jar
bench_tmp kexin-reload
cp -r "${POLICIES:-$ROOT/policies}" "$TMP/policies"
POLICY_DIR=$TMP/policies write_gateway_config "$TMP/gateway.yaml" default,pii,secrets,content-safety
# Only SIGHUP reloads: the file watch would see each edit first.
sed -i 's|^  dir: .*|&\n  watch: false|' "$TMP/gateway.yaml"
log "load $(cut -d' ' -f1-3 /proc/loadavg)"
started=$(date +%s%N)
start_gateway "$TMP/gateway.yaml" "$TMP/gateway.log"
wait_ready "http://127.0.0.1:$ADMIN_PORT/readyz" 180
echo "start to ready: $((($(date +%s%N) - started) / 1000000)) ms"
for ((i = 1; i <= RELOADS; i++)); do
  echo "# reload $i" >>"$TMP/policies/secrets.yaml"
  sent=$(date +%s%N)
  kill -HUP "$GATEWAY_PID"
  for ((w = 0; w < 2400; w++)); do
    (($(grep -c 'policies reloaded (sighup)' "$TMP/gateway.log") >= i)) && break
    grep -q 'policies reload failed' "$TMP/gateway.log" && die "a reload failed: $(grep 'reload failed' "$TMP/gateway.log")"
    sleep 0.05
  done
  waited=$((($(date +%s%N) - sent) / 1000000))
  line=$(grep 'policies reloaded (sighup)' "$TMP/gateway.log" | sed -n "${i}p")
  [[ -n $line ]] || die "reload $i did not finish within 120 s"
  own=$(sed -nE 's/.* in ([0-9]+) ms.*/\1/p' <<<"$line")
  echo "reload $i: ${own:-?} ms by the gateway's log, $waited ms from SIGHUP to its line"
done
log "load $(cut -d' ' -f1-3 /proc/loadavg)"
