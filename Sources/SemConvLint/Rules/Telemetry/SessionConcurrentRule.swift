import SemConvModel

/// `session-concurrent`: a device starts a session while another of its sessions is still active at that moment
/// (event time), and the new one does not continue it.
enum SessionConcurrentRule {
    static let description = RuleDescription(
        id: TelemetryRuleID.sessionConcurrent.id, category: .telemetry, defaultSeverity: .warning,
        summary: "One device ran two sessions at once.",
        rationale: "A device runs one session at a time; overlapping sessions double-count users and time.",
        fix: "End the previous session first, or continue it via the previous-id attribute.",
        triggering: [
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s1","device_id":"d1","timestamp":"2026-03-01T10:00:00Z"}
                {"event":"screen_view","session_id":"s1","device_id":"d1","timestamp":"2026-03-01T10:05:00Z"}
                ↓{"event":"session_start","session_id":"s2","device_id":"d1","timestamp":"2026-03-01T10:06:00Z"}
                """),
        ],
        nonTriggering: [
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s2","device_id":"d1","previous_session_id":"s1","timestamp":"2026-03-01T11:00:00Z"}
                {"event":"screen_view","session_id":"s2","device_id":"d1","timestamp":"2026-03-01T11:10:00Z"}
                {"event":"session_start","session_id":"s1","device_id":"d1","timestamp":"2026-03-01T10:00:00Z"}
                {"event":"session_end","session_id":"s1","device_id":"d1","timestamp":"2026-03-01T10:20:00Z"}
                """, note: "an earlier session uploaded late"),
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s1","device_id":"d1","timestamp":"2026-03-01T10:00:00Z"}
                {"event":"session_start","session_id":"x1","device_id":"d2","timestamp":"2026-03-01T10:01:00Z"}
                """, note: "another device"),
        ])

    static func judge(_ l: SessionLifecycle, _ f: SessionFacts) {
        guard f.device >= 0 else { return }
        let anchor = f.primaryStart.map { f.records[$0] } ?? f.records.first
        guard let anchor, anchor.isTimed else { return }
        let t = anchor.time
        for other in l.otherSessions(of: f.device, except: f.id).sorted(by: { ($0.first, $0.id) < ($1.first, $1.id) })
        where other.id != f.previous && other.previous != f.id {
            guard other.first < t, t <= other.last.addingSaturated(l.timeout) else { continue }
            if let end = other.end, t >= end.subtractingSaturated(l.tolerance) { continue }
            l.report(.sessionConcurrent, on: anchor, session: f.id,
                     related: [l.location(file: other.file, line: other.line)]) {
                "device runs session \(l.quoted(f.id)) while session \(l.quoted(other.id)) is still active"
            } fix: {
                "end the previous session ('\(l.policy.endEvent)') before starting a new one on the same device"
            }
            return
        }
    }
}
