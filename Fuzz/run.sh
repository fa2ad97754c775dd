#!/usr/bin/env bash
# Builds the fuzz package with libFuzzer + AddressSanitizer and runs each target for SECONDS.
#   Fuzz/run.sh [SECONDS] [TARGET...]       (default: 60 seconds, every target, one after another)
# Environment: FUZZ_CONFIG=release|debug (default release), SKIP_BUILD=1 to reuse the last build,
# FUZZ_ARGS="..." extra libFuzzer flags. The working corpora, logs and artifacts go to Fuzz/.work/ (not in git).
# Exits 1 if any target wrote a crash, leak, timeout or out-of-memory artifact, 2 if the build failed.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seconds="${1:-60}"
shift || true
all=(FuzzRegistry FuzzTelemetry FuzzAlloy FuzzPromtail FuzzTemplate)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
config="${FUZZ_CONFIG:-release}"
work="$here/.work"
mkdir -p "$work/logs"

max_len() {
    case "$1" in
        FuzzRegistry) echo 16384 ;;
        FuzzTelemetry) echo 16384 ;;
        FuzzAlloy) echo 8192 ;;
        FuzzPromtail) echo 4096 ;;
        FuzzTemplate) echo 4096 ;;
        *) echo "unknown target $1" >&2; exit 2 ;;
    esac
}
dict() {
    case "$1" in
        FuzzRegistry) echo registry ;; FuzzTelemetry) echo telemetry ;; FuzzAlloy) echo alloy ;;
        FuzzPromtail) echo promtail ;; FuzzTemplate) echo template ;;
    esac
}

# swiftc honours only the LAST -sanitize= flag, and SwiftPM passes `--sanitize fuzzer --sanitize address` as two
# flags: the Swift code would get AddressSanitizer but no coverage instrumentation (libFuzzer would still link and
# run, blind). The combined flag, appended after SwiftPM's own, instruments the Swift code for both; --sanitize
# still covers the C code (Yams' libyaml) and the link.
build=(swift build --package-path "$here" -c "$config" --sanitize fuzzer --sanitize address
       -Xswiftc -sanitize=fuzzer,address)
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    echo "building the fuzz package ($config, -sanitize=fuzzer,address)..."
    if ! "${build[@]}" > "$work/logs/build.log" 2>&1; then
        grep -v "Cannot export local symbol" "$work/logs/build.log" | tail -40
        echo "fuzz build failed (full log: $work/logs/build.log)"; exit 2
    fi
fi
bin="$("${build[@]}" --show-bin-path)"
# Refuse to fuzz blind: the library code must carry libFuzzer's coverage counters.
if [ "$(objdump -h "$bin/SemConvModel.build/RegistryLoader.swift.o" 2>/dev/null | grep -c __sancov_cntrs)" = 0 ]; then
    echo "the Swift code has no coverage instrumentation (see the -sanitize note in run.sh)"; exit 2
fi

# Crashes must reach libFuzzer's handler, not Swift's backtracer (which would stall each crash for seconds).
export SWIFT_BACKTRACE=enable=no
# Leak reports the sanitizer cannot attribute correctly (see lsan.supp and RELIABILITY.md).
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# No use-after-return fake stacks: they move locals to the heap, which blinds the template renderer's stack-depth
# guard (it reads the address of a local), so a recursive partial would overflow the real stack (RELIABILITY.md).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=0}"

status=0
summary=()
for t in "${targets[@]}"; do
    corpus="$work/$t"
    artifacts="$work/artifacts/$t"
    log="$work/logs/$t.log"
    mkdir -p "$corpus" "$artifacts"
    before=$(find "$artifacts" -type f | wc -l)
    echo "== $t: ${seconds}s (log: $log)"
    start=$(date +%s)
    # The first corpus directory receives new inputs; Fuzz/Corpus/$t only seeds the run.
    # shellcheck disable=SC2086
    "$bin/$t" "$corpus" "$here/Corpus/$t" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$t")" \
        -dict="$here/Dictionaries/$(dict "$t").dict" -artifact_prefix="$artifacts/" -print_final_stats=1 \
        ${FUZZ_ARGS:-} > "$log" 2>&1
    rc=$?
    elapsed=$(( $(date +%s) - start ))
    execs=$(grep -E "^stat::number_of_executed_units:" "$log" | tail -1 | awk '{print $2}')
    [ -n "$execs" ] || execs=$(grep -oE "^Done [0-9]+ runs" "$log" | tail -1 | awk '{print $2}')
    [ -n "$execs" ] || execs=$(grep -oE "^#[0-9]+" "$log" | tail -1 | tr -d '#')
    corp=$(grep -oE "corp: [0-9]+/[0-9]+[a-zA-Z]*" "$log" | tail -1 | awk '{print $2}')
    files=$(find "$corpus" -type f | wc -l)
    after=$(find "$artifacts" -type f | wc -l)
    found=$(( after - before ))
    if [ "$found" -gt 0 ] || { [ "$rc" -ne 0 ] && [ "$rc" -ne 130 ]; }; then
        status=1
        grep -E "^(==[0-9]+==ERROR|SUMMARY|Fatal error|.*Fatal error:|artifact_prefix|Test unit written)" "$log" | head -8
    fi
    line=$(printf "%-14s %6ss %12s execs %8s exec/s  corpus %-12s (%s files)  new artifacts %s  exit %s" \
        "$t" "$elapsed" "${execs:-?}" "$(( ${execs:-0} / (elapsed > 0 ? elapsed : 1) ))" "${corp:-?}" "$files" "$found" "$rc")
    echo "$line"
    summary+=("$line")
done

echo
echo "summary ($(date -u +%Y-%m-%dT%H:%M:%SZ), $config):"
printf '%s\n' "${summary[@]}" | tee -a "$work/summary.txt"
exit $status
