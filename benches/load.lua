-- wrk script for benches/load-wrk.sh: posts a resume as multipart/form-data,
-- each request with its own e-mail (so every 201 is a new stored candidate,
-- not an idempotent replay), and counts the answers by status. A 429/503
-- without Retry-After is counted as a failure.
--
-- Environment: LOAD_FILE (the document), LOAD_PATH (default /v1/candidates).

local boundary = "----resume-parser-load-7d1f"
local file_path = os.getenv("LOAD_FILE") or "fixtures/corpus/dotin-1.lo.pdf"
local path = os.getenv("LOAD_PATH") or "/v1/candidates"
local run = os.getenv("LOAD_RUN") or "run"

local f = assert(io.open(file_path, "rb"))
local doc = f:read("*all")
f:close()

local counter = 0
thread_id = 0 -- set per thread by setup()
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  counts = {}
  missing_retry_after = 0
end

local function body_for(n)
  return "--" .. boundary .. "\r\n"
    .. "Content-Disposition: form-data; name=\"email\"\r\n\r\n"
    .. "load-" .. run .. "-" .. thread_id .. "-" .. n .. "@example.com\r\n"
    .. "--" .. boundary .. "\r\n"
    .. "Content-Disposition: form-data; name=\"file\"; filename=\"resume.pdf\"\r\n"
    .. "Content-Type: application/octet-stream\r\n\r\n"
    .. doc .. "\r\n"
    .. "--" .. boundary .. "--\r\n"
end

function request()
  counter = counter + 1
  local headers = {}
  headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
  return wrk.format("POST", path, headers, body_for(counter))
end

function response(status, headers, body)
  local key = tostring(status)
  counts[key] = (counts[key] or 0) + 1
  if status == 429 or status == 503 then
    if headers["retry-after"] == nil and headers["Retry-After"] == nil then
      missing_retry_after = missing_retry_after + 1
    end
  end
end

function done(summary, latency, requests)
  local total = {}
  local missing = 0
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counts")) do
      total[k] = (total[k] or 0) + v
    end
    missing = missing + t:get("missing_retry_after")
  end
  local parts = {}
  for k, v in pairs(total) do
    table.insert(parts, k .. "=" .. v)
  end
  table.sort(parts)
  local e = summary.errors
  -- One machine-readable line for load-wrk.sh.
  io.write(string.format(
    "RESULT statuses=%s missing_retry_after=%d requests=%d secs=%.1f rps=%.1f "
      .. "p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f "
      .. "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    table.concat(parts, ","), missing, summary.requests, summary.duration / 1e6,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.timeout))
end
