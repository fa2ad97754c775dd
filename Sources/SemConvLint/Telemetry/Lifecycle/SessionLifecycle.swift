import SemConvModel

/// What the session pass needs from one record. Built by the per-unit checker; ids and names are byte spans of
/// the batch's `arena` (no `String` per record).
struct SessionObservation: BitwiseCopyable {
    enum Kind: UInt8, BitwiseCopyable { case other, start, end }
    var kind: Kind
    /// The record is a start event on which the previous-id attribute is conditionally required and absent.
    var previousConditional: Bool
    /// Event time in ns since the epoch; 0 when the record has none.
    var time: Int64
    /// When the producer handed the record to its exporter (spans: their end time), for the watermark.
    var emitted: Int64
    var session: ByteSpan
    var previous: ByteSpan
    var device: ByteSpan
    /// The registry event id, or -1 (then `eventName` holds the name as written, or `.none`).
    var event: Int32
    var eventName: ByteSpan
    /// Line relative to the batch's `lineOffset`.
    var line: Int
    var column: Int32
    /// Binary units: the byte offset in the message (`SourceLocation.byte`); -1 for text.
    var byteOffset: Int32
    /// Binary units: the offset counts in a decompressed frame.
    var decompressed: Bool
    var path: RecordPath
    /// A hash of the record's own bytes as written (`TelemetryRecord.extent`): equal for a redelivered copy.
    var hash: UInt64
}

/// The observations of a run of units of one source, in unit order.
struct ObservationBatch: Sendable {
    var file: String
    var lineOffset: Int
    var observations: [SessionObservation]
    var arena: [UInt8]
}

/// One record of an open session, buffered until the session is judged (72 bytes).
struct BufferedRecord: BitwiseCopyable {
    var time: Int64
    var line: Int
    /// A hash of the record's bytes as written: the same record delivered again has the same hash.
    var hash: UInt64
    var column: Int32
    var byteOffset: Int32
    var path: RecordPath
    /// Registry event id (>= 0), an interned event name as written (-2 - index), or -1.
    var event: Int32
    /// Interned previous id, or -1.
    var previous: Int32
    var file: Int32
    var kind: SessionObservation.Kind
    var previousConditional: Bool
    var decompressed: Bool

    @inline(__always) var isTimed: Bool { time != 0 }

    /// Judging order among records of one timestamp: starts first, ends last.
    @inline(__always) var rank: UInt8 {
        switch kind {
        case .start: 0
        case .other: 1
        case .end: 2
        }
    }

    /// Whether `other` is this record delivered again (same bytes as written, hence same time and role).
    @inline(__always) func isRedelivery(of other: BufferedRecord) -> Bool {
        hash == other.hash && time == other.time && kind == other.kind && event == other.event
    }
}

/// A session whose records are still arriving.
struct OpenSession {
    var id: Int32
    var device: Int32 = -1
    var records: [BufferedRecord] = []
    /// Earliest and latest record time (timed records only; `Int64.max` / `.min` when none).
    var first = Int64.max, last = Int64.min
    /// Earliest explicit end event time; `hasEnd` also when an end had no time.
    var hasEnd = false, endTime = Int64.max
    var hasStart = false
    var startTime = Int64.max
    /// Interned previous id of the earliest start, or -1.
    var previous: Int32 = -1
    /// Where the earliest record sits (for `related` locations): binary input adds the byte offset (-1 for text).
    var firstFile: Int32 = 0, firstLine = 0, firstColumn: Int32 = 0, firstByte: Int32 = -1, firstDecompressed = false
    mutating func setFirstPlace(_ r: BufferedRecord) {
        firstFile = r.file
        firstLine = r.line
        firstColumn = r.column
        firstByte = r.byteOffset
        firstDecompressed = r.decompressed
    }

    /// Bumped when the close time moves, so stale heap entries are skipped.
    var version: UInt32 = 0
    /// Changed since the device index last read it (listed in `SessionLifecycle.changedSessions`).
    var changed = false
}

/// A judged session, remembered (bounded) so that late records and later sessions can still be judged against it.
/// Fields are declared widest first, so that no padding sits between them (168 bytes).
struct JudgedSession {
    var first: Int64, last: Int64
    /// The latest record other than an end event inside the session (0 when none): where activity stopped.
    var lastActivity: Int64
    /// 0 when the session had no (timed) start / end. The end is the end event, else the start of a session that
    /// continues this one.
    var startTime: Int64, endTime: Int64
    var records: Int
    var firstLine: Int
    /// The primary start and end event: where they sit and their hashes (a late copy of either is a redelivery).
    var start: RecordPlace?, end: RecordPlace?
    var id: Int32
    var device: Int32
    var previous: Int32
    var firstFile: Int32, firstColumn: Int32, firstByte: Int32
    var started: Bool, ended: Bool
    /// Whether the end is an end event (not only the start of a continuing session).
    var endEvent: Bool
    var afterEndReported = false, beforeStartReported = false, tooLongReported = false
    var firstDecompressed: Bool
    /// Changed since the device index last read it (listed in `SessionLifecycle.changedSessions`).
    var changed = false

