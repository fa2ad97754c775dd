#!/usr/bin/env python3
"""Writes the binary-input fixtures: telemetry recorded with the OpenTelemetry Python SDK, encoded by its OTLP
encoders, in every layout the OpenTelemetry Collector's file exporter writes (see README.md beside this script).

Run from this directory (deterministic for a given set of package versions):
    pip install opentelemetry-sdk opentelemetry-exporter-otlp-proto-common opentelemetry-proto protobuf zstandard
    python3 make_fixtures.py
The tests never run Python: they read the files this script commits.

What is recorded: two devices (two SDK resources), each with several instrumentation scopes, through real
LoggerProvider/TracerProvider/MeterProvider instances with batch processors; the processors' export batches are
captured (each export call is one OTLP request, as an OTLP exporter would send it) and encoded with
`encode_logs` / `encode_spans` / `encode_metrics`, the encoders the SDK's OTLP exporters use. Two batches are
merged into one request with two resources, as a Collector's batch processor does before its file exporter.
The recording has events named by `event_name` and by an `event.name` attribute, session attributes, `None`
attribute values (encoded as an empty AnyValue, i.e. absent), records without a body (an empty AnyValue), spans
with span events that end before `session.end` but are exported after it (wire order is not time order), an
offline device's late batch, a metric, non-ASCII text, and a few real violations.
"""
import base64
import gzip
import json
import os
import struct

import zstandard
from google.protobuf import json_format
from opentelemetry._logs import SeverityNumber
from opentelemetry.exporter.otlp.proto.common._internal._log_encoder import encode_logs
from opentelemetry.exporter.otlp.proto.common._internal.metrics_encoder import encode_metrics
from opentelemetry.exporter.otlp.proto.common._internal.trace_encoder import encode_spans
from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest
from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import ExportMetricsServiceRequest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor, LogRecordExporter, LogRecordExportResult
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult
from opentelemetry.sdk.trace.id_generator import IdGenerator
from opentelemetry import trace
from opentelemetry.trace import Link, SpanKind

for k in [k for k in os.environ if k.startswith("OTEL_")]:
    del os.environ[k]

T0 = 1772359200 * 10**9  # 2026-03-01T10:00:00Z in nanoseconds
S = 10**9


class Capture(LogRecordExporter, SpanExporter):
    """Keeps each batch a processor exports (one batch = one OTLP request)."""

    def __init__(self):
        self.batches = []

    def export(self, batch):
        self.batches.append(list(batch))
        return LogRecordExportResult.SUCCESS if batch and hasattr(batch[0], "log_record") else SpanExportResult.SUCCESS

    def shutdown(self):
        pass

    def force_flush(self, timeout_millis=0):
        return True

    def take(self):
        out = [r for b in self.batches for r in b]
        self.batches = []
        return out


class Ids(IdGenerator):
    """Deterministic trace and span ids (the SDK's default is random)."""

    def __init__(self, seed):
        self.n = seed

    def generate_span_id(self):
        self.n += 1
        return 0x1000_0000_0000_0000 + self.n

    def generate_trace_id(self):
        self.n += 1
        return 0x5B8E_FFF7_9803_8103_D269_B633_0000_0000 + self.n


def resource(device, os_name, version):
    return Resource.create({"service.name": "shop-" + os_name.lower(), "service.version": version,
                            "device.id": device, "os.name": os_name, "os.version": "18.1",
                            "telemetry.sdk.version": "fixed", "service.instance.id": device + "-instance"})


class Device:
    def __init__(self, device, os_name, version, seed):
        self.res = resource(device, os_name, version)
        self.logs = Capture()
        self.spans = Capture()
        self.lp = LoggerProvider(resource=self.res)
        self.lp.add_log_record_processor(BatchLogRecordProcessor(self.logs, schedule_delay_millis=3_600_000))
        self.tp = TracerProvider(resource=self.res, id_generator=Ids(seed))
        self.tp.add_span_processor(BatchSpanProcessor(self.spans, schedule_delay_millis=3_600_000))

    def log(self, scope, t, event=None, attrs=None, body=None, severity=SeverityNumber.INFO):
        logger = self.lp.get_logger(scope, "1.3.0")
        logger.emit(timestamp=T0 + int(t * S), observed_timestamp=T0 + int(t * S) + 10_000_000,
                    severity_number=severity, severity_text=severity.name, body=body, attributes=attrs,
                    event_name=event)

    def flush_logs(self):
        self.lp.force_flush()
        return self.logs.take()

    def flush_spans(self):
        self.tp.force_flush()
        return self.spans.take()


