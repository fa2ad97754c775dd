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

# diff, check --baseline and registry sources (a local bare git repository and archives; no network).
UP=Tests/SemConvModelTests/Fixtures/upstream
export SEMCONV_CACHE_DIR="$T/cache"
expect 0 "diff archives" -- "$BIN" diff --baseline "$UP/semantic-conventions-1.39.0.tar.gz[model]" --registry "$UP/semantic-conventions-1.40.0.tar.gz[model]" --format otel-schema --schema-version 1.40.0
contains "$T/out" "feature_flag.evaluation.error.message: feature_flag.error.message" "otel-schema rename"
expect 0 "diff json" -- "$BIN" diff --baseline "$UP/semantic-conventions-1.39.0.tar.gz[model]" --registry "$UP/semantic-conventions-1.40.0.tar.gz[model]" --format json --output "$T/diff.json"
python3 -c "import json; d=json.load(open('$T/diff.json')); assert d['summary']['attribute']['renamed']==1, d['summary']" \
  && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: diff JSON"; }
expect 0 "check --baseline upstream pair" -- "$BIN" check --registry "$UP/semantic-conventions-1.40.0.tar.gz[model]" --baseline "$UP/semantic-conventions-1.39.0.tar.gz[model]"
mkdir -p "$T/v1" "$T/v2"
printf 'groups:\n  - id: registry.demo\n    type: attribute_group\n    brief: Demo.\n    attributes:\n      - id: demo.count\n        type: int\n        stability: stable\n        brief: A count.\n' > "$T/v1/registry.yaml"
sed 's/type: int/type: string/' "$T/v1/registry.yaml" > "$T/v2/registry.yaml"
expect 1 "check --baseline breaking change" -- "$BIN" check --registry "$T/v2" --baseline "$T/v1"
contains "$T/out" "$T/v2/registry.yaml:7:15: error: stable attribute 'demo.count' changed type from int to string (baseline: $T/v1/registry.yaml:6:13) [type-changed]" "compatibility finding position"
printf 'rules:\n  type-changed: warning\n' > "$T/rules.yaml"
expect 0 "check --baseline --rules" -- "$BIN" check --registry "$T/v2" --baseline "$T/v1" --rules "$T/rules.yaml"
git init -q --bare "$T/repo.git"; git init -q "$T/work"; cp -r "$T/v1" "$T/work/model"; git -C "$T/work" add -A
git -C "$T/work" -c user.email=t@example.com -c user.name=t commit -qm v1; git -C "$T/work" tag v1
git -C "$T/work" push -q "$T/repo.git" HEAD:refs/heads/main --tags
expect 1 "check --baseline git source" -- "$BIN" check --registry "$T/v2" --baseline "file://$T/repo.git@v1[model]"
contains "$T/out" "[type-changed]" "git baseline finding"
expect 2 "unknown git tag" -- "$BIN" diff --baseline "file://$T/repo.git@v9[model]" --registry "$T/v2"
contains "$T/err" "no tag, branch or commit 'v9'" "git error names the ref"
expect 2 "missing archive" -- "$BIN" diff --baseline "$T/none.tar.gz" --registry "$T/v2"
contains "$T/err" "registry source '$T/none.tar.gz': no such directory or archive" "archive error names the source"
expect 0 "--no-cache" -- "$BIN" diff --no-cache --baseline "file://$T/repo.git@v1[model]" --registry "$T/v2"
contains "$T/out" "type: int -> string" "diff text"
# Locations in a fetched source name the source, not the cache or a temporary directory; the JSON is the same either way.
expect 0 "diff json, git baseline" -- "$BIN" diff --baseline "file://$T/repo.git@v1[model]" --registry "$T/v2" --format json --output "$T/d1.json"
expect 0 "diff json, --no-cache" -- "$BIN" diff --no-cache --baseline "file://$T/repo.git@v1[model]" --registry "$T/v2" --format json --output "$T/d2.json"
cmp -s "$T/d1.json" "$T/d2.json" && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: diff JSON depends on the cache"; }
contains "$T/d1.json" "\"baseline_location\": \"file://$T/repo.git@v1:model/registry.yaml:6:13\"" "baseline location inside the source"
expect 1 "check --baseline names the baseline position" -- "$BIN" check --registry "$T/v2" --baseline "file://$T/repo.git@v1[model]"
contains "$T/out" "(baseline: file://$T/repo.git@v1:model/registry.yaml:6:13) [type-changed]" "baseline location in text"
# A local repository by a relative path, from another directory.
mkdir -p "$T/elsewhere"
(cd "$T/elsewhere" && "$BIN" check --registry '../work@v1[model]' >"$T/out" 2>"$T/err"); rc=$?
[ "$rc" = 0 ] && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: relative local repository: exit $rc"; cat "$T/err"; }
expect 2 "unclosed sub-folder" -- "$BIN" check --registry "$T/work@v1[model"
contains "$T/err" "the sub-folder '[model' is missing its closing ']'" "unclosed bracket named"
expect 2 "no such repository" -- "$BIN" check --registry "$T/nosuchrepo@v1[model]"
contains "$T/err" "'$T/nosuchrepo' is neither a directory nor a git repository" "no such repository named"
# A cache entry with a file deleted is fetched again, not loaded half.
rm -f "$T"/cache/git/*/model/registry.yaml
expect 1 "damaged cache entry" -- "$BIN" check --registry "$T/v2" --baseline "file://$T/repo.git@v1[model]"
contains "$T/out" "[type-changed]" "damaged cache entry fetched again"
# Every command loads registries one way: generate, docs and resolve honour --no-cache (a damaged cache entry is
# not read, no cache is made) and name files in a fetched source SOURCE:PATH, as check does; resolve's JSON is the
# same with and without the cache; SARIF names the source as the base of the path inside it.
mkdir -p "$T/bad/model" && cp "$FIX/undefined-reference/"*.yaml "$T/bad/model/" && git -C "$T/bad" init -q -b master
git -C "$T/bad" add -A && git -C "$T/bad" -c user.email=t@example.com -c user.name=t commit -qm bad
BAD="$T/bad@master[model]"; BADAT="$T/bad@master:model/registry.yaml:14:14:"; BADLOC="$BADAT error: reference to undefined attribute 'demo.nam'"
export SEMCONV_CACHE_DIR="$T/cache-nc"
for cmd in "generate --dry-run --output $T/g" "docs --dry-run --output $T/d"; do
  expect 1 "$cmd --no-cache, fetched source with errors" -- "$BIN" $cmd --no-cache --registry "$BAD"
  contains "$T/err" "$BADLOC" "$cmd names SOURCE:PATH"  # registry findings: standard error
done
expect 1 "resolve --no-cache" -- "$BIN" resolve --no-cache --registry "$BAD" --output "$T/r-nocache.json"
contains "$T/err" "$BADAT reference to undefined attribute 'demo.nam'" "resolve names SOURCE:PATH"
[ ! -e "$T/cache-nc" ] && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: --no-cache made a cache"; }
expect 1 "resolve, cached" -- "$BIN" resolve --registry "$BAD" --output "$T/r-cache.json"
cmp -s "$T/r-nocache.json" "$T/r-cache.json" && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: resolve JSON depends on the cache"; }
contains "$T/r-cache.json" "\"source\": \"$T/bad@master:model/registry.yaml:" "resolve source inside the source"
contains "$T/r-cache.json" "\"$T/bad@master:model\"" "resolve root names the source"
grep -q "$T/cache-nc" "$T/r-cache.json" && { failed=$((failed+1)); echo "FAIL: resolve JSON names the cache"; } || passed=$((passed+1))
rm -f "$T"/cache-nc/git/*/model/registry.yaml  # damaged: with --no-cache it is not read, without it is fetched again
for cmd in "generate --dry-run --output $T/g" "docs --dry-run --output $T/d"; do
  expect 1 "$cmd --no-cache, damaged cache" -- "$BIN" $cmd --no-cache --registry "$BAD"
  contains "$T/err" "$BADLOC" "$cmd --no-cache reads the source, not the damaged cache"
