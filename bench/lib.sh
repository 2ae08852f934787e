# Process handling shared by the bench scripts; source it, don't run it. Set BENCH_NAME (the prefix of error
# messages), ROOT (the repository) and GATEWAY_JAR first. It provides:
#   die MSG / log MSG              fail with "BENCH_NAME: MSG", or log a timestamped line, on stderr
#   require_tools TOOL...          fail naming every missing tool (and BENCH_INSTALL_HINT, if set)
#   port_busy PORT                 true when something listens on 127.0.0.1:PORT
#   require_free_ports PORT...     fail when one of them is taken
#   ensure_jar                     build GATEWAY_JAR with mvn when it is missing
#   bench_tmp PREFIX               make TMP, and stop every process in PIDS (TERM, then KILL after 10 s) and
#                                  remove TMP (unless KEEP_TMP=1) when the script exits or is interrupted
#   write_gateway_config FILE [ROUTE_POLICIES]
#                                  write a config: proxy on GW_PORT, admin on ADMIN_PORT, one route /v1 to the
#                                  OpenAI-compatible mock on MOCK_PORT, one tenant holding CLIENT_KEY; with
#                                  ROUTE_POLICIES (comma-separated) the route applies them from ROOT/policies
#   start_gateway CONFIG LOG [ARGS...]
#                                  run the jar's `serve` with GATEWAY_JAVA_OPTS in the background, add it to PIDS
#                                  and set GATEWAY_PID
#   wait_ready URL SECONDS         wait until URL answers 2xx while GATEWAY_PID lives; fail with the log's tail
#   start_mock_upstream MAX_BODY   run a one-worker nginx on MOCK_PORT answering POST /v1/chat/completions with
#                                  MOCK_REPLY (a chat.completion of its own when unset), bodies up to MAX_BODY
#                                  (nginx size syntax: 1m, 8m); add it to PIDS

die() { echo "$BENCH_NAME: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

require_tools() {
  local tool missing=()
  for tool in "$@"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  if ((${#missing[@]})); then die "missing: ${missing[*]}${BENCH_INSTALL_HINT:+. $BENCH_INSTALL_HINT}"; fi
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

require_free_ports() {
  local p
  for p in "$@"; do port_busy "$p" && die "port 127.0.0.1:$p is already in use"; done
  return 0
}

ensure_jar() {
  [[ -f $GATEWAY_JAR ]] && return 0
  command -v mvn >/dev/null 2>&1 || die "$GATEWAY_JAR is missing and mvn is not installed"
  log "building the gateway jar"
  (cd "$ROOT" && mvn -B -q -DskipTests package)
}

bench_tmp() {
  TMP=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  PIDS=()
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ ${KEEP_TMP:-0} == 1 ]]; then log "configs and logs kept in $TMP"; else rm -rf "$TMP"; fi
}

write_gateway_config() { # file [route policies]
  local key_hash
  key_hash=$(java -jar "$GATEWAY_JAR" hash-key "$CLIENT_KEY" | tail -n1)
  [[ $key_hash == sha256:* ]] || die "hash-key printed '$key_hash'"
  cat >"$1" <<YAML
listeners:
  proxy: {bind: 127.0.0.1, port: $GW_PORT}
  admin: {bind: 127.0.0.1, port: $ADMIN_PORT}
upstreams:
  - name: mock
    baseUrl: http://127.0.0.1:$MOCK_PORT
    provider: openai
    apiKey: \${BENCH_UPSTREAM_KEY:-sk-bench}
routes:
  - name: bench
    pathPrefix: /v1
    upstream: mock
${2:+    policies: [${2//,/, }]}
tenants:
  - name: bench
    keys: [$key_hash]
${2:+policies:
  dir: ${POLICY_DIR:-$ROOT/policies}}
YAML
}

start_gateway() { # config log [serve args...]
  local config=$1 logfile=$2
  shift 2
  # shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS is a list of JVM flags
  java $GATEWAY_JAVA_OPTS -jar "$GATEWAY_JAR" serve --config "$config" "$@" >"$logfile" 2>&1 &
  GATEWAY_PID=$!
  GATEWAY_LOG=$logfile
  PIDS+=("$GATEWAY_PID")
}

wait_ready() { # url seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    curl -fsS -o /dev/null --max-time 1 "$1" 2>/dev/null && return 0
    kill -0 "$GATEWAY_PID" 2>/dev/null || { tail -n 30 "$GATEWAY_LOG" >&2; die "gateway exited"; }
    sleep 0.1
  done
  tail -n 30 "$GATEWAY_LOG" >&2
  die "gateway not ready after $2 s"
}

start_mock_upstream() { # max body size
  local dir=$TMP/mock
  local reply=${MOCK_REPLY:-'{"id":"chatcmpl-bench0001","object":"chat.completion","created":1735689600,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"您好！包裹在浦东仓库停留通常是因为分拣积压。The remaining items will ship together within two business days."},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":412,"completion_tokens":58,"total_tokens":470}}'}
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<EOF
worker_processes 1;
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
  client_max_body_size $1;
  server {
    listen 127.0.0.1:$MOCK_PORT;
    location = /v1/chat/completions { default_type application/json; return 200 '$reply'; }
    location / { return 404; }
  }
}
EOF
  nginx -t -q -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" || die "the mock's nginx config is invalid"
  nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" &
  PIDS+=($!)
}
