#!/usr/bin/env bash
# The telemetry benchmark family in one command: for each workload, in the same run, hyperfine times
#   anchor   Python parse-and-visit-every-attribute (orjson_visit.py: orjson; for (g) protobuf ParseFromString;
#            for (h) zstandard + orjson),
#   jobs1    semconv lint --jobs 1,
#   jobs2    semconv lint --jobs 2,
#   pair     two semconv lint --jobs 1 processes at once (twice the work: this machine's ceiling for two jobs),
# then GNU time measures peak RSS of --jobs 1 and --jobs 2 (one run each), then anchor, jobs1, jobs2 and pair run
# by turns (--alternations N, default 5) for second jobs 1 / anchor and jobs 2 / ceiling ratios that load coming
# and going on a shared host biases less (median and range of the per-turn ratios). Prints one markdown table for
# BENCHMARKS.md (MB/s, records/s, ratios, peak RSS), then the registry commands (registry.sh).
#
# Usage: Benchmarks/run.sh [--size MB|quick] [--runs N] [--alternations N] [--bin PATH] [--no-registry] [WORKLOAD...]
#   (from the package root). --size: input size per workload (default 256; quick = 16; 1024 for the record).
#   WORKLOAD: a base, b urls, c findings, d sessions, e flat, f faro, g proto (the protobuf form of a in the
#   Collector's framing), h zstd (the zstd form of a in the Collector's framing); default all. --bin: a semconv
#   binary to time instead of a release build of this checkout (e.g. an older build for before/after).
# Inputs are generated once into Benchmarks/data/ (git-ignored) by generate_telemetry.py and otlp_json_to_proto.py,
# deterministically (seed 42). An input the binary cannot read (exit 2, or only invalid-json / unknown-input
# findings) is reported as "not readable yet" instead of timed.
# Needs: hyperfine, GNU time, jq, python3 with orjson, protobuf, opentelemetry-proto, zstandard.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=256; RUNS=3; ALTERNATIONS=5; BIN=""; REGISTRY=1; SELECTED=()
while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --alternations) ALTERNATIONS="$2"; shift 2 ;;
    --bin) BIN="$2"; shift 2 ;;
    --no-registry) REGISTRY=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) SELECTED+=("$1"); shift ;;
  esac
done
[ "$SIZE" = quick ] && SIZE=16
[ ${#SELECTED[@]} -gt 0 ] || SELECTED=(a b c d e f g h)
DATA=Benchmarks/data; mkdir -p "$DATA"
if [ -z "$BIN" ]; then
  swift build -c release --product semconv >/dev/null; BIN=.build/release/semconv
  BUILT="this checkout, $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' + changes')"
else
  BUILT="given with --bin"
fi
OUT="$DATA/run-$SIZE"; rm -rf "$OUT"; mkdir -p "$OUT"

name_of() {
  case "$1" in
    a|base) echo a base ;; b|urls) echo b urls ;; c|findings) echo c findings ;; d|sessions) echo d sessions ;;
    e|flat) echo e flat ;; f|faro) echo f faro ;; g|proto) echo g proto ;; h|zstd) echo h zstd ;;
    *) echo "unknown workload '$1' (a-h or base urls findings sessions flat faro proto zstd)" >&2; exit 2 ;;
  esac
}

