#!/usr/bin/env bash
# Streaming benchmark for Kexin Gateway, on loopback only: what response inspection with the shipped policies
# adds to streamed (SSE) OpenAI chat completions.
#
#   mock     node bench/stream-mock.js        127.0.0.1:18091  (OpenAI chat chunks, GAP ms apart)
#   gateway  java -Xmx512m -jar kexin-gateway 127.0.0.1:18090  (admin 19091), route /v1 -> mock under every
#            policy in policies/ (default, secrets)
#   proxy    node bench/stream-proxy.js       127.0.0.1:18092  (reference: a minimal Node.js proxy, TTFT phase only)
#   client   node bench/stream-client.js
#
# Phases:
#   1. warm-up: WARM_ROUNDS x WARM_STREAMS concurrent 500-chunk streams through the gateway (JIT of the
#      per-event path; the per-request path has run only WARM_ROUNDS x WARM_STREAMS times by then).
#   2. TTFT early (with TTFT_EARLY=1, the default): the TTFT measurement below, right after step 1, when the
#      per-request code is still mostly in the JIT's first tiers, as in a gateway that has served a few hundred
#      requests since it started.
#   3. request warm-up: WARM_REQUESTS short streams (2 chunks), 250 at a time, so the per-request path is
#      compiled as in a gateway in service.
#   4. time to first token (TTFT): TTFT_SAMPLES single streams direct, through the gateway and through the
#      reference proxy, in rotating order. The mock's first content chunk carries FIRST_CHARS characters
#      (default: hold-back window + 1), so the gateway may release text as soon as that one chunk arrived:
#      gateway TTFT - direct TTFT is the gateway's overhead beyond the window; reference proxy TTFT - direct TTFT
#      is what one extra hop costs at all. The streams have TTFT_CHUNKS chunks (the first token does not depend
#      on what follows) TTFT_GAP_MS apart.
#   5. load (skipped with STREAMS=0): STREAMS concurrent streams of CHUNKS chunks LOAD_GAP_MS apart through the gateway. Every stream
#      must end with [DONE], no error event and all of the mock's text. Gateway CPU (utime+stime from
#      /proc/<pid>/stat) over the phase / upstream events = CPU per event; peak RSS sampled from /proc, heap
#      from jcmd GC.heap_info while all streams are open.
#
# Usage:  bench/stream-bench.sh
# Env:    STREAMS=1000 CHUNKS=500 LOAD_GAP_MS=20 TTFT_SAMPLES=200 TTFT_CHUNKS=50 TTFT_GAP_MS=1 TTFT_EARLY=1
#         FIRST_CHARS=<window+1> WARM_STREAMS=200 WARM_ROUNDS=3 WARM_REQUESTS=10000 GATEWAY_JAVA_OPTS=-Xmx512m
#         GATEWAY_WORKERS= MAX_SECONDS=900 KEEP_TMP=1
#         For steadier figures on a shared machine, pin everything to one core: taskset -c 1 bench/stream-bench.sh
# Needs:  java 17, node, curl; builds the jar with mvn if it is missing. Talks only to 127.0.0.1, stops by
#         itself after MAX_SECONDS, and stops every process it started when it exits.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
STREAMS=${STREAMS:-1000}
CHUNKS=${CHUNKS:-500}
LOAD_GAP_MS=${LOAD_GAP_MS:-20}
TTFT_SAMPLES=${TTFT_SAMPLES:-200}
TTFT_CHUNKS=${TTFT_CHUNKS:-50}
TTFT_GAP_MS=${TTFT_GAP_MS:-1}
WARM_STREAMS=${WARM_STREAMS:-200}
WARM_ROUNDS=${WARM_ROUNDS:-3}
WARM_REQUESTS=${WARM_REQUESTS:-10000}
TTFT_EARLY=${TTFT_EARLY:-1}
GATEWAY_JAR=${GATEWAY_JAR:-$ROOT/target/kexin-gateway.jar}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--Xmx512m}
GATEWAY_WORKERS=${GATEWAY_WORKERS:-}
MAX_SECONDS=${MAX_SECONDS:-900}
GW_PORT=18090
MOCK_PORT=18091
PROXY_PORT=18092
ADMIN_PORT=19091
CLIENT_KEY=kx-bench-key

