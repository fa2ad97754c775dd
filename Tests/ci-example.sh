#!/usr/bin/env bash
# Integration test of the SwiftPM plugins with Examples/SessionDemo as the consumer package.
# 1. The example as committed: builds from clean through the build plugin; `semconv lint` run in its directory reads
#    its semconv.yaml (registry, default inputs), so its own violations are caught without naming the registry.
# 2. A copy (the consumer, under .build-consumer/ so its build is reused between runs): the build plugin never goes
#    stale: a config edit, a registry file added / edited / renamed / deleted, broken YAML (an error at file:line)
#    and its fix each take effect on the next build; a settled no-change build runs no generation; committed
#    generated code next to the build plugin is a clear error; the command plugins work. Registry sources from an
#    archive or a git tag never make a settled build regenerate; a renamed config works, a deleted one is a clear
#    error; registry warnings reach the build log, which is otherwise quiet; generate-semconv writes where
#    `semconv generate --check` looks, and refuses a target with the build plugin; semconv-lint with nothing to read
#    says what to do, and takes relative paths from where it runs.
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

# --- 1. the example as committed --------------------------------------------------------------------------------
fresh=1; [ -d "$EX/.build" ] && fresh=0
swift build --package-path "$EX" >"$T/build1.log" 2>&1 || { tail -30 "$T/build1.log"; exit 1; }
if [ "$fresh" = 1 ]; then
  grep -q "Generating SemConv.swift" "$T/build1.log" && ok "clean build generates SemConv.swift" || bad "clean build did not run the generator"
fi
DEMO=$(swift build --package-path "$EX" --show-bin-path)/SessionDemo
"$DEMO" --output "$EX/demo.ndjson"
if (cd "$EX" && "$BIN" lint >"$T/clean.txt"); then ok "semconv lint in the example reads semconv.yaml: demo output is clean"; else bad "demo output has findings"; cat "$T/clean.txt"; fi
grep -q "of registry, the bundled model/" "$T/clean.txt" && ok "the summary names the registries checked" || bad "summary: $(tail -1 "$T/clean.txt")"
"$DEMO" --inject-violations --output "$EX/demo.ndjson"
set +e; (cd "$EX" && "$BIN" lint --reporter json >"$T/bad.json"); rc=$?; set -e
[ "$rc" = 1 ] && ok "violations: exit 1" || bad "violations: exit $rc, want 1"
# required-attribute-missing (app.checkout without session.id) needs the example's own registry: read from semconv.yaml.
for rule in forbidden-attribute session-previous-id-equals-id required-attribute-missing session-context-missing session-telemetry-after-end; do
  jq -e --arg r "$rule" '[.findings[] | select(.rule == $r)] | length > 0' "$T/bad.json" >/dev/null && ok "reports $rule" || bad "missing $rule"
done
jq -e '[.findings[] | select(.rule == "forbidden-attribute" and .attribute == "user.email")] | length == 1' "$T/bad.json" >/dev/null \
  && ok "forbidden attribute is user.email" || bad "forbidden attribute not named"
grep -q "jane.doe@example.com" "$T/bad.json" && bad "report echoes the e-mail address" || ok "report masks the e-mail address"
rm -f "$EX/demo.ndjson"

# --- 2. a consumer copy: never stale ------------------------------------------------------------------------------
C="$ROOT/.build-consumer/SessionDemo"
mkdir -p "$C"
find "$C" -mindepth 1 -maxdepth 1 ! -name .build -exec rm -rf {} +
tar -C "$EX" --exclude=.build --exclude=demo.ndjson -cf - . | tar -C "$C" -xf -
sed -i "s#path: \"../..\"#path: \"$ROOT\"#" "$C/Package.swift"
build() { swift build --package-path "$C" >"$T/$1.log" 2>&1; }
generated() { grep -c -- "$1" "$GEN" 2>/dev/null || true; }
settle() { touch "$C/Package.swift"; build settle1 || true; build settle2 || true; }

