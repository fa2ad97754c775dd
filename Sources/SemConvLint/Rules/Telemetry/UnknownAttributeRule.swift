import SemConvModel

/// `unknown-attribute`: a key that is not in the registry but is meant to be: inside a namespace the registry owns
/// (`session.idd`), or one edit or one separator away from a registry key or alias anywhere
/// (`session_previous_id` for `session.previous_id`). Other unknown keys (`shop.cart.size`) are the app's own.
enum UnknownAttributeRule {
    static let description = RuleDescription(
        id: TelemetryRuleID.unknownAttribute.id, category: .telemetry, defaultSeverity: .warning,
        summary: "An attribute is not defined but belongs to an owned namespace or nearly matches a registry key.",
        rationale: "A misspelt key is silently lost to every query and rule that uses the registry's name.",
        fix: "Rename it to the key the message suggests, or define it in the registry.",
        triggering: [
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[↓{"key":"session.idd","value":{"stringValue":"x"}}]}]}]}]}"#,
                        note: "inside the owned `session` namespace (did you mean 'session.id'?)"),
            RuleExample(.ndjson, #"{"event":"session_start","session_id":"s2","session_previous_id":↓"s1"}"#,
                        note: "one separator away from `session.previous_id`"),
            RuleExample(.ndjson, #"{"event":"screen_view","session_id":"s1","devise_id":↓"d1"}"#,
                        note: "one edit away from the alias `device_id`"),
        ],
        nonTriggering: [
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[{"key":"service.instance.id","value":{"stringValue":"x"}},{"key":"shop.cart.size","value":{"intValue":"3"}}]}]}]}]}"#,
                        note: "keys outside owned namespaces are the app's own"),
            RuleExample(.ndjson, #"{"event":"session_start","session_id":"s2","previous_session_id":"s1"}"#),
        ])

    /// Reports `key` (no registry attribute) when it lies in an owned namespace or nearly matches a registry name.
    /// Whether to report, and the finding's texts, are worked out once per distinct key (`entry` of
    /// `AttributeKeyTable`); a finding beyond the listing cap is only counted.
    static func check(_ ctx: UnitRuleContext, _ occurrence: AttributeOccurrence, key: UnsafeRawBufferPointer,
                      entry: Int32) {
        guard ctx.sink.settings.isOn(.unknownAttribute), ctx.keys.reportsUnknown(entry, key),
              let severity = ctx.sink.admit(.unknownAttribute) else { return }
        let texts = ctx.keys.unknownTexts(entry) { makeTexts(for: key, ctx.index) }
        ctx.report(.unknownAttribute, severity, texts.message,
                   offset: occurrence.offset, attribute: texts.name, event: ctx.eventName(ofRecord: occurrence.owner),
                   path: ctx.batch.path(occurrence.pathAnchor), fix: texts.fix)
    }

    /// The message and fix of a finding about `key`.
    private static func makeTexts(for key: UnsafeRawBufferPointer, _ index: RegistryIndex) -> AttributeKeyTable.UnknownTexts {
        let name = String(decoding: key, as: UTF8.self)
        let nearest = index.nearMiss(name) ?? Suggestions.nearest(to: name, in: index.allKeys, limit: 1).first ?? ""
        let message = index.isOwned(key)
            ? "'\(name)' is not defined, but its namespace belongs to the registry"
            : "'\(name)' is not defined"
        return AttributeKeyTable.UnknownTexts(
            name: name, message: message + (nearest.isEmpty ? "" : " (did you mean '\(nearest)'?)"),
            fix: nearest.isEmpty ? "define it in the registry or move it out of the owned namespace"
                : "rename it to '\(nearest)'")
    }
}
