#!/usr/bin/env bash
# Times `semconv diff` and `semconv check --baseline` between two upstream releases (v1.40.0 -> v1.41.0, from the
# archives committed under Tests/SemConvModelTests/Fixtures/upstream): on local directories, and on a git source
# with a cold and a warm cache. The git repository is a local bare one (file://), so "cold" measures fetch,
# checkout and cache write without network latency.
# Usage: Benchmarks/evolution.sh   (from the package root; needs hyperfine, git, tar)
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${SKIP_BUILD:-0}" = 1 ] || swift build -c release --product semconv >/dev/null
BIN="$PWD/.build/release/semconv"
UP="$PWD/Tests/SemConvModelTests/Fixtures/upstream"
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
for v in 1.40.0 1.41.0; do mkdir -p "$T/$v" && tar -xzf "$UP/semantic-conventions-$v.tar.gz" -C "$T/$v" --strip-components 1; done
git init -q --bare "$T/repo.git"; git init -q "$T/work"
for v in 1.40.0 1.41.0; do
  rm -rf "$T/work/model"; cp -r "$T/$v/model" "$T/work/model"; git -C "$T/work" add -A
  git -C "$T/work" -c user.email=b@example.com -c user.name=b commit -qm "v$v"; git -C "$T/work" tag "v$v"
done
git -C "$T/work" push -q "$T/repo.git" HEAD:refs/heads/main --tags
GIT="file://$T/repo.git"
export SEMCONV_CACHE_DIR="$T/cache"
D="--baseline $T/1.40.0/model --registry $T/1.41.0/model"
G="--baseline '$GIT@v1.40.0[model]' --registry '$GIT@v1.41.0[model]'"
CB="--registry $T/1.41.0/model --baseline '$GIT@v1.40.0[model]' --fail-on never"
hyperfine --warmup 1 --runs "${RUNS:-10}" --export-json "$T/warm.json" \
  -n "diff, directories" "$BIN diff $D --output $T/d.txt" \
  -n "check --baseline, directories" "$BIN check $D --fail-on never" \
  -n "diff, git tags, warm cache" "$BIN diff $G --output $T/d.txt" \
  -n "check --baseline, git tag, warm cache" "$BIN check $CB" \
  -n "diff, archives, warm cache" "$BIN diff --baseline '$UP/semantic-conventions-1.40.0.tar.gz[model]' --registry '$UP/semantic-conventions-1.41.0.tar.gz[model]' --output $T/d.txt"
hyperfine --runs "${RUNS:-10}" --prepare "rm -rf $T/cache" --export-json "$T/cold.json" \
  -n "diff, git tags, cold cache" "$BIN diff $G --output $T/d.txt" \
  -n "check --baseline, git tag, cold cache" "$BIN check $CB"
# Medians (the machine is shared and noisy; means are pulled up by other processes).
echo "| command | median | min | max | user (mean) |"; echo "|---|---:|---:|---:|---:|"
jq -r '.results[] | "| \(.command) | \(.median*1000|floor) ms | \(.min*1000|floor) ms | \(.max*1000|floor) ms | \(.user*1000|floor) ms |"' "$T/warm.json" "$T/cold.json"