    /// Where one record sits, and what tells a redelivered copy of it (37 bytes, widest fields first).
    struct RecordPlace {
        var hash: UInt64, time: Int64, line: Int, file: Int32, column: Int32, byteOffset: Int32, decompressed: Bool

        init(_ r: BufferedRecord) {
            hash = r.hash
            time = r.time
            line = r.line
            file = r.file
            column = r.column
            byteOffset = r.byteOffset
            decompressed = r.decompressed
        }
    }
}

/// Where a session begins and ends in event time, for its duration: from its start (else its first record) to its
/// effective end (else its last record). The effective end is the end (event, or the start of a session that
/// continues it), unless that end comes more than the inactivity timeout after the session's last activity: an SDK
/// that notices an expired session only at its next lookup (opentelemetry-android's `SessionManager`) emits the
/// end then, and the session ended at its last activity.
struct SessionSpan {
    var begin: Int64
    var end: Int64

    /// nil when the session has no timed record (`first` nil and no timed start).
    init?(first: Int64?, last: Int64, start: Int64?, end: Int64?, lastActivity: Int64?, timeout: Int64) {
        guard let begin = start ?? first else { return nil }
        self.begin = begin
        var stop = last
        if let end {
            stop = end
            if let activity = lastActivity, end.subtractingSaturated(activity) > timeout { stop = activity }
        }
        self.end = max(begin, stop)
    }

    var nanoseconds: Int64 { end.subtractingSaturated(begin) }
}

/// Sums and differences of event times and durations (nanoseconds in `Int64`) held at `Int64.max` / `.min`
/// instead of wrapping or trapping: every time and duration the session pass adds or subtracts goes through these.
/// Input times lie anywhere in 1...`Int64.max` (an OTLP `fixed64`, an RFC 3339 year 2262), policy durations too
/// (`SessionLifecycle.nanos`: a registry may say `max_duration: 1e30`), and an end may precede its start.
extension Int64 {
    @inline(__always) func addingSaturated(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    @inline(__always) func subtractingSaturated(_ other: Int64) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        return overflow ? (other < 0 ? .max : .min) : difference
    }
}

/// A sum of non-negative nanosecond durations that cannot wrap: whole seconds and the remaining nanoseconds apart.
/// One session may last up to ~292 years (`Int64.max` ns); the sum of many would not fit in nanoseconds.
struct DurationSum {
    private var seconds: Int64 = 0
    private var nanoseconds: Int64 = 0

    mutating func add(_ ns: Int64) {
        let ns = Swift.max(0, ns)
        seconds = seconds.addingSaturated(ns / 1_000_000_000)
        nanoseconds += ns % 1_000_000_000
        if nanoseconds >= 1_000_000_000 {
            nanoseconds -= 1_000_000_000
            seconds = seconds.addingSaturated(1)
        }
    }

    /// The sum in seconds; computed from the exact nanoseconds while they fit in `Int64`.
    var totalSeconds: Double {
        guard seconds < Int64.max / 1_000_000_000 else { return Double(seconds) + Double(nanoseconds) / 1e9 }
        return Double(seconds * 1_000_000_000 + nanoseconds) / 1e9
    }
}

/// The newest event time, per device, that the watermark may follow. Keeping only the `k` largest per-device
/// times is exact for the k-th largest, because a device's time only grows: a device whose time rises above the
/// smallest kept one replaces it. So a handful of devices whose clocks run ahead (mobile clocks are often wrong)
/// cannot move the watermark: it follows the k-th newest device. Records without a device count per session.
/// Fixed storage, no allocation: called for every session record.
struct EventTimeProgress {
    /// Devices ahead that the watermark ignores: `k - 1`.
    static let k = 4
    private var keys: (Int32, Int32, Int32, Int32) = (-1, -1, -1, -1)
    private var times: (Int64, Int64, Int64, Int64) = (.min, .min, .min, .min)
    /// The k-th newest device's time (the oldest kept; with fewer devices, the oldest of them); `Int64.min` before
    /// any.
    private(set) var mark = Int64.min
    private var count = 0
    /// The slot of the key advanced last (records of one device come in runs).
    private var last = 0

    /// Device (or session) `key` has a record handed over at `time`.
    @inline(__always) mutating func advance(_ key: Int32, to time: Int64) {
        withUnsafeMutableBytes(of: &keys) { rawKeys in
            withUnsafeMutableBytes(of: &times) { rawTimes in
                let keys = rawKeys.bindMemory(to: Int32.self), times = rawTimes.bindMemory(to: Int64.self)
                var slot = -1
                if count > 0, keys[last] == key {
                    slot = last
                } else {
                    for i in 0..<count where keys[i] == key { slot = i }
                }
                if slot < 0 {
                    if count < Self.k {
                        slot = count
                        count += 1
                        keys[slot] = key
                        times[slot] = time
                    } else {
                        var m = 0
                        for i in 1..<Self.k where times[i] < times[m] { m = i }
                        guard time > times[m] else { return }
                        slot = m
                        keys[slot] = key
                        times[slot] = time
                    }
                } else if time > times[slot] {
                    times[slot] = time
                } else {
                    last = slot
                    return
                }
                last = slot
                var oldest = times[0]
                for i in 1..<count where times[i] < oldest { oldest = times[i] }
                mark = oldest
            }
        }
    }
}

