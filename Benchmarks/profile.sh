#!/usr/bin/env bash
# Where the time goes, per workload: callgrind instruction counts (noise-free on a shared machine) of
# `semconv lint --jobs 1` on an 8 MB input of each workload, top self costs as markdown tables.
# Usage: Benchmarks/profile.sh [--bin PATH] [--tag NAME] [--size MB] [--top N] [WORKLOAD...]   (from the package root)
#   WORKLOAD: base urls findings sessions flat faro proto zstd (default: all; proto and zstd are base in the
#   Collector's length-prefixed protobuf and JSON+zstd files, see run.sh). --bin defaults to a release build of this
#   checkout (built first). Raw callgrind files stay in Benchmarks/data/callgrind.<tag>.<workload>.out (tag
#   default: current), for `callgrind_annotate --inclusive=yes FILE | swift demangle` to see who calls what.
# Needs: valgrind, swift (for `swift demangle`), python3. valgrind 3.19 cannot read Swift 6.3's DWARF 5, so the
# binary is profiled from a copy with its debug sections stripped (the symbol table stays).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=""; TAG=current; SIZE=8; TOP=15; WORKLOADS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) BIN="$2"; shift 2 ;;
    --size) SIZE="$2"; shift 2 ;;
    --tag) TAG="$2"; shift 2 ;;
    --top) TOP="$2"; shift 2 ;;
    *) WORKLOADS+=("$1"); shift ;;
  esac
done
[ ${#WORKLOADS[@]} -gt 0 ] || WORKLOADS=(base urls findings sessions flat faro proto zstd)
DATA=Benchmarks/data; mkdir -p "$DATA"
if [ -z "$BIN" ]; then swift build -c release --product semconv >/dev/null; BIN=.build/release/semconv; fi
# The stripped copy sits next to the original so that it finds the same bundled model/ (or set SEMCONV_HOME).
STRIPPED="$(dirname "$BIN")/semconv-profile-$TAG"
cp "$BIN" "$STRIPPED"; strip --strip-debug "$STRIPPED"
echo "binary: $BIN ($(git rev-parse --short HEAD 2>/dev/null || echo '?')), input: ${SIZE} MB per workload"
for w in "${WORKLOADS[@]}"; do
  case "$w" in
    proto|zstd)
      base="$DATA/base-${SIZE}mb.ndjson"
      [ -f "$base" ] || python3 Benchmarks/generate_telemetry.py "$SIZE" --workload base --seed 42 --output "$base"
      if [ "$w" = proto ]; then f="$DATA/base-${SIZE}mb.proto-framed"; flags=""
      else f="$DATA/base-${SIZE}mb.json-zstd-framed"; flags="--json --zstd frames"; fi
      # shellcheck disable=SC2086
      [ -f "$f" ] || python3 Benchmarks/otlp_json_to_proto.py "$base" "$f" $flags ;;
    *)
      f="$DATA/$w-${SIZE}mb.ndjson"
      [ -f "$f" ] || python3 Benchmarks/generate_telemetry.py "$SIZE" --workload "$w" --seed 42 --output "$f" ;;
  esac
  out="$DATA/callgrind.$TAG.$w.out"
  valgrind --tool=callgrind --callgrind-out-file="$out" "$STRIPPED" lint --jobs 1 "$f" >/dev/null 2>"$out.log" || true
  echo; echo "#### ($w) $(stat -c %s "$f") bytes"
  callgrind_annotate --inclusive=no "$out" 2>/dev/null | swift demangle --simplified | python3 -c '
import re, sys
top = int(sys.argv[1]); size = int(sys.argv[2])
lines = sys.stdin.read().splitlines()
total = next(int(l.split()[0].replace(",", "")) for l in lines if "PROGRAM TOTALS" in l)
print(f"total {total / 1e6:.1f} M instructions, {total / size:.0f} per input byte (start-up included)\n")
print("| Ir | % | function |\n|---:|---:|---|")
n = 0
for l in lines:
    m = re.match(r"\s*([\d,]+) \(\s*([\d.]+)%\)\s+[^ :]*:(.*?)(?: \[[^]]*\])?$", l)
    if not m or "PROGRAM TOTALS" in l:
        continue
    name = m.group(3).strip()  # "file:function [object]": the file part holds no colon
    if len(name) > 110:
        name = name[:107] + "..."
    ir = int(m.group(1).replace(",", "")) / 1e6
    print(f"| {ir:.1f} M | {m.group(2)} | `{name}` |")
    n += 1
    if n == top:
        break
' "$TOP" "$(stat -c %s "$f")"
done
rm -f "$STRIPPED"
