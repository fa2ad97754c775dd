import SemConvModel

/// The previous-id attribute of the session policy (`session.previous_id`): `session-previous-id-equals-id`
/// (per record), `session-previous-unknown` and `conditionally-required-missing` (its condition, "a previous
/// session existed on the same device", judged in event time by the session lifecycle).
enum SessionPreviousIDRules {
    static let equalsID = RuleDescription(
        id: TelemetryRuleID.sessionPreviousIDEqualsID.id, category: .telemetry, defaultSeverity: .error,
        summary: "A session names itself as its previous session.",
        rationale: "The previous id must differ from the session id; a session cannot continue itself.",
        fix: "Point the previous id at the session this one continues, or leave it out.",
        triggering: [
            RuleExample(.ndjson, #"↓{"event":"session_start","session_id":"s1","previous_session_id":"s1"}"#),
        ],
        nonTriggering: [
            RuleExample(.ndjson, #"{"event":"session_start","session_id":"s2","previous_session_id":"s1"}"#),
        ])

    static let previousUnknown = RuleDescription(
        id: TelemetryRuleID.sessionPreviousUnknown.id, category: .telemetry, defaultSeverity: .info,
        summary: "The previous id names a session never seen in the stream.",
        rationale: "A continuation chain with a missing link cannot be followed (the stream may be partial).",
        fix: "Check that the previous id is the id of the session this one continues.",
        triggering: [
            RuleExample(.ndjson, #"↓{"event":"session_start","session_id":"s2","previous_session_id":"nope","timestamp":"2026-03-01T10:00:00Z"}"#),
        ],
        nonTriggering: [
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s2","previous_session_id":"s1","timestamp":"2026-03-01T11:00:00Z"}
                {"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}
                """, note: "the previous session may be written later"),
        ])

    static let conditionalMissing = RuleDescription(
        id: TelemetryRuleID.conditionallyRequiredMissing.id, category: .telemetry, defaultSeverity: .warning,
        summary: "A conditionally required attribute is missing and its condition holds.",
        rationale: "`session.previous_id` is required when the device had an earlier session; the lifecycle knows the device's sessions by their timestamps.",
        fix: "Set the previous id to the id of the session this one continues.",
        triggering: [
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s1","device_id":"d1","timestamp":"2026-03-01T10:00:00Z"}
                {"event":"session_end","session_id":"s1","device_id":"d1","timestamp":"2026-03-01T10:20:00Z"}
                ↓{"event":"session_start","session_id":"s2","device_id":"d1","previous_session_id":null,"timestamp":"2026-03-01T11:00:00Z"}
                """, note: "null is absent"),
            RuleExample(.ndjson, #"{"meta":{"session":{"id":"B2","attributes":{}}},"events":[↓{"name":"session_extend","timestamp":"2026-03-01T10:40:00Z"}]}"#,
                        note: "Faro's session_extend continues an earlier session by definition"),
        ],
        nonTriggering: [
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s2","device_id":"d1","timestamp":"2026-03-01T11:00:00Z","previous_session_id":"s1"}
                {"event":"session_start","session_id":"s1","device_id":"d1","timestamp":"2026-03-01T10:00:00Z"}
                {"event":"session_end","session_id":"s1","device_id":"d1","timestamp":"2026-03-01T10:20:00Z"}
                """, note: "the device's first session needs no previous id, wherever it is written"),
        ])

    /// Per record: the previous id equals the session id.
    static func checkEqualsID(_ ctx: UnitRuleContext, _ record: TelemetryRecord, event: () -> String?, session: Int32,
                              previous: Int32) {
        let batch = ctx.batch
        let same = batch.withText(ofSlot: session) { s in batch.withText(ofSlot: previous) { p in bytesEqual(s, p) } }
        guard same, let policy = ctx.index.registry.policy.session,
              let severity = ctx.sink.admit(.sessionPreviousIDEqualsID) else { return }
        let id = batch.string(ofSlot: session)
        ctx.report(.sessionPreviousIDEqualsID, severity,
                   "'\(policy.previousIdAttribute)' equals '\(policy.idAttribute)' (\(short(id)))", offset: record.offset,
                   attribute: policy.previousIdAttribute, event: event(), session: id,
                   path: record.path.text,
                   fix: "set '\(policy.previousIdAttribute)' to the id of the session this one continues, or leave it out")
    }

    /// A start that continues an earlier session by definition (Faro's `session_extend`) without the previous id:
    /// the condition holds whatever is known of the device.
    static func reportContinuingStart(_ ctx: UnitRuleContext, _ record: TelemetryRecord, event: () -> String?,
                                      session: () -> String?) {
        guard let policy = ctx.index.registry.policy.session,
              let severity = ctx.sink.admit(.conditionallyRequiredMissing) else { return }
        let name = event() ?? policy.startEvent
        let attribute = policy.previousIdAttribute
        ctx.report(.conditionallyRequiredMissing, severity,
                   "'\(name)' continues an earlier session, but lacks '\(attribute)'", offset: record.offset,
                   attribute: attribute, event: name, session: session(), path: record.path.text,
                   fix: "set '\(attribute)' (or its alias) to the id of the session it continues")
    }

    private static func short(_ id: String) -> String { id.count > 40 ? "'" + id.prefix(37) + "...'" : "'\(id)'" }

    /// At judgment: the start's previous session must be known; a start without one must be the device's first.
    static func judge(_ l: SessionLifecycle, _ f: SessionFacts) {
        guard let p = f.primaryStart else { return }
        let start = f.records[p]
        if start.previous >= 0 { unknown(l, start, session: f.id) }
        guard start.previousConditional, start.previous < 0, f.device >= 0 else { return }
        let attribute = l.policy.previousIdAttribute
        // The device's sessions are ordered by their first timed record (the start's time, else the session's
        // first); a session with none is neither earlier nor later than another, so the condition is unknown.
        let t = start.isTimed ? start.time : f.first
        guard t != .max else {
            guard let other = l.latestSession(of: f.device, before: .max, except: f.id) else { return }
            l.report(.conditionallyRequiredUnknown, on: start, session: f.id, attribute: attribute) {
                "session \(l.quoted(f.id)) lacks '\(attribute)' and has no timestamp: whether the same device's session \(l.quoted(other.id)) was earlier is unknown"
            } fix: {
                "record the time of the start, and set '\(attribute)' when this session continues another"
            }
            return
        }
        guard let earlier = l.latestSession(of: f.device, before: t, except: f.id) else { return }
        l.report(.conditionallyRequiredMissing, on: start, session: f.id, attribute: attribute) {
            "session \(l.quoted(f.id)) lacks '\(attribute)', but the same device had an earlier session (\(l.quoted(earlier.id)))"
        } fix: {
            "set '\(attribute)' to the id of the session this one continues"
        }
    }

    /// A late start naming a previous session.
    static func late(_ l: SessionLifecycle, _ r: BufferedRecord, _ j: JudgedSession) {
        unknown(l, r, session: j.id)
    }

    private static func unknown(_ l: SessionLifecycle, _ start: BufferedRecord, session: Int32) {
        guard !l.isKnownSession(start.previous) else { return }
        let attribute = l.policy.previousIdAttribute
        l.report(.sessionPreviousUnknown, on: start, session: session, attribute: attribute) {
            "'\(attribute)' names session \(l.quoted(start.previous)), which is not in the stream"
        } fix: {
            "check that '\(attribute)' is the id of the session this one continues (the stream may be partial)"
        }
    }
}
