#!/usr/bin/env python3
"""Produce real OpenTelemetry Python SDK output for a mobile session scenario and write it in every form the
Collector's file exporter writes.  Export order = the order the SDK's batch processors call the exporter."""
import base64, gzip, json, os, struct, sys, time
import zstandard
from google.protobuf import json_format

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor, LogRecordExporter, LogRecordExportResult
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult
from opentelemetry.exporter.otlp.proto.common._internal._log_encoder import encode_logs
from opentelemetry.exporter.otlp.proto.common._internal.trace_encoder import encode_spans
from opentelemetry._logs import SeverityNumber
from opentelemetry import trace as trace_api

OUT = sys.argv[1] if len(sys.argv) > 1 else "sdk"
CAPTURED = []  # (signal, protobuf request)


class CapLogs(LogRecordExporter):
    def export(self, batch):
        CAPTURED.append(("logs", encode_logs(batch)))
        return LogRecordExportResult.SUCCESS

    def shutdown(self):
        pass

    def force_flush(self, timeout_millis=30000):
        return True


class CapSpans(SpanExporter):
    def export(self, spans):
        CAPTURED.append(("traces", encode_spans(spans)))
        return SpanExportResult.SUCCESS

    def shutdown(self):
        pass


MIN = 60 * 10**9
SEC = 10**9
T0 = 1772359200 * 10**9  # 2026-03-01T10:00:00Z


def providers(res_attrs):
    res = Resource.create(res_attrs)
    lp = LoggerProvider(resource=res)
    lp.add_log_record_processor(BatchLogRecordProcessor(CapLogs(), schedule_delay_millis=60000))
    tp = TracerProvider(resource=res)
    tp.add_span_processor(BatchSpanProcessor(CapSpans(), schedule_delay_millis=60000))
    return lp, tp


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


def hexify(o):
    if isinstance(o, dict):
        for k, v in list(o.items()):
            if k in ("traceId", "spanId", "parentSpanId") and isinstance(v, str):
                o[k] = base64.b64decode(v).hex()
            else:
                hexify(v)
    elif isinstance(o, list):
        for v in o:
            hexify(v)
    return o


def to_json(req, indent=None):
    d = json_format.MessageToDict(req, use_integers_for_enums=True)
    hexify(d)
    return json.dumps(d, indent=indent, separators=None if indent else (",", ":"))


msgs_pb = [r.SerializeToString() for _, r in CAPTURED]
msgs_js = [to_json(r).encode() for _, r in CAPTURED]
cctx = zstandard.ZstdCompressor()


def lp(msgs):
    return b"".join(struct.pack(">I", len(m)) + m for m in msgs)


files = {
    "ndjson": b"\n".join(msgs_js) + b"\n",
    "pretty.json": ("\n".join(to_json(r, indent=2) for _, r in CAPTURED) + "\n").encode(),
    "proto.bin": lp(msgs_pb),
    "proto-zstd.bin": lp([cctx.compress(m) for m in msgs_pb]),
    "json-zstd.bin": lp([cctx.compress(m) for m in msgs_js]),
    "json-lp.bin": lp(msgs_js),
}
files["ndjson.zst"] = cctx.compress(files["ndjson"])
files["proto.bin.zst"] = cctx.compress(files["proto.bin"])
files["ndjson.gz"] = gzip.compress(files["ndjson"])
files["proto.bin.gz"] = gzip.compress(files["proto.bin"])
# native-compression streams are written by a streaming writer: multiple frames
w = zstandard.ZstdCompressor().chunker(chunk_size=4096)
files["ndjson.multiframe.zst"] = b"".join(cctx.compress(m + b"\n") for m in msgs_js)
for ext, data in files.items():
    with open(f"{OUT}.{ext}", "wb") as f:
        f.write(data)
print(len(CAPTURED), "requests:", [s for s, _ in CAPTURED])