# The input file of a workload, generated when missing; prints its path and the anchor's --format.
input_of() {
  local w="$1" base="$DATA/base-${SIZE}mb.ndjson"
  case "$w" in
    proto|zstd)
      [ -f "$base" ] || python3 Benchmarks/generate_telemetry.py "$SIZE" --workload base --seed 42 --output "$base"
      local fmt=proto ext=proto-framed flags=""; [ "$w" = zstd ] && { fmt=json-zstd; ext=json-zstd-framed; flags="--json --zstd frames"; }
      local f="$DATA/base-${SIZE}mb.$ext"
      # shellcheck disable=SC2086
      [ -f "$f" ] || python3 Benchmarks/otlp_json_to_proto.py "$base" "$f" $flags
      echo "$f $fmt" ;;
    *)
      local f="$DATA/$w-${SIZE}mb.ndjson"
      [ -f "$f" ] || python3 Benchmarks/generate_telemetry.py "$SIZE" --workload "$w" --seed 42 --output "$f"
      echo "$f ndjson" ;;
  esac
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary: $BIN ($BUILT), size $SIZE MB per workload, $RUNS runs + 1 warm-up each"
for sel in "${SELECTED[@]}"; do
  read -r letter w < <(name_of "$sel")
  read -r f fmt < <(input_of "$w")
  bytes=$(stat -c %s "$f")
  # One checked run: records, findings, and whether the binary reads this input at all.
  rc=0; "$BIN" lint --jobs 1 --reporter json "$f" >"$OUT/$w.lint.json" 2>"$OUT/$w.lint.err" || rc=$?
  readable=$(jq -r --argjson rc "$rc" '
    if $rc == 2 then "no"
    elif ([.findings[]?.rule] | length > 0 and all(. == "invalid-json" or . == "unknown-input")) then "no"
    else "yes" end' "$OUT/$w.lint.json" 2>/dev/null || echo no)
  [ -n "$readable" ] || readable=no  # no JSON at all (the binary failed before reporting)
  echo "$letter $w $f $bytes $readable" >>"$OUT/workloads.txt"
  anchor="python3 Benchmarks/orjson_visit.py $f --format $fmt"
  if [ "$readable" != yes ]; then
    hyperfine --warmup 1 --runs "$RUNS" --export-json "$OUT/$w.json" -n anchor "$anchor" >/dev/null
    continue
  fi
  hyperfine --warmup 1 --runs "$RUNS" -i --export-json "$OUT/$w.json" \
    -n anchor "$anchor" \
    -n jobs1 "$BIN lint --jobs 1 $f" \
    -n jobs2 "$BIN lint --jobs 2 $f" \
    -n pair "sh -c '$BIN lint --jobs 1 $f >/dev/null & $BIN lint --jobs 1 $f >/dev/null; wait'" >/dev/null
  for j in 1 2; do
    /usr/bin/time -v "$BIN" lint --jobs "$j" "$f" >/dev/null 2>"$OUT/$w.time$j.txt" || true
  done
  # Both ratios once more, by turns (anchor, jobs 1, jobs 2, pair, anchor, ...): load that comes and goes on a
  # shared host then hits both sides of each ratio alike. The table gives the median ratio and its range.
  : >"$OUT/$w.alternated.txt"
  for _ in $(seq "$ALTERNATIONS"); do
    t0=$(date +%s%N); $anchor >/dev/null
    t1=$(date +%s%N); "$BIN" lint --jobs 1 "$f" >/dev/null || true
    t2=$(date +%s%N); "$BIN" lint --jobs 2 "$f" >/dev/null || true
    t3=$(date +%s%N); sh -c "$BIN lint --jobs 1 $f >/dev/null & $BIN lint --jobs 1 $f >/dev/null; wait"
    t4=$(date +%s%N); echo "$((t3 - t2)) $((t4 - t3)) $((t1 - t0)) $((t2 - t1))" >>"$OUT/$w.alternated.txt"
  done
done
# (g) per record against its JSON twin (a), by turns: the same records in two forms, so only time per record
# differs; timing the two minutes apart (their own rows above) lets the host's load decide.
if awk '$1 == "a" && $5 == "yes" {a = 1} $1 == "g" && $5 == "yes" {g = 1} END {exit !(a && g)}' "$OUT/workloads.txt"; then
  fa=$(awk '$1 == "a" {print $3}' "$OUT/workloads.txt"); fg=$(awk '$1 == "g" {print $3}' "$OUT/workloads.txt")
  : >"$OUT/twin.txt"
  for _ in $(seq "$ALTERNATIONS"); do
    t0=$(date +%s%N); "$BIN" lint --jobs 1 "$fa" >/dev/null || true
    t1=$(date +%s%N); "$BIN" lint --jobs 1 "$fg" >/dev/null || true
    t2=$(date +%s%N); echo "$((t1 - t0)) $((t2 - t1))" >>"$OUT/twin.txt"
  done
fi
echo "load average after the timed runs: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$OUT" <<'PY'
import json, os, re, sys
out = sys.argv[1]
def rss(path):
    try:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(path).read())
        return f"{int(m.group(1)) / 1024:.0f}" if m else "?"
    except OSError:
        return "?"
