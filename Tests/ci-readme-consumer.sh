#!/usr/bin/env bash
# The README's "Use it in your package" section, taken at its word: every code block there introduced by a file
# name ("`Package.swift`:") becomes that file of a new package, which must build and run. The dependency line is
# used as written, except that its URL points at a local bare clone of this repository whose `main` is the commit
# under test (HEAD), standing in for the published repository.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
passed=0; failed=0
ok() { passed=$((passed+1)); echo "ok: $*"; }
bad() { failed=$((failed+1)); echo "FAIL: $*"; }

# The section's files: a line "`NAME`:" followed by a fenced block.
C="$ROOT/.build-consumer/Readme"
mkdir -p "$C"
find "$C" -mindepth 1 -maxdepth 1 ! -name .build -exec rm -rf {} +
python3 - "$ROOT/README.md" "$C" <<'PY'
import os, re, sys
text = open(sys.argv[1]).read()
section = text[text.index("## Use it in your package"):]
section = section[:section.index("\n## ", 1)]
files = re.findall(r"^`([^`\n]+)`:\n\n```[a-z]*\n(.*?)^```", section, re.S | re.M)
assert files, "no file blocks in the README section"
for name, body in files:
    path = os.path.join(sys.argv[2], name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w").write(body)
    print("wrote", name)
PY
line=$(grep -E '^ *\.package\(url: "https://github.com/[^"]*swift-semconv(\.git)?"' "$C/Package.swift" | head -1)
[ -n "$line" ] && ok "README dependency line: $(echo "$line" | sed 's/^ *//')" || { bad "no dependency line in the README's Package.swift"; exit 1; }
url=$(echo "$line" | sed -E 's/.*url: "([^"]*)".*/\1/')

# The published repository, as of this commit: `main` is HEAD.
MIRROR="$ROOT/.build-consumer/swift-semconv.git"
rm -rf "$MIRROR"
git clone --quiet --bare "$ROOT" "$MIRROR"
git -C "$MIRROR" update-ref refs/heads/main "$(git -C "$ROOT" rev-parse HEAD)"
sed -i "s#$url#file://$MIRROR#" "$C/Package.swift"

if swift build --package-path "$C" >"$T/build.log" 2>&1; then ok "the README's package builds (tool built from source through the dependency line)"
else bad "the README's package does not build"; grep -E "error" "$T/build.log" | head -5; fi
grep -q "Generating SemConv.swift" "$T/build.log" && ok "the build plugin generated SemConv.swift" || echo "   (generation up to date from an earlier run)"
out=$("$(swift build --package-path "$C" --show-bin-path)/MyApp" 2>&1 || true)
expected=$(sed -n 's#.*// "\(.*\)"$#\1#p' "$C/Sources/MyApp/main.swift" | head -1)
[ -n "$expected" ] && [ "$out" = "$expected" ] && ok "MyApp prints what the README says: $out" || bad "MyApp printed '$out', README says '$expected'"

echo "readme-consumer: $passed passed, $failed failed"
[ "$failed" = 0 ]
