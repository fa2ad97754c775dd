import SemConvModel

/// `unknown-event`: an event name inside a namespace the registry owns that the registry does not define.
enum UnknownEventRule {
    static let description = RuleDescription(
        id: TelemetryRuleID.unknownEvent.id, category: .telemetry, defaultSeverity: .warning,
        summary: "An event name inside an owned namespace is not defined.",
        rationale: "A misspelt event name escapes every rule and dashboard built on the registry's events.",
        fix: "Use a defined event name, or define the event in the registry.",
        triggering: [
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[↓{"eventName":"session.restart","attributes":[{"key":"session.id","value":{"stringValue":"s1"}}]}]}]}]}"#),
            RuleExample(.ndjson, #"↓{"event":"session.begin","session_id":"s1"}"#),
        ],
        nonTriggering: [
            RuleExample(.ndjson, #"{"event":"shop.checkout","session_id":"s1"}"#, note: "the app's own namespace"),
            RuleExample(.ndjson, #"{"event":"session_start","session_id":"s1"}"#, note: "an alias of session.start"),
        ])

    /// The registry event id of a record's event name (counted in the summary), reporting names in owned
    /// namespaces that are not defined; -1 for no or unknown events.
    static func resolve(_ ctx: UnitRuleContext, _ record: TelemetryRecord) -> Int {
        guard record.eventName >= 0 else { return -1 }
        if record.flags.contains(.continuingStart), let start = ctx.index.startEvent {
            // A start in the producer's own words (Faro's `session_extend`): the policy's start event.
            ctx.stats.seenEvents[start] = true
            ctx.stats.eventCounts[start] += 1
            return start
        }
        let batch = ctx.batch
        return batch.withText(ofSlot: record.eventName) { name -> Int in
            if let e = ctx.index.eventTable.lookup(name) {
                ctx.stats.seenEvents[e] = true
                ctx.stats.eventCounts[e] += 1
                return e
            }
            let owned = ctx.unknownEvents.count(name) { ctx.index.isOwned($0) }
            if owned, let severity = ctx.sink.admit(.unknownEvent) {
                let text = String(decoding: name, as: UTF8.self)
                let events = ctx.index.events
                let hint = ctx.suggestions.answer("event\u{0}" + text) { Suggestions.didYouMean(text, in: events.map(\.name)) }
                ctx.report(.unknownEvent, severity,
                           "event '\(text)' is not defined, but its namespace belongs to the registry" + hint,
                           offset: record.offset, event: text, path: record.path.text,
                           fix: "use a defined event name or define '\(text)' in the registry")
            }
            return -1
        }
    }
}
