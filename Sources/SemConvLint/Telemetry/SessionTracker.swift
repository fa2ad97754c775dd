import SemConvModel

/// The session-lifecycle pass: consumes observations in line order and keeps bounded per-session state. Sessions
/// that ended or went quiet for longer than the inactivity timeout are summarized and dropped.
final class SessionTracker {
    struct State {
        var file: String
        var firstLine: Int
        var first: Double?
        var last: Double?
        var started = false
        var startLine = 0
        var ended = false
        var endTime: Double?
        var device: String?
        var records = 0
        var tooLongReported = false
        var afterEndReported = false
        /// Index of the last observation of this session.
        var lastSeq = 0
    }

    struct Summary {
        var id: String
        var start: Double?
        var end: Double?
        var records: Int
        var startSeen: Bool
        var endSeen: Bool
    }

    let policy: SessionPolicy
    let severities: [String: Severity]
    var diagnostics: [Diagnostic] = []
    /// Findings kept per rule, and findings only counted once a rule reached `maxFindingsPerRule`.
    var maxFindingsPerRule = Int.max
    private var kept: [String: Int] = [:]
    private(set) var notKept: [String: Int] = [:]
    private var sessions: [String: State] = [:]
    /// The session of the previous observation and its slot: records of one session come in runs, so most
    /// observations skip hashing their id. Cleared whenever a session is added or removed.
    private var lastID: String?
    private var lastSlot: Dictionary<String, State>.Index?
    private var deviceCurrent: [String: String] = [:]
    private var devicesWithSessions: Set<String> = []
    private var seen: Set<String> = []
    private var seenOrder: [String] = []
    private var seenHead = 0
    private(set) var summaries: [Summary] = []
    private(set) var sessionCount = 0
    private var durations: [Double] = []
    private var sinceEviction = 0
    private var seq = 0
    /// Observations after which an ended session is forgotten (telemetry after its end is looked for until then).
    static let keepEnded = 50_000
    /// Observations after which a silent session is forgotten even when no timestamps say it timed out (streams are
    /// not globally time-ordered: devices upload late, so "quiet" is measured in the stream's own order).
    static let keepIdle = 200_000
    /// Caps that keep memory flat on huge inputs.
    static let maxRemembered = 200_000
    static let maxListed = 1000

    init(policy: SessionPolicy, severities: [String: Severity]) {
        self.policy = policy
        self.severities = severities
    }

    private func report(_ rule: String, _ message: String, _ o: Observation, session: String?, fix: String,
                        related: [SourceLocation] = []) {
        let attribute = rule.contains("previous") || rule.hasSuffix("#prev") ? policy.previousIdAttribute : policy.idAttribute
        let rule = rule.replacingOccurrences(of: "#prev", with: "")
        guard let severity = severities[rule] else { return }
        let n = kept[rule, default: 0]
        if n >= maxFindingsPerRule { notKept[rule, default: 0] += 1; return }
        kept[rule] = n + 1
        diagnostics.append(Diagnostic(severity, rule: rule, message: message,
                                      at: SourceLocation(file: file, line: o.line + lineOffset, column: o.column), fix: fix,
                                      attribute: attribute, event: o.event, session: session, path: o.path, related: related))
    }

    private func remember(_ id: String) {
        guard !seen.contains(id) else { return }
        seen.insert(id)
        seenOrder.append(id)
        sessionCount += 1
        if seenOrder.count - seenHead > Self.maxRemembered {
            seen.remove(seenOrder[seenHead])
            seenHead += 1
            if seenHead > 65536 { seenOrder.removeFirst(seenHead); seenHead = 0 }
        }
    }

    private func isActive(_ s: State, at time: Double?) -> Bool {
        if s.ended { return false }
        guard let time, let last = s.last else { return true }
        return time - last <= policy.inactivityTimeout
    }

    /// The file of the observations being consumed, and what to add to their (piece-relative) line numbers.
    private var file = ""
    private var lineOffset = 0

    /// Consumes one batch of observations, in line order.
    func observe(_ batch: ObservationBatch) {
        file = batch.file
        lineOffset = batch.lineOffset
        for o in batch.observations { observe(o) }
    }

