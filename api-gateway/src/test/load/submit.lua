-- wrk script: POST /v1/jobs with a valid ShapesWorld job, as a client would.
wrk.method = "POST"
wrk.path = "/v1/jobs"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("LOAD_API_KEY") or "load-test-key-0123456789")
wrk.body = '{"prompt": "a red circle above a blue square", "n": 8, "strategy": "scalingar"}'

local accepted = 0
function response(status, headers, body)
  if status == 202 then accepted = accepted + 1 end
end
