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
            RuleExample(.ndjson, """
                ↓{"event":"session_start","session_id":"s2","device_id":"d1","timestamp":"2026-03-01T10:00:00Z"}
                {"event":"session_start","session_id":"s1","device_id":"d1","timestamp":"2026-03-01T10:00:00Z"}
                {"event":"session_end","session_id":"s1","device_id":"d1","timestamp":"2026-03-01T10:30:00Z"}
                {"event":"session_end","session_id":"s2","device_id":"d1","timestamp":"2026-03-01T10:30:00Z"}
                """, note: "begun at the same instant: the session whose id sorts later is the one reported"),
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
        // The earliest other session (by first record, then id) active when this one starts, neither this one's
        // previous session nor one continuing it. Of two sessions begun at the same instant, the one whose id sorts
        // first is the one running: exactly one of them is reported, whatever order they are read in.
        let other = l.earliestActiveSession(of: f.device, at: anchor.time) { id, previous, first in
            id != f.id && id != f.previous && previous != f.id && (first < anchor.time || l.ids.sortsBefore(id, f.id))
        }
        guard let other else { return }
        let together = other.first == anchor.time
        l.report(.sessionConcurrent, on: anchor, session: f.id,
                 related: [l.location(other)]) {
            together
                ? "device \(l.quoted(f.device)) begins session \(l.quoted(f.id)) at the same instant as session \(l.quoted(other.id))"
                : "device \(l.quoted(f.device)) runs session \(l.quoted(f.id)) while session \(l.quoted(other.id)) is still active"
        } fix: {
            together
                ? "a device runs one session at a time: end one ('\(l.policy.endEvent)') before the other starts, or make one continue the other (its previous id)"
                : "end the previous session ('\(l.policy.endEvent)') before starting a new one on the same device"
        }
    }

    /// The latest time at which session `other` counts as active: not past its last record plus the inactivity
    /// timeout, and before its end (explicit or by continuation) minus the clock-skew tolerance.
    static func activeUntil(_ other: SessionLifecycle.OtherSession, timeout: Int64, tolerance: Int64) -> Int64 {
        let quiet = other.last.addingSaturated(timeout)
        guard let end = other.end else { return quiet }
        return min(quiet, end.subtractingSaturated(tolerance).subtractingSaturated(1))
    }
}