/// The session-lifecycle pass in event time (see README "Session rules").
///
/// Records are buffered per session and judged in timestamp order once the session is closed (ended, or quiet past
/// the inactivity timeout) and past the watermark: the k-th newest device's latest time minus `--max-lateness`
/// (`EventTimeProgress`). Findings point at each record's own position. A judged session is remembered (id, times,
/// flags; no records) so records arriving later than the bound are judged against it and counted (`lateRecords`).
/// Memory is bounded by `maxOpenSessions`, `maxBufferedRecords` and `maxRemembered`; reaching a cap judges the
/// sessions that close first early (counted as `judgedEarly`). Serial: observations are consumed in unit order, so
/// output is the same for any `--jobs`; and any order of the units within the lateness bound gives the same
/// judgments (records are ordered by time, then role, then content, and a start that names a previous session ends
/// it whether it is read before or after that session's records).
final class SessionLifecycle {
    let policy: SessionPolicy
    let sink: FindingSink
    let eventNames: [String]
    let tolerance: Int64, timeout: Int64, maxDuration: Int64, lateness: Int64
    let maxOpenSessions: Int, maxBufferedRecords: Int, maxRemembered: Int
    /// Sessions listed in the summary.
    static let maxListed = 1000

    let ids = IDTable()
    private var files: [String] = []
    private var fileIndex: [String: Int32] = [:]
    /// Event names the registry does not define (or written in the producer's own words), by bytes (bounded;
    /// findings show them).
    private var unknownEvents: [String] = []
    @exclusivity(unchecked) private var unknownEventTable = ByteTable(capacity: 64)

    @exclusivity(unchecked) private var open: [OpenSession] = []
    @exclusivity(unchecked) private var freeOpen: [Int32] = []
    @exclusivity(unchecked) private(set) var openCount = 0
    @exclusivity(unchecked) private(set) var buffered = 0
    @exclusivity(unchecked) private var heap = CloseHeap()
    @exclusivity(unchecked) private var remembered: [JudgedSession?] = []
    private var rememberedHead = 0, rememberedCount = 0
    /// The sessions of each device (open or remembered), brought up to date when a rule asks (`syncDeviceIndex`).
    @exclusivity(unchecked) private var deviceIndex = DeviceSessionIndex()
    /// Sessions with a device changed since the index last read them (an id may be listed more than once).
    @exclusivity(unchecked) private var changedSessions: [Int32] = []
    @exclusivity(unchecked) private var progress = EventTimeProgress()

    // Summary.
    private(set) var sessionCount = 0
    @exclusivity(unchecked) private(set) var lateRecords = 0
    private(set) var judgedEarly = 0
    /// Session records that repeat one already read (an exporter's retry), not counted again.
    @exclusivity(unchecked) private(set) var redeliveries = 0
    /// Records timestamped after their session's end / before its start (each session's first one is a finding).
    var recordsAfterEnd = 0, recordsBeforeStart = 0
    /// The sum of every session's duration (`SessionSpan`).
    private var totalDuration = DurationSum()
    private var listed: [(id: String, span: SessionSpan?, records: Int, started: Bool, ended: Bool)] = []

    /// Heap entry versions: a fresh one per push, so entries of a reused slot never match a newer session.
    @exclusivity(unchecked) private var nextVersion: UInt32 = 0


    init(policy: SessionPolicy, settings: TelemetryRuleSettings, eventNames: [String], maxLateness: Double,
         maxOpenSessions: Int, maxBufferedRecords: Int, maxRemembered: Int = 200_000) {
        self.policy = policy
        sink = FindingSink(settings: settings)
        self.eventNames = eventNames
        tolerance = Self.nanos(policy.clockSkewTolerance)
        timeout = Self.nanos(policy.inactivityTimeout)
        maxDuration = Self.nanos(policy.maxDuration)
        lateness = Self.nanos(maxLateness)
        self.maxOpenSessions = max(1, maxOpenSessions)
        self.maxBufferedRecords = max(1, maxBufferedRecords)
        self.maxRemembered = max(1, maxRemembered)
        // Reserved once: pages are touched only as sessions are remembered, and the array never grows by copying
        // (which holds the old and the new storage at once: +5.5 MB at 32,768 sessions).
        remembered.reserveCapacity(self.maxRemembered)
    }

    /// A duration in nanoseconds: 0 for none (or NaN), `Int64.max` (never reached) beyond what `Int64` holds.
    static func nanos(_ seconds: Double) -> Int64 {
        let ns = seconds * 1e9
        guard ns > 0 else { return 0 }
        return ns >= 9.2e18 ? Int64.max : Int64(ns)
    }

    /// The k-th newest device's latest time (or the wall clock's floor, live) minus the lateness bound
    /// (`Int64.min` before any time was seen).
    var watermark: Int64 {
        let mark = eventClock
        return mark == .min ? .min : mark.subtractingSaturated(lateness)
    }