    private func observe(_ o: Observation) {
        let idKey = policy.idAttribute, prevKey = policy.previousIdAttribute
        guard let id = o.session else { return }
        if let prev = o.previous, prev == id {
            report("session-previous-id-equals-id", "'\(prevKey)' equals '\(idKey)' (\(short(id)))", o, session: id,
                   fix: "set '\(prevKey)' to the id of the session this one continues, or leave it out")
        }
        // One hash lookup per observation: the state is read through its index and written back the same way.
        var slot: Dictionary<String, State>.Index?
        if let lastSlot, lastID == id { slot = lastSlot } else { slot = sessions.index(forKey: id) }
        let isNew = slot == nil
        var s = slot.map { sessions.values[$0] } ?? State(file: file, firstLine: o.line + lineOffset, device: o.device)
        if isNew { remember(id) }
        if s.device == nil { s.device = o.device }
        if o.kind == .start {
            if s.started {
                report("session-duplicate-start", "session \(short(id)) started again (first start on line \(s.startLine))",
                       o, session: id, fix: "emit '\(policy.startEvent)' once per session; a new session needs a new '\(idKey)'",
                       related: [SourceLocation(file: s.file, line: s.startLine)])
            } else {
                s.started = true
                s.startLine = o.line + lineOffset
            }
            if let prev = o.previous, prev != id {
                if !seen.contains(prev) {
                    report("session-previous-unknown", "'\(prevKey)' names session \(short(prev)), which is not in the stream",
                           o, session: id, fix: "check that '\(prevKey)' is the id of the session this one continues (the stream may be partial)")
                } else if var p = sessions[prev], !p.ended {
                    p.ended = true
                    p.endTime = o.time ?? p.last
                    sessions[prev] = p
                    slot = sessions.index(forKey: id)
                    lastSlot = nil
                }
            }
            if o.previous == nil, o.previousConditional {
                if let device = o.device {
                    if devicesWithSessions.contains(device), deviceCurrent[device] != id {
                        let earlier = deviceCurrent[device].map { " (\(short($0)))" } ?? ""
                        report("conditionally-required-missing#prev",
                               "session \(short(id)) lacks '\(prevKey)', but the same device had an earlier session\(earlier)",
                               o, session: id, fix: "set '\(prevKey)' to the id of the session this one continues")
                    }
                } else {
                    report("conditionally-required-unknown#prev",
                           "'\(policy.startEvent)' lacks '\(prevKey)'; without \(policy.deviceAttributes.joined(separator: ", ")) it is unknown whether an earlier session existed",
                           o, session: id, fix: "record the device attributes so earlier sessions can be matched")
                }
            }
        }
        if (o.kind == .start || isNew), let device = o.device {
            if let other = deviceCurrent[device], other != id, other != o.previous, let os = sessions[other],
               isActive(os, at: o.time), os.records > 0 {
                report("session-concurrent",
                       "device runs session \(short(id)) while session \(short(other)) is still active",
                       o, session: id, fix: "end the previous session ('\(policy.endEvent)') before starting a new one on the same device",
                       related: [SourceLocation(file: os.file, line: os.firstLine)])
            }
            deviceCurrent[device] = id
            devicesWithSessions.insert(device)
        }
        if o.kind == .end {
            if !s.started && !s.ended {
                report("session-end-without-start", "session \(short(id)) ends, but its '\(policy.startEvent)' is not in the stream",
                       o, session: id, fix: "emit '\(policy.startEvent)' when the session begins (or ignore: the stream may be partial)")
            }
            s.ended = true
            s.endTime = o.time ?? s.last
        } else if s.ended, o.kind != .start {
            if !s.afterEndReported {
                s.afterEndReported = true
                report("session-telemetry-after-end", "telemetry for session \(short(id)) after it ended",
                       o, session: id, fix: "start a new session (with '\(prevKey)') before recording more")
            }
        }
        if let t = o.time {
            if let last = s.last {
                if t < last - policy.clockSkewTolerance {
                    report("session-timestamp-backwards",
                           "timestamp goes back \(seconds(last - t)) within session \(short(id)) (tolerance \(seconds(policy.clockSkewTolerance)))",
                           o, session: id, fix: "use a monotonic clock source or fix the device clock skew")
                } else if t - last > policy.inactivityTimeout, o.kind != .end {
                    report("session-inactivity-gap",
                           "\(seconds(t - last)) without telemetry inside session \(short(id)) (inactivity timeout \(seconds(policy.inactivityTimeout)))",
                           o, session: id, fix: "end the session after \(seconds(policy.inactivityTimeout)) of inactivity and start a new one")
                }
            }
            if let first = s.first, t - first > policy.maxDuration, !s.tooLongReported {
                s.tooLongReported = true
                report("session-too-long",
                       "session \(short(id)) has lasted \(seconds(t - first)) (maximum \(seconds(policy.maxDuration)))",
                       o, session: id, fix: "end sessions after \(seconds(policy.maxDuration)) and start a new one")
            }
            s.first = min(s.first ?? t, t)
            s.last = max(s.last ?? t, t)
        }
        s.records += 1
        seq += 1
        s.lastSeq = seq
        if let slot {
            sessions.values[slot] = s
            lastSlot = slot
        } else {
            sessions[id] = s
            lastSlot = sessions.index(forKey: id)
        }
        lastID = id
        sinceEviction += 1
        if sinceEviction >= 4096 { evict() }
    }

