import SemConvModel

/// `forbidden-attribute`: an attribute the registry forbids (personal data, credentials), wherever it appears: as
/// a resource, scope or record attribute, a Faro meta field, or a key inside a body or nested map.
enum ForbiddenAttributeRule {
    static let description = RuleDescription(
        id: TelemetryRuleID.forbiddenAttribute.id, category: .telemetry, defaultSeverity: .error,
        summary: "An attribute the registry forbids (PII, credentials) is present.",
        rationale: "Telemetry is copied to many systems and kept for months; personal data and credentials must never enter it.",
        fix: "Drop the attribute; record the registry's replacement (e.g. `user.hash`).",
        triggering: [
            RuleExample(.ndjson, #"{"resourceLogs":[{"resource":{"attributes":[↓{"key":"user.email","value":{"stringValue":"a@b.example"}}]}}]}"#),
            RuleExample(.ndjson, #"{"event":"checkout","session_id":"s1","user_email":↓"x"}"#, note: "an alias of user.email"),
            RuleExample(.ndjson, #"{"event":"checkout","session_id":"s1","props":{"cart":{"access_token":↓"abc"}}}"#,
                        note: "nested keys too"),
            RuleExample(.ndjson, #"{"meta":{"session":{"id":"w1"},"user":{"email":↓"x"}},"logs":[{"message":"hi"}]}"#),
        ],
        nonTriggering: [
            RuleExample(.ndjson, #"{"event":"checkout","session_id":"s1","user_hash":"9f2c"}"#),
            RuleExample(.ndjson, #"{"event":"checkout","session_id":"s1","user_email":null}"#, note: "null is absent"),
        ])

    /// Whether registry attribute `id` is forbidden.
    @inline(__always) static func isForbidden(_ ctx: UnitRuleContext, _ id: Int) -> Bool {
        ctx.index.forbidden[id]
    }

    /// Reports a forbidden attribute written as `written` (a key or alias of registry attribute `id`).
    static func report(_ ctx: UnitRuleContext, id: Int, written: UnsafeRawBufferPointer, offset: Int32,
                       pathAnchor: Int32, owner: Int32) {
        guard let p = ctx.index.attributes[id].privacy, let severity = ctx.sink.admit(.forbiddenAttribute) else { return }
        let key = ctx.index.attributes[id].key
        let name = String(decoding: written, as: UTF8.self)
        let shown = name == key ? "'\(key)'" : "'\(name)' ('\(key)')"
        ctx.report(.forbiddenAttribute, severity,
                   "\(shown) is forbidden (\(p.classification)): \(p.reason ?? "the registry forbids it")",
                   offset: offset, attribute: key, event: ctx.eventName(ofRecord: owner),
                   path: ctx.batch.path(pathAnchor),
                   fix: p.replacement.map { $0.contains(" ") ? $0 : "record '\($0)' instead" } ?? "remove the attribute")
    }

    /// Keys of body maps, kvlists and nested objects (slots with `attributeKey`) that name a forbidden attribute.
    static func checkNestedKeys(_ ctx: UnitRuleContext) {
        let batch = ctx.batch
        for i in 0..<batch.slots.count {
            let slot = batch.slots[i]
            guard slot.flags.contains(.attributeKey) else { continue }
            let s = Int32(i)
            batch.withKey(ofSlot: s) { key in
                guard let id = ctx.index.attributeID(key), isForbidden(ctx, id) else { return }
                ctx.markReported(s)
                report(ctx, id: id, written: key, offset: slot.offset, pathAnchor: slot.pathAnchor, owner: -1)
            }
        }
    }
}
