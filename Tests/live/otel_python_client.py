#!/usr/bin/env python3
"""A real OpenTelemetry client for `semconv live-check`: the Python SDK from PyPI exporting logs and spans with
opentelemetry-exporter-otlp-proto-http and -grpc, gzip on, as an instrumented app would.

    python3 otel_python_client.py --http http://127.0.0.1:4318 --grpc 127.0.0.1:4317 [--inject-violations]

Two devices, one session each: session.start, a screen view, a span, session.end. With --inject-violations the
second device also records an e-mail address (forbidden personal data) and an event without session.id.
"""
import argparse
import time

from opentelemetry.exporter.otlp.proto.grpc._log_exporter import OTLPLogExporter as GRPCLogExporter
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter as GRPCSpanExporter
from opentelemetry.exporter.otlp.proto.http import Compression as HTTPCompression
from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter as HTTPLogExporter
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter as HTTPSpanExporter
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import SimpleLogRecordProcessor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from grpc import Compression as GRPCCompression


def run_device(device, session, log_exporter, span_exporter, start_ns, inject):
    resource = Resource.create({
        "service.name": "python-client", "service.version": "1.0.0", "device.id": device,
        "os.name": "Linux", "os.version": "6.1",
    })
    loggers = LoggerProvider(resource=resource)
    loggers.add_log_record_processor(SimpleLogRecordProcessor(log_exporter))
    tracers = TracerProvider(resource=resource)
    tracers.add_span_processor(SimpleSpanProcessor(span_exporter))
    logger = loggers.get_logger("semconv.live.client", "1.0.0")
    tracer = tracers.get_tracer("semconv.live.client", "1.0.0")
    second = 1_000_000_000
    logger.emit(timestamp=start_ns, event_name="session.start", body="session started",
                attributes={"session.id": session})
    logger.emit(timestamp=start_ns + 5 * second, body="screen shown", attributes={"session.id": session})
    with tracer.start_as_current_span("checkout", start_time=start_ns + 6 * second,
                                      attributes={"session.id": session}):
        pass
    if inject:
        logger.emit(timestamp=start_ns + 7 * second, body="login",
                    attributes={"session.id": session, "user.email": "jane.doe@example.com"})
        logger.emit(timestamp=start_ns + 8 * second, event_name="session.start", body="no session id")
    logger.emit(timestamp=start_ns + 60 * second, event_name="session.end", body="session ended",
                attributes={"session.id": session})
    loggers.shutdown()
    tracers.shutdown()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--http", required=True, help="OTLP/HTTP base URL, e.g. http://127.0.0.1:4318")
    parser.add_argument("--grpc", required=True, help="OTLP/gRPC host:port")
    parser.add_argument("--inject-violations", action="store_true")
    args = parser.parse_args()
    start = int(time.time()) * 1_000_000_000
    # Device 1 over OTLP/HTTP (protobuf, gzip).
    run_device("py-device-1", "py-session-1",
               HTTPLogExporter(endpoint=args.http + "/v1/logs", compression=HTTPCompression.Gzip, timeout=10),
               HTTPSpanExporter(endpoint=args.http + "/v1/traces", compression=HTTPCompression.Gzip, timeout=10),
               start, inject=False)
    # Device 2 over OTLP/gRPC (gzip).
    run_device("py-device-2", "py-session-2",
               GRPCLogExporter(endpoint=args.grpc, insecure=True, compression=GRPCCompression.Gzip, timeout=10),
               GRPCSpanExporter(endpoint=args.grpc, insecure=True, compression=GRPCCompression.Gzip, timeout=10),
               start, inject=args.inject_violations)


if __name__ == "__main__":
    main()
