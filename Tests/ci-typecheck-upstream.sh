#!/usr/bin/env bash
# Generates Swift for the full upstream registry (../shared/data) and type-checks it: zero errors, zero warnings.
# The swift-log / swift-distributed-tracing adapters are opt-in and not generated here.
set -euo pipefail
cd "$(dirname "$0")/.."
UP=../shared/data/semconv-v1.40.0/model
[ -d "$UP" ] || { echo "skip: $UP not found"; exit 0; }
BIN=${SEMCONV_BIN:-.build/release/semconv}
[ -x "$BIN" ] || BIN=.build/debug/semconv
OUT="$(mktemp -d)"; trap 'rm -rf "$OUT"' EXIT
for registry in "$UP" "$UP model"; do
  rm -rf "$OUT/gen"; args=(); for r in $registry; do args+=(--registry "$r"); done
  "$BIN" generate "${args[@]}" --output "$OUT/gen" >/dev/null
  if ! swiftc -typecheck -swift-version 6 "$OUT"/gen/*.swift >"$OUT/tc.log" 2>&1 || grep -q "warning:" "$OUT/tc.log"; then
    echo "generated code for '$registry' does not type-check cleanly:"; head -30 "$OUT/tc.log"; exit 1
  fi
  echo "generated Swift for '$registry' type-checks: $(cat "$OUT"/gen/*.swift | wc -l) lines, 0 errors, 0 warnings"
done
# --check on an up-to-date directory changes nothing; the golden files are current.
"$BIN" generate --output Tests/GeneratedCodeTests/Generated --check