done
expect 1 "resolve --no-cache, damaged cache" -- "$BIN" resolve --no-cache --registry "$BAD"
contains "$T/err" "$BADAT reference to undefined attribute 'demo.nam'" "resolve --no-cache reads the source, not the damaged cache"
expect 1 "check sarif, fetched source" -- "$BIN" check --no-cache --reporter sarif --registry "$BAD"
python3 - "$T/out" "$T/bad@master" <<'PY' && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: SARIF location in a fetched source"; }
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
loc = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
assert loc == {"uri": "model/registry.yaml", "uriBaseId": sys.argv[2]}, loc
assert run["originalUriBaseIds"][sys.argv[2]] == {"description": {"text": "registry source " + sys.argv[2]}}, run["originalUriBaseIds"]
PY
# A git source in a config is shown as written there (relative to the config), wherever the command runs.
mkdir -p "$T/cproj" && printf 'registries: ["../bad@master[model]"]\n' > "$T/cproj/semconv.yaml"
expect 1 "check, config git source" -- "$BIN" check --config "$T/cproj/semconv.yaml"
contains "$T/out" "../bad@master:model/registry.yaml:14:14: error:" "config source as written in findings"
contains "$T/out" "groups of ../bad@master[model], the bundled model/" "config source as written in the summary"
expect 1 "generate, config git source" -- "$BIN" generate --config "$T/cproj/semconv.yaml" --dry-run --output "$T/g"
contains "$T/err" "../bad@master:model/registry.yaml:14:14: error:" "generate: config source as written"
expect 0 "config, git source" -- "$BIN" config --config "$T/cproj/semconv.yaml"
contains "$T/out" "registries                  ../bad@master[model]" "config text shows the source as written"
expect 0 "config json, git source" -- "$BIN" config --config "$T/cproj/semconv.yaml" --format json
contains "$T/out" "\"../bad@master[model]\"" "config JSON shows the source as written"
export SEMCONV_CACHE_DIR="$T/cache"

