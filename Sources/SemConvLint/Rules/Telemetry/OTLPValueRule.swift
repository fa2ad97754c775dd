import SemConvModel

/// `otlp-value-invalid`: an OTLP/JSON field holds a value its protobuf type does not allow, so an OTLP receiver
/// rejects the whole request (the Collector's OTLP/JSON reader, `pdata/internal/json`, answers 400): an `intValue`
/// that is no 64-bit integer, a `doubleValue` that is no number, a time field (`timeUnixNano`, ...) that is no
/// unsigned 64-bit integer. Any attribute, nested value or body, whether or not the registry defines it.
/// Source: protobuf's JSON mapping (https://protobuf.dev/programming-guides/json/), int64/uint64/double rows.
enum OTLPValueRule {
    static let description = RuleDescription(
        id: TelemetryRuleID.otlpValueInvalid.id, category: .telemetry, defaultSeverity: .error,
        summary: "An OTLP/JSON value is not of its field's type: an `intValue` or a time that is no integer, a `doubleValue` that is no number.",
        rationale: "An OTLP receiver rejects the whole request (HTTP 400): every record in it is lost, not only this value.",
        fix: "Write int64 and uint64 fields as decimal integers (a string or a JSON number), doubles as numbers.",
        triggering: [
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[{"key":"app.retry_count","value":{"intValue":↓"12a"}},{"key":"app.ratio","value":{"doubleValue":↓"abc"}}]}]}]}]}"#,
                        note: "attributes the registry does not define are values of the request all the same"),
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":↓"12a","observedTimeUnixNano":"1772363200000000000","body":{"kvlistValue":{"values":[{"key":"n","value":{"intValue":↓"1e3"}}]}}}]}]}]}"#,
                        note: "a bad time beside a good observed time; a nested value"),
            RuleExample(.ndjson, #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"GET","startTimeUnixNano":↓"-5","endTimeUnixNano":↓1.7723592e18}]}]}]}"#,
                        note: "times are unsigned integers: no sign, no fraction, no exponent"),
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"kvlistValue":{"values":[{"key":"n","value":{"intValue":↓1.0}},{"key":"r","value":{"doubleValue":↓"1e400"}},{"key":"t","value":{"intValue":↓true}}]}}}]}]}]}"#,
                        note: "an intValue JSON number with a fraction; a double beyond range (ParseFloat's range error); a bool"),
        ],
        nonTriggering: [
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":1772363200000000000,"observedTimeUnixNano":null,"attributes":[{"key":"app.retry_count","value":{"intValue":"+007"}},{"key":"app.total","value":{"intValue":-3}},{"key":"app.ratio","value":{"doubleValue":"NaN"}}]}]}]}]}"#,
                        note: "what the Collector's reader accepts: integers as strings or numbers (a sign and leading zeros in int64), NaN and Infinity as strings, null"),
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"18446744073709551615","attributes":[{"key":"a","value":{"doubleValue":"nan"}},{"key":"b","value":{"doubleValue":"0x1p3"}},{"key":"c","value":{"doubleValue":"-Inf"}},{"key":"d","value":{"doubleValue":"1e-400"}}]}]}]}]}"#,
                        note: "the largest uint64 time; what Go's ParseFloat reads: nan and inf in any case, hexadecimal floats, underflow to 0"),
            RuleExample(.ndjson, #"{"event":"app_crash","session_id":"s1","crash_count":"12a","timestamp":"soon"}"#,
                        note: "flat events are not OTLP (timestamp-missing judges their time)"),
        ])

    static func check(_ ctx: UnitRuleContext) {
        let batch = ctx.batch
        guard batch.unparsedSlots > 0, batch.inputKind == .otlp, ctx.sink.settings.isOn(.otlpValueInvalid) else { return }
        for i in 0..<batch.slots.count {
            let s = Int32(i)
            let slot = batch.slots[s]
            guard slot.flags.contains(.unparsed), let severity = ctx.sink.admit(.otlpValueInvalid) else { continue }
            let shown = ctx.shown(batch.string(ofSlot: s))
            let name = batch.name(ofSlot: s).map { "'\($0)'" }
            let message: String, fix: String
            if slot.flags.contains(.timeField) {
                message = "\(name ?? "a time field") holds \(shown), which is no time: OTLP wants an unsigned 64-bit integer of nanoseconds since the epoch; a receiver rejects the whole request"
                fix = "write the time as a decimal count of nanoseconds since the epoch (a string or a JSON number; 0 or absent when unknown)"
            } else if slot.kind == .int {
                message = "\(name ?? "a value") holds an intValue that is no 64-bit integer: \(shown); a receiver rejects the whole request"
                fix = "send a decimal integer between -2^63 and 2^63-1 (a string or a JSON number)"
            } else {
                message = "\(name ?? "a value") holds a doubleValue that is no number: \(shown); a receiver rejects the whole request"
                fix = "send a number (a JSON number, or \"NaN\", \"Infinity\", \"-Infinity\")"
            }
            ctx.report(.otlpValueInvalid, severity, message, offset: slot.offset,
                       path: batch.path(slot.pathAnchor), fix: fix)
        }
    }
}
