#!/usr/bin/env python3
"""Deterministic generator of realistic mobile session telemetry as OTLP/JSON logs NDJSON.

Each line is one ExportLogsServiceRequest (`{"resourceLogs":[...]}`), as the OpenTelemetry Collector's file
exporter writes it: a batch of log records from one app instance (resource: service, device, OS, SDK) with
session.start / session.end events, screen views, network requests, lifecycle changes and the occasional crash.
Sessions follow the bundled registry's policy (30 min inactivity, previous_id on continuation), so the output
lints clean with the bundled registry.

Usage: generate_telemetry.py SIZE_MB [--seed N] [--output FILE]   (SIZE_MB may be fractional)
"""
import argparse
import json
import random
import sys
import uuid

SCREENS = ["home", "search", "product", "cart", "checkout", "profile", "settings", "orders"]
HOSTS = ["api.example.com", "cdn.example.com", "auth.example.com"]
ROUTES = ["/v1/products", "/v1/cart", "/v1/orders", "/v1/search", "/v1/profile", "/v1/recommendations"]
METHODS = ["GET", "GET", "GET", "POST", "PUT", "DELETE"]
NETWORKS = ["wifi", "cell", "wifi", "wifi", "cell", "unavailable"]
EXCEPTIONS = [("NSInvalidArgumentException", "unrecognized selector sent to instance"),
              ("java.lang.IllegalStateException", "Fragment not attached to a context"),
              ("SIGABRT", "abort() called")]


def s(key, value):
    return {"key": key, "value": {"stringValue": value}}


def i(key, value):
    return {"key": key, "value": {"intValue": str(value)}}


def d(key, value):
    return {"key": key, "value": {"doubleValue": value}}


class Device:
    def __init__(self, rng, n):
        self.rng = rng
        self.id = str(uuid.UUID(int=rng.getrandbits(128)))
        ios = rng.random() < 0.5
        self.os = "iOS" if ios else "Android"
        self.os_version = rng.choice(["17.5", "18.1", "18.2"] if ios else ["13", "14", "15"])
        self.app_version = rng.choice(["4.2.0", "4.2.1", "4.3.0"])
        self.clock = 1_767_225_600_000_000_000 + n * 7_919_000_000_000  # 2026-01-01, spread per device
        self.session = None
        self.previous = None
        self.records_left = 0

    def resource(self):
        return {"attributes": [
            s("service.name", "shop-ios" if self.os == "iOS" else "shop-android"),
            s("service.version", self.app_version),
            s("device.id", self.id),
            s("device.model.identifier", "iPhone15,3" if self.os == "iOS" else "Pixel 8"),
            s("os.name", self.os),
            s("os.version", self.os_version),
            s("telemetry.sdk.name", "opentelemetry"),
            s("telemetry.sdk.language", "swift" if self.os == "iOS" else "java"),
            s("telemetry.sdk.version", "1.10.1"),
        ]}


def record(dev, event, attrs, body=None, severity=9):
    dev.clock += dev.rng.randint(200_000_000, 20_000_000_000)  # 0.2 s to 20 s between records
    rng = dev.rng
    rec = {
        "timeUnixNano": str(dev.clock),
        "observedTimeUnixNano": str(dev.clock + rng.randint(1_000_000, 90_000_000)),
        "severityNumber": severity,
        "severityText": "INFO" if severity < 13 else "ERROR",
        "body": {"stringValue": body or event},
        "attributes": [s("session.id", dev.session)] + attrs,
        "traceId": "%032x" % rng.getrandbits(128),
        "spanId": "%016x" % rng.getrandbits(64),
    }
    if event:
        rec["eventName"] = event
    return rec


def session_records(dev):
    rng = dev.rng
    out = []
    if dev.session is None:
        if dev.previous is not None:
            dev.clock += rng.randint(35, 600) * 60_000_000_000  # a gap longer than the inactivity timeout
        dev.session = str(uuid.UUID(int=rng.getrandbits(128)))
        attrs = [s("session.previous_id", dev.previous)] if dev.previous else []
        out.append(record(dev, "session.start", attrs))
        dev.records_left = rng.randint(20, 120)
    while len(out) < rng.randint(5, 30) and dev.records_left > 0:
        dev.records_left -= 1
        kind = rng.random()
        if kind < 0.45:
            out.append(record(dev, "app.screen.view", [s("app.screen.name", rng.choice(SCREENS)),
                                                      s("network.connection.type", rng.choice(NETWORKS))]))
        elif kind < 0.85:
            status = rng.choice([200, 200, 200, 201, 204, 304, 404, 500])
            out.append(record(dev, "", [
                s("http.request.method", rng.choice(METHODS)),
                s("url.full", "https://%s%s" % (rng.choice(HOSTS), rng.choice(ROUTES))),
                i("http.response.status_code", status),
                d("http.client.request.duration", round(rng.uniform(0.02, 2.5), 4)),
                s("network.connection.type", rng.choice(NETWORKS)),
            ], body="HTTP request completed", severity=9 if status < 500 else 17))
        elif kind < 0.97:
            out.append(record(dev, "device.app.lifecycle", [
                s("ios.app.state" if dev.os == "iOS" else "android.app.state",
                  rng.choice(["foreground", "background"]) if dev.os == "iOS" else rng.choice(["foreground", "background"]))]))
        else:
            etype, msg = rng.choice(EXCEPTIONS)
            out.append(record(dev, "app.crash", [
                s("exception.type", etype), s("exception.message", msg),
                s("exception.stacktrace", "\n".join("frame %d: 0x%012x Shop + %d" % (n, rng.getrandbits(48), rng.randint(1, 99999))
                                                    for n in range(rng.randint(8, 30)))),
            ], body="application crashed", severity=21))
    if dev.records_left == 0:
        out.append(record(dev, "session.end", [d("session.foreground_duration", round(rng.uniform(30, 3000), 2)),
                                              d("session.background_duration", round(rng.uniform(0, 600), 2)),
                                              i("session.crash_count", 0)]))
        dev.previous, dev.session = dev.session, None
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size_mb", type=float)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--devices", type=int, default=500)
    parser.add_argument("--output", default="-")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    devices = [Device(random.Random(rng.getrandbits(64)), n) for n in range(args.devices)]
    limit = int(args.size_mb * 1024 * 1024)
    out = sys.stdout if args.output == "-" else open(args.output, "w")
    written = 0
    while written < limit:
        dev = rng.choice(devices)
        doc = {"resourceLogs": [{
            "resource": dev.resource(),
            "scopeLogs": [{"scope": {"name": "io.opentelemetry.sessions", "version": "1.10.1"},
                           "logRecords": session_records(dev)}],
            "schemaUrl": "https://opentelemetry.io/schemas/1.40.0",
        }]}
        line = json.dumps(doc, separators=(",", ":")) + "\n"
        out.write(line)
        written += len(line)
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
