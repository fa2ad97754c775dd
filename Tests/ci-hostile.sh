#!/usr/bin/env bash
# Hostile input for every command, run black-box against the release binary: each case asserts the exit code, the
# rule id and the message, and that the run neither crashes, hangs (120 s) nor goes above 200 MB of memory.
# Unreadable files and read-only directories need a non-root user: as root the cases run as 'nobody' (setpriv).
# Usage: Tests/ci-hostile.sh [PATH-TO-SEMCONV]     (from anywhere; default .build/release/semconv)
set -u
cd "$(dirname "$0")/.."
BIN="$(cd "$(dirname "${1:-.build/release/semconv}")" && pwd)/$(basename "${1:-.build/release/semconv}")"
export SEMCONV_HOME="$PWD"
T="$(mktemp -d)"; chmod 755 "$T"
trap 'chmod -R u+rwX "$T" 2>/dev/null; rm -rf "$T"' EXIT
passed=0; failed=0
MAX_KB=$((200 * 1024))

# run WANT-EXIT RULE MESSAGE DESCRIPTION -- command...   (RULE / MESSAGE may be empty)
run() {
  local want="$1" rule="$2" message="$3" what="$4"; shift 5
  python3 - "$T/rss" "$@" >"$T/out" 2>"$T/err" <<'PY'
import resource, subprocess, sys
try:
    rc = subprocess.run(sys.argv[2:], timeout=120).returncode
except subprocess.TimeoutExpired:
    rc = "timeout"
open(sys.argv[1], "w").write(f"{rc} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\n")
PY
  local rc rss; read -r rc rss < "$T/rss"
  local ok=1
  if [ "$rc" != "$want" ]; then ok=0; echo "FAIL: $what: exit $rc, want $want"; fi
  if [ -n "$rule" ] && ! grep -qF -- "[$rule]" "$T/out" "$T/err"; then ok=0; echo "FAIL: $what: no [$rule] finding"; fi
  if [ -n "$message" ] && ! grep -qF -- "$message" "$T/out" "$T/err"; then ok=0; echo "FAIL: $what: no '$message' in the output"; fi
  if [ "$rss" -gt "$MAX_KB" ]; then ok=0; echo "FAIL: $what: peak RSS $((rss / 1024)) MB, more than 200 MB"; fi
  if [ "$ok" = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); head -c 600 "$T/out" "$T/err"; echo; fi
}
# As a user without root's override of file permissions.
if [ "$(id -u)" = 0 ]; then
  if command -v setpriv >/dev/null; then AS_USER=(setpriv --reuid=65534 --regid=65534 --clear-groups); else AS_USER=(); fi
else
  AS_USER=(env)
fi

# --- registry YAML: check, resolve, generate, docs and lint all load it the same way -------------------------------
mk() { mkdir -p "$T/$1"; python3 -c "import sys; open(sys.argv[1], 'wb').write(eval(sys.argv[2]))" "$T/$1/registry.yaml" "$2"; }
mk bomb "open('Tests/SemConvModelTests/Fixtures/check/yaml-too-large/registry.yaml', 'rb').read()"
mk deep "b'groups: ' + b'[' * 100000 + b']' * 100000 + b'\\n'"
mk utf8 "b'groups:\\n  - id: registry.demo\\n    type: attribute_group\\n    brief: \"caf\\xe9 \\xff\"\\n'"
mk nul "b'groups:\\n  - id: registry.demo\\x00\\n'"
mk bom "b'\\xef\\xbb\\xbf' + b'groups:\\r\\n  - id: registry.demo\\r\\n    type: attribute_group\\r\\n    brief: Demo.\\r\\n    attributes:\\r\\n      - id: demo.name\\r\\n        type: string\\r\\n        brief: A name.\\r\\n        stability: development\\r\\n        examples: [x]\\r\\n'"
declare -A RULE=([bomb]=yaml-too-large [deep]=yaml-syntax [utf8]=yaml-syntax [nul]=yaml-syntax)
declare -A MESSAGE=([bomb]="billion laughs" [deep]="YAML nested more than 1000 levels deep" [utf8]="file is not valid UTF-8" [nul]="NUL byte in YAML text")
for case in bomb deep utf8 nul; do
  r="$T/$case"
  run 1 "${RULE[$case]}" "${MESSAGE[$case]}" "check: $case" -- "$BIN" check --registry "$r"
  run 1 "${RULE[$case]}" "${MESSAGE[$case]}" "resolve: $case" -- "$BIN" resolve --registry "$r"
  run 1 "${RULE[$case]}" "${MESSAGE[$case]}" "generate: $case" -- "$BIN" generate --registry "$r" --output "$T/out-$case"
  run 1 "${RULE[$case]}" "${MESSAGE[$case]}" "docs: $case" -- "$BIN" docs --registry "$r" --output "$T/docs-$case"
  run 2 "${RULE[$case]}" "${MESSAGE[$case]}" "lint --registry: $case" -- "$BIN" lint --registry "$r" Tests/SemConvLintTests/Fixtures/telemetry/otlp-logs.ndjson