ios = Device("d-ios-1", "iOS", "2.4.1", seed=100)
android = Device("d-and-2", "Android", "3.0.0", seed=200)
messages = []  # (signal, request) in the order the file exporter writes them

# 1. iOS session s1 starts; Android session a1 starts. One request with both resources (a Collector batch).
ios.log("com.shop.session", 0, "session.start", {"session.id": "s1", "session.previous_id": None})
ios.log("com.shop.ui", 5, "screen.view", {"session.id": "s1", "network.connection.type": "wifi"})
ios.log("com.shop.ui", 9, None, {"session.id": "s1", "event.name": "screen.view", "screen.name": "Café ☕ home"})
ios.log("com.shop.app", 10, None, {"session.id": "s1"}, body="cart loaded: 3 items")
android.log("com.shop.session", 2, "session.start", {"session.id": "a1"})
android.log("com.shop.ui", 4, "screen.view", {"session.id": "a1", "network.connection.type": "satellite"})
messages.append(("logs", encode_logs(ios.flush_logs() + android.flush_logs())))

# 2. iOS checkout with violations: an e-mail address attribute, a token in a URL, a count sent as a string.
ios.log("com.shop.checkout", 20, "checkout.submit", {"session.id": "s1", "user.email": "jane.doe@example.com"})
ios.log("com.shop.http", 21, "network.request", {"session.id": "s1",
        "url.full": "https://api.shop.example/v1/orders?access_token=abc123def456&lang=en"})
ios.log("com.shop.app", 22, None, {"session.id": "s1", "session.crash_count": "0"},
        body={"message": "order placed", "items": [1, 2, None], "total": 12.5, "paid": True})
messages.append(("logs", encode_logs(ios.flush_logs())))

# 3. Metrics: one counter with session attributes (data points are attribute-checked only).
reader = InMemoryMetricReader()
mp = MeterProvider(resource=ios.res, metric_readers=[reader])
counter = mp.get_meter("com.shop.metrics", "1.3.0").create_counter("shop.cart.items", unit="{item}")
counter.add(3, {"session.id": "s1", "network.connection.type": "wifi"})
counter.add(1, {"session.id": "s1", "user.email": "jane.doe@example.com"})
metrics = encode_metrics(reader.get_metrics_data())
for rm in metrics.resource_metrics:  # collection time is wall-clock; pin it
    for sm in rm.scope_metrics:
        for m in sm.metrics:
            for dp in m.sum.data_points:
                dp.start_time_unix_nano = T0
                dp.time_unix_nano = T0 + 30 * S
messages.append(("metrics", metrics))

# 4. iOS session s1 ends at 60 s.
ios.log("com.shop.session", 60, "session.end", {"session.id": "s1", "session.foreground_duration": 55.5,
        "session.background_duration": 4.5, "session.crash_count": 0})
messages.append(("logs", encode_logs(ios.flush_logs())))

# 5. Spans of s1 that ended at 58 s, exported after session.end (BatchSpanProcessor exports on end, later).
tracer = ios.tp.get_tracer("com.shop.http", "1.3.0")
span = tracer.start_span("GET /catalog", kind=SpanKind.CLIENT, start_time=T0 + 50 * S,
                         attributes={"session.id": "s1", "http.request.method": "GET"})
span.add_event("screen.view", {"session.id": "s1", "network.connection.type": "cell"}, timestamp=T0 + 51 * S)
child = tracer.start_span("SELECT products", context=trace.set_span_in_context(span), start_time=T0 + 52 * S,
                          attributes={"session.id": "s1", "db.system.name": "sqlite"},
                          links=[Link(span.get_span_context(), {"link.reason": "retry", "user.email": "a@b.example"})])
child.end(end_time=T0 + 53 * S)
span.end(end_time=T0 + 58 * S)
android_tracer = android.tp.get_tracer("com.shop.http", "1.3.0")
span = android_tracer.start_span("POST /login", kind=SpanKind.CLIENT, start_time=T0 + 6 * S,
                                 attributes={"session.id": "a1", "user.auth_token": "tok_live_5f2b9c"})
