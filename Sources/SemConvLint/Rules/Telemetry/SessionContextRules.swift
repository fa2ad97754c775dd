import SemConvModel

/// What every session record must carry under the registry's session policy: `session-context-missing` (the
/// policy's `context_attributes`) and `timestamp-missing` (`require_timestamp`). A session record carries the
/// session id (at any level), is the policy's start or end event, comes from a client-side producer (flat events,
/// Faro), or sees one of the policy's `client_attributes` (its resource's `device.id`); a backend service's span
/// events and logs are none of these.
enum SessionContextRules {
    static let contextMissing = RuleDescription(
        id: TelemetryRuleID.sessionContextMissing.id, category: .telemetry, defaultSeverity: .warning,
        summary: "A session record lacks a context attribute of the session policy.",
        rationale: "Records without the session's context (device, app version, OS) cannot be grouped or compared.",
        fix: "Set the attribute on the resource or the record (session policy `context_attributes`).",
        triggering: [
            RuleExample(.ndjson, #"↓{"event":"screen_view","session_id":"s1","device_id":"d1","app_version":"1.0"}"#,
                        note: "no os.name"),
            RuleExample(.ndjson, #"↓{"event":"screen_view","session_id":"s1","device_id":"d1","app_version":"1.0","platform":null}"#,
                        note: "null is absent"),
            RuleExample(.ndjson, #"{"resourceLogs":[{"resource":{"attributes":[{"key":"device.id","value":{"stringValue":"d1"}}]},"scopeLogs":[{"logRecords":[↓↓↓{"eventName":"app.tap"}]}]}]}"#,
                        note: "no session id, but the resource is a client's (device.id): a session record"),
        ],
        nonTriggering: [
            RuleExample(.ndjson, #"{"event":"screen_view","session_id":"s1","device_id":"d1","app_version":"1.0","platform":"ios"}"#),
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"plain log"}}]}]}]}"#,
                        note: "an OTLP log outside any session"),
            RuleExample(.ndjson, #"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout-api"}}]},"scopeSpans":[{"spans":[{"name":"POST /checkout","startTimeUnixNano":"1772359200000000000","events":[{"name":"exception","timeUnixNano":"1772359200000000000"}]}]}]}]}"#,
                        note: "a backend span event: no session id, no client attribute"),
        ])

    static let timestampMissing = RuleDescription(
        id: TelemetryRuleID.timestampMissing.id, category: .telemetry, defaultSeverity: .warning,
        summary: "A session record has no valid timestamp though the policy requires one.",
        rationale: "Session lifecycle rules judge records by their timestamps.",
        fix: "Record the time the event happened.",
        triggering: [
            RuleExample(.ndjson, #"↓{"event":"session_start","session_id":"a"}"#),
            RuleExample(.ndjson, #"↓{"event":"session_start","session_id":"a","timestamp":null}"#),
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[↓{"timeUnixNano":"-5","eventName":"session.start","attributes":[{"key":"session.id","value":{"stringValue":"a"}}]}]}]}]}"#,
                        note: "an invalid time: nanoseconds since the epoch are a positive integer"),
            RuleExample(.ndjson, #"↓{"event":"session_start","session_id":"a","timestamp":"2026-02-30T10:00:00Z"}"#,
                        note: "an invalid time: February has no 30th (nor hour 24, minute 60 or an offset beyond ±23:59)"),
        ],
        nonTriggering: [
            RuleExample(.ndjson, #"{"event":"session_start","session_id":"a","timestamp":"2026-03-01T10:00:00Z"}"#),
            RuleExample(.ndjson, #"{"event":"session_start","session_id":"a","timestamp":"2026-03-01T11:00:00.1234567890123+01:00"}"#,
                        note: "a fraction of any length (digits beyond nanoseconds are dropped)"),
        ])

    static func check(_ ctx: UnitRuleContext, _ record: TelemetryRecord, event eventName: () -> String?,
                      session: () -> String?) {
        let index = ctx.index
        for id in index.contextIDs where !ctx.presence.has(id) {
            guard let severity = ctx.sink.admit(.sessionContextMissing) else { continue }
            let event = eventName()
            let key = index.attributes[id].key
            ctx.report(.sessionContextMissing, severity,
                       "\(event.map { "event '\($0)'" } ?? "record") lacks '\(key)', which every session record carries",
                       offset: record.offset, attribute: key, event: event, session: session(), path: record.path.text,
                       fix: "set '\(key)' on the resource or the record (session policy context_attributes)")
        }
        if index.requireTimestamp, record.time == 0,
           let severity = ctx.sink.admit(.timestampMissing) {
            let event = eventName()
            let invalid = record.flags.contains(.invalidTime), beyond = record.flags.contains(.timeBeyondRange)
            let what = beyond ? "a timestamp after the year 2262 (more than 2^63 - 1 nanoseconds since the epoch)"
                : invalid ? "an invalid timestamp" : "no timestamp"
            ctx.report(.timestampMissing, severity,
                       "\(event.map { "event '\($0)'" } ?? "record") has \(what)",
                       offset: record.offset, event: event, session: session(), path: record.path.text,
                       fix: beyond ? "check the clock or the unit that wrote it: OTLP times are nanoseconds since the epoch (1772359200000000000 is 2026-03-01)"
                           : invalid ? "write the time as a positive integer of nanoseconds since the epoch (OTLP), or RFC 3339 or epoch seconds/milliseconds (flat events, Faro)"
                           : "record the time the event happened")
        }
    }
}
