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
    /// Whether to report, and the finding's texts, are worked out once per distinct key (`UnknownKeyMemo`); a
    /// finding beyond the listing cap is only counted.
    static func check(_ ctx: UnitRuleContext, _ occurrence: AttributeOccurrence, key: UnsafeRawBufferPointer) {
        guard ctx.sink.settings.isOn(.unknownAttribute) else { return }
        let entry = ctx.unknownKeys.entry(key)
        guard entry.reported, let severity = ctx.sink.admit(.unknownAttribute) else { return }
        let texts = ctx.unknownKeys.texts(entry.index) { makeTexts(for: key, ctx.index) }
        ctx.report(.unknownAttribute, severity, texts.message,
                   offset: occurrence.offset, attribute: texts.name, event: ctx.eventName(ofRecord: occurrence.owner),
                   path: ctx.batch.path(occurrence.pathAnchor), fix: texts.fix)
    }

    /// The message and fix of a finding about `key`.
    private static func makeTexts(for key: UnsafeRawBufferPointer, _ index: RegistryIndex) -> UnknownKeyMemo.Texts {
        let name = String(decoding: key, as: UTF8.self)
        let nearest = index.nearMiss(name) ?? Suggestions.nearest(to: name, in: index.allKeys, limit: 1).first ?? ""
        let message = index.isOwned(key)
            ? "'\(name)' is not defined, but its namespace belongs to the registry"
            : "'\(name)' is not defined"
        return UnknownKeyMemo.Texts(
            name: name, message: message + (nearest.isEmpty ? "" : " (did you mean '\(nearest)'?)"),
            fix: nearest.isEmpty ? "define it in the registry or move it out of the owned namespace"
                : "rename it to '\(nearest)'")
    }
}

/// Per distinct unknown key (looked up from the key's bytes, no `String` per occurrence): whether it is reported
/// (inside an owned namespace, or nearly matching a registry key or alias), and the texts of its findings, built on
/// the first listed finding. Bounded: forgets everything when full (answers never depend on it).
final class UnknownKeyMemo {
    struct Texts {
        let name: String, message: String, fix: String
    }

    @exclusivity(unchecked) private var table = ByteTable(capacity: 4096)
    @exclusivity(unchecked) private var reported: [Bool] = []
    @exclusivity(unchecked) private var built: [Texts?] = []
    private let index: RegistryIndex
    static let limit = 4096

    init(index: RegistryIndex) { self.index = index }

    /// Whether `key` is reported, and its memo entry.
    @inline(__always) func entry(_ key: UnsafeRawBufferPointer) -> (reported: Bool, index: Int) {
        if let known = table.lookup(key) { return (reported[known], known) }
        let answer = index.isOwned(key) || index.nearMiss(String(decoding: key, as: UTF8.self)) != nil
        if reported.count >= Self.limit {
            table = ByteTable(capacity: 4096)
            reported.removeAll(keepingCapacity: true)
            built.removeAll(keepingCapacity: true)
        }
        table.insert(key, reported.count)
        reported.append(answer)
        built.append(nil)
        return (answer, reported.count - 1)
    }

    /// The texts of entry `i`, made on first use.
    @inline(__always) func texts(_ i: Int, _ make: () -> Texts) -> Texts {
        if let known = built[i] { return known }
        let made = make()
        built[i] = made
        return made
    }
}
