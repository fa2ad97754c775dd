#!/usr/bin/env bash
# semconv live-check against real clients on loopback (every listener on port 0, every wait bounded):
#   curl with OTLP/JSON (the report equals `semconv lint` of the same lines) and Faro payloads (CORS, API key),
#   the OpenTelemetry Python SDK from PyPI exporting logs and spans over OTLP/HTTP and OTLP/gRPC with gzip,
#   two shards merged with `semconv report merge` (equal to one instance's summary),
#   and Examples/SessionDemo exporting through swift-otel over OTLP/HTTP (clean; violations when injected).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
BIN=${SEMCONV_BIN:-$ROOT/.build/release/semconv}
FIX="$ROOT/Tests/SemConvLintTests/Fixtures/telemetry"
T="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$T"; }
trap cleanup EXIT
passed=0; failed=0; skipped=0
ok() { passed=$((passed+1)); echo "ok: $*"; }
bad() { failed=$((failed+1)); echo "FAIL: $*"; }
skip() { skipped=$((skipped+1)); echo "SKIP: $*"; }

# start NAME ARGS...: runs live-check in the background, waits (10 s at most) for a listening line per listener.
start() {
  local name=$1; shift
  local want=0 prev=""
  for a in "$@"; do
    case "$prev" in --otlp-http|--otlp-grpc|--faro) [ "$a" != off ] && want=$((want+1));; esac
    prev=$a
  done
  "$BIN" live-check "$@" 2>"$T/$name.err" >"$T/$name.out" &
  PIDS+=($!); eval "PID_$name=$!"
  for _ in $(seq 1 100); do
    n=$(grep -c '^listening ' "$T/$name.err" 2>/dev/null || true)
    [ "${n:-0}" -ge "$want" ] && return 0
    sleep 0.1
  done
  echo "live-check $name did not start:"; cat "$T/$name.err"; return 1
}
addr() { grep -oE "^listening $2 [^ ]+" "$T/$1.err" | awk '{print $3}'; }
# stop NAME [SIGNAL]: signals live-check, waits (20 s at most) and sets RC to its exit status (not in a $(...)
# subshell: only this shell can wait for its children).
stop() {
  local pid; eval "pid=\$PID_$1"
  kill "-${2:-INT}" "$pid" 2>/dev/null
  for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; RC=124; return; fi
  wait "$pid"; RC=$?
}
post() { curl -s -m 10 -o "$T/body" -w '%{http_code}' "$@"; }

# --- curl, OTLP/JSON: one request per line gives the file linter's findings -----------------------------------
start json --otlp-http 127.0.0.1:0 --otlp-grpc off --reporter json --output "$T/json.json" --stream jsonl || exit 1
A=$(addr json otlp-http)
codes=""
while IFS= read -r line; do
  codes+="$(post -H 'Content-Type: application/json' --data-binary "$line" "http://$A/v1/logs") "
