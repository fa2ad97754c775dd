"""Helpers: drive the real OpenTelemetry Python SDK, capture what its batch processors export, write Collector files."""
import base64, gzip, json, struct
import zstandard
from google.protobuf import json_format
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor, LogRecordExporter, LogRecordExportResult
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult
from opentelemetry.exporter.otlp.proto.common._internal._log_encoder import encode_logs
from opentelemetry.exporter.otlp.proto.common._internal.trace_encoder import encode_spans

CAPTURED = []
MIN = 60 * 10**9
SEC = 10**9
T0 = 1772359200 * 10**9  # 2026-03-01T10:00:00Z


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


def providers(res_attrs, max_batch=512):
    res = Resource.create(res_attrs)
    lp = LoggerProvider(resource=res)
    lp.add_log_record_processor(BatchLogRecordProcessor(CapLogs(), schedule_delay_millis=600000,
                                                        max_export_batch_size=max_batch))
    tp = TracerProvider(resource=res)
    tp.add_span_processor(BatchSpanProcessor(CapSpans(), schedule_delay_millis=600000,
                                             max_export_batch_size=max_batch))
    return lp, tp


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


def lp(msgs):
    return b"".join(struct.pack(">I", len(m)) + m for m in msgs)


def write_all(out, captured=None):
    captured = CAPTURED if captured is None else captured
    msgs_pb = [r.SerializeToString() for _, r in captured]
    msgs_js = [to_json(r).encode() for _, r in captured]
    c = zstandard.ZstdCompressor()
    files = {
        "ndjson": b"\n".join(msgs_js) + b"\n",
        "pretty.json": ("\n".join(to_json(r, indent=2) for _, r in captured) + "\n").encode(),
        "proto.bin": lp(msgs_pb),
        "proto-zstd.bin": lp([c.compress(m) for m in msgs_pb]),
        "json-zstd.bin": lp([c.compress(m) for m in msgs_js]),
    }
    files["ndjson.zst"] = c.compress(files["ndjson"])
    files["proto.bin.zst"] = c.compress(files["proto.bin"])
    files["ndjson.gz"] = gzip.compress(files["ndjson"])
    for ext, data in files.items():
        with open(f"{out}.{ext}", "wb") as f:
            f.write(data)
    return files
