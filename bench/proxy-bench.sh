#!/usr/bin/env bash
# Proxy overhead benchmark for Kexin Gateway, on loopback only.
#
# Measures three targets that all end at the same local mock upstream:
#   direct   wrk -> mock                        (127.0.0.1:18081)
#   nginx    wrk -> nginx reverse proxy -> mock (127.0.0.1:18082)
#   gateway  wrk -> Kexin Gateway -> mock       (127.0.0.1:18080), route without policies
#   pack     wrk -> Kexin Gateway -> mock       (127.0.0.1:18083), the shipped data-leakage pack
#            (PACK_POLICIES) on the route: a second gateway process, so both rows come from one run
#   full     wrk -> Kexin Gateway -> mock       (127.0.0.1:18084), everything the default mode ships
#            (FULL_POLICIES: the data-leakage pack and content safety): a third gateway process
# The mock is nginx answering POST /v1/chat/completions with a static ~500 byte
# OpenAI chat.completion. The request is a ~2 KB OpenAI chat body with Chinese
# and English text (bench/chat-request.json) sent by bench/chat.lua.
#
# For each target and each round:
#   (a) fixed rate: RATE req/s for DURATION s -> p50/p99 latency (wrk's own
#       latency histogram). Debian ships wrk, not wrk2, so there is no built-in
#       constant-rate mode: chat.lua paces PACED_CONNECTIONS connections (one per
#       wrk thread) at RATE/PACED_CONNECTIONS req/s each with wrk's delay() hook,
#       following an absolute schedule so timer rounding does not drift the rate.
#       Limits: latency is measured from when a request is actually written, not
#       from its scheduled time, so if a target stalls, the requests it delays are
#       under-counted (coordinated omission, which wrk2 corrects and this does
#       not). The achieved rate and the count of late sends are reported; a
#       "late" column above ~1% means the rate did not hold and that p99 is
#       optimistic. Timer granularity is 1 ms, so sends are jittered by up to
#       +/-0.5 ms around the schedule (the average rate is exact).
#   (b) max throughput: wrk -tTHREADS -cCONNECTIONS for DURATION s -> req/s, and the
#       CPU time the target's own processes spent per request (user + system, from
#       /proc: the nginx proxy's master and workers, the gateway's JVM; the mock and
#       wrk are not counted). CPU per request is the steadier figure on a shared
#       machine: it barely moves when the other side of the loopback is slow.
# Rounds interleave the targets. The table reports medians over ROUNDS: of the
# absolute figures, and of the per-round added latency and % of nginx.
#
# Fairness: nothing is pinned; wrk, the mock, and the proxy under test share
# all the machine's cores. The nginx proxy runs NGINX_WORKERS worker processes
# and the gateway GATEWAY_WORKERS event-loop threads (both default to the core
# count), so each proxy may use the same number of cores. The mock is a separate
# nginx instance (MOCK_WORKERS) and is identical for all three targets. nginx
# gets keepalive to the mock (keepalive 64) and rewrites Authorization like the
# gateway does, so both proxies do comparable work on the wire.
#
# Usage:  bench/proxy-bench.sh
# Env:    DURATION=15 WARMUP=20 RATE=1000 PACED_CONNECTIONS=10 THREADS=2
#         CONNECTIONS=64 ROUNDS=3 GATEWAY_WORKERS=<cores> NGINX_WORKERS=<cores>
#         MOCK_WORKERS=1 GATEWAY_JAR=target/kexin-gateway.jar
#         GATEWAY_JAVA_OPTS="-Xmx512m" TARGETS="direct nginx gateway pack full"
#         KEEP_TMP=1 (keep configs and logs)
#         PACK_POLICIES=default,pii,secrets (the policies on the pack row's route)
#         FULL_POLICIES=default,pii,secrets,content-safety (the policies on the full row's route)
#         POLICY_DIR=policies (the policy directory, e.g. an older pack for an older GATEWAY_JAR)
#         PACK_JAVA_OPTS=$GATEWAY_JAVA_OPTS (the pack gateway's JVM flags, e.g. to profile it alone)
#         UNIQUE=1 (every request's last message ends with its own number, as in a chat: the gateway's
#           segment cache may serve the resent history but never a whole request; 0: identical requests)
# Needs:  wrk, nginx, curl, java 17; builds the jar with mvn if it is missing.
# Talks only to 127.0.0.1 and stops by itself; all processes it starts are
# stopped on exit.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
CORES=$(nproc 2>/dev/null || echo 2)

