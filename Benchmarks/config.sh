#!/usr/bin/env bash
# Times `semconv lint` on a generated 10 MB Alloy config (parse + pipeline model + rules), with hyperfine.
# Usage: Benchmarks/config.sh [SIZE_MB=10]   (from the package root)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE="${1:-10}"
mkdir -p Benchmarks/data
F="Benchmarks/data/config-${SIZE}mb.alloy"
[ -f "$F" ] || python3 Benchmarks/generate_alloy.py "$SIZE" --output "$F"
swift build -c release --product semconv >/dev/null
hyperfine --warmup 1 --runs 5 -i ".build/release/semconv lint --reporter json $F" | grep -E "Time|Range"
echo "findings: $(.build/release/semconv lint --reporter json "$F" | jq '.findings | length') on $(wc -l < "$F") lines"
