#!/usr/bin/env python3
"""Converts OTLP/JSON NDJSON (one Export*ServiceRequest per line) into what the Collector's file exporter writes with
`format: proto`: each request as protobuf, preceded by its length (4 bytes, big-endian). Optionally zstd, as with
`compression: zstd` (legacy: one zstd frame per message) or the native-compression gate (one zstd stream).

With --json each request stays JSON text (`format: json`): with --zstd frames that is the legacy
`compression: zstd` JSON file (a zstd frame per message, length-prefixed; exporter/fileexporter marshaller.go).

Usage: otlp_json_to_proto.py INPUT.ndjson OUTPUT [--zstd frames|stream] [--json]
Needs: pip install opentelemetry-proto protobuf (and zstandard for --zstd).
"""
import argparse
import base64
import json
import struct

from google.protobuf import json_format
from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest
from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import ExportMetricsServiceRequest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

TYPES = {"resourceLogs": ExportLogsServiceRequest, "resourceSpans": ExportTraceServiceRequest,
         "resourceMetrics": ExportMetricsServiceRequest}
IDS = {"traceId", "spanId", "parentSpanId"}


def b64_ids(node):
    """OTLP/JSON ids are hex; protobuf's JSON mapping wants base64 for bytes."""
    if isinstance(node, dict):
        return {k: (base64.b64encode(bytes.fromhex(v)).decode() if k in IDS and isinstance(v, str) else b64_ids(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [b64_ids(v) for v in node]
    return node


def main():
    p = argparse.ArgumentParser()
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("--zstd", choices=["frames", "stream"])
    p.add_argument("--json", action="store_true", help="keep each request as JSON text instead of protobuf")
    a = p.parse_args()
    if a.zstd:
        import zstandard
        compressor = zstandard.ZstdCompressor(level=3)
    out = open(a.output, "wb")
    stream = compressor.stream_writer(out) if a.zstd == "stream" else out
    with open(a.input, "rb") as f:
        for line in f:
            if not line.strip():
                continue
            if a.json:
                message = line.rstrip(b"\n")
            else:
                doc = json.loads(line)
                kind = next(k for k in TYPES if k in doc)
                message = json_format.ParseDict(b64_ids(doc), TYPES[kind]()).SerializeToString()
            if a.zstd == "frames":
                message = compressor.compress(message)
            stream.write(struct.pack(">I", len(message)) + message)
    if a.zstd == "stream":
        stream.close()
    out.close()


if __name__ == "__main__":
    main()