BENCH_NAME=stream-bench
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"
require_tools java node curl
require_free_ports $GW_PORT $MOCK_PORT $PROXY_PORT $ADMIN_PORT
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
(( $(ulimit -n) >= 2 * STREAMS + 256 )) || die "open file limit $(ulimit -n) is too low for $STREAMS streams"

ensure_jar
bench_tmp kexin-stream-bench
# Watchdog: the whole run is bounded.
# (The subshell stops its sleep when it is stopped, so no orphan keeps the script's output open.)
( trap 'kill "$sp" 2>/dev/null; exit 0' TERM; sleep "$MAX_SECONDS" & sp=$!; wait "$sp"
  echo "stream-bench: stopped after $MAX_SECONDS s" >&2; kill -TERM $$ ) >/dev/null &
PIDS+=($!)

# ---------------------------------------------------------------- policies and config
read -r WINDOW_KV POLICIES_KV < <(cd "$ROOT" && java -cp "$GATEWAY_JAR" "$BENCH_DIR/StreamWindow.java" "$ROOT/policies" | tail -n1)
WINDOW=${WINDOW_KV#window=}
POLICIES=${POLICIES_KV#policies=}
[[ $WINDOW =~ ^[0-9]+$ ]] || die "could not compute the hold-back window ($WINDOW_KV)"
FIRST_CHARS=${FIRST_CHARS:-$((WINDOW + 1))}
log "policies [$POLICIES], hold-back window $WINDOW characters, first chunk $FIRST_CHARS characters"

write_gateway_config "$TMP/gateway.yaml" "$POLICIES"

# ---------------------------------------------------------------- processes
log "starting mock (node) and gateway ($GATEWAY_JAVA_OPTS${GATEWAY_WORKERS:+, --workers $GATEWAY_WORKERS})"
MOCK_PORT=$MOCK_PORT FIRST_CHARS=$FIRST_CHARS node "$BENCH_DIR/stream-mock.js" >"$TMP/mock.log" 2>&1 &
PIDS+=($!)
PROXY_PORT=$PROXY_PORT MOCK_PORT=$MOCK_PORT node "$BENCH_DIR/stream-proxy.js" >"$TMP/proxy.log" 2>&1 &
PIDS+=($!)
start_gateway "$TMP/gateway.yaml" "$TMP/gateway.log" ${GATEWAY_WORKERS:+--workers "$GATEWAY_WORKERS"}
wait_ready "http://127.0.0.1:$ADMIN_PORT/readyz" 60
port_busy $MOCK_PORT || die "mock did not start: $(cat "$TMP/mock.log")"

DIRECT=http://127.0.0.1:$MOCK_PORT/v1/chat/completions
GATEWAY=http://127.0.0.1:$GW_PORT/v1/chat/completions
REFERENCE=http://127.0.0.1:$PROXY_PORT/v1/chat/completions
client() { BENCH_KEY=$CLIENT_KEY node "$BENCH_DIR/stream-client.js" "$@"; }
json() { node -e 'const o=JSON.parse(process.argv[1]); console.log(o[process.argv[2]])' "$1" "$2"; }

for target in direct gateway reference; do
  url=$DIRECT; [[ $target == gateway ]] && url=$GATEWAY; [[ $target == reference ]] && url=$REFERENCE
  out=$(client load "$url" 1 1 "$CHUNKS" 60) || die "$target check failed"
  [[ $(json "$out" failed) == 0 ]] || { tail -n 20 "$TMP/gateway.log" >&2; die "$target check: $out"; }
done
log "direct and gateway streams complete with all text"

# ---------------------------------------------------------------- phases
log "warm-up: $WARM_ROUNDS x $WARM_STREAMS concurrent streams of $CHUNKS chunks"
for ((r = 0; r < WARM_ROUNDS; r++)); do client load "$GATEWAY" "$WARM_STREAMS" 1 "$CHUNKS" 120 >/dev/null; done

ttft() { client ttft "$DIRECT" "$GATEWAY" "$TTFT_SAMPLES" "$TTFT_GAP_MS" "$TTFT_CHUNKS" "$REFERENCE"; }
EARLY=
if [[ $TTFT_EARLY == 1 ]]; then
  log "TTFT early: $TTFT_SAMPLES single streams each way ($TTFT_CHUNKS chunks, ${TTFT_GAP_MS} ms gap)"
  EARLY=$(ttft)
  echo "ttft early $EARLY" >&2
fi

log "request warm-up: $WARM_REQUESTS short streams, 250 at a time"
for ((n = 0; n < WARM_REQUESTS; n += 250)); do client load "$GATEWAY" 250 1 2 60 >/dev/null; done

log "TTFT: $TTFT_SAMPLES single streams each way ($TTFT_CHUNKS chunks, ${TTFT_GAP_MS} ms gap)"
TTFT=$(ttft)
echo "ttft $TTFT" >&2

if ((STREAMS > 0)); then

cpu_ticks() { awk '{print $14 + $15}' "/proc/$GATEWAY_PID/stat"; }
sys_ticks() { awk '{print $15}' "/proc/$GATEWAY_PID/stat"; }
rss_kb() { awk '/^VmRSS/{print $2}' "/proc/$GATEWAY_PID/status"; }
log "load: $STREAMS concurrent streams of $CHUNKS chunks, ${LOAD_GAP_MS} ms gap"
(
  max=0
  while kill -0 "$GATEWAY_PID" 2>/dev/null; do
    v=$(rss_kb); ((v > max)) && max=$v && echo "$max" >"$TMP/rss-max"
    sleep 0.25
  done
) >/dev/null 2>&1 &
RSS_PID=$!
PIDS+=("$RSS_PID")
(
  # Heap and open streams while every stream is open (a third of the way through).
  sleep "$(awk -v c="$CHUNKS" -v g="$LOAD_GAP_MS" 'BEGIN{print c * g / 1000 / 3 + 1}')"
  curl -fsS --max-time 5 "http://127.0.0.1:$ADMIN_PORT/metrics" 2>/dev/null | grep '^kexin_active_streams' >"$TMP/active" || true
  jcmd "$GATEWAY_PID" GC.heap_info >"$TMP/heap" 2>&1 || true
) >/dev/null 2>&1 &
PIDS+=($!)
cpu0=$(cpu_ticks); sys0=$(sys_ticks)
LOAD=$(client load "$GATEWAY" "$STREAMS" "$LOAD_GAP_MS" "$CHUNKS" $((CHUNKS * LOAD_GAP_MS / 1000 * 4 + 120)))
cpu1=$(cpu_ticks); sys1=$(sys_ticks)
kill "$RSS_PID" 2>/dev/null || true
echo "load $LOAD" >&2
HZ=$(getconf CLK_TCK)
UP_EVENTS=$((STREAMS * (CHUNKS + 3)))   # role chunk, CHUNKS content chunks, finish chunk, [DONE]
CPU_MS=$(awk -v t=$((cpu1 - cpu0)) -v hz="$HZ" 'BEGIN{printf "%.0f", t * 1000 / hz}')
SYS_MS=$(awk -v t=$((sys1 - sys0)) -v hz="$HZ" 'BEGIN{printf "%.0f", t * 1000 / hz}')
CPU_US_EVENT=$(awk -v ms="$CPU_MS" -v e="$UP_EVENTS" 'BEGIN{printf "%.2f", ms * 1000 / e}')
HEAP=$(grep -m1 -o 'total [0-9]*K, used [0-9]*K' "$TMP/heap" 2>/dev/null || echo "n/a")
ACTIVE=$(awk '{print $2}' "$TMP/active" 2>/dev/null | head -n1 || true)   # absent when the load ended first
RSS_MAX=$(cat "$TMP/rss-max" 2>/dev/null || echo 0)
fi

# ---------------------------------------------------------------- report
g() { json "$1" "$2"; }
echo
echo "Kexin Gateway stream benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $(nproc) cores, $(java -version 2>&1 | head -n1), node $(node --version)"
echo "policies [$POLICIES], hold-back window $WINDOW chars; gateway $GATEWAY_JAVA_OPTS${GATEWAY_WORKERS:+ --workers $GATEWAY_WORKERS}"
echo
ttft_table() { # title json
  echo "$1"
  echo "| target | p50 ms | p99 ms |"
  echo "|---|---:|---:|"
  echo "| direct | $(g "$2" direct_p50_ms) | $(g "$2" direct_p99_ms) |"
  echo "| gateway | $(g "$2" gateway_p50_ms) | $(g "$2" gateway_p99_ms) |"
  echo "| added (paired) | $(g "$2" added_p50_ms) | $(g "$2" added_p99_ms) |"
  echo "| added to the response head (request path, upstream hop) | $(g "$2" added_head_p50_ms) | $(g "$2" added_head_p99_ms) |"
  echo "| added to first body byte (role chunk: request path only) | $(g "$2" added_first_byte_p50_ms) | $(g "$2" added_first_byte_p99_ms) |"
  echo "| added by the reference Node.js proxy (one hop, no inspection) | $(g "$2" ref_added_p50_ms) | $(g "$2" ref_added_p99_ms) |"
  echo "| added to the head by the reference proxy | $(g "$2" ref_added_head_p50_ms) | $(g "$2" ref_added_head_p99_ms) |"
  echo "errors: $(g "$2" errors)"
  echo
}
if [[ -n $EARLY ]]; then
  ttft_table "TTFT early (after $((WARM_ROUNDS * WARM_STREAMS)) requests), single streams ($TTFT_SAMPLES each way, first chunk $FIRST_CHARS chars):" "$EARLY"
fi
ttft_table "TTFT (after $((WARM_ROUNDS * WARM_STREAMS + WARM_REQUESTS)) requests), single streams ($TTFT_SAMPLES each way, first chunk $FIRST_CHARS chars):" "$TTFT"
verdict() { if awk "BEGIN{exit !($2)}"; then echo "met  $1"; else echo "MISS $1"; fi; }
if ((STREAMS == 0)); then
  verdict "TTFT added p50 <= 1 ms ($(g "$TTFT" added_p50_ms) ms; p99 $(g "$TTFT" added_p99_ms) ms)" "$(g "$TTFT" added_p50_ms) <= 1"
  exit 0
fi
echo "Load: $STREAMS concurrent streams x $CHUNKS chunks, ${LOAD_GAP_MS} ms gap:"
echo "  completed $(g "$LOAD" ok)/$STREAMS, failed $(g "$LOAD" failed) $(g "$LOAD" errors | tr -d '\n'), most open at once $(g "$LOAD" max_open) (gateway gauge mid-run: ${ACTIVE:-n/a})"
echo "  events per stream at the client $(g "$LOAD" events_min)..$(g "$LOAD" events_max); wall $(g "$LOAD" wall_s) s; stream duration p50 $(g "$LOAD" duration_p50_s) s, max $(g "$LOAD" duration_max_s) s"
echo "  TTFT under load p50 $(g "$LOAD" ttft_p50_ms) ms, p99 $(g "$LOAD" ttft_p99_ms) ms"
echo "  gateway CPU ${CPU_MS} ms for $UP_EVENTS upstream events = ${CPU_US_EVENT} us/event (of which kernel ${SYS_MS} ms; includes HTTP, socket I/O, GC, JIT)"
echo "  events/s through the gateway $(awk -v e="$UP_EVENTS" -v w="$(g "$LOAD" wall_s)" 'BEGIN{printf "%.0f", e / w}') (mock asked for $(awk -v s="$STREAMS" -v g="$LOAD_GAP_MS" 'BEGIN{printf "%.0f", s * 1000 / g}'))"
echo "  gateway peak RSS $((RSS_MAX / 1024)) MB; heap mid-run: $HEAP"
echo
verdict "TTFT added p50 <= 1 ms ($(g "$TTFT" added_p50_ms) ms; p99 $(g "$TTFT" added_p99_ms) ms)" "$(g "$TTFT" added_p50_ms) <= 1"
verdict "CPU per event <= 5 us (${CPU_US_EVENT} us)" "$CPU_US_EVENT <= 5"
verdict "$STREAMS concurrent streams complete with -Xmx512m ($(g "$LOAD" ok) ok)" "$(g "$LOAD" failed) == 0 && $(g "$LOAD" max_open) >= $STREAMS"