# Any error in either registry stops diff and check --baseline with 2, naming it (unparsable files first).
mkdir -p "$T/broken" && cp "$T/v1/registry.yaml" "$T/broken/" && printf 'groups: [\n' > "$T/broken/bad.yaml"
expect 2 "diff, broken baseline" -- "$BIN" diff --baseline "$T/broken" --registry "$T/v2"
contains "$T/err" "bad.yaml:2:1: error: YAML syntax error" "broken baseline error listed"
contains "$T/err" "the baseline '$T/broken' has 1 error" "broken baseline named"
expect 2 "check --baseline, broken baseline" -- "$BIN" check --registry "$T/v2" --baseline "$T/broken"
contains "$T/err" "the baseline '$T/broken' has 1 error" "check --baseline rejects a broken baseline"
mkdir -p "$T/v3" && printf 'groups:\n  - id: registry.demo\n    type: attribute_group\n    brief: Demo.\n    attributes:\n      - id: demo.count\n        type: int\n        stability: stable\n        brief: A count.\n        deprecated:\n          reason: renamed\n          renamed_to: demo.count_v2\n' > "$T/v3/registry.yaml"
expect 2 "diff, registry with invalid-renamed-to" -- "$BIN" diff --baseline "$T/v1" --registry "$T/v3" --format otel-schema
contains "$T/err" "[invalid-renamed-to]" "registry error listed"
expect 2 "--schema-version without otel-schema" -- "$BIN" diff --baseline "$T/v1" --registry "$T/v2" --format json --schema-version 1.0.0
# A project whose config loads its registry with the bundled model: both sides get the bundled model.
mkdir -p "$T/dproj/registry" && cp "$T/v1/registry.yaml" "$T/dproj/registry/" && printf 'registries: [registry]\n' > "$T/dproj/semconv.yaml"
(cd "$T/dproj" && "$BIN" diff --baseline "$T/v1" >"$T/out" 2>"$T/err"); rc=$?
[ "$rc" = 0 ] && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: diff in a project: exit $rc"; cat "$T/err"; }
contains "$T/out" "no changes" "bundled model on both sides"

# Collector file-exporter output on standard input: zstd stream of length-prefixed protobuf, detected from content.
BINFIX=Tests/SemConvLintTests/Fixtures/telemetry/binary
expect 1 "lint protobuf zstd on standard input" -- bash -c "cat $BINFIX/sdk-proto-native.zst | '$BIN' lint -"
contains "$T/out" "<stdin>: message 2, byte 350 of the message: error: 'user.email' is forbidden" "binary finding names the message and the byte offset"
# A gzip stream of length-prefixed protobuf cut inside message 7: one finding, at that message, in the decompressed file.
head -c 5000 "$BINFIX/sdk-proto.bin" | gzip -c | head -c -8 > "$T/cut.bin.gz"
expect 1 "lint a cut gzip stream of messages" -- "$BIN" lint "$T/cut.bin.gz"
contains "$T/out" "cut.bin.gz: message 7, byte 4721 of the decompressed file: error: the gzip stream ends early at byte 1407 of the file: message 7 declares 529 bytes but only 275 follow; the last complete message is 6 [invalid-frame]" "cut compressed stream: one finding with its position"
[ "$(grep -c 'invalid-frame\]' "$T/out")" = 1 ] && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: cut compressed stream gives more than one invalid-frame"; }
expect 1 "lint a cut gzip stream of messages, JSON" -- "$BIN" lint --reporter json "$T/cut.bin.gz"
contains "$T/out" '"messageNumber": 7,' "JSON names the message number"
contains "$T/out" '"byteOffsetIn": "decompressed file",' "JSON says what the byte offset counts in"
# One OTLP/HTTP request body (protobuf, no length prefix), from a file, on standard input, with --input otlp.
SDKFIX=Tests/SemConvLintTests/Fixtures/telemetry/sdk-cases
expect 1 "lint a bare protobuf request body" -- "$BIN" lint "$SDKFIX/body.v1_logs.bin"
contains "$T/out" "body.v1_logs.bin: message 1, byte 330 of the message: error: 'user.email' is forbidden" "request body read as message 1"
expect 1 "lint a bare protobuf body on standard input" -- bash -c "'$BIN' lint --input otlp - < $SDKFIX/body.v1_logs.bin"
contains "$T/out" "2 errors, 0 warnings" "request body on standard input: its findings only"
# A forced kind with nothing of it is no-telemetry (exit 1); an empty input without --input stays clean.
: > "$T/empty.ndjson"
expect 1 "forced kind on an empty file" -- "$BIN" lint --input otlp "$T/empty.ndjson"
contains "$T/out" "[no-telemetry]" "forced kind on an empty file says no-telemetry"
expect 1 "forced kind on blank standard input" -- bash -c "printf '\\n\\n' | '$BIN' lint --input otlp -"
expect 0 "empty file without --input" -- "$BIN" lint "$T/empty.ndjson"
expect 1 "lint length-prefixed protobuf, any name" -- "$BIN" lint "$BINFIX/sdk-proto.bin"
contains "$T/out" "records in 7 messages (otlp 7)" "binary input is counted in messages, not lines"
expect 1 "lint text and binary input together" -- "$BIN" lint "$BINFIX/sdk-proto.bin" Examples/SessionDemo/recordings/mobile-sessions-fixed.ndjson
contains "$T/out" "lines and 7 messages (otlp" "text in lines, binary in messages"

