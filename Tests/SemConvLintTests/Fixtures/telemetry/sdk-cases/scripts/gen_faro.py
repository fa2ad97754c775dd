import json, copy
UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"
def meta(sid, attrs, url="https://shop.example.com/cart", page_id="pg1"):
    return {
        "sdk": {"name": "@grafana/faro-core", "version": "1.12.2", "integrations": [{"name": "@grafana/faro-web-sdk:instrumentation-session", "version": "1.12.2"}]},
        "app": {"name": "shop-web", "version": "5.1.0", "environment": "production", "bundleId": "abc"},
        "session": {"id": sid, "attributes": attrs},
        "page": {"id": page_id, "url": url},
        "browser": {"name": "Chrome", "version": "122.0.0.0", "os": "Mac OS 10.15.7", "mobile": False, "userAgent": UA, "language": "en-US", "brands": [{"brand": "Chromium", "version": "122"}], "viewportWidth": "1512", "viewportHeight": "829"},
        "view": {"name": "default"},
    }
def ts(m, s=0): return f"2026-03-01T10:{m:02d}:{s:02d}.000Z"
lines = []
S1, S2, S3 = "xK3bT9qLm2", "Pq7Wz0aB1c", "Zz9Yy8Xx7w"
# page load 1: new session
lines.append({"meta": meta(S1, {"isSampled": "true"}), "events": [
    {"name": "session_start", "domain": "browser", "attributes": {}, "timestamp": ts(0)},
    {"name": "faro.performance.navigation", "domain": "browser", "attributes": {"duration": "812", "type": "navigate", "faroNavigationId": "n1"}, "timestamp": ts(0, 1)}],
  "measurements": [{"type": "web-vitals", "values": {"lcp": 1200.5, "cls": 0.01}, "timestamp": ts(0, 2), "context": {"rating": "good"}}],
  "logs": [{"message": "cart rendered", "level": "info", "context": {"items": "3"}, "timestamp": ts(0, 3)}]})
# trace from Faro web tracing, session.id on spans (FaroSessionSpanProcessor)
lines.append({"meta": meta(S1, {"isSampled": "true"}), "traces": {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "shop-web"}}]}, "scopeSpans": [{"scope": {"name": "@opentelemetry/instrumentation-fetch", "version": "0.48.0"}, "spans": [{"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174", "name": "HTTP GET", "kind": 3, "startTimeUnixNano": "1772359260000000000", "endTimeUnixNano": "1772359260300000000", "attributes": [{"key": "session.id", "value": {"stringValue": S1}}, {"key": "http.method", "value": {"stringValue": "GET"}}], "status": {}}]}]}]}})
lines.append({"meta": meta(S1, {"isSampled": "true"}), "exceptions": [{"type": "TypeError", "value": "x is undefined", "timestamp": ts(5), "stacktrace": {"frames": [{"filename": "https://shop.example.com/app.js", "function": "render", "lineno": 10, "colno": 5}]}, "context": {}}]})
# 20 minutes later (> 15 min inactivity) in the same page: the SDK creates S2 and sends session_extend
lines.append({"meta": meta(S2, {"isSampled": "true", "previousSession": S1}), "events": [
    {"name": "session_extend", "domain": "browser", "attributes": {}, "timestamp": ts(25)},
    {"name": "click", "domain": "browser", "attributes": {"target": "checkout"}, "timestamp": ts(25, 5)}]})
# a reload: session_resume of S2 on a new page
lines.append({"meta": meta(S2, {"isSampled": "true", "previousSession": S1}, page_id="pg2"), "events": [
    {"name": "session_resume", "domain": "browser", "attributes": {}, "timestamp": ts(30)}]})
# next day-ish: a new page load after expiry; createInitialSession starts S3 with previousSession=S2 and sends session_start
lines.append({"meta": meta(S3, {"isSampled": "true", "previousSession": S2}, page_id="pg3"), "events": [
    {"name": "session_start", "domain": "browser", "attributes": {}, "timestamp": ts(59)}]})
open("faro.ndjson", "w").write("".join(json.dumps(l) + "\n" for l in lines))
