import SemConvModel

/// How long a session lasts and how long it stays quiet, in event time: `session-too-long`,
/// `session-inactivity-gap`. Only activity counts: records inside the session (not before its start or after its
/// end) other than its end event. An end event marks when the producer noticed the end, which may be long after the
/// last activity (an SDK that checks for expiry at its next lookup, like opentelemetry-android's `SessionManager`,
/// emits `session.end` for a session that expired hours ago, or one lookup after its maximum lifetime): the quiet
/// time before it is neither a gap nor part of the session's length.
enum SessionDurationRules {
    static let tooLong = RuleDescription(
        id: TelemetryRuleID.sessionTooLong.id, category: .telemetry, defaultSeverity: .warning,
        summary: "A session lasted longer than the policy's maximum.",
        rationale: "Sessions must end after the policy's `max_duration` (4h in the bundled model) and start anew.",
        fix: "End long sessions and start new ones.",
        triggering: [
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}
                {"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T10:25:00Z"}
                {"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T10:50:00Z"}
                {"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T11:15:00Z"}
                {"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T11:40:00Z"}
                {"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T12:05:00Z"}
                {"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T12:30:00Z"}
                {"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T12:55:00Z"}
                {"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T13:20:00Z"}
                {"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T13:45:00Z"}
                ↓{"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T14:10:00Z"}
                """),
        ],
        nonTriggering: [
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}
                {"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T10:25:00Z"}
                """),
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}
                {"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T10:10:00Z"}
                {"event":"session_end","session_id":"s1","timestamp":"2026-03-01T16:00:00Z"}
                """, note: "a lazy end: the SDK noticed at 16:00 that the session expired after 10:10"),
        ])

    static let inactivityGap = RuleDescription(
        id: TelemetryRuleID.sessionInactivityGap.id, category: .telemetry, defaultSeverity: .warning,
        summary: "A gap inside a session exceeds the inactivity timeout.",
        rationale: "A session must end after `inactivity_timeout` (30m in the bundled model) without records.",
        fix: "End the session after the timeout and start a new one.",
        triggering: [
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}
                ↓{"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T10:45:00Z"}
                {"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T10:10:00Z"}
                """, note: "the gap is between 10:10 and 10:45, whatever the order in the file"),
        ],
        nonTriggering: [
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}
                {"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T10:45:00Z"}
                {"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T10:20:00Z"}
                """),
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}
                {"event":"session_end","session_id":"s1","timestamp":"2026-03-01T10:45:00Z"}
                """, note: "an end after a quiet spell is how sessions time out"),
        ])

    static func judge(_ l: SessionLifecycle, _ f: inout SessionFacts) {
        var previous: Int64?
        var first: Int64?
        for r in f.records where r.isTimed && r.kind != .end && f.isInside(r, tolerance: l.tolerance) {
            if let p = previous, r.time.subtractingSaturated(p) > l.timeout {
                gap(l, r, session: f.id, gap: r.time.subtractingSaturated(p))
            }
            if let start = first {
                if !f.tooLongReported, r.time.subtractingSaturated(start) > l.maxDuration {
                    f.tooLongReported = true
                    tooLong(l, r, session: f.id, lasted: r.time.subtractingSaturated(start))
                }
            } else {
                first = r.time
            }
            previous = r.time
        }
    }

    /// A record of a session judged already: compared with what is remembered of it.
    static func late(_ l: SessionLifecycle, _ r: BufferedRecord, _ j: inout JudgedSession) {
        guard r.isTimed, r.kind != .end else { return }
        if j.ended, j.endTime != 0, r.kind == .other, r.time > j.endTime.addingSaturated(l.tolerance) { return }
        if j.started, j.startTime != 0, r.time < j.startTime.subtractingSaturated(l.tolerance) { return }
        if j.lastActivity != 0, r.time.subtractingSaturated(j.lastActivity) > l.timeout {
            gap(l, r, session: j.id, gap: r.time.subtractingSaturated(j.lastActivity))
        }
        if !j.tooLongReported, j.first != 0, r.time.subtractingSaturated(j.first) > l.maxDuration {
            j.tooLongReported = true
            tooLong(l, r, session: j.id, lasted: r.time.subtractingSaturated(j.first))
        }
    }

    private static func gap(_ l: SessionLifecycle, _ r: BufferedRecord, session: Int32, gap: Int64) {
        l.report(.sessionInactivityGap, on: r, session: session) {
            "\(seconds(Double(gap) / 1e9)) without telemetry inside session \(l.quoted(session)) (inactivity timeout \(seconds(l.policy.inactivityTimeout)))"
        } fix: {
            "end the session after \(seconds(l.policy.inactivityTimeout)) of inactivity and start a new one"
        }
    }

    private static func tooLong(_ l: SessionLifecycle, _ r: BufferedRecord, session: Int32, lasted: Int64) {
        l.report(.sessionTooLong, on: r, session: session) {
            "session \(l.quoted(session)) has lasted \(seconds(Double(lasted) / 1e9)) (maximum \(seconds(l.policy.maxDuration)))"
        } fix: {
            "end sessions after \(seconds(l.policy.maxDuration)) and start a new one"
        }
    }
}