# Template parameters outside what templates.yaml accepts are template-config errors, exit 2 (never code that does
# not compile); an unknown --param too.
expect 2 "--param access outside public/internal/package" -- "$BIN" generate --param access=privat --dry-run --output "$T/g"
contains "$T/err" "'access' must be one of public, internal, package" "access message"
expect 2 "--param root not a Swift identifier" -- "$BIN" generate --param root=Sem-Conv --dry-run --output "$T/g"
expect 2 "--param root a keyword" -- "$BIN" generate --param root=class --dry-run --output "$T/g"
expect 2 "unknown --param" -- "$BIN" generate --param acces=internal --dry-run --output "$T/g"
contains "$T/err" "did you mean 'access'?" "unknown --param suggestion"
expect 0 "--param access=package" -- "$BIN" generate --param access=package --dry-run --output "$T/g"

# --rules from a pipe or process substitution.
echo '{"event":"x","timestamp":"2026-01-01T00:00:00Z"}' > "$T/one.ndjson"
expect 0 "--rules <(...)" -- "$BIN" lint "$T/one.ndjson" --rules <(printf 'rules:\n  session-context-missing: off\n')
contains "$T/out" "0 errors, 0 warnings" "--rules <(...) applied"
# A file named twice is read once, and lint says so.
expect 0 "same file named twice" -- "$BIN" lint "$T/one.ndjson" "$T/./one.ndjson"
contains "$T/err" "names the same file as '$T/one.ndjson'; it is read once" "same file named twice: warned"
contains "$T/out" "in 1 file" "same file named twice: read once"
expect 0 "standard input redirected from a file named too" -- sh -c "\"$BIN\" lint - \"$T/one.ndjson\" < \"$T/one.ndjson\""
contains "$T/err" "names the same file as standard input ('-'); it is read once" "stdin and the same file: warned"
# A pattern that matches nothing is reported with the other inputs' findings (exit status 2), in every reporter.
expect 2 "pattern matching nothing" -- "$BIN" lint --reporter json "$T/nomatch*.ndjson" "$T/one.ndjson"
contains "$T/out" "no file matches '$T/nomatch*.ndjson'" "pattern matching nothing: said"
contains "$T/out" '"input-unreadable"' "pattern matching nothing: input-unreadable"
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
mkdir "$T/version2"
printf 'version: "2"\nattributes:\n  - key: demo.name\n    type: string\n    brief: A name.\n    stability: development\n' > "$T/version2/r.yaml"
expect 0 "version: 2 registry" -- "$BIN" check --registry "$T/version2"
contains "$T/out" "r.yaml:1:10: warning: 'version: \"2\"' is the deprecated way to select the definition/2 format [deprecated-file-format]" "version: 2 warning"
contains "$T/out" "write 'file_format: definition/2'" "version: 2 fix"

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

