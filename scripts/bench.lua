-- wrk script for `make bench` (scripts/bench.py sets the environment).
-- BENCH_METHOD, BENCH_PATH, BENCH_COOKIE, BENCH_CSRF: the request; for a POST, BENCH_BODY is a
-- form body in which "{n}" is replaced by a request counter, and BENCH_CHOICES a comma-separated
-- list the counter picks from (a scorer changing answers). done() prints one JSON line.
local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local body = os.getenv("BENCH_BODY") or ""
local choices = {}
for choice in string.gmatch(os.getenv("BENCH_CHOICES") or "", "[^,]+") do
  table.insert(choices, choice)
end
local headers = {}
local cookie = os.getenv("BENCH_COOKIE") or ""
if cookie ~= "" then headers["Cookie"] = cookie end
if method == "POST" then
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["X-CSRFToken"] = os.getenv("BENCH_CSRF") or ""
  headers["HX-Request"] = "true"
end
local counter = 0

request = function()
  if method ~= "POST" then
    return wrk.format(method, path, headers)
  end
  counter = counter + 1
  local choice = #choices > 0 and choices[(counter % #choices) + 1] or tostring(counter)
  return wrk.format(method, path, headers, (string.gsub(body, "{n}", choice)))
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "mean_us": %.1f, "max_us": %d}\n',
    summary.requests, summary.duration,
    errors.connect + errors.read + errors.write + errors.status + errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max))
end
