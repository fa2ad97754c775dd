#!/usr/bin/env python3
"""Writes the realistic recordings used by TelemetryRecordingTests (deterministic; run from this directory).
Each file mixes clean sessions with known violations; the expected findings live in *.expected."""
import json

T0 = 1772359200  # 2026-03-01T10:00:00Z

def ns(sec):
    return str(int(sec * 1_000_000_000))

def s(v): return {"stringValue": v}
def i(v): return {"intValue": str(v)}
def d(v): return {"doubleValue": v}
def kv(k, v): return {"key": k, "value": v}

def resource(device, version="2.4.1", os_name="iOS", extra=()):
    return {"attributes": [kv("service.name", s("shop-ios")), kv("service.version", s(version)),
                           kv("device.id", s(device)), kv("os.name", s(os_name)), kv("os.version", s("18.1")),
                           kv("telemetry.sdk.language", s("swift")), kv("telemetry.sdk.name", s("opentelemetry")),
                           *extra]}

def rec(t, event=None, attrs=(), body=None, sev=9):
    r = {"timeUnixNano": ns(t), "observedTimeUnixNano": ns(t + 0.01), "severityNumber": sev, "severityText": "INFO"}
    if event: r["eventName"] = event
    if body is not None: r["body"] = body
    r["attributes"] = list(attrs)
    r["traceId"] = ""; r["spanId"] = ""
    return r

def logs_line(res, records, scope="com.shop.telemetry"):
    return {"resourceLogs": [{"resource": res, "scopeLogs": [{"scope": {"name": scope, "version": "1.3.0"},
            "logRecords": records}], "schemaUrl": "https://opentelemetry.io/schemas/1.40.0"}]}

def write(name, lines):
    with open(name, "w") as f:
        for l in lines:
            f.write(l if isinstance(l, str) else json.dumps(l, separators=(",", ":")))
            f.write("\n")

# 1. OTLP logs as the collector's file exporter writes them: one batch per line.
A, B, C = "d-7f3a", "d-91c2", "d-0b44"
lines = []
lines.append(logs_line(resource(A), [
    rec(T0, "session.start", [kv("session.id", s("sA1"))]),
    rec(T0 + 5, "screen.view", [kv("session.id", s("sA1")), kv("network.connection.type", s("wifi"))]),
    rec(T0 + 9, None, [kv("session.id", s("sA1"))], body=s("cart loaded")),
]))
lines.append(logs_line(resource(A), [
    rec(T0 + 20, "checkout.submit", [kv("session.id", s("sA1")), kv("user.email", s("jane.doe@example.com"))]),
    rec(T0 + 21, "network.request", [kv("session.id", s("sA1")),
        kv("url.full", s("https://api.shop.example/v1/orders?access_token=abc123def456&lang=en"))]),
    rec(T0 + 22, None, [kv("session.id", s("sA1")), kv("session.crash_count", s("0"))], body=s("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ")),
]))
lines.append(logs_line(resource(A), [
    rec(T0 + 60, "session.end", [kv("session.id", s("sA1")), kv("session.foreground_duration", d(55.5)),
                                  kv("session.background_duration", d(4.5)), kv("session.crash_count", i(0))]),
    rec(T0 + 75, "screen.view", [kv("session.id", s("sA1"))]),  # beyond the 5 s clock-skew tolerance
]))
lines.append(logs_line(resource(A), [
    rec(T0 + 300, "session.start", [kv("session.id", s("sA2")), kv("session.previous_id", s("sA1"))]),
    rec(T0 + 310, "screen.view", [kv("session.id", s("sA2")), kv("network.connection.type", s("satellite"))]),
    rec(T0 + 200, "screen.view", [kv("session.id", s("sA2"))]),
]))
lines.append(logs_line(resource(B, extra=[kv("user.id", s("u-1234"))]), [
    rec(T0 + 400, "session.start", [kv("session.id", s("sB1")), kv("session.previous_id", s("sB1"))]),
    rec(T0 + 405, "app.launch", [kv("session.id", s("sB1")), kv("session.idd", s("oops"))]),
]))
lines.append(logs_line(resource(B), [
    rec(T0 + 410, "session.start", [kv("session.id", s("sB2"))]),
    rec(T0 + 410 + 3 * 3600, "screen.view", [kv("session.id", s("sB2"))]),
]))
lines.append(logs_line(resource(C), [
    rec(T0 + 500, "session.end", [kv("session.id", s("sC0"))]),
    rec(T0 + 501, "session.start", [kv("session.id", s("sC1")), kv("session.previous_id", s("sC-missing"))]),
    rec(T0 + 502, "session.start", [kv("session.id", s("sC1"))]),
    rec(T0 + 503, "session.start", [kv("device.id", s(C))]),
]))
write("otlp-logs.ndjson", lines)

# 2. Mixed logs and traces (spans with span events), snake_case proto names on one line.
def span(name, t, attrs=(), events=()):
    return {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174", "name": name, "kind": 3,
            "startTimeUnixNano": ns(t), "endTimeUnixNano": ns(t + 0.4), "attributes": list(attrs),
            "events": list(events), "status": {}}

def spans_line(res, spans):
    return {"resourceSpans": [{"resource": res, "scopeSpans": [{"scope": {"name": "com.shop.http"}, "spans": spans}]}]}