DURATION=${DURATION:-15}
WARMUP=${WARMUP:-20}
RATE=${RATE:-1000}
PACED_CONNECTIONS=${PACED_CONNECTIONS:-10}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
ROUNDS=${ROUNDS:-3}
GATEWAY_WORKERS=${GATEWAY_WORKERS:-$CORES}
NGINX_WORKERS=${NGINX_WORKERS:-$CORES}
MOCK_WORKERS=${MOCK_WORKERS:-1}
GATEWAY_JAR=${GATEWAY_JAR:-$ROOT/target/kexin-gateway.jar}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--Xmx512m}
TARGETS=${TARGETS:-direct nginx gateway pack full}
PACK_POLICIES=${PACK_POLICIES:-default,pii,secrets}
FULL_POLICIES=${FULL_POLICIES:-default,pii,secrets,content-safety}
PACK_JAVA_OPTS=${PACK_JAVA_OPTS:-$GATEWAY_JAVA_OPTS}
UNIQUE=${UNIQUE:-1}

GW_PORT=18080
MOCK_PORT=18081
NGINX_PORT=18082
ADMIN_PORT=19090
PACK_PORT=18083
PACK_ADMIN_PORT=19091
FULL_PORT=18084
FULL_ADMIN_PORT=19092
CLIENT_KEY=kx-bench-key
BODY=$BENCH_DIR/chat-request.json
LUA=$BENCH_DIR/chat.lua

BENCH_NAME=proxy-bench
BENCH_INSTALL_HINT="On Debian/Ubuntu: sudo apt-get install -y wrk nginx curl openjdk-17-jre-headless (the nginx \
package's own service is not used; this script runs private instances)"
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

require_tools wrk nginx curl java
[[ -f $BODY && -f $LUA ]] || die "bench/chat-request.json or bench/chat.lua is missing"
require_free_ports $GW_PORT $MOCK_PORT $NGINX_PORT $ADMIN_PORT $PACK_PORT $PACK_ADMIN_PORT $FULL_PORT $FULL_ADMIN_PORT
ensure_jar
bench_tmp kexin-bench

# ---------------------------------------------------------------- nginx
# The id is new on every answer, as a provider's is (nginx's \$request_id: 32 hex digits); the model name and the
# system fingerprint repeat, as they do on every answer of one model.
MOCK_REPLY='{"id":"chatcmpl-$request_id","object":"chat.completion","created":1735689600,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"您好！包裹在浦东仓库停留通常是因为分拣积压。The remaining items will ship together within two business days; returns for damaged books are accepted within 7 days."},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":412,"completion_tokens":58,"total_tokens":470},"system_fingerprint":"fp_bench"}'

nginx_conf() { # name workers server-block
  local dir=$TMP/$1
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<EOF
worker_processes $2;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/client_body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  client_max_body_size 1m;
  client_body_buffer_size 64k;
$3
}
EOF
}

nginx_conf mock "$MOCK_WORKERS" "
  server {
    listen 127.0.0.1:$MOCK_PORT;
    location = /v1/chat/completions {
      default_type application/json;
      return 200 '$MOCK_REPLY';
    }
    location / { return 404; }
  }"

nginx_conf proxy "$NGINX_WORKERS" "
  upstream mock {
    server 127.0.0.1:$MOCK_PORT;
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://mock;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_set_header Authorization \"Bearer sk-bench\";
    }
  }"

declare -A CPU_PIDS # target -> the processes whose CPU time counts for it
start_nginx() { # name target
  nginx -t -q -e "$TMP/$1/error.log" -p "$TMP/$1" -c "$TMP/$1/nginx.conf" \
    || die "nginx config $1 is invalid"
  nginx -e "$TMP/$1/error.log" -p "$TMP/$1" -c "$TMP/$1/nginx.conf" &
  PIDS+=($!)
  CPU_PIDS[$2]=$!
}

# ---------------------------------------------------------------- gateway
write_gateway_config "$TMP/gateway.yaml"
GW_PORT=$PACK_PORT ADMIN_PORT=$PACK_ADMIN_PORT write_gateway_config "$TMP/pack.yaml" "$PACK_POLICIES"
GW_PORT=$FULL_PORT ADMIN_PORT=$FULL_ADMIN_PORT write_gateway_config "$TMP/full.yaml" "$FULL_POLICIES"

