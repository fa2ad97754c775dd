#!/usr/bin/env python3
"""Produce real OpenTelemetry Python SDK output for a mobile session scenario (two devices, a continued session, a
span exported after its session's end, an offline batch uploaded late, an exporter retry) and write it in every form
the Collector's file exporter writes (`sdklib.write_all`). Export order = the order the SDK's batch processors call
the exporter.  Usage: gen_sdk.py OUT  (writes OUT.ndjson, OUT.proto.bin, ...)"""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sdklib import *
from opentelemetry._logs import SeverityNumber
from opentelemetry import trace as trace_api

OUT = sys.argv[1] if len(sys.argv) > 1 else "sdk"

# ---------------- device 1: iOS app, two sessions, the second continues the first
ios_lp, ios_tp = providers({"service.name": "shop-ios", "service.version": "2.3.1", "os.name": "iOS",
                            "os.version": "17.4", "device.id": "dev-1"})
sess_log = ios_lp.get_logger("com.shop.session", "1.0.0")
ui_log = ios_lp.get_logger("com.shop.ui", "1.0.0", schema_url="https://opentelemetry.io/schemas/1.40.0")
net = ios_tp.get_tracer("com.shop.network", "0.9")

A, B = "5f2b7c1e-aaaa-4e0b-9d1e-000000000001", "5f2b7c1e-bbbb-4e0b-9d1e-000000000002"
sess_log.emit(timestamp=T0, observed_timestamp=T0, event_name="session.start",
              severity_number=SeverityNumber.INFO, attributes={"session.id": A})
ui_log.emit(timestamp=T0 + 1 * MIN, event_name="device.app.lifecycle",
            attributes={"session.id": A, "ios.app.state": "active"})
ui_log.emit(timestamp=T0 + 2 * MIN, body="cart opened", severity_number=SeverityNumber.INFO,
            attributes={"session.id": A, "network.connection.type": "wifi"})
s = net.start_span("GET /cart", kind=trace_api.SpanKind.CLIENT, start_time=T0 + 2 * MIN,
                   attributes={"session.id": A, "http.request.method": "GET", "url.path": "/cart",
                               "http.response.status_code": 200})
s.end(end_time=T0 + 2 * MIN + 300 * 10**6)
checkout = net.start_span("checkout", start_time=T0 + 10 * MIN, attributes={"session.id": A})
checkout.add_event("payment.sheet.shown", attributes={"step": 1}, timestamp=T0 + 12 * MIN)
ui_log.emit(timestamp=T0 + 19 * MIN, event_name="device.app.lifecycle",
            attributes={"session.id": A, "ios.app.state": "background"})
sess_log.emit(timestamp=T0 + 20 * MIN, event_name="session.end",
              attributes={"session.id": A, "session.foreground_duration": 1140.0, "session.crash_count": 0})
# new session continuing A (start right after end)
sess_log.emit(timestamp=T0 + 20 * MIN + 1 * SEC, event_name="session.start",
              attributes={"session.id": B, "session.previous_id": A})
ios_lp.force_flush()   # -> logs batch 1 exported (contains session.end of A)
# the checkout span (started in A) ends after A's end log was exported: exported later
checkout.end(end_time=T0 + 20 * MIN + 3 * SEC)
ui_log.emit(timestamp=T0 + 21 * MIN, event_name="device.app.lifecycle",
            attributes={"session.id": B, "ios.app.state": "active"})
s2 = net.start_span("GET /orders", kind=trace_api.SpanKind.CLIENT, start_time=T0 + 22 * MIN,
                    attributes={"session.id": B, "http.request.method": "GET", "http.response.status_code": 200})
s2.end(end_time=T0 + 22 * MIN + 120 * 10**6)
ios_tp.force_flush()
sess_log.emit(timestamp=T0 + 40 * MIN, event_name="session.end", attributes={"session.id": B})
ios_lp.force_flush()

# ---------------- device 2: Android app; records carry device.id themselves (resource has none);
# a session recorded offline 5 hours before, uploaded after everything else (disk buffering)
and_lp, and_tp = providers({"service.name": "shop-android", "service.version": "2.3.0", "os.name": "Android"})
alog = and_lp.get_logger("io.opentelemetry.android.session", "0.11.0")
atr = and_tp.get_tracer("io.opentelemetry.android", "0.11.0")
C = "c0ffee00-0000-4000-8000-00000000000c"
ctx = {"device.id": "dev-2"}
alog.emit(timestamp=T0 - 5 * 60 * MIN, event_name="session.start", attributes={**ctx, "session.id": C})
for i in range(5):
    sp = atr.start_span(f"screen{i}", start_time=T0 - 5 * 60 * MIN + (i + 1) * MIN,
                        attributes={**ctx, "session.id": C, "screen.name": f"s{i}"})
    sp.end(end_time=T0 - 5 * 60 * MIN + (i + 1) * MIN + 2 * SEC)
alog.emit(timestamp=T0 - 5 * 60 * MIN + 10 * MIN, event_name="session.end", attributes={**ctx, "session.id": C})

and_tp.force_flush()
and_lp.force_flush()

ios_lp.shutdown(); ios_tp.shutdown(); and_lp.shutdown(); and_tp.shutdown()

# ---------------- retries: the exporter resent the first iOS logs batch (timeout, then retry): same bytes again
first_logs = next(i for i, (sig, _) in enumerate(CAPTURED) if sig == "logs")
CAPTURED.append(CAPTURED[first_logs])

write_all(OUT)
print(len(CAPTURED), "requests:", [s for s, _ in CAPTURED])
