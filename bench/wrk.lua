-- wrk script of `make bench` (bench/run.py writes the requests, this sends them and reports).
--
-- BENCH_WRK_DATA names a Lua file returning a list of requests {method, path, headers, body, propose}; each wrk
-- thread takes every n-th of them (n = BENCH_WRK_THREADS) and sends them round robin, so that with as many
-- requests as connections no two requests in flight touch the same row. A request with `propose` set is a new
-- revision of an engagement's intentions: its body is written here, based on the latest revision this thread has
-- seen, which each 201 answer updates. One with `entries` set sends a medicine timeline note, new each time.
--
-- Errors counted: answers other than 2xx, and timeline entries "refused" in a 200 answer.
--
-- done() prints one line that bench/run.py reads:
--   BENCH requests=N seconds=S rps=R p50_ms=A p99_ms=B non2xx=C socket_errors=D

local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local mine = {}
local latest = {}
local next_index = 1
local sent = 0
non2xx = 0

function init(args)
  math.randomseed(os.time() + 7919 * tid)
  local items = dofile(os.getenv("BENCH_WRK_DATA"))
  local count = tonumber(os.getenv("BENCH_WRK_THREADS") or "1")
  for i, item in ipairs(items) do
    if (i - 1) % count == tid then
      table.insert(mine, item)
      if item.propose then latest[item.propose] = item.latest end
    end
  end
  if #mine == 0 then mine = items end
end

local function proposal(item)
  sent = sent + 1
  local base = latest[item.propose]
  local based_on = base and tostring(base) or "null"
  local words = string.format("bench-engagement-%d revision %d-%d", item.propose, tid, sent)
  return string.format('{"based_on": %s, "content": {"goals": [{"words": "%s", "why": "To see how it goes"}]}}',
                       based_on, words)
end

local function entry()
  sent = sent + 1
  local uid = string.format("%08x-%04x-4%03x-a%03x-%06x%06x", math.random(0, 0x7fffffff), tid, sent % 4096,
                            math.random(0, 4095), math.random(0, 0xffffff), math.random(0, 0xffffff))
  return string.format('{"entries": [{"uid": "%s", "kind": "note", "at": "%s", "data": {"text": "Resting"}}]}',
                       uid, os.date("!%Y-%m-%dT%H:%M:%SZ"))
end

function request()
  local item = mine[next_index]
  next_index = next_index % #mine + 1
  local body = item.body
  if item.propose then body = proposal(item) end
  if item.entries then body = entry() end
  return wrk.format(item.method, item.path, item.headers, body)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    return
  end
  if body and body:find('"status": *"refused"') then
    non2xx = non2xx + 1  -- a timeline entry answered 200 but not kept
    return
  end
  if status == 201 and body then
    local engagement = body:match("bench%-engagement%-(%d+)")
    local number = body:match('"number":%s*(%d+)')
    if engagement and number then latest[tonumber(engagement)] = tonumber(number) end
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + (thread:get("non2xx") or 0) end
  local errors = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f rps=%.2f p50_ms=%.2f p99_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, bad, errors.connect + errors.read + errors.write + errors.timeout))
end