# Configs as their tools load them, told by content, from files, directories and standard input.
CIN=Tests/SemConvLintTests/Fixtures/Config/inputs
expect 1 "lint an Alloy directory" -- "$BIN" lint --no-config "$CIN/split"
contains "$T/out" "1 error, 0 warnings, 0 infos in 3 files" "a directory is one config"
expect 1 "lint Alloy files of one directory together" -- "$BIN" lint --no-config "$CIN/split/sources.alloy" "$CIN/split/process.alloy" "$CIN/split/write.alloy"
if grep -q component-not-found "$T/out"; then failed=$((failed+1)); echo "FAIL: references across files"; else passed=$((passed+1)); fi
expect 2 "a directory without .alloy files" -- "$BIN" lint --no-config "$CIN/no-alloy"
contains "$T/out" "[config-unreadable]" "directory without configs"
expect 1 "an Alloy config on standard input" -- bash -c "cat '$CIN/split/process.alloy' | '$BIN' lint --no-config -"
contains "$T/out" "<stdin>:7:16: error:" "stdin told as Alloy"
expect 1 "--input alloy on standard input" -- bash -c "cat '$CIN/split/process.alloy' | '$BIN' lint --no-config --input alloy -"
expect 1 "--input promtail on an Alloy file" -- "$BIN" lint --no-config --input promtail "$CIN/to-otlp.alloy"
contains "$T/out" "[no-config]" "forced kind contradicted"
expect 0 "Promtail config without scrape_configs" -- "$BIN" lint --no-config "$CIN/promtail-without-scrape-configs.yaml"
expect 1 "a Kubernetes manifest" -- "$BIN" lint --no-config "$CIN/configmap.yaml"
contains "$T/out" "1 error, 0 warnings, 0 infos in 1 file" "one finding, not one per line"
# Standard input named with '-' may be empty: a warning, not an error (without '-', see "No input" below: exit 2).
expect 0 "empty standard input" -- bash -c "'$BIN' lint --no-config - </dev/null"
contains "$T/out" "[empty-input]" "empty standard input is reported"
contains "$T/out" "checked no telemetry and no config against" "empty standard input: the summary says nothing was checked"
expect 0 "blank lines on standard input" -- bash -c "printf '\\n \\n' | '$BIN' lint --no-config -"
contains "$T/out" "standard input held only blank lines (3 bytes)" "blank standard input is not 'nothing was read'"
expect 0 "standard input named twice" -- bash -c "printf '{\"resourceLogs\":[]}\\n' | '$BIN' lint --no-config - -"
contains "$T/out" "0 errors, 0 warnings, 0 infos in 1 file" "standard input named twice is read once (no empty second read)"
expect 1 "empty standard input, --fail-on warning" -- bash -c "'$BIN' lint --no-config --fail-on warning - </dev/null"
# A read error of standard input is not its end: a directory or a closed descriptor is input-unreadable, exit 2.
for forced in "" "--input otlp" "--input alloy"; do
  expect 2 "standard input is a directory ($forced)" -- bash -c "'$BIN' lint --no-config $forced - <'$T'"
  contains "$T/out" "<stdin>: error: cannot read standard input: Is a directory [input-unreadable]" "directory on standard input ($forced)"
  contains "$T/out" "    fix: check the command that feeds standard input" "directory on standard input: fix line ($forced)"
  expect 2 "standard input is closed ($forced)" -- bash -c "'$BIN' lint --no-config $forced - <&-"
  contains "$T/out" "<stdin>: error: cannot read standard input: Bad file descriptor [input-unreadable]" "closed standard input ($forced)"
done
expect 2 "standard input is a directory, no file named" -- bash -c "'$BIN' lint --no-config <'$T'"
contains "$T/out" "<stdin>: error: cannot read standard input: Is a directory [input-unreadable]" "directory on implicit standard input"
: >"$T/empty.alloy"
expect 0 "an empty file" -- "$BIN" lint --no-config "$T/empty.alloy"
printf 'rules:\n  alloy-syntax: "off"\n' >"$T/off.yaml"
expect 1 "alloy-syntax off shows the rest" -- "$BIN" lint --no-config --rules "$T/off.yaml" "$CIN/unclosed.alloy"
contains "$T/out" "[unbounded-label]" "follow-ons judged with alloy-syntax off"

# --max-findings-per-rule caps config findings as it caps telemetry's.
printf 'loki.process "p" {\n  forward_to = []\n  stage.logfmt {\n    mapping = { session_id = "", trace_id = "", request_id = "" }\n  }\n  stage.labels {\n    values = { session_id = "", trace_id = "", request_id = "" }\n  }\n}\n' >"$T/m.alloy"
expect 1 "config lint --max-findings-per-rule" -- "$BIN" lint --no-config --max-findings-per-rule 1 "$T/m.alloy"
[ "$(grep -c '\[unbounded-label\]' "$T/out")" = 1 ] && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: config findings capped"; cat "$T/out"; }
contains "$T/out" "2 findings not listed: at most 1 are listed per rule" "config findings not listed"
contains "$T/out" "3 errors, 0 warnings, 0 infos in 1 file" "config totals count every finding"
# A telemetry kind forced on a config: one finding, as a config kind forced on telemetry is one no-config.
expect 1 "lint --input otlp on an Alloy config" -- "$BIN" lint --no-config --input otlp "$T/m.alloy"
contains "$T/out" "$T/m.alloy:1:1: error: '$T/m.alloy' holds no OTLP/JSON (resourceLogs, resourceSpans or resourceMetrics): it is an Alloy config, but the input kind is forced to otlp [no-telemetry]" "forced telemetry kind on a config"
contains "$T/out" "1 error, 0 warnings, 0 infos in 1 file" "one finding, not one invalid-json per line"
# Project fixes (issue 18 follow-up): each user finding, as the user ran it.
# No input: an empty or closed standard input with no file and no lint.inputs is exit 2, not a green run.
mkdir -p "$T/noinput" && cd "$T/noinput"
expect 2 "lint with empty standard input" -- "$BIN" lint
contains "$T/err" "no input read: standard input is empty and no file is named" "empty standard input message"
"$BIN" lint <&- >"$T/out" 2>"$T/err"; [ $? = 2 ] && grep -q "standard input is closed" "$T/err" && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: closed standard input"; }
expect 0 "lint - accepts an empty stream" -- "$BIN" lint -
expect 2 "--config with --no-config" -- "$BIN" check --config x.yaml --no-config
contains "$T/err" "--config and --no-config exclude each other" "--config --no-config message"
cd - >/dev/null
# The totals count every finding; every reporter says how many were not listed and how to list them.
for i in 1 2 3 4 5; do echo '{"event":"x","timestamp":"2026-01-01T00:00:0'$i'Z","user.email":"a@b.c"}'; done >"$T/many.ndjson"
# --jobs outside 1...256 is a usage error naming the range, never gigabytes of worker state or a crash.
for n in 0 257 100000 99999999999 9223372036854775807; do
  expect 2 "lint --jobs $n" -- "$BIN" lint --no-config --jobs "$n" "$T/many.ndjson"
  contains "$T/err" "--jobs must be between 1 and 256, not $n; omit it to use the" "--jobs $n names the range"