    /// Summarizes and drops sessions that ended or timed out long before the newest timestamp.
    private func evict() {
        sinceEviction = 0
        // Devices upload late and out of order, so "quiet" is measured in the stream's own order: a session is
        // dropped once it ended (or its device moved on to another session) and has been silent for `keepEnded`
        // observations, or silent for `keepIdle` observations in any case.
        // Only the ids are collected (no copy of the states).
        var done: [String] = []
        for (id, s) in sessions {
            let age = seq - s.lastSeq
            guard age > Self.keepEnded else { continue }
            if age > Self.keepIdle || s.ended { done.append(id); continue }
            if let d = s.device, let current = deviceCurrent[d], current != id { done.append(id) }
        }
        for id in done.sorted() { drop(id) }
    }

    private func drop(_ id: String) {
        lastSlot = nil
        lastID = nil
        guard let s = sessions.removeValue(forKey: id) else { return }
        if let d = s.device, deviceCurrent[d] == id { deviceCurrent[d] = nil }
        if let a = s.first, let b = s.last { durations.append(b - a) }
        if summaries.count < Self.maxListed {
            summaries.append(Summary(id: id, start: s.first, end: s.endTime ?? s.last, records: s.records,
                                     startSeen: s.started, endSeen: s.ended))
        }
    }

    /// Ends the stream: summarizes every remaining session.
    func finish() {
        for id in sessions.keys.sorted() { drop(id) }
    }

    /// `sessions` for the JSON summary.
    func summaryJSON() -> JSONValue {
        let listed = summaries.sorted { ($0.start ?? 0, $0.id) < ($1.start ?? 0, $1.id) }
        var total = 0.0
        for d in durations { total += d }
        return .object([
            ("count", .int(sessionCount)),
            ("totalDurationSeconds", .double(total)),
            ("listed", .array(listed.map { s in
                var pairs: [(String, JSONValue)] = [("id", .string(s.id)), ("records", .int(s.records)),
                                                    ("startSeen", .bool(s.startSeen)), ("endSeen", .bool(s.endSeen))]
                if let a = s.start, let b = s.end { pairs.append(("durationSeconds", .double(b - a))) }
                return .object(pairs)
            })),
        ])
    }

    private func short(_ id: String) -> String { id.count > 40 ? "'" + id.prefix(37) + "...'" : "'\(id)'" }
}

/// `95s`, `31m 20s`, `4h 0m`: durations in messages.
func seconds(_ s: Double) -> String {
    let v = Int(s.rounded())
    if v < 120 { return s < 10 && s != s.rounded() ? String(format1(s)) + "s" : "\(v)s" }
    if v < 7200 { return "\(v / 60)m \(v % 60)s" }
    return "\(v / 3600)h \(v % 3600 / 60)m"
}

private func format1(_ d: Double) -> String {
    let tenths = Int((d * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}
