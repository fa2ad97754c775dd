import SemConvModel

/// `attribute-alias`: OTLP telemetry names an attribute by one of its registry aliases.
enum AttributeAliasRule {
    static let description = RuleDescription(
        id: TelemetryRuleID.attributeAlias.id, category: .telemetry, defaultSeverity: .warning,
        summary: "OTLP telemetry uses an alias instead of the registry key.",
        rationale: "Aliases exist for producers with their own naming (flat events, Faro); OTLP carries registry keys, and queries on `session.id` miss records that say `session_id`.",
        fix: "Rename the attribute to its registry key.",
        triggering: [
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[↓{"key":"session_id","value":{"stringValue":"s1"}}]}]}]}]}"#),
        ],
        nonTriggering: [
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[{"key":"session.id","value":{"stringValue":"s1"}}]}]}]}]}"#),
            RuleExample(.ndjson, #"{"event":"screen_view","session_id":"s1"}"#, note: "aliases are the expected spelling in flat events"),
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[{"key":"session_id","value":{}}]}]}]}]}"#,
                        note: "an AnyValue with no value is absent"),
        ])

    static func check(_ ctx: UnitRuleContext, _ occurrence: AttributeOccurrence, id: Int, key: UnsafeRawBufferPointer) {
        guard let severity = ctx.sink.admit(.attributeAlias) else { return }
        let written = String(decoding: key, as: UTF8.self)
        let registryKey = ctx.index.attributes[id].key
        ctx.report(.attributeAlias, severity, "'\(written)' is an alias; the registry key is '\(registryKey)'",
                   offset: occurrence.offset, attribute: registryKey, event: ctx.eventName(ofRecord: occurrence.owner),
                   path: ctx.batch.path(occurrence.pathAnchor), fix: "rename '\(written)' to '\(registryKey)'")
    }
}
