-- wrk script for benchmarks/peers/serving-wrk.sh: each request POSTs READINGS readings (dataframe_split) to
-- /invocations, one per asset, all at the next hour of the thread's clock. Each wrk thread has one connection and its
-- own assets, so every asset's readings arrive in time order (the server refuses a reading not later than the asset's
-- last). RUN shifts the clock by 200,000 hours per run, so that a later run's readings of the same assets come later.
local readings = tonumber(os.getenv("READINGS") or "1")
local start = 1420070400 + tonumber(os.getenv("RUN") or "0") * 200000 * 3600
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local hour = 0
local columns = '{"dataframe_split":{"columns":["machineID","datetime","volt","rotate","pressure","vibration"],"data":['
local rows = {}

function request()
  hour = hour + 1
  local time = os.date("!%Y-%m-%dT%H:%M:%SZ", start + hour * 3600)
  local wave = hour % 24
  for asset = 1, readings do
    rows[asset] = string.format('["t%d-m%d","%s",%.1f,%.1f,%.1f,%.1f]', id, asset, time,
      165 + wave + asset % 7, 440 + 2 * wave, 95 + wave % 5, 38 + (wave + asset) % 4)
  end
  return wrk.format("POST", "/invocations", { ["Content-Type"] = "application/json" }, columns .. table.concat(rows, ",") .. "]}}")
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local failed = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT readings=%d requests=%d seconds=%.1f requests_per_s=%.0f readings_per_s=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f failed=%d\n",
    readings, summary.requests, seconds, summary.requests / seconds, summary.requests * readings / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, failed))
end
