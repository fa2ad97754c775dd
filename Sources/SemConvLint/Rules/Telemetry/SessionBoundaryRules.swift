import SemConvModel

/// Where a session starts and ends, in event time: `session-duplicate-start`, `session-duplicate-end`,
/// `session-end-without-start`, `session-telemetry-after-end`, `session-telemetry-before-start`. Records are
/// compared by their timestamps, wherever they sit in the input; a finding points at the offending record. A copy of
/// a record delivered again (an exporter's retry) is dropped before these rules run (`BufferedRecord.isRedelivery`).
/// Records after the end (before the start) are one finding per session, on the earliest of them, naming how many
/// there are and listing the others as related locations; the summary counts them all.
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

    static let duplicateEnd = RuleDescription(
        id: TelemetryRuleID.sessionDuplicateEnd.id, category: .telemetry, defaultSeverity: .warning,
        summary: "A session ended twice.",
        rationale: "One session ends once: a second, different end event of one id means the id was reused or the end is emitted from two places (a copy of the same end event delivered again is not a finding); the finding is on the later-timestamped end.",
        fix: "Emit the end event once per session.",
        triggering: [
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}
                {"event":"session_end","session_id":"s1","timestamp":"2026-03-01T10:20:00Z"}
                ↓{"event":"session_end","session_id":"s1","timestamp":"2026-03-01T10:21:00Z"}
                """),
        ],
        nonTriggering: [
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}
                {"event":"session_end","session_id":"s1","timestamp":"2026-03-01T10:20:00Z"}
                {"event":"session_end","session_id":"s1","timestamp":"2026-03-01T10:20:00Z"}
                """, note: "the same end delivered twice (an exporter's retry)"),
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
            RuleExample(.ndjson, """
                {"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}
                {"event":"session_end","session_id":"s1","timestamp":"2026-03-01T10:20:00Z"}
                {"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T10:36:00Z"}
                ↓{"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T10:30:00Z"}
                {"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T10:35:00Z"}
                """, note: "one finding per session, on the earliest record after the end: 'and 2 more records after the end'"),
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

    /// Duplicate starts and ends, an end without a start, and the records outside [start, end]; decides the
    /// session's start, end and last activity for the other rules.
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
                duplicate(l, r, session: f.id, first: .init(records[p]))
            case .end:
                guard let p = firstEnd else {
                    firstEnd = i
                    continue
                }
                duplicateEnd(l, r, session: f.id, first: .init(records[p]))
            case .other:
                break
            }
        }
        f.primaryStart = firstStart
        f.primaryEnd = firstEnd
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
        var before: [BufferedRecord] = [], after: [BufferedRecord] = []
        for r in records where r.isTimed {
            if r.kind != .start, let s = f.startTime, r.time < s.subtractingSaturated(l.tolerance) { before.append(r) }
            if r.kind == .other, let e = f.endTime, r.time > e.addingSaturated(l.tolerance) { after.append(r) }
            if r.kind != .end, f.isInside(r, tolerance: l.tolerance) { f.lastActivity = r.time }
        }
        if let s = f.startTime, let first = before.first {
            f.beforeStartReported = true
            l.recordsBeforeStart += before.count
            // Earliest first: the one furthest before the start is the finding.
            self.before(l, first, session: f.id, by: s.subtractingSaturated(first.time), others: Array(before.dropFirst()))
        }
        if let e = f.endTime, let first = after.first {
            f.afterEndReported = true
            l.recordsAfterEnd += after.count
            self.after(l, first, session: f.id, by: first.time.subtractingSaturated(e), others: Array(after.dropFirst()),
                       latest: after.last!.time.subtractingSaturated(e))
        }
    }

    /// A record of a session judged already (it arrived later than the lateness bound). Records after the end or
    /// before the start are counted; the first of a session is a finding.
    static func late(_ l: SessionLifecycle, _ r: BufferedRecord, _ j: inout JudgedSession) {
        switch r.kind {
        case .start:
            if let first = j.start {
                duplicate(l, r, session: j.id, first: first)
            } else {
                j.started = true
                j.startTime = r.time
                j.start = .init(r)
            }
        case .end:
            if let first = j.end {
                duplicateEnd(l, r, session: j.id, first: first)
                return
            }
            // The end event decides the end, also over the start of a continuing session.
            j.end = .init(r)
            j.ended = true
            j.endEvent = true
            j.endTime = r.isTimed ? r.time : j.last
            if !j.started {
                l.report(.sessionEndWithoutStart, on: r, session: j.id) {
                    "session \(l.quoted(j.id)) ends, but its '\(l.policy.startEvent)' is not in the stream"
                } fix: {
                    "emit '\(l.policy.startEvent)' when the session begins (or ignore: the stream may be partial)"
                }
            }
        case .other:
            guard r.isTimed else { return }
            if j.ended, j.endTime != 0, r.time > j.endTime.addingSaturated(l.tolerance) {
                l.recordsAfterEnd += 1
                guard !j.afterEndReported else { return }
                j.afterEndReported = true
                let by = r.time.subtractingSaturated(j.endTime)
                after(l, r, session: j.id, by: by, others: [], latest: by)
            } else if j.started, j.startTime != 0, r.time < j.startTime.subtractingSaturated(l.tolerance) {
                l.recordsBeforeStart += 1
                guard !j.beforeStartReported else { return }
                j.beforeStartReported = true
                before(l, r, session: j.id, by: j.startTime.subtractingSaturated(r.time), others: [])
            }
        }
    }

    private static func duplicate(_ l: SessionLifecycle, _ r: BufferedRecord, session: Int32,
                                  first: JudgedSession.RecordPlace) {
        l.report(.sessionDuplicateStart, on: r, session: session, related: [l.location(first)]) {
            "session \(l.quoted(session)) started again (first start on \(l.describe(first, from: r)))"
        } fix: {
            "emit '\(l.policy.startEvent)' once per session; a new session needs a new '\(l.policy.idAttribute)'"
        }
    }

    private static func duplicateEnd(_ l: SessionLifecycle, _ r: BufferedRecord, session: Int32,
                                     first: JudgedSession.RecordPlace) {
        l.report(.sessionDuplicateEnd, on: r, session: session, related: [l.location(first)]) {
            "session \(l.quoted(session)) ended again (first end on \(l.describe(first, from: r)))"
        } fix: {
            "emit '\(l.policy.endEvent)' once per session"
        }
    }

    /// Related locations listed for the other records of a finding that stands for several.
    static let maxRelated = 10

    /// `` (and 2 more records after the end, the last 25m 0s after it)``: the other records a finding stands for.
    private static func more(_ others: [BufferedRecord], _ what: String, last: String?) -> String {
        guard !others.isEmpty else { return "" }
        let n = others.count
        return " (and \(n) more record\(n == 1 ? "" : "s") \(what)\(last.map { ", the last \($0)" } ?? ""))"
    }

    private static func after(_ l: SessionLifecycle, _ r: BufferedRecord, session: Int32, by gap: Int64,
                              others: [BufferedRecord], latest: Int64) {
        l.report(.sessionTelemetryAfterEnd, on: r, session: session,
                 related: others.prefix(maxRelated).map(l.location)) {
            "telemetry for session \(l.quoted(session)) timestamped \(seconds(Double(gap) / 1e9)) after it ended"
                + more(others, "after the end", last: "\(seconds(Double(latest) / 1e9)) after it")
        } fix: {
            "start a new session (with '\(l.policy.previousIdAttribute)') before recording more"
        }
    }

    private static func before(_ l: SessionLifecycle, _ r: BufferedRecord, session: Int32, by gap: Int64,
                               others: [BufferedRecord]) {
        l.report(.sessionTelemetryBeforeStart, on: r, session: session,
                 related: others.prefix(maxRelated).map(l.location)) {
            "telemetry for session \(l.quoted(session)) timestamped \(seconds(Double(gap) / 1e9)) before it started (tolerance \(seconds(l.policy.clockSkewTolerance)))"
                + more(others, "before the start", last: nil)
        } fix: {
            "use a monotonic clock source, fix the device clock skew, or tag the record with its own session"
        }
    }
}

/// `95s`, `31m 20s`, `4h 0m`: durations in messages. Any value prints (a registry's policy may say `1e30`).
func seconds(_ s: Double) -> String {
    guard s.isFinite, abs(s) < 1e15 else { return s > 0 ? "over 31 million years" : "\(s)s" }
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