done
# A negative count after a space is the count, not a missing value.
expect 2 "lint --jobs -1" -- "$BIN" lint --no-config --jobs -1 "$T/many.ndjson"
contains "$T/err" "--jobs must be between 1 and 256, not -1; omit it to use the" "--jobs -1 names the range"
# A whole number beyond any integer type is still a number, out of range.
expect 2 "lint --jobs 99999999999999999999" -- "$BIN" lint --no-config --jobs 99999999999999999999 "$T/many.ndjson"
contains "$T/err" "--jobs must be between 1 and 256, not 99999999999999999999; omit it to use the" "--jobs beyond Int names the range"
mkdir -p "$T/bigjobs" && printf 'lint:\n  jobs: 99999999999999999999\n' >"$T/bigjobs/semconv.yaml"
expect 2 "lint.jobs beyond Int" -- bash -c "cd '$T/bigjobs' && '$BIN' lint '$T/many.ndjson'"
contains "$T/err" "semconv.yaml:2:9: error: 'lint.jobs' must be between 1 and 256, not 99999999999999999999" "lint.jobs beyond Int names the range"
expect 1 "lint --jobs 256" -- "$BIN" lint --no-config --jobs 256 "$T/many.ndjson"
expect 1 "lint --max-findings-per-rule" -- "$BIN" lint --max-findings-per-rule 2 "$T/many.ndjson"
contains "$T/out" "5 errors, 20 warnings, 0 infos in 1 file" "totals count findings not listed"
contains "$T/out" "21 findings not listed: at most 2 are listed per rule; --max-findings-per-rule N (0 for all)" "not-listed line"
expect 1 "lint json totals" -- "$BIN" lint --max-findings-per-rule 2 --reporter json "$T/many.ndjson"
jq -e '.summary.errors == 5 and .summary.warnings == 20 and .summary.findingsNotListed == 21 and (.findings | length) == 4' "$T/out" >/dev/null \
  && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: JSON totals"; jq -c .summary "$T/out" | cut -c1-300; }
expect 1 "lint sarif notification" -- "$BIN" lint --max-findings-per-rule 2 --reporter sarif "$T/many.ndjson"
jq -e '.runs[0].invocations[0].toolExecutionNotifications[0].message.text | startswith("21 findings not listed")' "$T/out" >/dev/null \
  && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: SARIF notification"; }
expect 1 "lint github: base path and notice" -- "$BIN" lint --max-findings-per-rule 2 --reporter github --base-path "$T" "$T/many.ndjson"
contains "$T/out" "::error file=many.ndjson,line=1," "GitHub file= relative to --base-path"
contains "$T/out" "::notice title=semconv::21 findings not listed" "GitHub notice"
expect 1 "sarif from standard input" -- bash -c "cat '$T/many.ndjson' | '$BIN' lint --reporter sarif -"
jq -e '[.runs[0].results[].locations[0].physicalLocation.artifactLocation.uri] | unique == ["stdin"]' "$T/out" >/dev/null \
  && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: SARIF standard input URI"; }
