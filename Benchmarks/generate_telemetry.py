#!/usr/bin/env python3
"""Deterministic generators of realistic client telemetry for the lint benchmarks, one per workload.

Workloads (each line one ExportLogsServiceRequest as the OpenTelemetry Collector's file exporter writes it, unless
said otherwise):
  base      (a) mobile sessions: session.start / session.end events, screen views, network requests, lifecycle
                changes and the occasional crash, one app instance per line (resource: service, device, OS, SDK),
                500 devices. Lints clean with the bundled registry (sessions follow its 30 min inactivity policy).
  urls      (b) URL-heavy: mostly network requests whose `url.full` carries a query string (benign keys, keys the
                semantic conventions call sensitive with the prescribed `REDACTED` value, percent-encoding,
                fragments, `REDACTED:REDACTED@` user info) and whose body repeats the URL; one URL in 20,000 carries
                a real credential (a finding).
  findings  (c) findings-heavy: workload (a) with an undefined attribute in the registry's owned namespace
                (`session.duration_ms`) on every record: one `unknown-attribute` finding per record, most of them
                beyond the listed cap.
  sessions  (d) many sessions: 100,000 devices interleaved, each line one SDK export of one device with its records
                grouped by instrumentation scope (sessions, network, ui), as SDK batch processors send them.
  flat      (e) flat events: one JSON object per event with flat keys (`event`, `timestamp`, `session_id`, ...).
  faro      (f) Grafana Faro payloads: `meta` (app, session, page, browser) plus batches of events, logs,
                measurements and exceptions.

Usage: generate_telemetry.py SIZE_MB [--workload NAME] [--seed N] [--devices N] [--output FILE]
SIZE_MB may be fractional. The same arguments always give the same bytes.
"""
import argparse
import json
import random
import sys
import time
import uuid

SCREENS = ["home", "search", "product", "cart", "checkout", "profile", "settings", "orders"]
HOSTS = ["api.example.com", "cdn.example.com", "auth.example.com"]
ROUTES = ["/v1/products", "/v1/cart", "/v1/orders", "/v1/search", "/v1/profile", "/v1/recommendations"]
METHODS = ["GET", "GET", "GET", "POST", "PUT", "DELETE"]
NETWORKS = ["wifi", "cell", "wifi", "wifi", "cell", "unavailable"]
EXCEPTIONS = [("NSInvalidArgumentException", "unrecognized selector sent to instance"),
              ("java.lang.IllegalStateException", "Fragment not attached to a context"),
              ("SIGABRT", "abort() called")]
# URL-heavy workload: query keys an app sends, and the keys semantic conventions (url.full note) and cloud signed
# URLs use for credentials, which instrumentations replace by `REDACTED`.
BENIGN_KEYS = ["q", "page", "limit", "offset", "sort", "lang", "w", "h", "fmt", "utm_source", "utm_campaign", "ref",
               "category", "cb", "v"]
REDACTED_KEYS = ["sig", "Signature", "AWSAccessKeyId", "X-Goog-Signature", "X-Amz-Signature", "X-Amz-Credential",
                 "token", "access_token"]
WORDS = ["shoes", "red dress", "café", "kids & toys", "50% off", "winter/jackets", "a+b", "e-book", "über"]


def s(key, value):
    return {"key": key, "value": {"stringValue": value}}


def i(key, value):
    return {"key": key, "value": {"intValue": str(value)}}


def d(key, value):
    return {"key": key, "value": {"doubleValue": value}}


def pct(text):
    """Percent-encoding as browsers and URLSession write query values."""
    out = []
    for b in text.encode():
        c = chr(b)
        out.append(c if c.isalnum() and b < 0x80 or c in "-._~" else "%%%02X" % b)
    return "".join(out)


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


def plain_request(dev):
    rng = dev.rng
    status = rng.choice([200, 200, 200, 201, 204, 304, 404, 500])
    return record(dev, "", [
        s("http.request.method", rng.choice(METHODS)),
        s("url.full", "https://%s%s" % (rng.choice(HOSTS), rng.choice(ROUTES))),
        i("http.response.status_code", status),
        d("http.client.request.duration", round(rng.uniform(0.02, 2.5), 4)),
        s("network.connection.type", rng.choice(NETWORKS)),
    ], body="HTTP request completed", severity=9 if status < 500 else 17)