done <"$FIX/otlp-logs.ndjson"
[ "$(echo $codes | tr ' ' '\n' | sort -u)" = 200 ] && ok "curl OTLP/JSON: every request answered 200" || bad "curl OTLP/JSON: answers $codes"
[ "$(post "http://$A/health")" = 200 ] && ok "GET /health: 200" || bad "GET /health"
[ "$(post -H 'Content-Type: text/plain' --data-binary '{}' "http://$A/v1/logs")" = 415 ] && ok "text/plain: 415" || bad "text/plain not 415"
[ "$(post -H 'Content-Type: application/json' --data-binary '{"resourceLogs":[' "http://$A/v1/logs")" = 400 ] \
  && jq -e '.code == 3' "$T/body" >/dev/null && ok "truncated JSON: 400 with a Status" || bad "truncated JSON not 400 + Status"
stop_code=$(post -X POST "http://$A/stop"); cp "$T/body" "$T/stop.json"
stop json; rc=$RC
[ "$stop_code" = 200 ] && jq -e '.summary.files == 8' "$T/stop.json" >/dev/null && ok "POST /stop returns the report" || bad "POST /stop: $stop_code"
[ "$rc" = 1 ] && ok "live-check exit 1 (errors at --fail-on error)" || bad "live-check exit $rc, want 1"
"$BIN" lint --reporter json "$FIX/otlp-logs.ndjson" >"$T/lint.json"
# The 8th request (the truncated one) is live-check's own; the rest is the file linter's report.
norm='[.findings[] | del(.file) | if .related then .related |= map(split(":") | last) else . end]'
if diff <(jq -S "[.findings[] | select(.line <= 7)] | {findings: .} | $norm" "$T/json.json") <(jq -S "$norm" "$T/lint.json") >"$T/diff"; then
  ok "findings equal 'semconv lint' of the same lines"; else bad "findings differ from lint:"; head -20 "$T/diff"; fi
[ "$(grep -c '^{' "$T/json.err")" = "$(jq '.findings | length' "$T/json.json")" ] && ok "--stream jsonl: one line per finding" || bad "stream lines differ from findings"

# --- a reader that goes away: `live-check | head -1` must stop writing, never die (SIGILL 132 on EPIPE) ------------
( "$BIN" live-check --otlp-http 127.0.0.1:0 --otlp-grpc off --stream text --duration 4s --fail-on never 2>&1
  echo "$?" >"$T/pipe.rc" ) | tee "$T/pipe.log" | head -1 >/dev/null &
for _ in $(seq 1 100); do grep -q '^listening otlp-http' "$T/pipe.log" 2>/dev/null && break; sleep 0.1; done
P=$(grep -oE '^listening otlp-http [^ ]+' "$T/pipe.log" | awk '{print $3}')
for _ in 1 2 3; do
  while IFS= read -r line; do post -H 'Content-Type: application/json' --data-binary "$line" "http://$P/v1/logs" >/dev/null; done <"$FIX/otlp-logs.ndjson"
  sleep 0.3
done
for _ in $(seq 1 100); do [ -s "$T/pipe.rc" ] && break; sleep 0.1; done
rc=$(cat "$T/pipe.rc" 2>/dev/null)
[ "$rc" = 0 ] && ok "--stream text into a reader that exits: stops writing, exit 0" || bad "closed pipe: exit ${rc:-none} (132: crashed on EPIPE)"

# --- --output is checked before listening ------------------------------------------------------------------------
"$BIN" live-check --otlp-http 127.0.0.1:0 --otlp-grpc off --duration 3s --output "$T/missing/report.json" >"$T/o.out" 2>"$T/o.err"; rc=$?
[ "$rc" = 2 ] && grep -qF -- "--output '$T/missing/report.json'" "$T/o.err" && ! grep -q '^listening' "$T/o.err" \
  && ok "unwritable --output: exit 2 before listening" || { bad "unwritable --output: exit $rc"; cat "$T/o.err"; }

# --- curl, Faro: 202, CORS preflight, API key -----------------------------------------------------------------
start faro --faro 127.0.0.1:0 --otlp-http off --otlp-grpc off --faro-allow-origin http://localhost:3000 \
  --faro-api-key k3y --reporter json --output "$T/faro.json" --stream none || exit 1
F=$(addr faro faro)
codes=""
while IFS= read -r line; do
  codes+="$(post -H 'Content-Type: application/json' -H 'x-api-key: k3y' --data-binary "$line" "http://$F/collect") "
done <"$FIX/faro.ndjson"
[ "$(echo $codes | tr ' ' '\n' | sort -u)" = 202 ] && ok "curl Faro: every payload 202" || bad "curl Faro: $codes"
[ "$(post --data-binary '{}' "http://$F/collect")" = 401 ] && ok "Faro without API key: 401" || bad "Faro without API key"
pre=$(curl -s -m 10 -o /dev/null -D - -X OPTIONS -H 'Origin: http://localhost:3000' -H 'Access-Control-Request-Method: POST' \
  -H 'Access-Control-Request-Headers: content-type' "http://$F/collect")
echo "$pre" | grep -qi '^access-control-allow-origin: http://localhost:3000' && ok "Faro CORS preflight" || bad "Faro CORS preflight: $pre"
stop faro TERM; rc=$RC
[ "$rc" -le 1 ] && jq -e '.summary.inputs.faro == 7' "$T/faro.json" >/dev/null && ok "Faro report on SIGTERM" || bad "Faro report: exit $rc"

# --- two shards by device.id, merged, against one instance -------------------------------------------------------
# Only requests whose records carry device.id: the loadbalancing exporter sends records without it to one backend,
# so a session whose records lack it on some requests can be split (see README, "Behind the OpenTelemetry Collector").
start one --otlp-http 127.0.0.1:0 --otlp-grpc off --reporter json --output "$T/one.json" --stream none || exit 1
start s0 --otlp-http 127.0.0.1:0 --otlp-grpc off --reporter json --output "$T/s0.json" --stream none || exit 1
start s1 --otlp-http 127.0.0.1:0 --otlp-grpc off --reporter json --output "$T/s1.json" --stream none || exit 1
cat "$FIX/otlp-logs.ndjson" "$FIX/mixed-logs-traces.ndjson" | while IFS= read -r line; do
  dev=$(echo "$line" | jq -r '[(.resourceLogs // .resourceSpans // [])[] | .resource.attributes[]? | select(.key=="device.id") | .value.stringValue][0] // ""' 2>/dev/null)
  [ -n "$dev" ] || continue
  path=/v1/logs; echo "$line" | grep -q resourceSpans && path=/v1/traces
  shard=$(( $(printf '%s' "$dev" | cksum | cut -d' ' -f1) % 2 ))
  post -H 'Content-Type: application/json' --data-binary "$line" "http://$(addr one otlp-http)$path" >/dev/null
  post -H 'Content-Type: application/json' --data-binary "$line" "http://$(addr s$shard otlp-http)$path" >/dev/null
done
stop one; stop s0; stop s1
"$BIN" report merge "$T/s0.json" "$T/s1.json" --output "$T/merged.json"; rc=$?
if [ "$rc" = 1 ] && diff <(jq -S .summary "$T/merged.json") <(jq -S .summary "$T/one.json") >"$T/diff" \
   && [ "$(jq '.findings|length' "$T/merged.json")" = "$(jq '.findings|length' "$T/one.json")" ]; then
  ok "report merge of two device.id shards: the single instance's summary and finding count"
else bad "merged shards differ (exit $rc):"; head -20 "$T/diff"; fi

# --- the OpenTelemetry Python SDK (OTLP/HTTP protobuf + OTLP/gRPC, gzip) ------------------------------------------
PY="$ROOT/.build-python"
if [ ! -x "$PY/bin/python" ] || ! "$PY/bin/python" -c 'import opentelemetry.exporter.otlp.proto.grpc, opentelemetry.exporter.otlp.proto.http' 2>/dev/null; then
  python3 -m venv "$PY" >/dev/null 2>&1 && "$PY/bin/pip" install -q --disable-pip-version-check \
    opentelemetry-sdk opentelemetry-exporter-otlp-proto-http opentelemetry-exporter-otlp-proto-grpc >"$T/pip.log" 2>&1 \
    || { tail -3 "$T/pip.log"; rm -rf "$PY"; }
fi
if [ -x "$PY/bin/python" ]; then
  echo "python client: $("$PY/bin/pip" list 2>/dev/null | grep -E '^opentelemetry-(sdk|exporter-otlp-proto-(http|grpc)) ' | tr -s ' ' | tr '\n' ';')"
  for mode in clean inject; do
    start py --otlp-http 127.0.0.1:0 --otlp-grpc 127.0.0.1:0 --reporter json --output "$T/py-$mode.json" --stream text || exit 1
    flag=""; [ "$mode" = inject ] && flag=--inject-violations
    timeout 120 "$PY/bin/python" Tests/live/otel_python_client.py --http "http://$(addr py otlp-http)" --grpc "$(addr py otlp-grpc)" $flag \
      >"$T/py.log" 2>&1 || { bad "python client ($mode) failed"; tail -5 "$T/py.log"; }
    stop py; rc=$RC
    if [ "$mode" = clean ]; then
      [ "$rc" = 0 ] && jq -e '.findings == [] and .summary.records == 8 and .summary.sessions.count == 2' "$T/py-clean.json" >/dev/null \
        && ok "Python SDK over OTLP/HTTP + OTLP/gRPC (gzip): 8 records, 2 sessions, clean report" \
        || { bad "Python SDK clean run: exit $rc"; jq -c '.summary.records, [.findings[].rule]' "$T/py-clean.json"; tail -5 "$T/py.log"; }
    else
      [ "$rc" = 1 ] && jq -e '[.findings[] | select(.file == "otlp-grpc") | .rule] | index("forbidden-attribute") and index("required-attribute-missing")' "$T/py-inject.json" >/dev/null \
        && ! grep -q 'jane.doe@example.com' "$T/py-inject.json" "$T/py.err" \
        && ok "Python SDK with injected violations: reported at otlp-grpc, e-mail masked" || bad "Python SDK injected run: exit $rc"
    fi
  done
else
  skip "Python SDK clients: could not install opentelemetry-sdk and the OTLP exporters from PyPI (see above)"
fi

# --- Examples/SessionDemo through swift-otel over OTLP/HTTP -------------------------------------------------------
EX=Examples/SessionDemo
if swift build --package-path "$EX" --traits OTLP >"$T/demo-build.log" 2>&1; then
  DEMO=$(swift build --package-path "$EX" --traits OTLP --show-bin-path)/SessionDemo
  for mode in clean inject; do
    start demo --otlp-http 127.0.0.1:0 --otlp-grpc off --registry "$EX/registry" --reporter json --output "$T/demo-$mode.json" --stream none || exit 1
    flag=""; [ "$mode" = inject ] && flag=--inject-violations
    timeout 120 "$DEMO" --otlp-endpoint "http://$(addr demo otlp-http)" $flag >"$T/demo.log" 2>&1 || { bad "SessionDemo ($mode) failed"; tail -5 "$T/demo.log"; }
    stop demo; rc=$RC
    if [ "$mode" = clean ]; then
      [ "$rc" = 0 ] && jq -e '.findings == [] and .summary.records > 0 and .summary.sessions.count == 2' "$T/demo-clean.json" >/dev/null \
        && ok "SessionDemo via swift-otel: $(jq .summary.records "$T/demo-clean.json") records, clean report" \
        || { bad "SessionDemo via swift-otel: exit $rc"; jq -c '[.findings[] | .rule + " " + .message]' "$T/demo-clean.json"; }
    else
      missing=""
      for rule in forbidden-attribute session-previous-id-equals-id required-attribute-missing session-telemetry-after-end; do
        jq -e --arg r "$rule" '[.findings[] | select(.rule == $r)] | length > 0' "$T/demo-inject.json" >/dev/null || missing+=" $rule"
      done
      [ "$rc" = 1 ] && [ -z "$missing" ] && ok "SessionDemo --inject-violations via swift-otel: reported" \
        || bad "SessionDemo injected: exit $rc, missing$missing"
    fi
  done
else
  bad "Examples/SessionDemo does not build with the OTLP trait"; tail -20 "$T/demo-build.log"
fi

echo "live-check: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