print("\n| workload | input MB | records | findings | anchor MB/s | lint --jobs 1 MB/s | k records/s (jobs 1) "
      "| --jobs 2 MB/s | ceiling MB/s (2 × jobs 1 at once) | jobs 1 / anchor | same, CPU time "
      "| same, alternated: median (range) | jobs 2 / ceiling | same, alternated: median (range) "
      "| peak RSS MB jobs 1 / 2 |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
cpu = lambda r: r["user"] + r["system"]
for line in open(os.path.join(out, "workloads.txt")):
    letter, w, f, size, readable = line.split()
    mb = int(size) / 1e6
    runs = {r["command"]: r for r in json.load(open(os.path.join(out, w + ".json")))["results"]}
    anchor = mb / runs["anchor"]["mean"]
    if readable != "yes":
        print(f"| ({letter}) {w} | {mb:.0f} | | | {anchor:.0f} | not readable yet | | | | | | | | | |")
        continue
    report = json.load(open(os.path.join(out, w + ".lint.json")))
    summary = report.get("summary", {})
    records = summary.get("records", 0)
    listed = summary.get("errors", 0) + summary.get("warnings", 0) + summary.get("infos", 0)
    findings = sum(summary.get("findingsPerRule", {}).values()) or listed
    one, two = mb / runs["jobs1"]["mean"], mb / runs["jobs2"]["mean"]
    ceiling = 2 * mb / runs["pair"]["mean"]
    # Per alternated turn: jobs 2 / ceiling = (mb / t_jobs2) / (2 mb / t_pair), jobs 1 / anchor = t_anchor / t_jobs1;
    # median and range of each.
    turns = [[int(x) for x in l.split()] for l in open(os.path.join(out, w + ".alternated.txt"))]
    def spread(ratios, form):
        ratios = sorted(ratios)
        median = ratios[len(ratios) // 2] if len(ratios) % 2 else (ratios[len(ratios) // 2 - 1] + ratios[len(ratios) // 2]) / 2
        return f"{form(median)} ({form(ratios[0])}–{form(ratios[-1])})"
    scaling = spread([p / (2 * j) for j, p, _, _ in turns], lambda r: f"{r:.0%}")
    speed = spread([a / one_t for _, _, a, one_t in turns], lambda r: f"{r:.2f}×")
    krec = records / runs["jobs1"]["mean"] / 1e3
    print(f"| ({letter}) {w} | {mb:.0f} | {records:,} | {findings:,} | {anchor:.0f} | {one:.0f} | {krec:,.0f} | {two:.0f} "
          f"| {ceiling:.0f} | {one / anchor:.2f}× | {cpu(runs['anchor']) / cpu(runs['jobs1']):.2f}× | {speed} "
          f"| {two / ceiling:.0%} | {scaling} "
          f"| {rss(os.path.join(out, w + '.time1.txt'))} / "
          f"{rss(os.path.join(out, w + '.time2.txt'))} |")
twin = os.path.join(out, "twin.txt")
if os.path.exists(twin):
    def records(w):
        return json.load(open(os.path.join(out, w + ".lint.json"))).get("summary", {}).get("records", 0)
    ra, rg = records("base"), records("proto")
    # Per turn: (g)'s records per second / (a)'s, both --jobs 1, run back to back.
    ratios = sorted((rg / tg) / (ra / ta) for ta, tg in ([int(x) for x in l.split()] for l in open(twin)))
    median = ratios[len(ratios) // 2] if len(ratios) % 2 else (ratios[len(ratios) // 2 - 1] + ratios[len(ratios) // 2]) / 2
    print(f"\n(g) per record / its JSON twin (a), --jobs 1 by turns ({len(ratios)}): median {median:.2f}× "
          f"(range {ratios[0]:.2f}×–{ratios[-1]:.2f}×); records {rg:,} and {ra:,}.")
print("\nMB/s: input bytes / mean wall time. findings: all findings (summary findingsPerRule), listed or beyond the "
      "cap. ceiling: twice the input / the wall time of two --jobs 1 processes run at once. 'same, CPU time': the "
      "anchor's user + system time / lint --jobs 1's, less sensitive to other load than wall time. alternated: "
      "the anchor, --jobs 1, --jobs 2 and the pair run by turns, each ratio taken per turn (--alternations).")
PY
if [ "$REGISTRY" = 1 ] && [ -d ../shared/data/semconv-v1.40.0/model ]; then
  echo; echo "Registry commands on upstream v1.40.0 (targets: check < 0.3 s, generate < 0.5 s):"
  BIN="$BIN" Benchmarks/registry.sh
fi
