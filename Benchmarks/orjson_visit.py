#!/usr/bin/env python3
"""Anchor for the lint benchmark: parse every NDJSON line with orjson and visit every attribute key and typed value
(resource, scope, record and span-event attributes, recursively through arrays and kvlists), as `semconv lint`
must. Prints the number of attributes visited."""
import sys

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


def main(path):
    n = 0
    with open(path, "rb") as f:
        for line in f:
            if not line.strip():
                continue
            doc = orjson.loads(line)
            for rl in doc.get("resourceLogs", ()):
                n += visit_attrs(rl.get("resource", {}).get("attributes"))
                for sl in rl.get("scopeLogs", ()):
                    n += visit_attrs(sl.get("scope", {}).get("attributes"))
                    for rec in sl.get("logRecords", ()):
                        n += visit_attrs(rec.get("attributes"))
                        _ = rec.get("eventName"), rec.get("timeUnixNano")
            for rs in doc.get("resourceSpans", ()):
                n += visit_attrs(rs.get("resource", {}).get("attributes"))
                for ss in rs.get("scopeSpans", ()):
                    for span in ss.get("spans", ()):
                        n += visit_attrs(span.get("attributes"))
                        for ev in span.get("events", ()):
                            n += visit_attrs(ev.get("attributes"))
    print(n)


if __name__ == "__main__":
    main(sys.argv[1])
