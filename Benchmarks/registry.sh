#!/usr/bin/env bash
# Times `semconv check`, `resolve` (and `generate`, once present) on the full upstream registry with hyperfine.
# Usage: Benchmarks/registry.sh   (from the package root; needs hyperfine and ../shared/data)
#   BIN=path/to/semconv Benchmarks/registry.sh times that binary instead of a release build of this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
UP=../shared/data/semconv-v1.40.0/model
if [ -z "${BIN:-}" ]; then swift build -c release --product semconv >/dev/null; BIN=.build/release/semconv; fi
OUT="$(mktemp -d)"; trap 'rm -rf "$OUT"' EXIT
cmds=("$BIN check --registry $UP" "$BIN resolve --registry $UP --output $OUT/resolved.json")
if "$BIN" generate --help >/dev/null 2>&1 && "$BIN" generate --registry "$UP" --output "$OUT/gen" >/dev/null 2>&1; then
  cmds+=("$BIN generate --registry $UP --output $OUT/gen")
fi
hyperfine --warmup 2 --runs 15 --export-markdown "$OUT/table.md" "${cmds[@]}" >/dev/null
cat "$OUT/table.md"