done
run 0 "" "0 errors" "check: BOM and CRLF are accepted" -- "$BIN" check --registry "$T/bom"
run 0 "" "" "generate: BOM and CRLF are accepted" -- "$BIN" generate --registry "$T/bom" --output "$T/out-bom"
grep -q "demo" "$T/out-bom/SemConv.swift" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: BOM registry generates demo.name"; }

# Symbolic link loop and an unreadable file inside a registry directory; a file given as the registry.
mkdir -p "$T/links/sub" && cp "$T/bom/registry.yaml" "$T/links/" && ln -s "$T/links" "$T/links/sub/loop"
run 0 unreadable-input "directory visited twice (symbolic link loop); skipped" "check: symlink loop" -- "$BIN" check --registry "$T/links"
mkdir -p "$T/locked" && cp "$T/bom/registry.yaml" "$T/locked/" && printf 'groups: []\n' > "$T/locked/secret.yaml" && chmod 000 "$T/locked/secret.yaml"
if [ ${#AS_USER[@]} -gt 0 ]; then
  run 1 unreadable-file "cannot read file: Permission denied" "check: unreadable file" -- "${AS_USER[@]}" "$BIN" check --registry "$T/locked"
  run 2 unreadable-file "Permission denied" "lint: unreadable registry file" -- "${AS_USER[@]}" "$BIN" lint --registry "$T/locked" Tests/SemConvLintTests/Fixtures/telemetry/otlp-logs.ndjson
else
  echo "skip: unreadable-file cases (root without setpriv)"
fi
run 0 "" "0 errors" "check: a file given as the registry" -- "$BIN" check --registry "$T/bom/registry.yaml"
run 2 "" "no such directory or archive" "check: missing registry" -- "$BIN" check --registry "$T/missing"

# Other YAML and files the commands read: templates.yaml, a --rules file, a --update target.
mkdir -p "$T/tpl-deep" && python3 -c "open('$T/tpl-deep/templates.yaml', 'w').write('templates: ' + '[' * 100000 + ']' * 100000)"
run 1 yaml-syntax "YAML nested more than 1000 levels deep" "generate: templates.yaml 100,000 deep" -- "$BIN" generate --templates "$T/tpl-deep" --output "$T/gen-deep"
run 2 "" "is a file, not a directory" "generate: a file as --templates" -- "$BIN" generate --templates "$T/bom/registry.yaml" --output "$T/gen-file"
run 2 yaml-syntax "YAML nested more than 1000 levels deep" "lint: --rules 100,000 deep" -- "$BIN" lint --rules "$T/tpl-deep/templates.yaml" Tests/SemConvLintTests/Fixtures/telemetry/otlp-logs.ndjson
run 2 unreadable-file "is a directory, not a YAML file" "lint: a directory as --rules" -- "$BIN" lint --rules "$T/links" Tests/SemConvLintTests/Fixtures/telemetry/otlp-logs.ndjson
printf '\x00\xff<!-- semconv attributes session -->\n' > "$T/binary.md"
run 2 "" "cannot update $T/binary.md: it is not UTF-8 text" "docs --update: binary file" -- "$BIN" docs --update "$T/binary.md"
run 2 "" "cannot update $T/links: it is a directory" "docs --update: a directory" -- "$BIN" docs --update "$T/links"

# Hostile templates: parsed, recursing or rendering without end.
tpl() { mkdir -p "$T/$1"; printf 'templates:\n  - template: a.mustache\n    output: a.txt\n    apply: once\n' > "$T/$1/templates.yaml"; python3 -c "import sys; open(sys.argv[1], 'w').write(sys.argv[2])" "$T/$1/a.mustache" "$2"; }
tpl tpl-sections "$(python3 -c "print('{{#attributes}}' * 4000 + '{{/attributes}}' * 4000)")"
run 1 template-syntax "sections nested more than 32 deep" "generate: sections 4,000 deep" -- "$BIN" generate --templates "$T/tpl-sections" --output "$T/gen-sections"
tpl tpl-expensive "$(python3 -c "print('{{#attributes}}' * 8 + 'x' + '{{/attributes}}' * 8)")"
run 1 template-too-expensive "rendering stopped" "generate: sections over lists nested 8 deep" -- "$BIN" generate --templates "$T/tpl-expensive" --output "$T/gen-expensive"
tpl tpl-recursion '{{> p}}'; echo '{{#params}}{{> p}}{{/params}}' > "$T/tpl-recursion/p.mustache"
run 1 template-too-expensive "runaway partial recursion" "generate: a partial recursing through a section" -- "$BIN" generate --templates "$T/tpl-recursion" --output "$T/gen-recursion"

# --- telemetry -------------------------------------------------------------------------------------------------------
python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
open(f"{t}/deep.ndjson", "w").write("[" * 100000 + "]" * 100000 + "\n" + '{"a":' * 100000 + "1" + "}" * 100000 + "\n")
line = open("Tests/SemConvLintTests/Fixtures/telemetry/otlp-logs.ndjson", "rb").read().split(b"\n")[0]
open(f"{t}/lf.ndjson", "wb").write(line + b"\n" + line + b"\n")
open(f"{t}/crlf.ndjson", "wb").write(b"\xef\xbb\xbf" + line + b"\r\n" + line + b"\r\n")
bad = line.replace(b'"stringValue":"', b'"stringValue":"\xff\xfe', 1)
open(f"{t}/utf8.ndjson", "wb").write(bad + b"\n")
open(f"{t}/nul.ndjson", "wb").write(b'{"event":"x",\x00"a":1}\n\x00\x00\x00\n')
open(f"{t}/corrupt.ndjson.gz", "wb").write(b"\x1f\x8b\x08\x00garbage")
PY
run 1 nesting-too-deep "JSON nested deeper than 128 levels" "lint: JSON 100,000 deep" -- "$BIN" lint "$T/deep.ndjson"
"$BIN" lint "$T/lf.ndjson" | sed "s|$T/lf.ndjson|F|" > "$T/lf.txt"
"$BIN" lint "$T/crlf.ndjson" | sed "s|$T/crlf.ndjson|F|" > "$T/crlf.txt"
cmp -s "$T/lf.txt" "$T/crlf.txt" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: lint: BOM + CRLF differ from LF"; diff "$T/lf.txt" "$T/crlf.txt" | head; }
run 1 invalid-utf8 "a string holds bytes that are not valid UTF-8" "lint: invalid UTF-8" -- "$BIN" lint --fail-on warning "$T/utf8.ndjson"
run 1 invalid-json "unexpected byte 0x0, expected a JSON value" "lint: NUL bytes" -- "$BIN" lint "$T/nul.ndjson"
run 2 config-unreadable "is a directory without .alloy files" "lint: a directory of no config" -- "$BIN" lint "$T/links"
run 2 input-unreadable "the gzip stream ends early at byte 11 of the file; nothing could be read" "lint: corrupt gzip" -- "$BIN" lint "$T/corrupt.ndjson.gz"
# Binary input as the Collector's file exporter writes it (length-prefixed protobuf, zstd), made hostile.
python3 - "$T" <<'PY'
import struct, sys
t = sys.argv[1]
fx = "Tests/SemConvLintTests/Fixtures/telemetry/binary/"
proto = open(fx + "sdk-proto.bin", "rb").read()
def varint(v):
    out = b""
    while v >= 0x80:
        out += bytes([v & 0x7F | 0x80]); v >>= 7
    return out + bytes([v])
def field(n, payload): return varint(n << 3 | 2) + varint(len(payload)) + payload
def framed(m): return struct.pack(">I", len(m)) + m
first = struct.unpack(">I", proto[:4])[0]
open(f"{t}/cut.bin", "wb").write(proto[:4 + first + 4 + 100])
open(f"{t}/prefix4g.bin", "wb").write(proto + b"\xff\xff\xff\xff" + b"tail")
open(f"{t}/garbage.bin", "wb").write(proto + b"garbage after the last frame\n")
open(f"{t}/bomb.bin", "wb").write(framed(open(fx + "bomb.zst", "rb").read()) + proto)
leaf = field(1, b"leaf")
prefixes, size = [], len(leaf)
for _ in range(100000):
    inner = b"\x0a" + varint(size); outer = b"\x2a" + varint(len(inner) + size)
    prefixes.append(outer + inner); size += len(outer) + len(inner)
value = b"".join(reversed(prefixes)) + leaf
record = b"\x09" + b"\x01" * 8 + field(6, field(1, b"deep") + field(2, value))
open(f"{t}/deep.bin", "wb").write(framed(field(1, field(2, field(2, record)))) + proto)
open(f"{t}/length.bin", "wb").write(framed(b"\x0a" + varint(1 << 62)) + proto)
native = open(fx + "sdk-json-native.zst", "rb").read()
open(f"{t}/cut.zst", "wb").write(native[:len(native) // 2])
PY
run 1 invalid-frame "but only 100 follow" "lint: protobuf frame cut in the middle" -- "$BIN" lint "$T/cut.bin"
run 1 invalid-frame "declares 4294967295 bytes but only 4 follow" "lint: a 4 GB length prefix" -- "$BIN" lint "$T/prefix4g.bin"
run 1 invalid-frame "declares 1734439522 bytes" "lint: garbage after valid frames" -- "$BIN" lint "$T/garbage.bin"
run 1 line-too-long "decompresses to more than the maximum of 16777216 bytes" "lint: a zstd bomb in a frame" -- "$BIN" lint "$T/bomb.bin"
run 1 nesting-too-deep "AnyValue nests deeper than 128 levels" "lint: protobuf AnyValue 100,000 deep" -- "$BIN" lint "$T/deep.bin"
run 1 invalid-frame "runs past the end of its message" "lint: protobuf length of 2^62" -- "$BIN" lint "$T/length.bin"
run 1 invalid-frame "the zstd stream ends early at byte" "lint: zstd stream cut in the middle" -- "$BIN" lint "$T/cut.zst"
run 0 "" "0 errors" "lint: 256 MiB of zeros as a zstd stream" -- "$BIN" lint Tests/SemConvLintTests/Fixtures/telemetry/binary/zeros.zst
run 2 "" "No such file or directory" "lint: missing file" -- "$BIN" lint "$T/missing.ndjson"
run 2 "" "--max-line-length must be between 1024 and 1073741824 bytes" "lint: absurd --max-line-length" -- "$BIN" lint --max-line-length 5000000000 "$T/lf.ndjson"
if [ ${#AS_USER[@]} -gt 0 ]; then
  cp "$T/lf.ndjson" "$T/locked.ndjson" && chmod 000 "$T/locked.ndjson"
  run 2 input-unreadable "Permission denied" "lint: unreadable file" -- "${AS_USER[@]}" "$BIN" lint "$T/locked.ndjson"
fi
# A 1 GiB line on standard input: one finding, memory bounded by --max-line-length, the next line still checked.
run 1 line-too-long "line is longer than 16777216 bytes; skipped" "lint: 1 GiB single line" -- bash -c \
  "{ printf '{\"resourceLogs\":[{\"x\":\"'; head -c 1073741824 /dev/zero | tr '\\\\0' x; printf '\"}]}\\n{\"event\":\"session.start\"}\\n'; } | '$BIN' lint -"
grep -qF "<stdin>:2:1: error: event 'session.start' requires 'session.id'" "$T/out" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: the line after the 1 GiB line is checked"; }

# --- pipeline configs --------------------------------------------------------------------------------------------------
python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
open(f"{t}/deep.alloy", "w").write('loki.process "a" {\n  x = ' + "f(" * 100000 + "1" + ")" * 100000 + "\n}\n")
open(f"{t}/blocks.alloy", "w").write("c {\n" * 100000 + "}\n" * 100000)
open(f"{t}/bad.alloy", "wb").write(b'\xef\xbb\xbfloki.source.file "a\xff" {\r\n  targets = [\x00]\r\n}\r\n')
open(f"{t}/deep-promtail.yaml", "w").write("scrape_configs: " + "[" * 100000 + "]" * 100000 + "\n")
open(f"{t}/utf8-promtail.yaml", "wb").write(b"scrape_configs:\n  - job_name: a\xff\n")
PY
run 1 alloy-syntax "nesting too deep (more than 256 levels)" "lint: Alloy calls 100,000 deep" -- "$BIN" lint "$T/deep.alloy"
run 1 alloy-syntax "nesting too deep (more than 256 levels)" "lint: Alloy blocks 100,000 deep" -- "$BIN" lint "$T/blocks.alloy"
run 1 alloy-syntax "illegal character NUL" "lint: Alloy with NUL and invalid UTF-8" -- "$BIN" lint "$T/bad.alloy"
run 1 promtail-syntax "YAML nested more than 1000 levels deep" "lint: Promtail 100,000 deep" -- "$BIN" lint "$T/deep-promtail.yaml"
run 1 promtail-syntax "file is not valid UTF-8" "lint: Promtail invalid UTF-8" -- "$BIN" lint "$T/utf8-promtail.yaml"
mkdir -p "$T/dir.alloy"
run 2 config-unreadable "is a directory" "lint: a directory named .alloy" -- "$BIN" lint "$T/dir.alloy"

# --- output safety -----------------------------------------------------------------------------------------------------
mkdir -p "$T/tpl-dotdot" "$T/tpl-abs"
printf 'templates:\n  - template: a.mustache\n    output: "../escape.txt"\n    apply: once\n' > "$T/tpl-dotdot/templates.yaml"
printf 'templates:\n  - template: a.mustache\n    output: "%s/abs.txt"\n    apply: once\n' "$T" > "$T/tpl-abs/templates.yaml"
echo x > "$T/tpl-dotdot/a.mustache"; echo x > "$T/tpl-abs/a.mustache"
run 1 output-path "would land outside the output directory" "generate: '..' in an output name" -- "$BIN" generate --templates "$T/tpl-dotdot" --output "$T/gen-dotdot"
run 1 output-path "would land outside the output directory" "generate: absolute output name" -- "$BIN" generate --templates "$T/tpl-abs" --output "$T/gen-abs"
[ ! -e "$T/escape.txt" ] && [ ! -e "$T/abs.txt" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: a file was written outside the output directory"; }
mkdir -p "$T/tpl-link" "$T/gen-link" "$T/outside" && ln -s "$T/outside" "$T/gen-link/sub"
printf 'templates:\n  - template: a.mustache\n    output: "sub/a.txt"\n    apply: once\n' > "$T/tpl-link/templates.yaml"; echo x > "$T/tpl-link/a.mustache"
run 1 output-path "resolves outside the output directory (symbolic link)" "generate: symbolic link out of the output directory" -- "$BIN" generate --templates "$T/tpl-link" --output "$T/gen-link"
[ -z "$(ls -A "$T/outside")" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: a file was written through the symbolic link"; }
if [ ${#AS_USER[@]} -gt 0 ]; then
  mkdir -p "$T/readonly" && chmod 555 "$T/readonly"
  run 2 output-write "cannot write 'SemConv.swift': Permission denied" "generate: read-only output directory" -- "${AS_USER[@]}" "$BIN" generate --output "$T/readonly"
  run 2 output-write "Permission denied" "docs: read-only output directory" -- "${AS_USER[@]}" "$BIN" docs --output "$T/readonly/docs"
  run 2 "" "cannot write $T/readonly/r.json: Permission denied" "resolve: read-only output directory" -- "${AS_USER[@]}" "$BIN" resolve --output "$T/readonly/r.json"
fi
run 2 "" "" "resolve: --output is a directory" -- "$BIN" resolve --output "$T/links"
# Two generate runs into the same directory at once: both succeed and leave only complete files (no temp files).
UP=../shared/data/semconv-v1.40.0/model
if [ -d "$UP" ]; then
  "$BIN" generate --registry "$UP" --output "$T/gen-single" >/dev/null
  for i in 1 2 3; do
    rm -rf "$T/gen-race"
    "$BIN" generate --registry "$UP" --output "$T/gen-race" >/dev/null & a=$!
    "$BIN" generate --registry "$UP" --output "$T/gen-race" >/dev/null & b=$!
    wait $a; ra=$?; wait $b; rb=$?
    if [ "$ra" = 0 ] && [ "$rb" = 0 ] && diff -r "$T/gen-single" "$T/gen-race" >/dev/null; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1)); echo "FAIL: concurrent generate round $i: exits $ra $rb"; diff -r "$T/gen-single" "$T/gen-race" | head -5
    fi
  done
fi

echo "hostile: $passed passed, $failed failed"
[ "$failed" = 0 ]