    /// live-check: where the wall clock moved the event clock (`advanceClock(to:)`); `Int64.min` otherwise.
    private var clockFloor = Int64.min

    // MARK: observing

    /// Consumes one batch of observations, in order.
    func observe(_ batch: ObservationBatch) {
        guard !batch.observations.isEmpty else { return }
        let file = fileID(batch.file)
        batch.arena.withUnsafeBytes { arena in
            for o in batch.observations { observe(o, file: file, lineOffset: batch.lineOffset, arena: arena) }
        }
    }

    private func fileID(_ name: String) -> Int32 {
        if let i = fileIndex[name] { return i }
        let i = Int32(files.count)
        files.append(name)
        fileIndex[name] = i
        return i
    }

    private func observe(_ o: SessionObservation, file: Int32, lineOffset: Int, arena: UnsafeRawBufferPointer) {
        @inline(__always) func bytes(_ span: ByteSpan) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: arena[Int(span.start)..<Int(span.end)])
        }
        guard o.session.isPresent else { return }
        let sessionBytes = bytes(o.session)
        let id = ids.intern(sessionBytes)
        let wm = watermark
        if o.time != 0, o.time < wm { lateRecords += 1 }
        var device: Int32 = -1
        if o.device.isPresent { device = ids.intern(bytes(o.device)) }
        let emitted = max(o.emitted, o.time)
        // Progress per device, else per session (by interned id: a reused id only inherits a time that was seen).
        if emitted != 0 { progress.advance(device >= 0 ? device : id, to: emitted) }
        var record = BufferedRecord(time: o.time, line: o.line + lineOffset, hash: o.hash, column: o.column,
                                    byteOffset: o.byteOffset, path: o.path, event: o.event, previous: -1, file: file,
                                    kind: o.kind, previousConditional: o.previousConditional,
                                    decompressed: o.decompressed)
        if o.event < 0, o.eventName.isPresent { record.event = unknownEventID(bytes(o.eventName)) }
        var previous: Int32 = -1
        if o.previous.isPresent {
            let p = ids.intern(bytes(o.previous))
            if p != id {
                previous = p
                record.previous = p
            }
        }

        let judged = ids.judgedSlot[Int(id)]
        if judged >= 0 {
            judgeLate(record, session: Int(judged))
            if previous >= 0, record.kind == .start { endByContinuation(previous, at: record.time) }
            releaseIfUnused(previous)
            releaseIfUnused(device)
            return
        }
        var slot = ids.openSlot[Int(id)]
        if slot < 0 {
            slot = newOpenSession(id)
            if device >= 0 {
                open[Int(slot)].device = device
                ids.retain(device)
            }
        } else if open[Int(slot)].device < 0, device >= 0 {
            open[Int(slot)].device = device
            ids.retain(device)
        }
        if previous >= 0 { ids.retain(previous) }
        let before = close(ofSlot: Int(slot))
        append(record, to: Int(slot))
        if previous >= 0, record.kind == .start { endByContinuation(previous, at: record.time) }
        let after = close(ofSlot: Int(slot))
        if after < before { requeue(Int(slot), close: after) }
        releaseIfUnused(device)
        judgeClosed()
        enforceCaps()
    }

    /// Drops an id that nothing retained (interned only to be looked at).
    @inline(__always) private func releaseIfUnused(_ id: Int32) { ids.dropIfUnreferenced(id) }

    /// Queues an open session again under its (earlier) close time.
    private func requeue(_ slot: Int, close: Int64) {
        nextVersion &+= 1
        open[slot].version = nextVersion
        heap.push(close: close, slot: Int32(slot), version: nextVersion)
    }

    private func unknownEventID(_ name: UnsafeRawBufferPointer) -> Int32 {
        if let i = unknownEventTable.lookup(name) { return -2 - Int32(i) }
        guard unknownEvents.count < 4096 else { return -1 }
        let i = unknownEvents.count
        unknownEvents.append(String(decoding: name, as: UTF8.self))
        unknownEventTable.insert(name, i)
        return -2 - Int32(i)
    }

    private func newOpenSession(_ id: Int32) -> Int32 {
        ids.retain(id)
        sessionCount += 1
        let session = OpenSession(id: id)
        let slot: Int32
        if let reused = freeOpen.popLast() {
            slot = reused
            open[Int(slot)] = session
        } else {
            slot = Int32(open.count)
            open.append(session)
        }
        ids.openSlot[Int(id)] = slot
        openCount += 1
        requeue(Int(slot), close: Int64.max)
        return slot
    }

    private func append(_ r: BufferedRecord, to slot: Int) {
        buffered += 1
        if open[slot].device >= 0, !open[slot].changed {
            open[slot].changed = true
            noteChanged(open[slot].id)
        }
        open[slot].records.append(r)
        if r.isTimed {
            if r.time < open[slot].first {
                open[slot].first = r.time
                open[slot].setFirstPlace(r)
            }
            if r.time > open[slot].last { open[slot].last = r.time }
        } else if open[slot].records.count == 1 {
            open[slot].setFirstPlace(r)
        }
        switch r.kind {
        case .start:
            let t = r.isTimed ? r.time : Int64.max - 1
            if !open[slot].hasStart || t < open[slot].startTime {
                open[slot].startTime = t
                open[slot].previous = r.previous
            }
            open[slot].hasStart = true
        case .end:
            open[slot].hasEnd = true
            if r.isTimed { open[slot].endTime = min(open[slot].endTime, r.time) }
        case .other:
            break
        }
    }

    /// A start naming `previous` ends it at `time` unless it has an end of its own. Kept with the id (`IDTable`),
    /// so it holds whether the previous session's records are read before or after this start.
    private func endByContinuation(_ previous: Int32, at time: Int64) {
        guard time != 0 else { return }
        let p = Int(previous)
        let known = ids.successor[p]
        guard known == 0 || time < known else { return }
        noteChanged(previous)
        let slot = ids.openSlot[p]
        let before = slot >= 0 ? close(ofSlot: Int(slot)) : 0
        ids.successor[p] = time
        if slot >= 0 {
            let after = close(ofSlot: Int(slot))
            if after < before { requeue(Int(slot), close: after) }
            return
        }
        let j = ids.judgedSlot[p]
        if j >= 0, var summary = remembered[Int(j)], !summary.ended || (!summary.endEvent && time < summary.endTime) {
            summary.ended = true
            summary.endTime = time
            remembered[Int(j)] = summary
        }
    }

    /// When a session can be judged: its end (explicit, else the start of its successor) or, while it has not
    /// ended, its last record plus the inactivity timeout. `Int64.max` without any timed record.
    private func close(ofSlot slot: Int) -> Int64 {
        open.withUnsafeBufferPointer { sessions in
            let last = sessions[slot].last
            guard last != Int64.min else { return Int64.max }
            if sessions[slot].hasEnd {
                let end = sessions[slot].endTime
                return max(end == Int64.max ? last : end, last)
            }
            let successor = ids.successor[Int(sessions[slot].id)]
            if successor != 0 { return max(successor, last) }
            return last.addingSaturated(timeout)
        }
    }

    /// Judges every session whose close lies before the watermark.
    private func judgeClosed() {
        let wm = watermark
        while let top = heap.peek, top.close < wm {
            heap.pop()
            guard let slot = validSlot(top) else { continue }
            judge(slot)
        }
    }

    /// The open session a heap entry stands for, re-queued when its close moved later; nil for stale entries.
    private func validSlot(_ entry: CloseHeap.Entry) -> Int? {
        let s = Int(entry.slot)
        guard s < open.count, open[s].id >= 0, open[s].version == entry.version else { return nil }
        let current = close(ofSlot: s)
        if current > entry.close {
            heap.push(close: current, slot: entry.slot, version: entry.version)
            return nil
        }
        return s
    }

    /// Judges the sessions that close first while a memory cap is exceeded.
    private func enforceCaps() {
        while openCount > maxOpenSessions || buffered > maxBufferedRecords {
            guard let top = heap.peek else { break }
            heap.pop()
            guard let s = validSlot(top) else { continue }
            judgedEarly += 1
            judge(s)
        }
    }

    // MARK: judging

    /// Judges an open session: its records in event time (redeliveries dropped), then remembers it.
    private func judge(_ slot: Int) {
        let s = open[slot]
        let order = s.records.indices.sorted { a, b in
            let x = s.records[a], y = s.records[b]
            let tx = x.isTimed ? x.time : Int64.max, ty = y.isTimed ? y.time : Int64.max
            if tx != ty { return tx < ty }
            if x.rank != y.rank { return x.rank < y.rank }
            if x.hash != y.hash { return x.hash < y.hash }
            return a < b
        }
        var records: [BufferedRecord] = []
        records.reserveCapacity(order.count)
        for i in order {
            let r = s.records[i]
            if let kept = records.last, r.isRedelivery(of: kept) {
                redeliveries += 1
                continue
            }
            records.append(r)
        }
        var facts = SessionFacts(id: s.id, device: s.device, records: records, previous: s.previous, first: s.first,
                                 last: s.last)
        SessionBoundaryRules.judge(self, &facts, successorStart: ids.successor[Int(s.id)])
        SessionDurationRules.judge(self, &facts)
        SessionPreviousIDRules.judge(self, facts)
        SessionConcurrentRule.judge(self, facts)
        // Forget the records, remember the session (which keeps its previous id).
        if s.previous >= 0 { ids.retain(s.previous) }
        for r in s.records where r.previous >= 0 { ids.release(r.previous) }
        buffered -= s.records.count
        open[slot] = OpenSession(id: -1)
        freeOpen.append(Int32(slot))
        openCount -= 1
        ids.openSlot[Int(s.id)] = -1
        func place(_ i: Int?) -> JudgedSession.RecordPlace? { i.map { .init(facts.records[$0]) } }
        let start = facts.primaryStart.map { facts.records[$0] }
        remember(JudgedSession(
            first: s.first == .max ? 0 : s.first, last: s.last == .min ? 0 : s.last,
            lastActivity: facts.lastActivity ?? 0, startTime: start?.time ?? 0, endTime: facts.endTime ?? 0,
            records: records.count, firstLine: s.firstLine, start: place(facts.primaryStart),
            end: place(facts.primaryEnd), id: s.id, device: s.device, previous: s.previous, firstFile: s.firstFile,
            firstColumn: s.firstColumn, firstByte: s.firstByte, started: s.hasStart, ended: facts.ended, endEvent: facts.primaryEnd != nil,
            afterEndReported: facts.afterEndReported, beforeStartReported: facts.beforeStartReported,
            tooLongReported: facts.tooLongReported, firstDecompressed: s.firstDecompressed))
        if s.device >= 0 { noteChanged(s.id) }
    }

    private func remember(_ j: JudgedSession) {
        if remembered.count < maxRemembered {
            remembered.append(nil)
        }
        if rememberedCount == maxRemembered { forget(rememberedHead) }
        let slot = (rememberedHead + rememberedCount) % maxRemembered
        remembered[slot] = j
        rememberedCount += 1
        ids.judgedSlot[Int(j.id)] = Int32(slot)
    }

    /// The duration of a remembered session (see `SessionSpan`).
    func span(of j: JudgedSession) -> SessionSpan? {
        SessionSpan(first: j.first != 0 ? j.first : nil, last: j.last, start: j.startTime != 0 ? j.startTime : nil,
                    end: j.ended && j.endTime != 0 ? j.endTime : nil,
                    lastActivity: j.lastActivity != 0 ? j.lastActivity : nil, timeout: timeout)
    }

    /// Drops the oldest remembered session, listing it in the summary.
    private func forget(_ slot: Int) {
        guard let j = remembered[slot] else { return }
        remembered[slot] = nil
        rememberedHead = (rememberedHead + 1) % maxRemembered
        rememberedCount -= 1
        ids.judgedSlot[Int(j.id)] = -1
        let span = span(of: j)
        if let span { totalDuration.add(span.nanoseconds) }
        if listed.count < Self.maxListed { listed.append((ids.text(j.id), span, j.records, j.started, j.ended)) }
        if j.device >= 0 {
            deviceIndex.remove(j.id)
            ids.release(j.device)
        }
        if j.previous >= 0 { ids.release(j.previous) }
        ids.release(j.id)
    }

    /// A record of a session judged already: judged against what is remembered.
    private func judgeLate(_ r: BufferedRecord, session slot: Int) {
        guard var j = remembered[slot] else { return }
        if let place = r.kind == .start ? j.start : r.kind == .end ? j.end : nil, place.hash == r.hash,
           place.time == r.time {
            redeliveries += 1
            return
        }
        j.records += 1
        SessionBoundaryRules.late(self, r, &j)
        SessionDurationRules.late(self, r, &j)
        if r.kind == .start, r.previous >= 0 { SessionPreviousIDRules.late(self, r, j) }
        if r.isTimed {
            if j.first == 0 || r.time < j.first { j.first = r.time }
            if r.time > j.last { j.last = r.time }
            let inside = !(j.ended && j.endTime != 0 && r.time > j.endTime.addingSaturated(tolerance))
            if r.kind != .end, inside, r.time > j.lastActivity { j.lastActivity = r.time }
        }
        if j.device >= 0, !j.changed {
            j.changed = true
            noteChanged(j.id)
        }
        remembered[slot] = j
    }

    /// The event clock: the k-th newest device's latest time (`EventTimeProgress`), or where the wall clock moved it;
    /// `Int64.min` before any.
    var eventClock: Int64 { max(progress.mark, clockFloor) }

    /// Moves the event clock forward to `time` without a record (live-check: the clock also runs with the wall
    /// clock while no newer record arrives) and judges the sessions the watermark now passes.
    func advanceClock(to time: Int64) {
        guard time > eventClock else { return }
        clockFloor = time
        judgeClosed()
    }

    /// Judges everything still open and forgets every remembered session (listing them).
    func finish() {
        while let top = heap.peek {
            heap.pop()
            guard let slot = validSlot(top) else { continue }
            judge(slot)
        }
        for slot in open.indices where open[slot].id >= 0 { judge(slot) }
        while rememberedCount > 0 { forget(rememberedHead) }
    }

    // MARK: what rules ask

    /// Text of an interned id.
    func text(_ id: Int32) -> String { ids.text(id) }

    /// Whether a session id was seen in the stream (open or remembered).
    func isKnownSession(_ id: Int32) -> Bool {
        ids.openSlot[Int(id)] >= 0 || ids.judgedSlot[Int(id)] >= 0
    }

    /// What lifecycle rules need to know about another session of a device.
    struct OtherSession {
        var id: Int32, device: Int32, previous: Int32
        var first: Int64, last: Int64
        /// The end (explicit or by continuation); nil while not ended.
        var end: Int64?
        /// Where its earliest record sits: `byteOffset` -1 for text.
        var file: Int32, line: Int, column: Int32, byteOffset: Int32, decompressed: Bool
    }

    /// Session `id` (open or remembered) when it has a timed record.
    private func otherSession(_ id: Int32) -> OtherSession? {
        let o = Int(id)
        if ids.openSlot[o] >= 0 {
            let s = open[Int(ids.openSlot[o])]
            guard s.first != .max else { return nil }
            let successor = ids.successor[o]
            let end: Int64? = s.hasEnd ? (s.endTime == .max ? s.last : s.endTime) : (successor != 0 ? successor : nil)
            return OtherSession(id: id, device: s.device, previous: s.previous, first: s.first, last: s.last,
                                end: end, file: s.firstFile, line: s.firstLine, column: s.firstColumn,
                                byteOffset: s.firstByte, decompressed: s.firstDecompressed)
        }
        if ids.judgedSlot[o] >= 0, let j = remembered[Int(ids.judgedSlot[o])], j.first != 0 {
            return OtherSession(id: id, device: j.device, previous: j.previous, first: j.first, last: j.last,
                                end: j.ended ? (j.endTime != 0 ? j.endTime : j.last) : nil,
                                file: j.firstFile, line: j.firstLine, column: j.firstColumn, byteOffset: j.firstByte,
                                decompressed: j.firstDecompressed)
        }
        return nil
    }

    /// Lists session `id` as changed for the device index. An open or remembered session is listed once until the
    /// index next reads it (its `changed` flag); judging a session lists it again, so an id may be listed twice. At
    /// `maxChangedListed` entries the index is brought up to date first, so the list stays bounded; `id` is listed
    /// after that update, since its own change is still to come.
    @inline(__always) private func noteChanged(_ id: Int32) {
        if changedSessions.count >= Self.maxChangedListed { syncDeviceIndex() }
        changedSessions.append(id)
    }

    /// The most entries `changedSessions` holds (a variable only so that tests can make it small).
    nonisolated(unsafe) static var maxChangedListed = 1 << 16

    /// Brings the device index up to date with the sessions changed since it was last read.
    private func syncDeviceIndex() {
        for id in changedSessions {
            let slot = ids.openSlot[Int(id)]
            if slot >= 0 { open[Int(slot)].changed = false }
            let judged = Int(ids.judgedSlot[Int(id)])
            if judged >= 0, remembered[judged]?.changed == true { remembered[judged]?.changed = false }
            guard let s = otherSession(id) else {
                deviceIndex.remove(id)
                continue
            }
            deviceIndex.set(id, device: s.device, .init(
                first: s.first, activeUntil: SessionConcurrentRule.activeUntil(s, timeout: timeout, tolerance: tolerance),
                previous: s.previous))
        }
        changedSessions.removeAll(keepingCapacity: true)
    }

    /// The session of `device` (open or remembered) with the earliest first record (then the smallest id) that
    /// began at or before `time` and is still active at `time` (`SessionConcurrentRule.activeUntil`), among those
    /// `include` accepts (called with its id, previous id and first record time).
    func earliestActiveSession(of device: Int32, at time: Int64,
                               where include: (_ id: Int32, _ previous: Int32, _ first: Int64) -> Bool)
        -> OtherSession? {
        guard device >= 0 else { return nil }
        syncDeviceIndex()
        return deviceIndex.earliestActive(of: device, at: time, where: include).flatMap(otherSession)
    }

    /// The session of `device` (open or remembered), other than `id`, with the latest first record (then the
    /// largest id) before `time`.
    func latestSession(of device: Int32, before time: Int64, except id: Int32) -> OtherSession? {
        guard device >= 0 else { return nil }
        syncDeviceIndex()
        return deviceIndex.latestBefore(of: device, time, except: id).flatMap(otherSession)
    }

    /// The location of a buffered record.
    func location(_ r: BufferedRecord) -> SourceLocation {
        location(file: r.file, line: r.line, column: r.column, byteOffset: r.byteOffset, decompressed: r.decompressed)
    }

    /// Where another session's earliest record sits: `file:line:column`, or its message and byte offset in binary
    /// input.
    func location(_ other: OtherSession) -> SourceLocation {
        location(file: other.file, line: other.line, column: other.column, byteOffset: other.byteOffset,
                 decompressed: other.decompressed)
    }

    func location(_ place: JudgedSession.RecordPlace) -> SourceLocation {
        location(file: place.file, line: place.line, column: place.column, byteOffset: place.byteOffset,
                 decompressed: place.decompressed)
    }

    /// A record's `line:column`, or for binary input (`byteOffset` >= 0) its message number and byte offset.
    private func location(file: Int32, line: Int, column: Int32, byteOffset: Int32, decompressed: Bool) -> SourceLocation {
        guard byteOffset >= 0 else { return SourceLocation(file: files[Int(file)], line: line, column: Int(column)) }
        return SourceLocation(file: files[Int(file)], message: line, byte: Int(byteOffset),
                              of: decompressed ? .decompressedMessage : .message)
    }

    /// How a message names where another record sits, seen from record `r`: `line 3` / `message 3` in the same file,
    /// else `file:3` / `file: message 3, byte 17 of the message`.
    func describe(_ place: JudgedSession.RecordPlace, from r: BufferedRecord) -> String {
        place.file == r.file ? "\(place.byteOffset >= 0 ? "message" : "line") \(place.line)"
            : location(file: place.file, line: place.line, column: 0, byteOffset: place.byteOffset,
                       decompressed: place.decompressed).description
    }

    /// The event a buffered record names, as findings show it.
    func eventName(_ r: BufferedRecord) -> String? {
        if r.event >= 0 { return eventNames[Int(r.event)] }
        if r.event <= -2 { return unknownEvents[Int(-2 - r.event)] }
        return nil
    }

    /// Adds a lifecycle finding on record `r` of session `session`, when the rule is on and under its cap.
    func report(_ rule: TelemetryRuleID, on r: BufferedRecord, session: Int32, attribute: String? = nil,
                related: [SourceLocation] = [], message: () -> String, fix: () -> String) {
        guard let severity = sink.admit(rule) else { return }
        sink.emit(Diagnostic(severity, rule: rule.id, message: message(), at: location(r), fix: fix(),
                             attribute: attribute ?? policy.idAttribute, event: eventName(r),
                             session: text(session), path: r.path.text, related: related))
    }

    /// `'id'`, shortened when long.
    func quoted(_ id: Int32) -> String {
        let text = ids.text(id)
        return text.count > 40 ? "'" + text.prefix(37) + "...'" : "'\(text)'"
    }

    // MARK: summary

    /// `sessions` for the JSON summary.
    func summaryJSON() -> JSONValue {
        let sorted = listed.sorted { ($0.span?.begin ?? 0, $0.id) < ($1.span?.begin ?? 0, $1.id) }
        return .object([
            ("count", .int(sessionCount)),
            ("totalDurationSeconds", .double(totalDuration.totalSeconds)),
            ("maxLatenessSeconds", .double(Double(lateness) / 1e9)),
            ("lateRecords", .int(lateRecords)),
            ("judgedEarly", .int(judgedEarly)),
            ("redeliveries", .int(redeliveries)),
            ("recordsAfterEnd", .int(recordsAfterEnd)),
            ("recordsBeforeStart", .int(recordsBeforeStart)),
            ("listed", .array(sorted.map { s in
                var pairs: [(String, JSONValue)] = [("id", .string(s.id)), ("records", .int(s.records)),
                                                    ("startSeen", .bool(s.started)), ("endSeen", .bool(s.ended))]
                // The listing's sort key, so `semconv report merge` can list the sessions of several reports alike.
                if let span = s.span {
                    pairs.insert(("startUnixNano", .int(Int(span.begin))), at: 1)
                    pairs.append(("durationSeconds", .double(Double(span.nanoseconds) / 1e9)))
                }
                return .object(pairs)
            })),
        ])
    }
}

