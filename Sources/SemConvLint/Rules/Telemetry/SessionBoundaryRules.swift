import SemConvModel

/// Where a session starts and ends, in event time: `session-duplicate-start`, `session-end-without-start`,
/// `session-telemetry-after-end`, `session-telemetry-before-start`. Records are compared by their timestamps,
/// wherever they sit in the input; a finding points at the offending record.
enum SessionBoundaryRules {
    static let duplicateStart = RuleDescription(
        id: TelemetryRuleID.sessionDuplicateStart.id, category: .telemetry, defaultSeverity: .warning,
        summary: "A session started twice.",
        rationale: "A second start of one id usually means an id was reused; the finding is on the later-timestamped start.",
        fix: "Emit the start event once per session; a new session needs a new id.",
        triggering: [
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}
                ↓{"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:05:00Z"}
                """),
            RuleExample(.ndjson, """
                ↓{"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:05:00Z"}
                {"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}
                """, note: "the later-timestamped start is the duplicate, wherever it is written"),
        ],
        nonTriggering: [
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}
                {"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T10:05:00Z"}
                """),
        ])

    static let endWithoutStart = RuleDescription(
        id: TelemetryRuleID.sessionEndWithoutStart.id, category: .telemetry, defaultSeverity: .info,
        summary: "A session ended without a start in the stream.",
        rationale: "Without its start a session's duration and predecessor are unknown (the stream may be partial).",
        fix: "Emit the start event when the session begins.",
        triggering: [
            RuleExample(.ndjson, #"↓{"event":"session_end","session_id":"s1","timestamp":"2026-03-01T10:05:00Z"}"#),
        ],
        nonTriggering: [
            RuleExample(.ndjson, """
                {"event":"session_end","session_id":"s1","timestamp":"2026-03-01T10:05:00Z"}
                {"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}
                """, note: "the start may be written after the end"),
        ])

    static let afterEnd = RuleDescription(
        id: TelemetryRuleID.sessionTelemetryAfterEnd.id, category: .telemetry, defaultSeverity: .warning,
        summary: "A record of a session is timestamped after the session ended.",
        rationale: "Nothing should be recorded for a session after its end (or after the start of the session that continues it); compared by timestamps beyond the clock-skew tolerance, not by position in the file.",
        fix: "Start a new session (with the previous-id attribute) before recording more.",
        triggering: [
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}
                ↓{"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T10:10:00Z"}
                {"event":"session_end","session_id":"s1","timestamp":"2026-03-01T10:05:00Z"}
                """, note: "timestamped 5 minutes after the end, though written before it"),
            RuleExample(.ndjson, """
                {"meta":{"session":{"id":"A1"}},"events":[{"name":"session_start","timestamp":"2026-03-01T10:00:00Z"}]}
                {"meta":{"session":{"id":"B2","attributes":{"previousSession":"A1"}}},"events":[{"name":"session_extend","timestamp":"2026-03-01T10:40:00Z"}]}
                {"meta":{"session":{"id":"A1"}},"logs":[↓{"message":"late tab","timestamp":"2026-03-01T10:45:00Z"}]}
                """, note: "Faro's session_extend starts a session continuing A1, which ends A1"),
        ],
        nonTriggering: [
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}
                {"event":"session_end","session_id":"s1","timestamp":"2026-03-01T10:05:00Z"}
                {"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T10:04:00Z"}
                """, note: "written after the end, timestamped before it (a late batch)"),
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}
                {"event":"session_end","session_id":"s1","timestamp":"2026-03-01T10:05:00Z"}
                {"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T10:05:03Z"}
                """, note: "within the clock-skew tolerance (5 s)"),
        ])

    static let beforeStart = RuleDescription(
        id: TelemetryRuleID.sessionTelemetryBeforeStart.id, category: .telemetry, defaultSeverity: .warning,
        summary: "A record of a session is timestamped before the session started.",
        rationale: "A record older than its session's start (beyond the clock-skew tolerance) means a wrong session id or a clock that went backwards.",
        fix: "Use a monotonic clock source, fix the device clock skew, or tag the record with the session it belongs to.",
        triggering: [
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}
                ↓{"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T09:58:00Z"}
                """),
        ],
        nonTriggering: [
            RuleExample(.ndjson, """
                {"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T10:01:00Z"}
                {"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}
                """, note: "written before the start, timestamped after it"),
        ],
        aliases: ["session-timestamp-backwards"])

    /// Duplicate starts, an end without a start, and the earliest record outside [start, end]; decides the
    /// session's start and end for the other rules.
    static func judge(_ l: SessionLifecycle, _ f: inout SessionFacts, successorStart: Int64) {
        let records = f.records
        var firstStart: Int?, firstEnd: Int?
        for (i, r) in records.enumerated() {
            switch r.kind {
            case .start:
                guard let p = firstStart else {
                    firstStart = i
                    continue
                }
                duplicate(l, r, session: f.id, first: records[p].file, line: records[p].line)
            case .end:
                if firstEnd == nil { firstEnd = i }
            case .other:
                break
            }
        }
        f.primaryStart = firstStart
        if let p = firstStart, records[p].isTimed { f.startTime = records[p].time }
        if let e = firstEnd {
            f.ended = true
            let end = records[e]
            f.endTime = end.isTimed ? end.time : (f.last != .min ? f.last : nil)
            if firstStart == nil {
                l.report(.sessionEndWithoutStart, on: end, session: f.id) {
                    "session \(l.quoted(f.id)) ends, but its '\(l.policy.startEvent)' is not in the stream"
                } fix: {
                    "emit '\(l.policy.startEvent)' when the session begins (or ignore: the stream may be partial)"
                }
            }
        } else if successorStart != 0 {
            f.ended = true
            f.endTime = successorStart
        }
        for r in records where r.isTimed {
            if !f.beforeStartReported, r.kind != .start, let s = f.startTime, r.time < s &- l.tolerance {
                f.beforeStartReported = true
                before(l, r, session: f.id, by: s - r.time)
            }
            if !f.afterEndReported, r.kind == .other, let e = f.endTime, r.time > e &+ l.tolerance {
                f.afterEndReported = true
                after(l, r, session: f.id, by: r.time - e)
            }
        }
    }

    /// A record of a session judged already (it arrived later than the lateness bound).
    static func late(_ l: SessionLifecycle, _ r: BufferedRecord, _ j: inout JudgedSession) {
        switch r.kind {
        case .start:
            if j.started {
                duplicate(l, r, session: j.id, first: j.startFile, line: j.startLine)
            } else {
                j.started = true
                j.startTime = r.time
                j.startFile = r.file
                j.startLine = r.line
            }
        case .end:
            if !j.ended {
                j.ended = true
                j.endTime = r.isTimed ? r.time : j.last
            }
            if !j.started {
                l.report(.sessionEndWithoutStart, on: r, session: j.id) {
                    "session \(l.quoted(j.id)) ends, but its '\(l.policy.startEvent)' is not in the stream"
                } fix: {
                    "emit '\(l.policy.startEvent)' when the session begins (or ignore: the stream may be partial)"
                }
            }
        case .other:
            guard r.isTimed else { return }
            if j.ended, j.endTime != 0, r.time > j.endTime &+ l.tolerance, !j.afterEndReported {
                j.afterEndReported = true
                after(l, r, session: j.id, by: r.time - j.endTime)
            } else if j.started, j.startTime != 0, r.time < j.startTime &- l.tolerance, !j.beforeStartReported {
                j.beforeStartReported = true
                before(l, r, session: j.id, by: j.startTime - r.time)
            }
        }
    }

    private static func duplicate(_ l: SessionLifecycle, _ r: BufferedRecord, session: Int32, first file: Int32,
                                  line: Int) {
        let firstAt = l.location(file: file, line: line)
        l.report(.sessionDuplicateStart, on: r, session: session, related: [firstAt]) {
            let place = firstAt.file == l.location(r).file ? "line \(line)" : firstAt.description
            return "session \(l.quoted(session)) started again (first start on \(place))"
        } fix: {
            "emit '\(l.policy.startEvent)' once per session; a new session needs a new '\(l.policy.idAttribute)'"
        }
    }

    private static func after(_ l: SessionLifecycle, _ r: BufferedRecord, session: Int32, by gap: Int64) {
        l.report(.sessionTelemetryAfterEnd, on: r, session: session) {
            "telemetry for session \(l.quoted(session)) timestamped \(seconds(Double(gap) / 1e9)) after it ended"
        } fix: {
            "start a new session (with '\(l.policy.previousIdAttribute)') before recording more"
        }
    }

    private static func before(_ l: SessionLifecycle, _ r: BufferedRecord, session: Int32, by gap: Int64) {
        l.report(.sessionTelemetryBeforeStart, on: r, session: session) {
            "telemetry for session \(l.quoted(session)) timestamped \(seconds(Double(gap) / 1e9)) before it started (tolerance \(seconds(l.policy.clockSkewTolerance)))"
        } fix: {
            "use a monotonic clock source, fix the device clock skew, or tag the record with its own session"
        }
    }
}

/// `95s`, `31m 20s`, `4h 0m`: durations in messages.
func seconds(_ s: Double) -> String {
    let v = Int(s.rounded())
    if v < 120 {
        if s < 10 && s != s.rounded() {
            let tenths = Int((s * 10).rounded())
            return "\(tenths / 10).\(tenths % 10)s"
        }
        return "\(v)s"
    }
    if v < 7200 { return "\(v / 60)m \(v % 60)s" }
    return "\(v / 3600)h \(v % 3600 / 60)m"
}