build copy0 || { tail -20 "$T/copy0.log"; bad "consumer does not build"; }
GEN=$(find "$C/.build/plugins/outputs" -path "*SemConvGenerator/Generated/SemConv.swift" | head -1)
settle
build nochange; grep -q "Generating" "$T/nochange.log" && bad "no-change rebuild ran the generator" || ok "no-change rebuild runs no generation"

sed -i 's/^access: internal/access: public/' "$C/semconv.yaml"
build edit || bad "config edit: build failed"
[ "$(generated 'public enum SemConv ')" = 1 ] && ok "config edit (access: public) takes effect on the next build" || bad "config edit ignored: $(grep -m1 'enum SemConv ' "$GEN")"

cat >"$C/registry/coupons.yaml" <<'YAML'
groups:
  - id: registry.app.coupon
    type: attribute_group
    brief: Coupons.
    attributes:
      - id: app.checkout.coupon_code
        type: string
        stability: development
        brief: The coupon code used at checkout.
YAML
build add || bad "added registry file: build failed"
[ "$(generated 'app.checkout.coupon_code')" -gt 0 ] && ok "a YAML file added to the registry takes effect on the next build" || bad "added file ignored"
grep -q "appeared after SwiftPM planned this build" "$T/add.log" && ok "the tool notes the plan is older than the registry" || bad "no note about the stale plan"
sed -i 's/The coupon code used at checkout./The coupon code the customer typed./' "$C/registry/coupons.yaml"
build edit-added || bad "edited added file: build failed"
[ "$(generated 'The coupon code the customer typed.')" -gt 0 ] && ok "an edit to the added file takes effect before SwiftPM re-plans" || bad "edit to the added file ignored"
settle
build settled; grep -q "Generating" "$T/settled.log" && bad "settled rebuild still generates" || ok "once re-planned, a no-change build runs nothing again"

mv "$C/registry/coupons.yaml" "$C/registry/promotions.yaml"
build rename && ok "a renamed registry file is no missing input" || { bad "rename: build failed"; grep -m2 "error" "$T/rename.log"; }
sed -i 's/The coupon code the customer typed./The promotion code./' "$C/registry/promotions.yaml"
build edit-renamed || true
[ "$(generated 'The promotion code.')" -gt 0 ] && ok "an edit to the renamed file takes effect" || bad "edit to the renamed file ignored"
rm "$C/registry/promotions.yaml"
build delete && ok "a deleted registry file is no missing input" || { bad "delete: build failed"; grep -m2 "error" "$T/delete.log"; }
[ "$(generated 'app.checkout.coupon_code')" = 0 ] && ok "the deleted file's attribute is gone" || bad "deleted attribute still generated"

cp "$C/registry/app.yaml" "$T/app.yaml"
printf '  - id: broken\n    type: [unclosed\n' >>"$C/registry/app.yaml"
if build broken; then bad "broken YAML built"; else
  where=$(grep -oE "registry/app.yaml:[0-9]+:[0-9]+: error: YAML syntax error" "$T/broken.log" | head -1)
  [ -n "$where" ] && ok "broken YAML is a build error: $where" || { bad "build error does not name the YAML line"; grep -m3 "error" "$T/broken.log"; }
fi
cp "$T/app.yaml" "$C/registry/app.yaml"
build fixed && ok "fixing the YAML fixes the build" || bad "fixed YAML still fails"
# The fixed registry generates what is already on disk: the build log says nothing about it.
grep -qE "^wrote: |written, |^semconv: generated" "$T/fixed.log" && bad "an unchanged output is reported: $(grep -m1 -E '^wrote: |written, |^semconv: generated' "$T/fixed.log")" \
  || ok "an unchanged output: the build log is quiet"