def query_url(rng):
    """A URL with a query string: benign keys, often a sensitive key with the prescribed `REDACTED` value,
    sometimes redacted user info or a fragment; one in 20,000 carries a real signature."""
    host = rng.choice(HOSTS)
    path = rng.choice(ROUTES) + ("/%d" % rng.randint(1, 99999) if rng.random() < 0.5 else "")
    pairs = []
    for key in rng.sample(BENIGN_KEYS, rng.randint(1, 5)):
        value = pct(rng.choice(WORDS)) if key == "q" else str(rng.randint(0, 10**rng.randint(1, 9)))
        pairs.append("%s=%s" % (key, value))
    roll = rng.random()
    if roll < 0.00005:
        pairs.append("X-Amz-Signature=%064x" % rng.getrandbits(256))
    elif roll < 0.3:
        for key in rng.sample(REDACTED_KEYS, rng.randint(1, 3)):
            pairs.append(key + "=REDACTED")
    userinfo = "REDACTED:REDACTED@" if rng.random() < 0.02 else ""
    fragment = "#section-%d" % rng.randint(1, 9) if rng.random() < 0.05 else ""
    return "https://%s%s%s?%s%s" % (userinfo, host, path, "&".join(pairs), fragment)


def url_request(dev):
    rng = dev.rng
    status = rng.choice([200, 200, 200, 201, 204, 304, 404, 500])
    method = rng.choice(METHODS)
    url = query_url(rng)
    return record(dev, "", [
        s("http.request.method", method),
        s("url.full", url),
        i("http.response.status_code", status),
        d("http.client.request.duration", round(rng.uniform(0.02, 2.5), 4)),
        s("network.connection.type", rng.choice(NETWORKS)),
    ], body="%s %s -> %d" % (method, url, status), severity=9 if status < 500 else 17)


class Mix:
    """Shares of record kinds (cumulative bounds: screen view, network request, lifecycle; the rest crashes)."""
    def __init__(self, screen, network, lifecycle, request, extra=None):
        self.screen, self.network, self.lifecycle, self.request, self.extra = screen, network, lifecycle, request, extra


BASE = Mix(0.45, 0.85, 0.97, plain_request)
URLS = Mix(0.10, 0.90, 0.98, url_request)
FINDINGS = Mix(0.45, 0.85, 0.97, plain_request, extra=lambda rng: [i("session.duration_ms", rng.randint(1, 10**7))])


def session_records(dev, mix=BASE):
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
        if kind < mix.screen:
            out.append(record(dev, "app.screen.view", [s("app.screen.name", rng.choice(SCREENS)),
                                                      s("network.connection.type", rng.choice(NETWORKS))]))
        elif kind < mix.network:
            out.append(mix.request(dev))
        elif kind < mix.lifecycle:
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
    if mix.extra:
        for rec in out:
            rec["attributes"] += mix.extra(rng)
    return out


def otlp_line(dev, mix):
    doc = {"resourceLogs": [{
        "resource": dev.resource(),
        "scopeLogs": [{"scope": {"name": "io.opentelemetry.sessions", "version": "1.10.1"},
                       "logRecords": session_records(dev, mix)}],
        "schemaUrl": "https://opentelemetry.io/schemas/1.40.0",
    }]}
    return doc


SCOPES = {"session": "io.opentelemetry.sessions", "network": "io.opentelemetry.instrumentation.urlsession",
          "ui": "io.opentelemetry.instrumentation.uikit", "app": "com.example.shop"}


def scoped_line(dev, mix):
    """One SDK export: the device's records of one batch grouped by instrumentation scope (a batch processor keeps
    each scope's records together, so wire order is not time order across scopes)."""
    records = session_records(dev, mix)
    groups = {}
    for rec in records:
        event = rec.get("eventName", "")
        scope = ("session" if event.startswith("session.") else "network" if not event
                 else "ui" if event == "app.screen.view" else "app")
        groups.setdefault(scope, []).append(rec)
    return {"resourceLogs": [{
        "resource": dev.resource(),
        "scopeLogs": [{"scope": {"name": SCOPES[k], "version": "1.10.1"}, "logRecords": v} for k, v in groups.items()],
        "schemaUrl": "https://opentelemetry.io/schemas/1.40.0",
    }]}


