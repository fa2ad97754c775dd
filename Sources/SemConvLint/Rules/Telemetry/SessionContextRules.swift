import SemConvModel

/// What every session record must carry under the registry's session policy: `session-context-missing` (the
/// policy's `context_attributes`) and `timestamp-missing` (`require_timestamp`). A session record is an event, a
/// record carrying the session id, or any record of a client-side producer (flat events, Faro).
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
        ],
        nonTriggering: [
            RuleExample(.ndjson, #"{"event":"screen_view","session_id":"s1","device_id":"d1","app_version":"1.0","platform":"ios"}"#),
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"plain log"}}]}]}]}"#,
                        note: "an OTLP log outside any session"),
        ])

    static let timestampMissing = RuleDescription(
        id: TelemetryRuleID.timestampMissing.id, category: .telemetry, defaultSeverity: .warning,
        summary: "A session record has no timestamp though the policy requires one.",
        rationale: "Session lifecycle rules judge records by their timestamps.",
        fix: "Record the time the event happened.",
        triggering: [
            RuleExample(.ndjson, #"↓{"event":"session_start","session_id":"a"}"#),
            RuleExample(.ndjson, #"↓{"event":"session_start","session_id":"a","timestamp":null}"#),
        ],
        nonTriggering: [
            RuleExample(.ndjson, #"{"event":"session_start","session_id":"a","timestamp":"2026-03-01T10:00:00Z"}"#),
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
            ctx.report(.timestampMissing, severity, "\(event.map { "event '\($0)'" } ?? "record") has no timestamp",
                       offset: record.offset, event: event, session: session(), path: record.path.text,
                       fix: "record the time the event happened")
        }
    }
}
