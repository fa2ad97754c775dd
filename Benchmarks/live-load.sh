#!/usr/bin/env bash
# Sustained loopback load on `semconv live-check` (OTLP/HTTP, OTLP/JSON bodies): Benchmarks/live_load.py sends the
# lines of generated session telemetry (Benchmarks/generate_telemetry.py, clean for the bundled registry) over
# CONNECTIONS keep-alive connections, each line once, for at most SECONDS. Reports accepted records per second (from
# live-check's own report), 429s (backpressure), and the peak RSS of the live-check process (VmHWM).
# Usage: Benchmarks/live-load.sh [SIZE_MB=32] [SECONDS=60] [CONNECTIONS=4]   (from the package root; needs jq)
# Sustained load: REPEAT=1 cycles through the file until SECONDS (renaming ids per pass), BATCH=N merges N lines per
# request (SDK-sized batches), SEMCONV_BIN=path picks the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE="${1:-32}"; SECS="${2:-60}"; CONNS="${3:-4}"
DATA=Benchmarks/data; mkdir -p "$DATA"
BIN=${SEMCONV_BIN:-.build/release/semconv}
[ -x "$BIN" ] || swift build -c release --product semconv >/dev/null
FILE="$DATA/telemetry-${SIZE}mb.ndjson"
[ -f "$FILE" ] || python3 Benchmarks/generate_telemetry.py "$SIZE" --seed 42 --output "$FILE"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "input: $FILE ($(stat -c %s "$FILE") bytes, $(wc -l < "$FILE") requests)"
"$BIN" live-check --otlp-http 127.0.0.1:0 --otlp-grpc off --stream none --reporter json \
  --output "$DATA/live-load.json" 2>"$DATA/live-load.err" &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q '^listening otlp-http' "$DATA/live-load.err" && break; sleep 0.1; done
ADDR=$(grep -oE '^listening otlp-http [^ ]+' "$DATA/live-load.err" | awk '{print $3}')
echo "idle RSS: $(awk '/VmRSS/{print $2, $3}' /proc/$PID/status)"
python3 Benchmarks/live_load.py --url "http://$ADDR/v1/logs" --file "$FILE" --connections "$CONNS" --seconds "$SECS" \
  ${REPEAT:+--repeat} ${BATCH:+--batch "$BATCH"} \
  >"$DATA/live-load-client.json"
PEAK=$(awk '/VmHWM/{print $2}' /proc/$PID/status)
CPU=$(awk '{print ($14 + $15) / 100}' /proc/$PID/stat)
kill -INT $PID; wait $PID || true
trap - EXIT
python3 - "$DATA/live-load-client.json" "$DATA/live-load.json" "$PEAK" "$CPU" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2])); peak = int(sys.argv[3]); cpu = float(sys.argv[4])
s = r["summary"]
print(f"requests answered 200: {c['ok']} of {c['lines']} lines; 429/503 (retried): {c['busy']}; other: {c['other']}")
print(f"records checked: {s['records']}, findings: {len(r['findings'])}, sessions: {s['sessions']['count']}")
print(f"| seconds | requests/s | records/s | MB/s | live-check CPU s | records per CPU s | peak RSS MiB |")
print(f"|---:|---:|---:|---:|---:|---:|---:|")
t = c["seconds"]
print(f"| {t:.1f} | {c['ok'] / t:.0f} | {s['records'] / t:.0f} | {c['bytes'] / t / 1e6:.1f} | {cpu:.1f} "
      f"| {s['records'] / cpu:.0f} | {peak / 1024:.0f} |")
PY
