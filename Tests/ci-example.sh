#!/usr/bin/env bash
# Integration test of the SwiftPM plugin and Examples/SessionDemo: build from clean, run, lint the output
# (clean: exit 0; with --inject-violations: exit 1 and the expected rule ids), check that a no-change rebuild
# runs no generation, that a YAML change regenerates, and that broken YAML fails the build at file:line.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
BIN=${SEMCONV_BIN:-$ROOT/.build/release/semconv}
[ -x "$BIN" ] || BIN=$ROOT/.build/debug/semconv
EX=Examples/SessionDemo
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
passed=0; failed=0
ok() { passed=$((passed+1)); echo "ok: $*"; }
bad() { failed=$((failed+1)); echo "FAIL: $*"; }

fresh=1; [ -d "$EX/.build" ] && fresh=0
swift build --package-path "$EX" >"$T/build1.log" 2>&1 || { tail -30 "$T/build1.log"; exit 1; }
if [ "$fresh" = 1 ]; then
  grep -q "Generating SemConv.swift" "$T/build1.log" && ok "clean build generates SemConv.swift" || bad "clean build did not run the generator"
fi
# The first rebuild after a fresh checkout may recompile dependency sources whose timestamps equal the checkout
# time (llbuild treats such files as possibly modified); once settled, a no-change rebuild must run nothing.
swift build --package-path "$EX" >"$T/build2.log" 2>&1
swift build --package-path "$EX" >"$T/build3.log" 2>&1
if grep -q "Generating" "$T/build3.log"; then bad "no-change rebuild ran the generator"; cat "$T/build3.log"; else
  ok "no-change rebuild runs no generation: $(grep -v 'Compiling plugin' "$T/build3.log" | tr '\n' ' ')"
fi

DEMO=$(swift build --package-path "$EX" --show-bin-path)/SessionDemo
"$DEMO" --output "$T/clean.ndjson"
if "$BIN" lint --registry "$EX/registry" "$T/clean.ndjson" >"$T/clean.txt"; then ok "demo output lints clean"; else bad "demo output has findings"; cat "$T/clean.txt"; fi
"$DEMO" --inject-violations >"$T/bad.ndjson"
set +e; "$BIN" lint --registry "$EX/registry" --reporter json "$T/bad.ndjson" >"$T/bad.json"; rc=$?; set -e
[ "$rc" = 1 ] && ok "violations: exit 1" || bad "violations: exit $rc, want 1"
for rule in forbidden-attribute session-previous-id-equals-id required-attribute-missing session-context-missing session-telemetry-after-end; do
  jq -e --arg r "$rule" '[.findings[] | select(.rule == $r)] | length > 0' "$T/bad.json" >/dev/null && ok "reports $rule" || bad "missing $rule"
done
jq -e '[.findings[] | select(.rule == "forbidden-attribute" and .attribute == "user.email")] | length == 1' "$T/bad.json" >/dev/null \
  && ok "forbidden attribute is user.email" || bad "forbidden attribute not named"
grep -q "jane.doe@example.com" "$T/bad.json" && bad "report echoes the e-mail address" || ok "report masks the e-mail address"

# A temporary copy: a YAML change regenerates; broken YAML is a build error at its file and line.
mkdir -p "$T/demo" && tar -C "$EX" --exclude=.build -cf - . | tar -C "$T/demo" -xf -
sed -i "s#path: \"../..\"#path: \"$ROOT\"#" "$T/demo/Package.swift"
swift build --package-path "$T/demo" >"$T/copy1.log" 2>&1 || { tail -20 "$T/copy1.log"; bad "copy does not build"; }
cat >>"$T/demo/registry/app.yaml" <<'YAML'
  - id: registry.app.coupon
    type: attribute_group
    brief: Coupons.
    attributes:
      - id: app.checkout.coupon_code
        type: string
        stability: development
        brief: The coupon code used at checkout.
YAML
swift build --package-path "$T/demo" >"$T/copy2.log" 2>&1 || { tail -20 "$T/copy2.log"; bad "edited copy does not build"; }
grep -q "Generating SemConv.swift" "$T/copy2.log" && ok "YAML change triggers generation" || bad "YAML change did not regenerate"
find "$T/demo/.build" -name SemConv.swift -path "*SemConvGenerator*" -exec grep -l "app.checkout.coupon_code" {} + | grep -q . \
  && ok "regenerated code has the new attribute" || bad "new attribute missing from generated code"
printf '  - id: broken\n    type: [unclosed\n' >>"$T/demo/registry/app.yaml"
if swift build --package-path "$T/demo" >"$T/copy3.log" 2>&1; then bad "broken YAML built"; else
  where=$(grep -oE "registry/app.yaml:[0-9]+:[0-9]+: error: YAML syntax error" "$T/copy3.log" | head -1)
  [ -n "$where" ] && ok "broken YAML is a build error: $where" || { bad "build error does not name the YAML line"; grep -m3 "error" "$T/copy3.log"; }
fi

echo "example: $passed passed, $failed failed"
[ "$failed" = 0 ]