# semconv config checks everything every command checks, and reports every problem at its position.
mkdir -p "$T/cfg" && cd "$T/cfg"
printf 'access: publik\nreporter: sarf\nfail-on: warnings\nlint: {jobs: 0, max-line-length: -5}\nlive-check: {otlp-http: localhost}\n' >semconv.yaml
expect 2 "config with many problems" -- "$BIN" config
for at in "semconv.yaml:1:9: error: template parameter 'access' is 'publik'" "semconv.yaml:2:11: error: 'reporter' must be one of" \
          "semconv.yaml:3:10: error: 'fail-on' must be" "semconv.yaml:4:14: error: 'lint.jobs' must be between 1 and 256, not 0" \
          "semconv.yaml:4:34: error: 'lint.max-line-length' must be between" "semconv.yaml:5:25: error: 'live-check.otlp-http' 'localhost'"; do
  contains "$T/err" "$at" "config reports every problem"
done
expect 2 "generate: template parameter from the config" -- "$BIN" generate --dry-run
contains "$T/err" "semconv.yaml:1:9: error: template parameter 'access' is 'publik'; it must be one of public, internal, package (did you mean 'public'?)" "parameter error at the config's position"
printf 'access: public\nparams: {access: internal}\n' >semconv.yaml
expect 2 "access twice" -- "$BIN" config
contains "$T/err" "semconv.yaml:2:18: error: 'access' is set twice" "access twice message"
printf 'lint:\n  rules: {unknown-key: "off"}\n' >semconv.yaml
expect 2 "a check rule in lint.rules" -- "$BIN" config
contains "$T/err" "'unknown-key' is a rule of 'semconv check', not one 'lint.rules' sets" "rule section message"
printf 'rules:\n  unbounded-label: "off"\n' >lint-rules.yaml
expect 2 "check --rules with a lint rule" -- "$BIN" check --no-config --rules lint-rules.yaml
contains "$T/err" "lint-rules.yaml:2:3: error: 'unbounded-label' is a rule of 'semconv lint', not one 'semconv check --rules' sets [invalid-rules-file]" "--rules file names the rule's command"
mkdir -p reg recs/a/b
printf 'version: "2"\ngroups:\n  - id: registry.w\n    type: attribute_group\n    brief: W.\n' >reg/w.yaml
printf 'registries: [reg]\n' >semconv.yaml
expect 0 "generate prints registry warnings" -- "$BIN" generate --dry-run
contains "$T/err" "reg/w.yaml:2:1: warning: unknown key 'groups' in definition/2 file [unknown-key]" "generate warning"
printf 'registries: [reg]\ncheck: {rules: {unknown-key: "off", deprecated-file-format: "off"}}\n' >semconv.yaml
expect 0 "check.rules silence generate's warnings" -- "$BIN" generate --dry-run
[ -s "$T/err" ] && { failed=$((failed+1)); echo "FAIL: check.rules in generate"; cat "$T/err"; } || passed=$((passed+1))
expect 0 "check reads check.rules" -- "$BIN" check
contains "$T/out" "0 errors, 0 warnings" "check.rules applied by check"
# generate reports the registry as check does: check's rules, its counts, --fail-on and check.rules.
mkdir -p reg2
printf 'groups:\n  - id: registry.demo\n    type: attribute_group\n    brief: Demo.\n    attributes:\n      - id: demo.name\n        type: string\n      - id: demo.legacy\n        type: string\n        brief: Legacy.\n        deprecated:\n          reason: obsoleted\n' >reg2/r.yaml
expect 0 "generate: registry warnings of check rules" -- "$BIN" generate --no-config --registry reg2 --dry-run --output "$T/g2"
contains "$T/err" "[missing-brief]" "generate prints missing-brief"
contains "$T/err" "[deprecated-without-replacement]" "generate prints deprecated-without-replacement"
contains "$T/err" "0 errors, 2 warnings, 0 infos in 1 file" "generate's registry counts"
contains "$T/out" "would write:" "generate goes on after warnings"
expect 1 "generate --fail-on warning" -- "$BIN" generate --no-config --registry reg2 --dry-run --output "$T/g2" --fail-on warning
printf 'check: {rules: {deprecated-without-replacement: error}}\n' >raise.yaml
expect 1 "generate: check.rules raises a warning to an error" -- "$BIN" generate --config raise.yaml --registry reg2 --no-bundled-registry --dry-run --output "$T/g2"
contains "$T/err" "1 error, 1 warning, 0 infos in 1 file" "generate counts errors and warnings"
[ -s "$T/out" ] && { failed=$((failed+1)); echo "FAIL: generate wrote with a registry error"; cat "$T/out"; } || passed=$((passed+1))
expect 0 "config --command lint" -- "$BIN" config --command lint --registry reg --format json
jq -e '(.settings[] | select(.key == "bundled") | .value) == true and (.settings[] | select(.key == "lint.max-line-length") | .value) == 16777216' "$T/out" >/dev/null \
  && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: config --command lint, typed JSON"; }
