#!/usr/bin/env python3
"""Anchor for the lint benchmarks: read every message and visit every attribute key and typed value, as
`semconv lint` must. Prints the number of attributes visited.

  ndjson      (default) parse every line with orjson. OTLP/JSON lines: resource, scope, record and span-event
              attributes, recursively through arrays and kvlists. Other lines (flat events, Faro payloads): every
              member of the object, recursively.
  proto       Collector file exporter `format: proto` (4-byte big-endian length + ExportLogsServiceRequest):
              the `protobuf` package's ParseFromString, then the same visit over the message.
  json-zstd   Collector file exporter `format: json`, `compression: zstd` (4-byte big-endian length + one zstd
              frame holding one JSON message): zstandard decompression, then orjson as for ndjson.

Usage: orjson_visit.py FILE [--format ndjson|proto|json-zstd]
"""
import argparse
import struct

import orjson


def visit_value(v):
    if "stringValue" in v:
        return len(v["stringValue"])
    if "intValue" in v:
        return int(v["intValue"])
    if "doubleValue" in v:
        return float(v["doubleValue"])
    if "boolValue" in v:
        return bool(v["boolValue"])
    if "arrayValue" in v:
        return sum(1 for x in v["arrayValue"].get("values", []) if visit_value(x) is not None)
    if "kvlistValue" in v:
        return visit_attrs(v["kvlistValue"].get("values", []))
    return None


def visit_attrs(attrs):
    n = 0
    for kv in attrs or ():
        _ = kv["key"]
        visit_value(kv.get("value", {}))
        n += 1
    return n


def visit_plain(value):
    """Flat events and Faro payloads: every member of every object."""
    if isinstance(value, dict):
        return sum(1 + visit_plain(v) for v in value.values())
    if isinstance(value, list):
        return sum(visit_plain(v) for v in value)
    return 0


def visit_json(doc):
    if "resourceLogs" not in doc and "resourceSpans" not in doc:
        return visit_plain(doc)
    n = 0
    for rl in doc.get("resourceLogs", ()):
        n += visit_attrs(rl.get("resource", {}).get("attributes"))
        for sl in rl.get("scopeLogs", ()):
            n += visit_attrs(sl.get("scope", {}).get("attributes"))
            for rec in sl.get("logRecords", ()):
                n += visit_attrs(rec.get("attributes"))
                _ = rec.get("eventName"), rec.get("timeUnixNano"), visit_value(rec.get("body", {}))
    for rs in doc.get("resourceSpans", ()):
        n += visit_attrs(rs.get("resource", {}).get("attributes"))
        for ss in rs.get("scopeSpans", ()):
            for span in ss.get("spans", ()):
                n += visit_attrs(span.get("attributes"))
                for ev in span.get("events", ()):
                    n += visit_attrs(ev.get("attributes"))
    return n


def visit_pb_value(v):
    kind = v.WhichOneof("value")
    if kind == "array_value":
        return sum(1 for x in v.array_value.values if visit_pb_value(x) is not None)
    if kind == "kvlist_value":
        return visit_pb_attrs(v.kvlist_value.values)
    return getattr(v, kind) if kind else None


def visit_pb_attrs(attrs):
    n = 0
    for kv in attrs:
        _ = kv.key
        visit_pb_value(kv.value)
        n += 1
    return n


def visit_pb(message):
    n = 0
    for rl in message.resource_logs:
        n += visit_pb_attrs(rl.resource.attributes)
        for sl in rl.scope_logs:
            n += visit_pb_attrs(sl.scope.attributes)
            for rec in sl.log_records:
                n += visit_pb_attrs(rec.attributes)
                _ = rec.event_name, rec.time_unix_nano, visit_pb_value(rec.body)
    return n


def frames(path):
    with open(path, "rb") as f:
        data = f.read()
    at = 0
    while at + 4 <= len(data):
        (size,) = struct.unpack_from(">I", data, at)
        yield data[at + 4:at + 4 + size]
        at += 4 + size


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file")
    parser.add_argument("--format", choices=["ndjson", "proto", "json-zstd"], default="ndjson")
    args = parser.parse_args()
    n = 0
    if args.format == "proto":
        from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest
        for frame in frames(args.file):
            message = ExportLogsServiceRequest()
            message.ParseFromString(frame)
            n += visit_pb(message)
    elif args.format == "json-zstd":
        import zstandard
        decompressor = zstandard.ZstdDecompressor()
        for frame in frames(args.file):
            n += visit_json(orjson.loads(decompressor.decompress(frame)))
    else:
        with open(args.file, "rb") as f:
            for line in f:
                if line.strip():
                    n += visit_json(orjson.loads(line))
    print(n)


if __name__ == "__main__":
    main()