D = "d-5e5e"
mixed = []
mixed.append(logs_line(resource(D), [rec(T0, "session.start", [kv("session.id", s("sD1"))])]))
mixed.append(spans_line(resource(D), [span("GET /catalog", T0 + 2, [kv("session.id", s("sD1")), kv("http.request.method", s("GET"))],
    [{"timeUnixNano": ns(T0 + 2.1), "name": "screen.view", "attributes": [kv("network.connection.type", s("cell"))]}])]))
mixed.append(spans_line(resource(D), [span("POST /login", T0 + 5, [kv("session.id", s("sD1")),
    kv("user.auth_token", s("tok_live_5f2b9c"))],
    [{"timeUnixNano": ns(T0 + 5.2), "name": "session.previous", "attributes": [kv("session.id", s("sD1"))]}])]))
mixed.append({"resource_logs": [{"resource": {"attributes": [{"key": "device.id", "value": {"string_value": D}},
    {"key": "service.version", "value": {"string_value": "2.4.1"}}, {"key": "os.name", "value": {"string_value": "Android"}}]},
    "scope_logs": [{"log_records": [{"time_unix_nano": ns(T0 + 7), "event_name": "screen.view",
    "attributes": [{"key": "session.id", "value": {"string_value": "sD1"}},
                   {"key": "session.crash_count", "value": {"double_value": 1.5}}]}]}]}]})
mixed.append(spans_line(resource(D), [span("GET /img", T0 + 9, [kv("session.id", s("sD1")),
    kv("session.foreground_duration", {"arrayValue": {"values": [d(1.0), s("2")]}})])]))
mixed.append(logs_line(resource(D), [rec(T0 + 12, "session.end", [kv("session.id", s("sD1"))])]))
mixed.append('{"resourceSpans":[{"resource":{"attributes":[]},"scopeSpans":[{"spans":[{"name":"x","attributes":[{"key":"session.id","value":{"stringValue":"sD1"}}]')
write("mixed-logs-traces.ndjson", mixed)

# 3. Flat events, one JSON object per line, legacy names mapped through the registry's aliases.
def flat(t, event, sid, device="dev-42", **extra):
    e = {"event": event, "timestamp": f"2026-03-01T10:{t // 60:02d}:{t % 60:02d}Z", "session_id": sid,
         "device_id": device, "app_version": "3.1.0", "platform": "android"}
    e.update(extra)
    return e
flat_lines = [
    flat(0, "session_start", "f1"),
    flat(4, "screen_view", "f1", screen="home", network_type="wifi"),
    "",
    flat(8, "purchase", "f1", email="max@example.org", amount=12.5),
    flat(9, "screen_view", "f1", note="call +49 30 1234567", username="max"),
    flat(12, "session_end", "f1", foreground_time=11.0, crash_count="none"),
    flat(15, "session_start", "f2"),
    flat(16, "session_start", "f3", device="dev-42", previous_session_id="f2"),
    {"event": "screen_view", "timestamp": "2026-03-01T10:00:17Z", "session_id": "f3"},
    "{\"event\": \"screen_view\", \"session_id\": \"f3\", \"timestamp\": 1772359218000",
    flat(19, "session_start", "f3", previous_session_id="f2"),
]
write("flat-events.ndjson", flat_lines)

# 4. Grafana Faro collector payloads.
def faro(session, events=(), logs=(), exceptions=(), measurements=(), user=None, prev=None, page="https://shop.example/cart", sattrs=None):
    attrs = {"device_id": "web-77", "os": "macOS"}
    if prev: attrs["previousSession"] = prev
    if sattrs: attrs.update(sattrs)
    meta = {"sdk": {"name": "faro-web-sdk", "version": "1.9.0"}, "app": {"name": "shop-web", "version": "5.0.2", "environment": "production"},
            "session": {"id": session, "attributes": attrs}, "page": {"url": page},
            "browser": {"name": "Firefox", "version": "131.0", "os": "Mac OS 14.6", "mobile": False}}
    if user: meta["user"] = user
    p = {"meta": meta}
    if events: p["events"] = list(events)
    if logs: p["logs"] = list(logs)
    if exceptions: p["exceptions"] = list(exceptions)
    if measurements: p["measurements"] = list(measurements)
    return p
def ts(sec): return f"2026-03-01T12:{sec // 60:02d}:{sec % 60:02d}.000Z"
faro_lines = [
    faro("w1", events=[{"name": "session_start", "domain": "browser", "timestamp": ts(0)}]),
    faro("w1", events=[{"name": "view_changed", "domain": "browser", "attributes": {"fromView": "home", "toView": "cart"}, "timestamp": ts(3)}],
         logs=[{"message": "cart updated", "level": "info", "timestamp": ts(4), "context": {"items": "3"}}]),
    faro("w1", user={"email": "lena@example.net", "id": "42", "attributes": {"plan": "pro"}},
         exceptions=[{"type": "TypeError", "value": "x is undefined", "timestamp": ts(6), "stacktrace": {"frames": []}}]),
    faro("w1", page="https://shop.example/reset?email=lena%40example.net&step=2",
         measurements=[{"type": "web-vitals", "values": {"lcp": 1830.5}, "timestamp": ts(8), "context": {"crash_count": "zero"}}]),
    faro("w2", prev="w1", events=[{"name": "session_start", "domain": "browser", "timestamp": ts(10)}]),
    faro("w3", events=[{"name": "session_start", "domain": "browser", "timestamp": ts(11)}]),
    faro("w2", events=[{"name": "session.restart", "timestamp": ts(12)}]),
]
write("faro.ndjson", faro_lines)