log "starting mock (nginx, $MOCK_WORKERS worker) and nginx proxy ($NGINX_WORKERS workers)"
start_nginx mock direct
start_nginx proxy nginx
declare -A GW_CONFIG=([gateway]=gateway [pack]=pack [full]=full)
declare -A GW_ADMIN=([gateway]=$ADMIN_PORT [pack]=$PACK_ADMIN_PORT [full]=$FULL_ADMIN_PORT)
GATEWAYS=()
for t in gateway pack full; do [[ " $TARGETS " == *" $t "* ]] && GATEWAYS+=("$t"); done
log "starting gateways ($GATEWAY_WORKERS workers, $GATEWAY_JAVA_OPTS): ${GATEWAYS[*]} (gateway: no policies; pack: $PACK_POLICIES; full: $FULL_POLICIES)"
for t in "${GATEWAYS[@]}"; do
  opts=$GATEWAY_JAVA_OPTS
  [[ $t == pack ]] && opts=$PACK_JAVA_OPTS
  GATEWAY_JAVA_OPTS=$opts start_gateway "$TMP/${GW_CONFIG[$t]}.yaml" "$TMP/$t.log" --workers "$GATEWAY_WORKERS"
  CPU_PIDS[$t]=$GATEWAY_PID
  wait_ready "http://127.0.0.1:${GW_ADMIN[$t]}/readyz" 60
done

declare -A URL=(
  [direct]=http://127.0.0.1:$MOCK_PORT/v1/chat/completions
  [nginx]=http://127.0.0.1:$NGINX_PORT/v1/chat/completions
  [gateway]=http://127.0.0.1:$GW_PORT/v1/chat/completions
  [pack]=http://127.0.0.1:$PACK_PORT/v1/chat/completions
  [full]=http://127.0.0.1:$FULL_PORT/v1/chat/completions
)
for t in direct nginx "${GATEWAYS[@]}"; do
  out=$(curl -sS --max-time 5 -o "$TMP/check-$t.json" -w '%{http_code}' \
    -H 'Content-Type: application/json' -H "Authorization: Bearer $CLIENT_KEY" \
    --data-binary "@$BODY" "${URL[$t]}") || out=000
  if [[ $out != 200 ]] || ! grep -q '"chat.completion"' "$TMP/check-$t.json"; then
    for g in "${GATEWAYS[@]}"; do tail -n 20 "$TMP/$g.log" >&2; done
    die "$t answered HTTP $out: $(head -c 300 "$TMP/check-$t.json" 2>/dev/null)"
  fi
done
log "all targets answer 200 (request body $(wc -c <"$BODY") bytes)"

