#!/usr/bin/env bash
# The prebuilt tool: builds the statically linked artifact bundle (.ci/build-artifactbundle), checks that the binary
# loads only system libraries and runs on its own (bundled model found beside it), then builds a fresh consumer
# package whose build plugin runs the binary target: Yams, ArgumentParser and Mustache must not be compiled.
# Prints the consumer's first build time; MEASURE_SOURCE=1 also times the same consumer against the source package.
# SKIP_ARTIFACT_BUILD=1 reuses .build-artifactbundle.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
OUT="$ROOT/.build-artifactbundle"
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
passed=0; failed=0
ok() { passed=$((passed+1)); echo "ok: $*"; }
bad() { failed=$((failed+1)); echo "FAIL: $*"; }

[ "${SKIP_ARTIFACT_BUILD:-0}" = 1 ] && [ -d "$OUT/swift-semconv-prebuilt" ] || .ci/build-artifactbundle "$OUT" >"$T/bundle.log" 2>&1 \
  || { tail -20 "$T/bundle.log"; exit 1; }
BIN=$(find "$OUT/semconv.artifactbundle" -path "*/bin/semconv" | head -1)
jq -e '.schemaVersion == "1.0" and .artifacts.semconv.type == "executable"' "$OUT/semconv.artifactbundle/info.json" >/dev/null \
  && ok "info.json: schema 1.0, executable artifact" || bad "info.json"

ldd "$BIN" >"$T/ldd.txt" 2>&1 || true
echo "ldd $BIN:"; sed 's/^/    /' "$T/ldd.txt"
if grep -qiE "swift|Foundation|not found|libicu|libdispatch|libBlocks" "$T/ldd.txt"; then bad "the binary loads non-system libraries"; else
  ok "ldd lists only system libraries ($(awk '{print $1}' "$T/ldd.txt" | grep -v vdso | tr '\n' ' '))"
fi
(cd "$T" && env -u SEMCONV_HOME "$BIN" check >"$T/check.txt" 2>&1) && grep -q "of the bundled model/" "$T/check.txt" \
  && ok "the binary finds its bundled model beside itself" || { bad "binary check"; cat "$T/check.txt"; }

# A consumer: its own registry and semconv.yaml, code that uses the generated builders.
consumer() { # consumer DIR DEPENDENCY-LINE PLUGIN-PACKAGE
  rm -rf "$1"; mkdir -p "$1/Sources/Shop" "$1/registry"
  cat >"$1/Package.swift" <<SWIFT
// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Shop",
    dependencies: [$2],
    targets: [
        .executableTarget(name: "Shop", plugins: [.plugin(name: "SemConvGenerator", package: "$3")]),
    ]
)
SWIFT
  cat >"$1/semconv.yaml" <<'YAML'
registries: [registry]
access: internal
YAML
  cat >"$1/registry/shop.yaml" <<'YAML'
groups:
  - id: registry.shop
    type: attribute_group
    brief: Shop attributes.
    attributes:
      - id: shop.cart.size
        type: int
        stability: development
        brief: Items in the cart.
YAML
  cat >"$1/Sources/Shop/main.swift" <<'SWIFT'
let start = SemConv.Events.SessionStart(sessionId: "s-1")
print(SemConv.shop.cart.size, start.attributes.count)
SWIFT
}

C="$ROOT/.build-consumer/Prebuilt"
consumer "$C" ".package(path: \"$OUT/swift-semconv-prebuilt\")" "swift-semconv-prebuilt"
start=$SECONDS
if swift build --package-path "$C" -v >"$T/prebuilt.log" 2>&1; then
  ok "consumer builds against the artifact bundle (first build $((SECONDS - start)) s)"
else bad "consumer against the artifact bundle does not build"; grep -m5 "error" "$T/prebuilt.log"; fi
compiled=$(grep -oE -- "-module-name [A-Za-z_]+" "$T/prebuilt.log" | awk '{print $2}' | sort -u | tr '\n' ' ')
echo "    modules compiled: $compiled"
if echo " $compiled " | grep -qE " (Yams|ArgumentParser|Mustache|SemConvModel|semconv) "; then bad "the tool or its dependencies were compiled"; else
  ok "Yams, ArgumentParser and Mustache are not compiled"
fi
[ -z "$(find "$C/.build" -maxdepth 3 -type d \( -name 'Yams*.build' -o -name 'ArgumentParser*.build' -o -name 'Mustache*.build' \))" ] \
  && ok "no build directory for Yams, ArgumentParser or Mustache" || bad "dependency build directories exist"
out=$("$(swift build --package-path "$C" --show-bin-path)/Shop" 2>&1 || true)
[ "$out" = "shop.cart.size 1" ] && ok "the generated code runs: $out" || bad "consumer output: $out"
sed -i 's/access: internal/access: public/' "$C/semconv.yaml"
swift build --package-path "$C" >"$T/edit.log" 2>&1 && grep -q "public enum SemConv " "$(find "$C/.build/plugins/outputs" -name SemConv.swift | head -1)" \
  && ok "a config edit takes effect with the prebuilt tool too" || bad "config edit with the prebuilt tool"

if [ "${MEASURE_SOURCE:-0}" = 1 ]; then
  S="$ROOT/.build-consumer/Source"
  consumer "$S" ".package(name: \"swift-semconv\", path: \"$ROOT\")" "swift-semconv"
  start=$SECONDS
  swift build --package-path "$S" >"$T/source.log" 2>&1 && echo "    source-built tool: first build $((SECONDS - start)) s" \
    || { bad "consumer against the source package"; tail -5 "$T/source.log"; }
fi

echo "prebuilt: $passed passed, $failed failed"
[ "$failed" = 0 ]