def iso(nanos):
    secs, frac = divmod(nanos // 1_000_000, 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(secs)) + ".%03dZ" % frac


FLAT_KEYS = {"session.foreground_duration": "foreground_time", "session.background_duration": "background_time",
             "session.crash_count": "crash_count", "http.request.method": "method", "url.full": "url",
             "http.response.status_code": "status", "http.client.request.duration": "duration_s",
             "network.connection.type": "network_type", "app.screen.name": "screen", "ios.app.state": "app_state",
             "android.app.state": "app_state", "exception.type": "error_type", "exception.message": "error_message",
             "exception.stacktrace": "stacktrace"}


def plain_attributes(rec):
    """A record's attributes as plain JSON values (OTLP/JSON writes int64 as strings)."""
    return {a["key"]: int(v) if t == "intValue" else v for a in rec["attributes"] for t, v in a["value"].items()}


def flat_events(dev, mix):
    """The same sessions as flat events: one JSON object per event, aliases for keys (`session_id`, `device_id`)."""
    lines = []
    for rec in session_records(dev, mix):
        attrs = plain_attributes(rec)
        event = rec.get("eventName") or "http_request"
        flat = {"event": event.replace(".", "_") if event.startswith("session.") else event,
                "timestamp": iso(int(rec["timeUnixNano"])),
                "session_id": attrs.pop("session.id"), "device_id": dev.id, "app_version": dev.app_version,
                "platform": dev.os}
        if "session.previous_id" in attrs:
            flat["previous_session_id"] = attrs.pop("session.previous_id")
        for k, v in attrs.items():
            flat[FLAT_KEYS.get(k, k.split(".")[-1])] = v
        lines.append(flat)
    return lines


def faro_payload(dev, mix):
    """A Faro Web SDK payload: meta plus the batch's items as events, logs, measurements and exceptions."""
    rng = dev.rng
    records = session_records(dev, mix)
    events, logs, measurements, exceptions = [], [], [], []
    for rec in records:
        ts = iso(int(rec["timeUnixNano"]))
        event = rec.get("eventName", "")
        attrs = plain_attributes(rec)
        if event == "session.start":
            events.append({"name": "session_start", "domain": "browser", "timestamp": ts})
        elif event == "session.end":
            pass  # Faro has no end event: its sessions end by inactivity
        elif event == "app.screen.view":
            events.append({"name": "view_changed", "domain": "browser", "timestamp": ts,
                           "attributes": {"fromView": rng.choice(SCREENS), "toView": attrs["app.screen.name"]}})
        elif event == "app.crash":
            exceptions.append({"type": "TypeError", "value": attrs["exception.message"], "timestamp": ts,
                               "stacktrace": {"frames": [{"filename": "https://shop.example/assets/app-%d.js" % n,
                                                          "function": "render", "lineno": rng.randint(1, 9999),
                                                          "colno": rng.randint(1, 200)} for n in range(rng.randint(3, 12))]}})
        elif event:
            logs.append({"message": "app %s" % attrs.get("ios.app.state", attrs.get("android.app.state", "state")),
                         "level": "info", "timestamp": ts, "context": {"screen": rng.choice(SCREENS)}})
        else:
            measurements.append({"type": "web-vitals", "timestamp": ts,
                                 "values": {"lcp": round(rng.uniform(300, 4000), 1), "fid": round(rng.uniform(1, 300), 1),
                                            "cls": round(rng.uniform(0, 0.5), 3)}})
            logs.append({"message": "fetch %s" % attrs["url.full"], "level": "info", "timestamp": ts,
                         "context": {"status": str(attrs["http.response.status_code"]),
                                     "duration": str(attrs["http.client.request.duration"])}})
    session = {"id": dev.session or dev.previous, "attributes": {"device_id": dev.id, "os": "macOS"}}
    starts = [r for r in records if r.get("eventName") == "session.start"]
    if starts and any(a["key"] == "session.previous_id" for a in starts[0]["attributes"]):
        session["attributes"]["previousSession"] = next(a["value"]["stringValue"] for a in starts[0]["attributes"]
                                                        if a["key"] == "session.previous_id")
    payload = {"meta": {
        "sdk": {"name": "faro-web-sdk", "version": "1.9.0"},
        "app": {"name": "shop-web", "version": dev.app_version, "environment": "production"},
        "session": session,
        "page": {"url": "https://shop.example/%s" % rng.choice(SCREENS)},
        "browser": {"name": "Firefox", "version": "131.0", "os": "Mac OS 14.6", "mobile": False},
    }}
    for name, items in (("events", events), ("logs", logs), ("measurements", measurements), ("exceptions", exceptions)):
        if items:
            payload[name] = items
    return payload


WORKLOADS = {
    "base": (otlp_line, BASE, 500),
    "urls": (otlp_line, URLS, 500),
    "findings": (otlp_line, FINDINGS, 500),
    "sessions": (scoped_line, BASE, 100_000),
    "flat": (flat_events, BASE, 500),
    "faro": (faro_payload, BASE, 500),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size_mb", type=float)
    parser.add_argument("--workload", choices=sorted(WORKLOADS), default="base")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--devices", type=int, help="number of devices (default: 500; 100,000 for 'sessions')")
    parser.add_argument("--output", default="-")
    args = parser.parse_args()
    make, mix, default_devices = WORKLOADS[args.workload]
    rng = random.Random(args.seed)
    devices = [Device(random.Random(rng.getrandbits(64)), n) for n in range(args.devices or default_devices)]
    limit = int(args.size_mb * 1024 * 1024)
    out = sys.stdout if args.output == "-" else open(args.output, "w")
    written = 0
    while written < limit:
        dev = rng.choice(devices)
        docs = make(dev, mix)
        for doc in docs if isinstance(docs, list) else [docs]:
            line = json.dumps(doc, separators=(",", ":"), ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode())
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