# Registry sources that are not package files: an archive in the package (declared as one file) and a git tag
# (declared as nothing): after the plan is refreshed, a no-change build runs nothing and prints no note.
mkdir -p "$T/extra/model" "$T/gitreg/model"
printf 'groups:\n  - id: registry.extra\n    type: attribute_group\n    brief: Extra.\n    attributes:\n      - id: extra.flag\n        type: boolean\n        brief: A flag.\n        stability: development\n' >"$T/extra/model/extra.yaml"
tar -C "$T/extra" -czf "$C/extra.tar.gz" model
sed 's/registry.extra/registry.gitreg/; s/extra.flag/gitreg.flag/' "$T/extra/model/extra.yaml" >"$T/gitreg/model/g.yaml"
git -C "$T/gitreg" init -q && git -C "$T/gitreg" add -A && git -C "$T/gitreg" -c user.email=ci@example.com -c user.name=ci commit -qm v1 && git -C "$T/gitreg" tag v1
cp "$C/semconv.yaml" "$T/semconv.yaml"
sed -i "s#^registries: \[registry\]#registries: [registry, \"extra.tar.gz[model]\", \"$T/gitreg@v1[model]\"]#" "$C/semconv.yaml"
settle
build remote1; build remote2
[ "$(generated 'gitreg.flag')" -gt 0 ] && [ "$(generated 'extra.flag')" -gt 0 ] && ok "archive and git registries are generated" || bad "archive or git registry missing"
grep -qE "Generating|appeared after" "$T/remote2.log" && bad "archive/git registry: a no-change build regenerates" || ok "archive and git registries: a no-change build runs nothing"
sed -i 's/A flag./A changed flag./' "$T/extra/model/extra.yaml" && tar -C "$T/extra" -czf "$C/extra.tar.gz" model
build remote3; [ "$(generated 'A changed flag.')" -gt 0 ] && ok "a changed archive regenerates" || bad "changed archive ignored"
grep -qE "^wrote: |written, " "$T/remote3.log" && bad "the build log lists written files: $(grep -m1 -E '^wrote: |written, ' "$T/remote3.log")" \
  || { grep -q "^semconv: generated SemConv.swift" "$T/remote3.log" && ok "a changed output: the build log says only 'semconv: generated SemConv.swift'" || bad "no generation line in the build log"; }
cp "$T/semconv.yaml" "$C/semconv.yaml"; rm "$C/extra.tar.gz"
settle

# Registry warnings reach the build log.
printf 'version: "2"\ngroups:\n  - id: registry.w\n    type: attribute_group\n    brief: W.\n' >"$C/registry/w.yaml"
build warned || bad "a registry warning failed the build"
grep -qE "registry/w.yaml:2:1: warning: unknown key 'groups' in definition/2 file" "$T/warned.log" \
  && ok "registry warnings are build warnings" || { bad "registry warning not in the build log"; grep -m3 -i warn "$T/warned.log"; }
rm "$C/registry/w.yaml"; build unwarned || true

# The config renamed (README allows .semconv.yaml), then deleted: no SwiftPM "missing inputs".
mv "$C/semconv.yaml" "$C/.semconv.yaml"
sed -i 's/^access: public/access: internal/' "$C/.semconv.yaml"
build renamed && [ "$(generated 'internal enum SemConv ')" = 1 ] && ok "a renamed config is read on the next build" \
  || { bad "renamed config"; grep -m3 -iE "error|missing" "$T/renamed.log"; }
mv "$C/.semconv.yaml" "$T/hidden.yaml"
if build deleted; then bad "a deleted config built"; else
  grep -qE "which this build was planned with, is gone|no semconv.yaml \(or .semconv.yaml\) was found" "$T/deleted.log" && ok "a deleted config is a clear error" \
    || { bad "deleted config: no clear message"; grep -m3 -iE "error" "$T/deleted.log"; }
fi
mv "$T/hidden.yaml" "$C/.semconv.yaml"; build restored || true; mv "$C/.semconv.yaml" "$C/semconv.yaml"; settle