expect 0 "config per command" -- "$BIN" config --registry reg
contains "$T/out" "(for check, diff, resolve, generate, docs)" "bundled per command"
# Local paths the config names must exist: config says where; other commands stop there too.
printf 'templates: ./nope\n' >semconv.yaml
expect 2 "config: missing templates" -- "$BIN" config
contains "$T/err" "semconv.yaml:1:12: error: 'templates' names './nope', which does not exist [invalid-value]" "missing templates at the config"
expect 2 "generate: missing templates from the config" -- "$BIN" generate --dry-run
contains "$T/err" "semconv.yaml:1:12: error: 'templates' names './nope'" "generate names the config position"
printf 'registries: [reg, nope]\n' >semconv.yaml
expect 2 "config: missing registry" -- "$BIN" config
contains "$T/err" "semconv.yaml:1:13: error: 'registries' names 'nope', which does not exist [invalid-value]" "missing registry at the config"
contains "$T/err" "fix 'registries' in semconv.yaml" "fix the config, not --registry"
expect 2 "check: missing registry from the config" -- "$BIN" check
contains "$T/err" "semconv.yaml:1:13: error: 'registries' names 'nope'" "check names the config position"
expect 2 "check: missing --baseline" -- "$BIN" check --no-config --registry reg --baseline nope
contains "$T/err" "with --baseline" "the baseline hint names --baseline"
cp "$OLDPWD/$REC/mobile-sessions-fixed.ndjson" recs/a/b/deep.ndjson; cp recs/a/b/deep.ndjson recs/top.ndjson
printf 'lint:\n  inputs: ["recs/**/*.ndjson", "recs/*.ndjson", "recs/a/b/deep.ndjson"]\n' >semconv.yaml
expect 0 "lint.inputs with ** and overlaps" -- "$BIN" lint --fail-on never
contains "$T/out" "infos in 2 files" "each file once, ** recursive"
contains "$T/out" "; inputs: the config's lint.inputs (semconv.yaml:2:11)" "checked line names the inputs"
echo '{}' | "$BIN" lint >"$T/out" 2>"$T/err"
contains "$T/err" "standard input is not read: the config's lint.inputs (semconv.yaml:2:11)" "piped input ignored: warning"
printf 'lint:\n  inputs: [demo.ndjson]\n' >semconv.yaml
expect 2 "lint.inputs names a missing file" -- "$BIN" lint
contains "$T/err" "semconv.yaml:2:11: error: 'lint.inputs' names 'demo.ndjson', which does not exist" "missing input at the config"
printf 'groups:\n  - id: registry.shop\n    type: attribute_group\n    brief: "Shop attributes.\n    attributes: []\n' >reg/w.yaml
printf 'registries: [reg]\n' >semconv.yaml
expect 1 "unclosed quote" -- "$BIN" check
contains "$T/out" "reg/w.yaml:4:12: error: YAML syntax error: while scanning a quoted scalar that starts here" "YAML error where the quote opens"
cd - >/dev/null
expect 0 "rules json: off" -- "$BIN" rules recommended-attribute-missing --format json
jq -e '.[0].defaultSeverity == "off"' "$T/out" >/dev/null && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: rules json off"; }
expect 0 "help" -- "$BIN" --help
contains "$T/out" "live-check" "semconv --help lists live-check"
if [ -x "$(dirname "$BIN")/semconv-plugin-tool" ]; then
  "$(dirname "$BIN")/semconv-plugin-tool" --help >"$T/out" 2>&1
  grep -q "live" "$T/out" && { failed=$((failed+1)); echo "FAIL: the plugin tool advertises live-check"; } || passed=$((passed+1))
fi

# --output never replaces what is not a regular file: a symbolic link keeps pointing at its target, a FIFO is
# written in place (its reader gets the report); a directory where no file can be created is exit 2.
echo old >"$T/target.json" && ln -sf "$T/target.json" "$T/link.json"
expect 0 "resolve --output through a symbolic link" -- "$BIN" resolve --output "$T/link.json"
[ -L "$T/link.json" ] && grep -q '"attributes"' "$T/target.json" && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: the link was replaced or its target not written"; }
rm -f "$T/fifo" && mkfifo "$T/fifo" && { cat "$T/fifo" >"$T/fifo.out" & reader=$!; }
expect 0 "resolve --output into a FIFO" -- "$BIN" resolve --output "$T/fifo"
wait $reader
[ -p "$T/fifo" ] && grep -q '"attributes"' "$T/fifo.out" && passed=$((passed+1)) || { failed=$((failed+1)); echo "FAIL: the FIFO was replaced or its reader got nothing"; }
if [ -d /proc/self ]; then
  expect 2 "live-check --output where no file can be created" -- "$BIN" live-check --otlp-http 127.0.0.1:0 --otlp-grpc off --output /proc/semconv-report.json --duration 1s
  contains "$T/err" "no file can be created in directory '/proc'" "checked before listening"
fi

echo "cli: $passed passed, $failed failed"
[ "$failed" = 0 ]
