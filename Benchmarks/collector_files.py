#!/usr/bin/env python3
"""Writes an OTLP/JSON NDJSON file (one ExportLogsServiceRequest per line) in the other forms the OpenTelemetry
Collector's file exporter (opentelemetry-collector-contrib exporter/fileexporter) writes, one message per input line:

  proto       (g) `format: proto`: each message as protobuf bytes, preceded by its length as a 4-byte big-endian
                  unsigned integer (file_writer.go, exportMessageAsBuffer).
  json-zstd   (h) `format: json` with `compression: zstd` (without the native-compression feature gate): each JSON
                  message compressed on its own into one zstd frame (marshaller.go), preceded by the frame's length as
                  a 4-byte big-endian unsigned integer.

Usage: collector_files.py INPUT.ndjson --format proto|json-zstd --output FILE
Needs: pip install opentelemetry-proto protobuf zstandard. Deterministic: the same input gives the same bytes.
"""
import argparse
import base64
import struct
import sys


def to_proto_json(value):
    """OTLP/JSON writes trace and span ids as hex; the protobuf JSON mapping of `bytes` is base64."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in ("traceId", "spanId", "parentSpanId") and isinstance(v, str):
                out[k] = base64.b64encode(bytes.fromhex(v)).decode()
            else:
                out[k] = to_proto_json(v)
        return out
    if isinstance(value, list):
        return [to_proto_json(v) for v in value]
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input")
    parser.add_argument("--format", choices=["proto", "json-zstd"], required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    if args.format == "proto":
        import orjson
        from google.protobuf import json_format
        from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest

        def encode(line):
            message = ExportLogsServiceRequest()
            json_format.ParseDict(to_proto_json(orjson.loads(line)), message)
            return message.SerializeToString(deterministic=True)
    else:
        import zstandard
        compressor = zstandard.ZstdCompressor(level=3)

        def encode(line):
            return compressor.compress(line)
    with open(args.input, "rb") as src, open(args.output, "wb") as out:
        for line in src:
            line = line.rstrip(b"\n")
            if not line:
                continue
            data = encode(line)
            out.write(struct.pack(">I", len(data)))
            out.write(data)


if __name__ == "__main__":
    sys.exit(main())
