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
    static func check(_ ctx: UnitRuleContext, _ occurrence: AttributeOccurrence, key: UnsafeRawBufferPointer) {
        guard ctx.sink.settings.isOn(.unknownAttribute) else { return }
        let owned = ctx.index.isOwned(key)
        if !owned, !ctx.nearMisses.isNearMiss(key) { return }
        guard let severity = ctx.sink.admit(.unknownAttribute) else { return }
        let name = String(decoding: key, as: UTF8.self)
        let index = ctx.index
        let nearest = ctx.suggestions.answer(name) {
            index.nearMiss(name) ?? Suggestions.nearest(to: name, in: index.allKeys, limit: 1).first ?? ""
        }
        let message = owned
            ? "'\(name)' is not defined, but its namespace belongs to the registry"
            : "'\(name)' is not defined"
        ctx.report(.unknownAttribute, severity, message + (nearest.isEmpty ? "" : " (did you mean '\(nearest)'?)"),
                   offset: occurrence.offset, attribute: name, event: ctx.eventName(ofRecord: occurrence.owner),
                   path: ctx.batch.path(occurrence.pathAnchor),
                   fix: nearest.isEmpty ? "define it in the registry or move it out of the owned namespace"
                       : "rename it to '\(nearest)'")
    }
}

/// Whether unknown keys nearly match a registry key or alias, remembered per distinct key (looked up from the
/// key's bytes, no `String` per occurrence). Bounded: forgets everything when full (answers never depend on it).
final class NearMissMemo {
    @exclusivity(unchecked) private var table = ByteTable(capacity: 4096)
    @exclusivity(unchecked) private var answers: [Bool] = []
    private let index: RegistryIndex
    static let limit = 4096

    init(index: RegistryIndex) { self.index = index }

    func isNearMiss(_ key: UnsafeRawBufferPointer) -> Bool {
        if let known = table.lookup(key) { return answers[known] }
        let answer = index.nearMiss(String(decoding: key, as: UTF8.self)) != nil
        if answers.count >= Self.limit {
            table = ByteTable(capacity: 4096)
            answers.removeAll(keepingCapacity: true)
        }
        table.insert(key, answers.count)
        answers.append(answer)
        return answer
    }
}
