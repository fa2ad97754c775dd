#!/usr/bin/env bash
# End-to-end checks of the semconv CLI: exit codes (0 ok, 1 findings, 2 usage/unreadable) and output formats.
# Usage: Tests/cli-test.sh PATH-TO-SEMCONV
set -u
BIN="$(readlink -f "${1:?usage: $0 path/to/semconv}")"
cd "$(dirname "$0")/.."
FIX=Tests/SemConvModelTests/Fixtures/check
EXAMPLE_REGISTRY=Examples/SessionDemo/registry/app.yaml
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
passed=0; failed=0
expect() { # expect WANT-EXIT DESCRIPTION -- command...
  local want="$1" what="$2"; shift 3
  "$@" >"$T/out" 2>"$T/err"; local rc=$?
  if [ "$rc" = "$want" ]; then passed=$((passed+1)); else failed=$((failed+1)); echo "FAIL: $what: exit $rc, want $want"; head -5 "$T/out" "$T/err"; fi
}
contains() { # contains FILE TEXT DESCRIPTION
  if grep -qF -- "$2" "$1"; then passed=$((passed+1)); else failed=$((failed+1)); echo "FAIL: $3: missing '$2'"; head -5 "$1"; fi
}

expect 0 "check bundled model" -- "$BIN" check
expect 0 "help" -- "$BIN" --help
expect 0 "check help" -- "$BIN" check --help
expect 2 "unknown option" -- "$BIN" check --no-such-flag
expect 2 "bad reporter" -- "$BIN" check --reporter yaml
expect 2 "unknown command" -- "$BIN" frobnicate
expect 2 "missing registry" -- "$BIN" check --registry "$T/missing"
mkdir "$T/empty"
expect 2 "empty registry directory" -- "$BIN" check --registry "$T/empty"
expect 1 "broken registry" -- "$BIN" check --registry "$FIX/undefined-reference"
contains "$T/out" "$FIX/undefined-reference/registry.yaml:14:14: error: reference to undefined attribute 'demo.nam' (did you mean 'demo.name'?) [undefined-reference]" "text format"
expect 0 "--fail-on never" -- "$BIN" check --registry "$FIX/undefined-reference" --fail-on never
expect 0 "warnings pass by default" -- "$BIN" check --registry "$FIX/missing-brief"
expect 1 "--fail-on warning" -- "$BIN" check --registry "$FIX/missing-brief" --fail-on warning
expect 1 "json reporter" -- "$BIN" check --registry "$FIX/duplicate-id" --reporter json
python3 - "$T/out" <<'PY' && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: json schema"; }
import json, sys
doc = json.load(open(sys.argv[1]))
f = doc["findings"][0]
assert set(["rule", "severity", "message", "file", "line", "column"]) <= set(f), f
assert f["rule"] == "duplicate-id" and f["line"] == 6 and f["column"] == 13, f
assert doc["summary"] == {"files": 2, "errors": 2, "warnings": 0, "infos": 0}, doc["summary"]
PY
expect 0 "resolve bundled" -- "$BIN" resolve
python3 -c "import json,sys; d=json.load(open('$T/out')); assert any(a['key']=='session.id' for a in d['attributes'])" \
  && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: resolve JSON"; }
expect 0 "resolve to file" -- "$BIN" resolve --output "$T/resolved.json"
cmp -s "$T/resolved.json" <("$BIN" resolve) && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: resolve --output differs from stdout"; }
expect 2 "resolve missing registry" -- "$BIN" resolve --registry "$T/missing"
printf '\x00\x01\x02binary' > "$T/empty/blob.yaml"
expect 1 "binary registry file" -- "$BIN" check --registry "$T/empty"

# The README's first run: the bundled recording has real findings, the fixed one none; the summary says what was checked.
REC=Examples/SessionDemo/recordings
expect 1 "README first run: findings" -- "$BIN" lint "$REC/mobile-sessions.ndjson"
for rule in session-previous-id-equals-id forbidden-attribute session-telemetry-after-end; do contains "$T/out" "[$rule]" "first run reports $rule"; done
contains "$T/out" "checked 12 records in 6 lines (otlp 6) and 3 sessions against" "first run names what it checked"
expect 0 "README first run: the fix" -- "$BIN" lint "$REC/mobile-sessions-fixed.ndjson"
contains "$T/out" "0 errors, 0 warnings, 0 infos in 1 file" "fixed recording is clean"