/// A session being judged: its records in event time (untimed ones last, in arrival order) and what the boundary
/// rules decided about its start and end.
struct SessionFacts {
    let id: Int32
    let device: Int32
    let records: [BufferedRecord]
    let previous: Int32
    /// Earliest and latest record time (`Int64.max` / `.min` without timed records).
    let first: Int64, last: Int64
    /// Index of the earliest start record.
    var primaryStart: Int?
    /// The start's time, when it has one.
    var startTime: Int64?
    /// Index of the earliest end event.
    var primaryEnd: Int?
    /// The end: the earliest end event's time, else the start of a session that continues this one.
    var endTime: Int64?
    var ended = false
    /// The latest record inside the session that is not an end event (where activity stopped); nil when none.
    var lastActivity: Int64?
    var afterEndReported = false, beforeStartReported = false, tooLongReported = false

    init(id: Int32, device: Int32, records: [BufferedRecord], previous: Int32, first: Int64, last: Int64) {
        self.id = id
        self.device = device
        self.records = records
        self.previous = previous
        self.first = first
        self.last = last
    }

    /// Whether a timed record lies inside the session: not before its start, not after its end (beyond the
    /// clock-skew tolerance).
    func isInside(_ r: BufferedRecord, tolerance: Int64) -> Bool {
        if let s = startTime, r.time < s.subtractingSaturated(tolerance) { return false }
        if let e = endTime, r.kind == .other, r.time > e.addingSaturated(tolerance) { return false }
        return true
    }
}

/// A min-heap of (close time, open-session slot, version).
struct CloseHeap {
    struct Entry {
        var close: Int64
        var slot: Int32
        var version: UInt32
    }

    private var items: [Entry] = []

    var peek: Entry? { items.first }

    mutating func push(close: Int64, slot: Int32, version: UInt32) {
        items.append(Entry(close: close, slot: slot, version: version))
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard less(items[i], items[p]) else { break }
            items.swapAt(i, p)
            i = p
        }
    }

    mutating func pop() {
        guard !items.isEmpty else { return }
        items.swapAt(0, items.count - 1)
        items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count, less(items[l], items[m]) { m = l }
            if r < items.count, less(items[r], items[m]) { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
    }

    /// Ties broken by slot, so the judging order is a function of the input alone.
    private func less(_ a: Entry, _ b: Entry) -> Bool {
        a.close != b.close ? a.close < b.close : a.slot < b.slot
    }
}