span.end(end_time=T0 + 7 * S)
messages.append(("traces", encode_spans(ios.flush_spans() + android.flush_spans())))

# 6. iOS session s2 continues s1 an hour later.
ios.log("com.shop.session", 3600, "session.start", {"session.id": "s2", "session.previous_id": "s1"})
ios.log("com.shop.ui", 3605, "screen.view", {"session.id": "s2", "session.idd": "typo"})
messages.append(("logs", encode_logs(ios.flush_logs())))

# 7. Android was offline: its batch from before the iOS hour arrives now (late, no finding), plus its end, plus a
#    record five minutes after its own end (one session-telemetry-after-end), written before the end record.
android.log("com.shop.ui", 8, "screen.view", {"session.id": "a1"})
android.log("com.shop.ui", 312, "screen.view", {"session.id": "a1"})
android.log("com.shop.session", 12, "session.end", {"session.id": "a1"})
messages.append(("logs", encode_logs(android.flush_logs())))

HEX_FIELDS = {"traceId", "spanId", "parentSpanId"}


def hex_ids(node):
    """OTLP/JSON writes trace and span ids as hex, not as protobuf JSON's base64 (OTLP spec, JSON encoding)."""
    if isinstance(node, dict):
        return {k: (base64.b64decode(v).hex() if k in HEX_FIELDS and isinstance(v, str) else hex_ids(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [hex_ids(v) for v in node]
    return node


def otlp_json(request):
    """The request as the Collector's JSON marshaler writes it: camelCase names, enums as numbers, 64-bit integers
    as strings, default values left out, ids in hex, compact, UTF-8."""
    d = json_format.MessageToDict(request, use_integers_for_enums=True)
    return json.dumps(hex_ids(d), separators=(",", ":"), ensure_ascii=False).encode()


def prefixed(payload):
    return struct.pack(">I", len(payload)) + payload


protos = [r.SerializeToString(deterministic=True) for _, r in messages]
jsons = [otlp_json(r) for _, r in messages]
zstd = zstandard.ZstdCompressor(level=3, write_content_size=True)


def zstd_stream(chunks, frame_per_chunk):
    """A zstd stream as the native-compression file exporter writes it: one frame per write (rotation on) or one
    frame for the file."""
    if frame_per_chunk:
        return b"".join(zstd.compress(c) for c in chunks)
    c = zstd.compressobj()
    return c.compress(b"".join(chunks)) + c.flush(zstandard.COMPRESSOBJ_FLUSH_FINISH)


ndjson = b"".join(j + b"\n" for j in jsons)
files = {
    # format: json, no compression (exportMessageAsLine).
    "sdk.ndjson": ndjson,
    # format: proto, no compression (exportMessageAsBuffer).
    "sdk-proto.bin": b"".join(prefixed(p) for p in protos),
    # format: proto / json, compression: zstd, legacy (default): each message compressed into one zstd frame,
    # then length-prefixed.
    "sdk-proto-zstd-frames.bin": b"".join(prefixed(zstd.compress(p)) for p in protos),
    "sdk-json-zstd-frames.bin": b"".join(prefixed(zstd.compress(j)) for j in jsons),
    # compression: zstd with the exporter.file.nativeCompression gate: a zstd stream of what the uncompressed
    # file would hold (NDJSON for json; length-prefixed messages for proto).
    "sdk-json-native.zst": zstd_stream([j + b"\n" for j in jsons], frame_per_chunk=True),
    "sdk-proto-native.zst": zstd_stream([prefixed(p) for p in protos], frame_per_chunk=False),
    # An encoding extension with binary output: length-prefixed JSON.
    "sdk-json-prefixed.bin": b"".join(prefixed(j) for j in jsons),
    # A file mixing every message form (protobuf, JSON, zstd frames of both).
    "sdk-mixed.bin": b"".join(prefixed([protos[i], jsons[i], zstd.compress(protos[i]), zstd.compress(jsons[i])][i % 4])
                              for i in range(len(protos))),
    # gzip, as log rotation leaves files.
    "sdk.ndjson.gz": gzip.compress(ndjson, compresslevel=6, mtime=0),
}
# Decompression bombs for the hostile-input tests: 64 MiB of zeros in a few kilobytes.
bomb = bytes(64 << 20)
files["bomb.zst"] = zstandard.ZstdCompressor(level=19).compress(bomb)
files["bomb.gz"] = gzip.compress(bytes(16 << 20), compresslevel=9, mtime=0)
c = zstandard.ZstdCompressor(level=19).compressobj()  # 256 MiB of zeros as a zstd stream
files["zeros.zst"] = b"".join(c.compress(bytes(1 << 20)) for _ in range(256)) + c.flush()

for name, data in files.items():
    with open(name, "wb") as f:
        f.write(data)


# The independent decoder's view of each protobuf message: what the Python protobuf package decodes, reduced to
# the record model (records with their attribute levels, event name, times, body, ids; absent values left out).
def value(v):
    kind = v.WhichOneof("value")
    if kind is None:
        return None
    if kind == "string_value":
        return {"string": v.string_value}
    if kind == "bool_value":
        return {"bool": v.bool_value}
    if kind == "int_value":
        return {"int": str(v.int_value)}
    if kind == "double_value":
        return {"double": repr(v.double_value)}
    if kind == "bytes_value":
        return {"bytes": v.bytes_value.hex()}
    if kind == "array_value":
        return {"array": [value(e) for e in v.array_value.values if value(e) is not None]}
    return {"map": attrs(v.kvlist_value.values)}


def attrs(kvs):
    return [[kv.key, value(kv.value)] for kv in kvs if value(kv.value) is not None]


def event_name_attr(kvs):
    for kv in kvs:
        if kv.key == "event.name" and kv.value.WhichOneof("value") == "string_value":
            return kv.value.string_value
    return None


def record(signal, res, scope, own, event=None, time=0, observed=0, end=0, body=None, trace=b"", span=b"",
           parent=None):
    r = {"signal": signal, "resource": attrs(res), "scope": attrs(scope), "attributes": attrs(own),
         "time": str(time), "observedTime": str(observed), "endTime": str(end)}
    if parent is not None:
        r["parent"] = attrs(parent)
    if event:
        r["eventName"] = event
    if body is not None:
        r["body"] = body
    if trace:
        r["traceId"] = trace.hex()
    if span:
        r["spanId"] = span.hex()
    return r


def view(signal, data):
    out = []
    if signal == "logs":
        req = ExportLogsServiceRequest.FromString(data)
        for rl in req.resource_logs:
            for sl in rl.scope_logs:
                for lr in sl.log_records:
                    body = value(lr.body) if lr.HasField("body") else None
                    # Without event_name, an event.name attribute names the event and is no attribute.
                    own = [kv for kv in lr.attributes if lr.event_name or kv.key != "event.name"]
                    out.append(record("logRecord", rl.resource.attributes, sl.scope.attributes, own,
                                      event=lr.event_name or event_name_attr(lr.attributes),
                                      time=lr.time_unix_nano or lr.observed_time_unix_nano,
                                      observed=lr.observed_time_unix_nano, body=body, trace=lr.trace_id,
                                      span=lr.span_id))
    elif signal == "traces":
        req = ExportTraceServiceRequest.FromString(data)
        for rs in req.resource_spans:
            for ss in rs.scope_spans:
                for sp in ss.spans:
                    out.append(record("span", rs.resource.attributes, ss.scope.attributes, sp.attributes,
                                      time=sp.start_time_unix_nano, end=sp.end_time_unix_nano, trace=sp.trace_id,
                                      span=sp.span_id))
                    for ev in sp.events:
                        out.append(record("spanEvent", rs.resource.attributes, ss.scope.attributes, ev.attributes,
                                          event=ev.name, time=ev.time_unix_nano, trace=sp.trace_id,
                                          span=sp.span_id, parent=sp.attributes))
    else:
        req = ExportMetricsServiceRequest.FromString(data)
        for rm in req.resource_metrics:
            for sm in rm.scope_metrics:
                for m in sm.metrics:
                    data_field = m.WhichOneof("data")
                    for dp in getattr(m, data_field).data_points:
                        out.append(record("metricDataPoint", rm.resource.attributes, sm.scope.attributes,
                                          dp.attributes, time=dp.time_unix_nano))
    return out


views = [{"message": i + 1, "signal": signal, "records": view(signal, protos[i])}
         for i, (signal, _) in enumerate(messages)]
with open("sdk-proto.view.json", "w") as f:
    json.dump(views, f, indent=1, ensure_ascii=False)
    f.write("\n")
print("\n".join(f"{name}: {len(data)} bytes" for name, data in files.items()))
