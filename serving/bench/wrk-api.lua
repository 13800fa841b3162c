-- wrk script: one of the three main endpoints (ENDPOINT env: prices | hospital_prices | stats), a random code or
-- hospital per request, the API key from API_KEY.
local endpoint = os.getenv("ENDPOINT") or "prices"
wrk.headers["X-API-Key"] = os.getenv("API_KEY")
math.randomseed(42)

request = function()
  local path
  if endpoint == "prices" then
    path = "/api/v1/prices?code_type=CPT&code=" .. math.random(1000, 1999) .. "&limit=20"
  elseif endpoint == "hospital_prices" then
    path = "/api/v1/hospitals/bh-" .. math.random(0, 399) .. "/prices?code_type=CPT&code=" .. math.random(1000, 1999) .. "&limit=20"
  else
    path = "/api/v1/codes/CPT/" .. math.random(1000, 1999) .. "/stats?geography=US"
  end
  return wrk.format("GET", path)
end