# ---------------------------------------------------------------- wrk
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { # pid... -> user + system clock ticks of these processes and their children
  local pid all=() sum=0 t
  for pid in "$@"; do all+=("$pid"); mapfile -t -O "${#all[@]}" all < <(pgrep -P "$pid" || true); done
  for pid in "${all[@]}"; do
    t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null) || t=0
    sum=$((sum + ${t:-0}))
  done
  echo "$sum"
}
run_wrk() { # target paced(0/1) seconds -> RESULT line on stdout (max runs add cpu_us: CPU µs per request)
  local url=${URL[$1]} out before after requests
  if [[ $2 == 1 ]]; then
    out=$(BENCH_BODY=$BODY BENCH_AUTH="Bearer $CLIENT_KEY" BENCH_UNIQUE=$UNIQUE \
      BENCH_PACE_RPS=$(awk -v r="$RATE" -v c="$PACED_CONNECTIONS" 'BEGIN{printf "%.4f", r/c}') \
      timeout $(($3 + 30)) wrk -t"$PACED_CONNECTIONS" -c"$PACED_CONNECTIONS" -d"${3}s" -s "$LUA" "$url")
  else
    before=$(cpu_ticks ${CPU_PIDS[$1]})
    out=$(BENCH_BODY=$BODY BENCH_AUTH="Bearer $CLIENT_KEY" BENCH_UNIQUE=$UNIQUE \
      timeout $(($3 + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${3}s" -s "$LUA" "$url")
    after=$(cpu_ticks ${CPU_PIDS[$1]})
    requests=$(sed -n 's/^RESULT requests=\([0-9]*\).*/\1/p' <<<"$out")
    out=$(sed "/^RESULT / s/\$/ cpu_us=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="${requests:-0}" \
      'BEGIN{printf "%.1f", (n > 0 ? 1e6 * t / hz / n : 0)}')/" <<<"$out")
  fi
  grep '^RESULT ' <<<"$out" || die "no result from wrk for $1: $out"
}
median() { sort -g | awk '{a[NR]=$1} END{if (NR == 0) print "nan"; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

log "warming up: each gateway ${WARMUP}s at max load, nginx 5s"
for t in "${GATEWAYS[@]}"; do
  run_wrk $t 0 "$WARMUP" >/dev/null
  run_wrk $t 1 5 >/dev/null
done
run_wrk nginx 0 5 >/dev/null

RAW=$TMP/raw.txt
: >"$RAW"
for ((r = 1; r <= ROUNDS; r++)); do
  for t in $TARGETS; do
    line=$(run_wrk "$t" 1 "$DURATION")
    echo "round=$r target=$t mode=rate $line" | tee -a "$RAW" >&2
  done
  for t in $TARGETS; do
    line=$(run_wrk "$t" 0 "$DURATION")
    echo "round=$r target=$t mode=max $line" | tee -a "$RAW" >&2
  done
done

med() { # target mode field -> median over rounds
  grep " target=$1 mode=$2 " "$USE" | sed -n "s/.* $3=\([^ ]*\).*/\1/p" | median
}
ms() { awk -v v="$1" 'BEGIN{ if (v == "nan" || v == "") print "-"; else printf "%.3f", v/1000 }'; }

# A fixed-rate run whose pacing did not hold (more than LATE_MAX_PCT % of sends
# late by over 1 ms: the machine, not the target, stalled) is left out, together
# with the other targets' runs of the same round, unless that leaves nothing.
LATE_MAX_PCT=${LATE_MAX_PCT:-1}
USE=$TMP/used.txt
awk -v lim="$LATE_MAX_PCT" '{for (i = 1; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]}
  if (v["mode"] == "rate" && 100 * v["late"] / v["requests"] > lim) bad[v["round"]] = 1; line[NR] = $0; rnd[NR] = v["round"]; mode[NR] = v["mode"]}
  END{for (n = 1; n <= NR; n++) if (mode[n] == "max" || !(rnd[n] in bad)) print line[n]}' "$RAW" >"$USE"
noisy_rounds=$(( ROUNDS - $( { grep ' mode=rate ' "$USE" || true; } | sed 's/ .*//' | sort -u | wc -l) ))
if ((noisy_rounds == ROUNDS)); then
  grep ' mode=rate ' "$RAW" | grep -v -F -x -f "$USE" >>"$USE" || true
fi
# Absolute figures: median over rounds. Added latency and % of nginx: median over
# rounds of the per-round difference or ratio (targets in one round ran minutes
# apart at most, so pairing them cancels part of the drift of a shared machine).
paired() { # target mode field op(diff|ratio) base-target -> median of per-round values
  local r a b
  for ((r = 1; r <= ROUNDS; r++)); do
    a=$(grep "^round=$r target=$1 mode=$2 " "$USE" | sed -n "s/.* $3=\([^ ]*\).*/\1/p")
    b=$(grep "^round=$r target=$5 mode=$2 " "$USE" | sed -n "s/.* $3=\([^ ]*\).*/\1/p")
    [[ -n $a && -n $b ]] || continue
    if [[ $4 == diff ]]; then awk -v a="$a" -v b="$b" 'BEGIN{print a-b}'; else awk -v a="$a" -v b="$b" 'BEGIN{print 100*a/b}'; fi
  done | median
}

declare -A P50 P99 MAX ADD50 ADD99 PCT CPU
for t in $TARGETS; do
  CPU[$t]=$(med "$t" max cpu_us)
  P50[$t]=$(med "$t" rate p50_us)
  P99[$t]=$(med "$t" rate p99_us)
  MAX[$t]=$(med "$t" max rate)
  ADD50[$t]=$(paired "$t" rate p50_us diff direct)
  ADD99[$t]=$(paired "$t" rate p99_us diff direct)
  PCT[$t]=$(paired "$t" max rate ratio nginx)
done

echo
echo "Kexin Gateway proxy benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $CORES cores, $(nginx -v 2>&1 | sed 's/.*: //'), $(java -version 2>&1 | head -n1)"
echo "request $(wc -c <"$BODY") B$( ((UNIQUE)) && echo ", last message numbered per request (UNIQUE=1)"); fixed rate ${RATE} req/s on $PACED_CONNECTIONS connections for ${DURATION}s; max throughput wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s; median of $ROUNDS rounds"
echo "nginx proxy: $NGINX_WORKERS workers; gateway: --workers $GATEWAY_WORKERS $GATEWAY_JAVA_OPTS; pack: $PACK_POLICIES; full: $FULL_POLICIES; mock: nginx, $MOCK_WORKERS worker"
echo
echo "| target | p50 ms | p99 ms | added p50 ms | added p99 ms | max req/s | % of nginx | CPU µs/req |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for t in $TARGETS; do
  add50=- add99=- pct=-
  [[ $t != direct ]] && add50=$(ms "${ADD50[$t]}") && add99=$(ms "${ADD99[$t]}")
  [[ ${PCT[$t]} != nan ]] && pct=$(awk -v v="${PCT[$t]}" 'BEGIN{printf "%.0f%%", v}')
  printf '| %s | %s | %s | %s | %s | %.0f | %s | %.0f |\n' "$t" "$(ms "${P50[$t]}")" "$(ms "${P99[$t]}")" \
    "$add50" "$add99" "${MAX[$t]}" "$pct" "${CPU[$t]}"
done

errors=$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^errors_/) {split($i, kv, "="); s += kv[2]}} END{print s+0}' "$RAW")
late_max=$(grep ' mode=rate ' "$RAW" | awk '{for (i = 1; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]} if (v["requests"] > 0 && 100*v["late"]/v["requests"] > m) m = 100*v["late"]/v["requests"]} END{printf "%.2f", m+0}')
echo
echo "wrk errors (connect/read/write/timeout/HTTP>=400) over all runs: $errors; worst share of late sends in a fixed-rate run: ${late_max}%"
if ((noisy_rounds == ROUNDS)); then
  echo "WARNING: pacing slipped in every round (> ${LATE_MAX_PCT}% late sends): the machine is too busy, latency figures are unreliable"
elif ((noisy_rounds > 0)); then
  echo "latency: $noisy_rounds of $ROUNDS rounds left out because pacing slipped (> ${LATE_MAX_PCT}% late sends) in one of their runs"
fi

verdict() { if awk "BEGIN{exit !($2)}"; then echo "met  $1"; else echo "MISS $1"; fi; }
if [[ " $TARGETS " == *" pack "* && " $TARGETS " == *" nginx "* ]]; then
  verdict "pack: max throughput >= 70% of nginx ($(awk -v v="${PCT[pack]}" 'BEGIN{printf "%.0f%%", v}'))" \
    "${PCT[pack]} >= 70"
  verdict "pack: CPU per request <= 70 µs (${CPU[pack]} µs)" "${CPU[pack]} <= 70"
fi
if [[ " $TARGETS " == *" full "* && " $TARGETS " == *" nginx "* ]]; then
  verdict "full: max throughput >= 60% of nginx ($(awk -v v="${PCT[full]}" 'BEGIN{printf "%.0f%%", v}'))" \
    "${PCT[full]} >= 60"
fi
if [[ " $TARGETS " == *" gateway "* && " $TARGETS " == *" direct "* && " $TARGETS " == *" nginx "* ]]; then
  latency_verdict() { # noisy machine or a negative difference: no verdict
    if ((noisy_rounds == ROUNDS)) || awk "BEGIN{exit !($3 < 0)}"; then echo "??   $1 (unreliable on this run)"
    else verdict "$1" "$2"; fi
  }
  latency_verdict "added p50 <= 0.3 ms at $RATE req/s ($(ms "${ADD50[gateway]}") ms)" "${ADD50[gateway]} <= 300" "${ADD50[gateway]}"
  latency_verdict "added p99 <= 1 ms at $RATE req/s ($(ms "${ADD99[gateway]}") ms)" "${ADD99[gateway]} <= 1000" "${ADD99[gateway]}"
  verdict "max throughput >= 60% of nginx ($(awk -v v="${PCT[gateway]}" 'BEGIN{printf "%.0f%%", v}'))" \
    "${PCT[gateway]} >= 60"
fi
