#!/usr/bin/env bash
# Telemetry lint throughput against its anchors, on the same file in the same run:
#   cat, jq -c ., Python orjson parse-and-visit (orjson_visit.py), semconv lint --jobs 1 and --jobs 2, and two
#   --jobs 1 processes at once (what two cores of this machine give at best, the ceiling for --jobs 2).
# Then peak RSS (GNU time -v) of semconv lint on 64 MB, 256 MB and 1 GB inputs.
# Usage: Benchmarks/lint.sh [SIZE_MB=256] [--no-scaling]     (from the package root)
# Needs: hyperfine, jq, GNU time, python3 with orjson (pip install orjson).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE="${1:-256}"; SCALING=1; [ "${2:-}" = "--no-scaling" ] && SCALING=0
DATA=Benchmarks/data; mkdir -p "$DATA"
swift build -c release --product semconv >/dev/null
BIN=.build/release/semconv
gen() { [ -f "$DATA/telemetry-$1mb.ndjson" ] || python3 Benchmarks/generate_telemetry.py "$1" --seed 42 --output "$DATA/telemetry-$1mb.ndjson"; }
gen "$SIZE"
FILE="$DATA/telemetry-${SIZE}mb.ndjson"
BYTES=$(stat -c %s "$FILE")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "input: $FILE ($BYTES bytes, $(wc -l < "$FILE") lines)"
"$BIN" lint --jobs 1 --reporter json "$FILE" > "$DATA/lint.json" || true
echo "findings on the benchmark file: $(jq '.findings|length' "$DATA/lint.json") (expected 0)"
hyperfine --warmup 1 --runs 5 --export-json "$DATA/hyperfine.json" \
  -n cat "cat $FILE" \
  -n "jq -c ." "jq -c . $FILE" \
  -n "orjson parse+visit" "python3 Benchmarks/orjson_visit.py $FILE" \
  -n "semconv lint --jobs 1" "$BIN lint --jobs 1 $FILE" \
  -n "semconv lint --jobs 2" "$BIN lint --jobs 2 $FILE" \
  -n "two semconv lint --jobs 1 at once" "sh -c '$BIN lint --jobs 1 $FILE & $BIN lint --jobs 1 $FILE; wait'" >/dev/null
echo "load average after the timed runs: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$DATA/hyperfine.json" "$BYTES" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]; size = int(sys.argv[2]) / 1e6
rate = {r["command"]: size / r["mean"] for r in runs}
# CPU time (user + system) is less sensitive to other load on a shared machine than wall time.
cpu = {r["command"]: size / (r["user"] + r["system"]) for r in runs}
print(f"| tool | mean s (wall) | min s | MB/s (wall) | MB/s (best run) | MB/s per CPU second |\n|---|---:|---:|---:|---:|---:|")
for r in runs:
    print(f"| {r['command']} | {r['mean']:.3f} ± {r['stddev']:.3f} | {r['min']:.3f} | {size / r['mean']:.0f} "
          f"| {size / r['min']:.0f} | {cpu[r['command']]:.0f} |")
one, two = rate["semconv lint --jobs 1"], rate["semconv lint --jobs 2"]
best = {r["command"]: size / r["min"] for r in runs}
print()
for name in ["cat", "jq -c .", "orjson parse+visit"]:
    print(f"semconv lint --jobs 1 / {name}: {one / rate[name]:.2f}x (mean), {best['semconv lint --jobs 1'] / best[name]:.2f}x (best runs)")
print(f"semconv lint --jobs 2 / orjson parse+visit: {two / rate['orjson parse+visit']:.2f}x (mean)")
print(f"semconv lint --jobs 2 / --jobs 1: {two / one:.2f}x (mean), {best['semconv lint --jobs 2'] / best['semconv lint --jobs 1']:.2f}x (best runs)")
# Two independent single-threaded runs at once do twice the work: the most any parallel run can gain on this machine.
pair = 2 * rate["two semconv lint --jobs 1 at once"]
print(f"machine ceiling (two --jobs 1 processes at once, 2x the work) / --jobs 1: {pair / one:.2f}x; --jobs 2 reaches {two / pair:.0%} of it")
PY
if [ "$SCALING" = 1 ]; then
  echo; echo "| input | jobs | seconds | MB/s | peak RSS MB |"; echo "|---|---:|---:|---:|---:|"
  for mb in 64 256 1024; do
    gen "$mb"; f="$DATA/telemetry-${mb}mb.ndjson"; b=$(stat -c %s "$f")
    for j in 1 2; do
      /usr/bin/time -v "$BIN" lint --jobs "$j" "$f" >/dev/null 2>"$DATA/time.txt" || true
      secs=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$DATA/time.txt")
      rss=$(awk -F': ' '/Maximum resident set size/{print int($2/1024)}' "$DATA/time.txt")
      echo "| ${mb} MB | $j | $secs | $(python3 -c "print(round($b/1e6/$secs))") | $rss |"
    done
  done
fi
