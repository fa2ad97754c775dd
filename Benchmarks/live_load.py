#!/usr/bin/env python3
"""Loopback load for `semconv live-check`: POSTs the lines of an OTLP/JSON NDJSON file (one request per line, each
line sent once, in order per connection) over keep-alive connections until the file or the time runs out.
429/503 answers are counted and the request is retried after a short pause (as an exporter honouring backpressure
would, but without its 1 s Retry-After, to keep the queue full). Prints one JSON object with the counts.

Usage: live_load.py --url http://127.0.0.1:4318/v1/logs --file F.ndjson [--connections 4] [--seconds 60]
"""
import argparse
import http.client
import json
import threading
import time
import urllib.parse


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--file", required=True)
    p.add_argument("--connections", type=int, default=4)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--repeat", action="store_true",
                   help="cycle through the file until --seconds is up; each pass renames session ids (new sessions)")
    p.add_argument("--batch", type=int, default=1,
                   help="merge this many lines into one request (SDK batch processors send 512-record batches)")
    a = p.parse_args()
    url = urllib.parse.urlparse(a.url)
    with open(a.file, "rb") as f:
        lines = [l.rstrip(b"\n") for l in f if l.strip()]
    if a.batch > 1:
        docs = [json.loads(l) for l in lines]
        lines = [json.dumps({"resourceLogs": [r for d in docs[i:i + a.batch] for r in d.get("resourceLogs", [])]},
                            separators=(",", ":")).encode() for i in range(0, len(docs), a.batch)]
    deadline = time.monotonic() + a.seconds
    counts = {"sent": 0, "ok": 0, "busy": 0, "other": 0, "bytes": 0}
    lock = threading.Lock()

    def worker(k):
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        mine = lines[k::a.connections]
        i = 0
        passes = 0
        while time.monotonic() < deadline:
            if i == len(mine):
                if not a.repeat or not mine:
                    break
                passes += 1
                tag = b'{"stringValue":"p%d-' % passes
                mine = [l.replace(b'{"stringValue":"', tag) if passes == 1 else
                        l.replace(b'{"stringValue":"p%d-' % (passes - 1), tag) for l in mine]
                i = 0
            conn.request("POST", url.path, body=mine[i], headers={"Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
            with lock:
                counts["sent"] += 1
                if r.status == 200:
                    counts["ok"] += 1
                    counts["bytes"] += len(mine[i])
                elif r.status in (429, 503):
                    counts["busy"] += 1
                else:
                    counts["other"] += 1
            if r.status in (429, 503):
                time.sleep(0.005)
                continue
            i += 1
        conn.close()

    start = time.monotonic()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(a.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    counts["seconds"] = round(time.monotonic() - start, 3)
    counts["lines"] = len(lines)
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
