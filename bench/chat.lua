-- wrk script: POST a ~2 KB OpenAI chat request, optionally at a fixed rate.
--
-- Environment (read when wrk loads the script):
--   BENCH_BODY      path of the JSON body to send (required)
--   BENCH_AUTH      value of the Authorization header (default: Bearer kx-bench-key)
--   BENCH_PACE_RPS  requests per second *per wrk thread*; unset or 0 = as fast as
--                   possible. Pacing is meant for one connection per thread
--                   (wrk -tN -cN), so each thread paces exactly one connection.
--   BENCH_UNIQUE    1 = end the last message of every request with its own number
--                   (" #<thread>-<n>"), as a chat client resends the same history
--                   with a new question: a cache of seen text serves the history,
--                   never the whole request. The body must end with "}]}.
--
-- Pacing: plain wrk (not wrk2) has no fixed-rate mode. It does call delay()
-- before every request and waits that many milliseconds. delay() here keeps an
-- absolute schedule (send k at start + k/rate) read from CLOCK_MONOTONIC via
-- LuaJIT's ffi, so timer rounding and response time do not accumulate: the
-- rate holds as long as responses come back within the interval. If the server
-- falls behind, delay() returns 0 and the connection sends back to back; wrk
-- measures latency from the moment a request is written, not from its
-- scheduled time, so such stalls are under-counted (coordinated omission). The
-- done() report prints the achieved rate and how many sends were late, so a
-- run where pacing did not hold can be seen and discarded.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } kx_timespec;
  int clock_gettime(int clk_id, kx_timespec *tp);
]]
local ts = ffi.new("kx_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local body_path = os.getenv("BENCH_BODY") or error("BENCH_BODY is not set")
local f = assert(io.open(body_path, "rb"))
local body = f:read("*a")
f:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = os.getenv("BENCH_AUTH") or "Bearer kx-bench-key"

local pace = tonumber(os.getenv("BENCH_PACE_RPS") or "0") or 0

local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

if os.getenv("BENCH_UNIQUE") == "1" then
  local stripped = body:gsub("%s+$", "")
  local head = stripped:sub(1, -5)
  assert(stripped:sub(-4) == '"}]}', "BENCH_UNIQUE needs a body ending with \"}]}")
  local sent = 0
  function request()
    sent = sent + 1
    return wrk.format(nil, nil, nil, head .. " #" .. tostring(thread_id) .. "-" .. sent .. '"}]}')
  end
end

if pace > 0 then
  local interval = 1000 / pace
  local next_at = nil
  late = 0 -- global so done() can read it with thread:get()

  function delay()
    local t = now_ms()
    if next_at == nil then
      -- spread the first sends of the threads over one interval
      next_at = t + math.random() * interval
    end
    local d = next_at - t
    next_at = next_at + interval
    if d < 0 then
      if d < -1 then late = late + 1 end
      return 0
    end
    return math.floor(d + 0.5)
  end
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local late_total = 0
  for _, t in ipairs(threads) do
    late_total = late_total + (tonumber(t:get("late")) or 0)
  end
  local errs = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rate=%.1f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%.0f "
      .. "late=%d errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d errors_status=%d\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean, late_total,
    errs.connect, errs.read, errs.write, errs.timeout, errs.status))
end