# The project config: found from the working directory upward, flags override it, errors are positioned.
mkdir -p "$T/proj/registry" "$T/proj/sub/dir" "$T/proj/rec"
cp "$FIX/undefined-reference/registry.yaml" "$T/proj/registry/"
printf 'registries: [registry]\nbundled: false\nlint:\n  inputs: [rec/*.ndjson]\n  rules: {forbidden-attribute: warning}\n' >"$T/proj/semconv.yaml"
cp "$REC/mobile-sessions.ndjson" "$T/proj/rec/a.ndjson"
(cd "$T/proj/sub/dir" && "$BIN" check >"$T/out" 2>"$T/err"); rc=$?
[ "$rc" = 1 ] && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: check reads the config's registries from a subdirectory: exit $rc"; cat "$T/err"; }
contains "$T/out" "../../registry/registry.yaml:14:14: error: reference to undefined attribute 'demo.nam'" "config registries relative to the config file"
(cd "$T/proj/sub/dir" && "$BIN" check --no-config >"$T/out" 2>&1); rc=$?
[ "$rc" = 0 ] && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: --no-config: exit $rc"; }
printf 'registries: [registry]\nlint:\n  inputs: [rec/*.ndjson]\n  rules: {forbidden-attribute: warning}\n' >"$T/proj/semconv.yaml"
rm "$T/proj/registry/registry.yaml"; cp "$EXAMPLE_REGISTRY" "$T/proj/registry/app.yaml"
(cd "$T/proj" && "$BIN" lint --reporter json >"$T/out" 2>"$T/err"); rc=$?
[ "$rc" = 1 ] && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: lint with the config's inputs: exit $rc"; cat "$T/err"; }
jq -e '[.findings[] | select(.rule == "forbidden-attribute" and .severity == "warning")] | length == 1' "$T/out" >/dev/null \
  && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: lint.rules from the config not applied"; }
jq -e '[.findings[] | select(.rule == "required-attribute-missing")] | length == 1' "$T/out" >/dev/null \
  && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: the config's registry not used by lint"; }
(cd "$T/proj" && "$BIN" config >"$T/out" 2>&1) && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: semconv config"; }
contains "$T/out" "lint.rules.forbidden-attribute  warning" "config shows lint rules"
contains "$T/out" "semconv.yaml:4:32" "config shows where a value comes from"
(cd "$T/proj" && "$BIN" config --reporter sarif --format json >"$T/out" 2>&1)
jq -e '.settings[] | select(.key == "reporter" and .value == "sarif" and .origin == "flag --reporter")' "$T/out" >/dev/null \
  && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: config --format json origins"; }
printf 'registires: [registry]\nlint: {rules: {unknown-atribute: off}}\n' >"$T/proj/semconv.yaml"
(cd "$T/proj" && "$BIN" lint >"$T/out" 2>"$T/err"); rc=$?
[ "$rc" = 2 ] && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: bad config: exit $rc, want 2"; }
contains "$T/err" "semconv.yaml:1:1: error: unknown key 'registires' in the project config (did you mean 'registries'?) [unknown-key]" "config unknown key"
printf 'lint: {rules: {unknown-atribute: off}}\n' >"$T/proj/semconv.yaml"
(cd "$T/proj" && "$BIN" config >"$T/out" 2>"$T/err"); rc=$?
[ "$rc" = 2 ] && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: unknown rule id in config: exit $rc"; }
contains "$T/err" "semconv.yaml:1:16: error: unknown rule 'unknown-atribute' (did you mean 'unknown-attribute'?)" "config unknown rule id"

# Rules, completion, colour only on a terminal, SARIF relative to the base.
expect 0 "rules" -- "$BIN" rules
expect 0 "rules json" -- "$BIN" rules --format json
python3 -c "import json,sys; r=json.load(open('$T/out')); assert len(r) > 70 and all(x['summary'] for x in r), len(r)" \
  && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: rules --format json"; }
expect 0 "one rule" -- "$BIN" rules sensitive-value
contains "$T/out" "docs: https://github.com/swift-semconv/swift-semconv#rule-sensitive-value" "rule detail links the README"
expect 2 "unknown rule" -- "$BIN" rules sensitive-valu
contains "$T/err" "did you mean 'sensitive-value'" "rules did-you-mean"
expect 0 "completion script" -- "$BIN" --generate-completion-script bash
contains "$T/out" "_semconv" "bash completion"
expect 1 "lint in a pipe" -- "$BIN" lint "$REC/mobile-sessions.ndjson"
if grep -q $'\x1b' "$T/out" "$T/err"; then failed=$((failed+1)); echo "FAIL: escape codes in a pipe"; else passed=$((passed+1)); fi
if command -v script >/dev/null; then
  script -qec "$BIN lint $REC/mobile-sessions.ndjson" /dev/null >"$T/tty.txt" 2>&1 || true
  grep -q $'\x1b\[1;31merror' "$T/tty.txt" && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: no colour on a terminal"; }
  NO_COLOR=1 script -qec "$BIN lint $REC/mobile-sessions.ndjson" /dev/null >"$T/tty.txt" 2>&1 || true
  grep -q $'\x1b' "$T/tty.txt" && { failed=$((failed+1)); echo "FAIL: colour despite NO_COLOR"; } || passed=$((passed+1))
fi
expect 1 "sarif with absolute paths" -- "$BIN" lint --reporter sarif --base-path "$PWD" "$PWD/$REC/mobile-sessions.ndjson"
jq -e --arg u "$REC/mobile-sessions.ndjson" '[.runs[0].results[].locations[0].physicalLocation.artifactLocation | select(.uri == $u and .uriBaseId == "%SRCROOT%")] | length > 0' "$T/out" >/dev/null \
  && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: SARIF uri not relative to --base-path"; }

echo "cli: $passed passed, $failed failed"
[ "$failed" = 0 ]
