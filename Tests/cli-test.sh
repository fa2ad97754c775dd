#!/usr/bin/env bash
# End-to-end checks of the semconv CLI: exit codes (0 ok, 1 findings, 2 usage/unreadable) and output formats.
# Usage: Tests/cli-test.sh PATH-TO-SEMCONV
set -u
BIN="${1:?usage: $0 path/to/semconv}"
cd "$(dirname "$0")/.."
FIX=Tests/SemConvModelTests/Fixtures/check
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

# Template parameters outside what templates.yaml accepts are template-config errors, exit 2 (never code that does
# not compile); an unknown --param too.
expect 2 "--param access outside public/internal/package" -- "$BIN" generate --param access=privat --dry-run --output "$T/g"
contains "$T/out" "'access' must be one of public, internal, package" "access message"
expect 2 "--param root not a Swift identifier" -- "$BIN" generate --param root=Sem-Conv --dry-run --output "$T/g"
expect 2 "--param root a keyword" -- "$BIN" generate --param root=class --dry-run --output "$T/g"
expect 2 "unknown --param" -- "$BIN" generate --param acces=internal --dry-run --output "$T/g"
contains "$T/out" "did you mean 'access'?" "unknown --param suggestion"
expect 0 "--param access=package" -- "$BIN" generate --param access=package --dry-run --output "$T/g"

# --rules from a pipe or process substitution.
echo '{"event":"x","timestamp":"2026-01-01T00:00:00Z"}' > "$T/one.ndjson"
expect 0 "--rules <(...)" -- "$BIN" lint "$T/one.ndjson" --rules <(printf 'rules:\n  session-context-missing: off\n')
contains "$T/out" "0 errors, 0 warnings" "--rules <(...) applied"
printf 'rules:\n  session-context-missing: off\n' > "$T/rules.yaml"
"$BIN" lint "$T/one.ndjson" --rules /dev/stdin <"$T/rules.yaml" >"$T/out" 2>&1 && grep -q "0 errors, 0 warnings" "$T/out" \
  && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: --rules /dev/stdin"; head -5 "$T/out"; }
expect 2 "--rules <(...) with an unknown rule" -- "$BIN" lint "$T/one.ndjson" --rules <(printf 'rules: {bogus: off}\n')

# lint with no file and a terminal on standard input: usage, exit 2, no waiting.
python3 - "$BIN" <<'PY' && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: lint at a terminal"; }
import os, pty, select, signal, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "lint"])
out, status, deadline = b"", None, time.time() + 30
while time.time() < deadline:
    if select.select([fd], [], [], 0.2)[0]:
        try:
            out += os.read(fd, 4096)
        except OSError:
            pass
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = os.waitstatus_to_exitcode(st)
        break
if status is None:
    os.kill(pid, signal.SIGKILL)
assert status == 2, (status, out)
assert b"Usage: semconv lint" in out and b"no input" in out, out
PY

# version: "2" registry files: a deprecation warning pointing to file_format: definition/2.
mkdir "$T/v2"
printf 'version: "2"\nattributes:\n  - key: demo.name\n    type: string\n    brief: A name.\n    stability: development\n' > "$T/v2/r.yaml"
expect 0 "version: 2 registry" -- "$BIN" check --registry "$T/v2"
contains "$T/out" "r.yaml:1:10: warning: 'version: \"2\"' is the deprecated way to select the definition/2 format [deprecated-file-format]" "version: 2 warning"
contains "$T/out" "write 'file_format: definition/2'" "version: 2 fix"

echo "cli: $passed passed, $failed failed"
[ "$failed" = 0 ]
