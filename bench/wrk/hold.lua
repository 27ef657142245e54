-- wrk script: POST /holds of HOLD_QTY seats (default 1) on the event HOLD_EVENT, and count the answers by status.
-- Used by bench/wrk/hot-event.sh, which creates the event and checks the counts afterwards.
local event = os.getenv("HOLD_EVENT")
local qty = os.getenv("HOLD_QTY") or "1"
local ttl = os.getenv("HOLD_TTL") or "900"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"event_id":"' .. event .. '","qty":' .. qty .. ',"ttl_seconds":' .. ttl .. '}'

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  created, refused, other = 0, 0, 0
end

function response(status, headers, body)
  if status == 201 then created = created + 1
  elseif status == 409 then refused = refused + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local c, r, o = 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created"); r = r + t:get("refused"); o = o + t:get("other")
  end
  io.write(string.format("answers: 201 %d, 409 %d, other %d; socket errors: connect %d, read %d, write %d, timeout %d\n",
    c, r, o, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("latency: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000))
  io.write(string.format("throughput: %.0f holds/s\n", c / (summary.duration / 1e6)))
  io.write(string.format("acknowledged: %d\n", c))
end
