-- wrk script: each thread sends its own share of pre-signed, unique callbacks (made by quick-compare.sh),
-- so no request is a duplicate and every one is verified, claimed and forwarded.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("index", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  requests = {}
  local file = assert(io.open(os.getenv("CALLBACKS_FILE"), "r"))
  local n, total = 0, tonumber(os.getenv("WRK_THREADS"))
  for line in file:lines() do
    if n % total == index then
      local ts, sig, body = line:match("^(%S+) (%S+) (.*)$")
      requests[#requests + 1] = wrk.format("POST", "/hooks", {
        ["Content-Type"] = "application/json",
        ["X-Timestamp"] = ts,
        ["X-Signature"] = "sha256=" .. sig,
      }, body)
    end
    n = n + 1
  end
  file:close()
  next_request = 0
end

function request()
  next_request = next_request + 1
  if next_request > #requests then
    next_request = 1 -- would be a duplicate: quick-compare.sh checks that this never happens
  end
  return requests[next_request]
end