"$DEMO" --output "$C/demo.ndjson"
swift package --package-path "$C" semconv-lint --reporter json >"$T/plugin-lint.json" 2>"$T/plugin-lint.err" \
  && jq -e '.summary.records > 0 and (.findings | length == 0)' "$T/plugin-lint.json" >/dev/null \
  && ok "semconv-lint command plugin lints the config's inputs with its registry" || { bad "semconv-lint plugin"; tail -3 "$T/plugin-lint.err"; }
mkdir -p "$C/recs" && cp "$C/demo.ndjson" "$C/recs/sub.ndjson"
(cd "$C/recs" && swift package semconv-lint --reporter json sub.ndjson >"$T/plugin-rel.json" 2>"$T/plugin-rel.err") \
  && jq -e '.summary.files == 1 and .summary.records > 0' "$T/plugin-rel.json" >/dev/null \
  && ok "semconv-lint takes relative paths from where it runs" || { bad "semconv-lint relative path"; tail -3 "$T/plugin-rel.err"; }
rm -rf "$C/recs"
sed -i 's/^  inputs: \[demo.ndjson\].*$/  jobs: 1/' "$C/semconv.yaml"
if swift package --package-path "$C" semconv-lint >"$T/plugin-none.log" 2>&1; then bad "semconv-lint with nothing to lint passed"; else
  grep -q "no file is named; name the files to lint" "$T/plugin-none.log" && grep -q "or set lint.inputs" "$T/plugin-none.log" \
    && ! grep -q "Bad file descriptor" "$T/plugin-none.log" && ok "semconv-lint with nothing to lint says to give files or set lint.inputs" \
    || { bad "semconv-lint without input"; tail -4 "$T/plugin-none.log"; }
fi
cp "$T/semconv.yaml" "$C/semconv.yaml"
if swift package --package-path "$C" --allow-writing-to-package-directory generate-semconv >"$T/cmd-refused.log" 2>&1; then
  bad "generate-semconv on a target with the build plugin ran"
else
  grep -q "applies the SemConvGenerator build plugin (Package.swift)" "$T/cmd-refused.log" && [ ! -d "$C/Sources/SessionDemo/SemConv" ] \
    && ok "generate-semconv refuses a target that applies the build plugin" || { bad "generate-semconv refusal"; tail -3 "$T/cmd-refused.log"; }
fi
# Without the build plugin: the target is inferred, and the code lands where 'semconv generate --check' looks.
cp "$C/Package.swift" "$T/Package.swift"
sed -i '/plugins: \[.plugin(name: "SemConvGenerator"/d' "$C/Package.swift"
swift package --package-path "$C" --allow-writing-to-package-directory generate-semconv >"$T/cmd.log" 2>&1 \
  && [ -f "$C/Sources/SessionDemo/SemConv/SemConv.swift" ] && ok "generate-semconv infers the one target and writes its SemConv/ folder" || { bad "generate-semconv"; tail -3 "$T/cmd.log"; }
(cd "$C" && "$BIN" generate --check >"$T/check.log" 2>&1) && ok "semconv generate --check finds the committed code" || { bad "generate --check after generate-semconv"; tail -3 "$T/check.log"; }
printf '\ngenerate: {output: Gen}\n' >>"$C/semconv.yaml"
if swift package --package-path "$C" --allow-writing-to-package-directory generate-semconv >"$T/cmd-outside.log" 2>&1; then bad "generate-semconv wrote outside the target"; else
  grep -q "which is not inside the target's directory" "$T/cmd-outside.log" && ok "generate.output outside the target is refused" || { bad "outside target"; tail -3 "$T/cmd-outside.log"; }
fi
cp "$T/semconv.yaml" "$C/semconv.yaml"; cp "$T/Package.swift" "$C/Package.swift"
if build committed; then bad "committed generated code plus the build plugin built"; else
  grep -q "contains code generated by semconv" "$T/committed.log" && ok "committed generated code next to the build plugin: clear message" \
    || { bad "no clear message for committed code"; grep -m3 "error" "$T/committed.log"; }
fi
rm -rf "$C/Sources/SessionDemo/SemConv"

echo "example: $passed passed, $failed failed"
[ "$failed" = 0 ]
