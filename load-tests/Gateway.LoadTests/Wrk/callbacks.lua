-- wrk script of Gateway.LoadTests (which writes its input and reads its output; see WrkRunner.cs).
--
-- With LOAD_REQUESTS set, each thread sends its own share of the pre-signed callbacks in that file (thread k of
-- LOAD_THREADS takes lines k, k + n, k + 2n, ...; a line is "<timestamp> <signature> <body>") to LOAD_PATH, each once,
-- and keeps the body of every 2xx answer: the backend answers with the event id the gateway handed it. Without it,
-- wrk sends its own static request and no Lua runs per request.
-- done() writes the summary as JSON to LOAD_RESULT and the kept event ids, one a line, to LOAD_ACKED.
local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

if os.getenv("LOAD_REQUESTS") then
  function init(args)
    requests, acked, sent, unnamed, exhausted = {}, {}, 0, 0, false
    local path, share, n = os.getenv("LOAD_PATH"), tonumber(os.getenv("LOAD_THREADS")), 0
    for line in io.lines(os.getenv("LOAD_REQUESTS")) do
      if n % share == index then
        local timestamp, signature, body = line:match("^(%S+) (%S+) (.*)$")
        requests[#requests + 1] = wrk.format("POST", path, {
          ["Content-Type"] = "application/json",
          ["X-Timestamp"] = timestamp,
          ["X-Signature"] = signature,
        }, body)
      end
      n = n + 1
    end
  end

  function request()
    if sent == #requests then
      -- Out of callbacks: stop this thread rather than send one twice. The tool sees "exhausted" and fails the run.
      exhausted = true
      wrk.thread:stop()
      return requests[#requests]
    end
    sent = sent + 1
    return requests[sent]
  end

  function response(status, headers, body)
    if status >= 200 and status < 300 then
      if body == "" then
        unnamed = unnamed + 1 -- a 2xx that no backend answered: the gateway's answer to a duplicate
      else
        acked[#acked + 1] = body
      end
    end
  end
end

function done(summary, latency, requests)
  local sent, unnamed, exhausted = {}, 0, false
  local ids = io.open(os.getenv("LOAD_ACKED"), "w")
  for _, thread in ipairs(threads) do
    sent[#sent + 1] = tostring(thread:get("sent") or 0)
    unnamed = unnamed + (thread:get("unnamed") or 0)
    exhausted = exhausted or thread:get("exhausted") or false
    for _, id in ipairs(thread:get("acked") or {}) do
      ids:write(id, "\n")
    end
  end
  ids:close()

  local errors = summary.errors
  local result = io.open(os.getenv("LOAD_RESULT"), "w")
  result:write(string.format(
    '{"requests":%d,"durationMicroseconds":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"timeouts":%d,' ..
    '"non2xx":%d,"p50":%d,"p99":%d,"p999":%d,"max":%d,"sentPerThread":[%s],"unnamed2xx":%d,"exhausted":%s}',
    summary.requests, summary.duration, errors.connect, errors.read, errors.write, errors.timeout, errors.status,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max,
    table.concat(sent, ","), unnamed, tostring(exhausted)))
  result:close()
end
