import SemConvModel

/// Severities and the per-rule cap of one run, resolved once and indexed by `TelemetryRuleID`.
struct TelemetryRuleSettings: Sendable {
    /// nil: the rule is off.
    let severities: [Severity?]
    let maxFindingsPerRule: Int

    init(rules: RuleSettings, maxFindingsPerRule: Int) {
        severities = TelemetryRuleID.allCases.map { id in
            let description = TelemetryRuleCatalog.description(of: id)
            if let setting = rules.overrides[id.id] { return setting.severity }
            for alias in description.aliases {
                if let setting = rules.overrides[alias] { return setting.severity }
            }
            return description.defaultSeverity
        }
        self.maxFindingsPerRule = max(0, maxFindingsPerRule)
    }

    @inline(__always) func isOn(_ rule: TelemetryRuleID) -> Bool { severities[rule.rawValue] != nil }
}

/// Where telemetry rules put findings. A rule asks `admit` first: it says whether the rule is on and the finding
/// still within the listing budget, and counts the finding either way, so findings beyond the per-rule cap cost
/// no message, no path text and no `Diagnostic`.
final class FindingSink {
    let settings: TelemetryRuleSettings
    @exclusivity(unchecked) var file = ""
    @exclusivity(unchecked) private(set) var diagnostics: [Diagnostic] = []
    /// Findings per rule since the last `drain` (listed or not).
    @exclusivity(unchecked) private(set) var counts: [Int]
    /// Findings per rule that may still be built (set by the engine from what the report can still list).
    @exclusivity(unchecked) var budget: [Int]

    init(settings: TelemetryRuleSettings) {
        self.settings = settings
        counts = Array(repeating: 0, count: TelemetryRuleID.allCases.count)
        budget = Array(repeating: settings.maxFindingsPerRule, count: TelemetryRuleID.allCases.count)
    }

    /// The severity to build the finding with, or nil when the rule is off or its budget is spent (then the finding
    /// is only counted).
    @inline(__always) func admit(_ rule: TelemetryRuleID) -> Severity? {
        guard let severity = settings.severities[rule.rawValue] else { return nil }
        counts[rule.rawValue] &+= 1
        guard budget[rule.rawValue] > 0 else { return nil }
        budget[rule.rawValue] &-= 1
        return severity
    }

    func emit(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// Takes the findings and counts gathered since the last drain.
    func drain() -> (diagnostics: [Diagnostic], counts: [Int]) {
        let result = (diagnostics, counts)
        diagnostics = []
        for i in counts.indices { counts[i] = 0 }
        return result
    }
}

/// What the per-unit rules read and write while one unit is checked: the batch, the registry index, the finding
/// sink, per-unit caches and the summary counters. One per worker.
final class UnitRuleContext {
    let index: RegistryIndex
    let batch: TelemetryBatch
    let sink: FindingSink
    @exclusivity(unchecked) var stats: TelemetryStats
    /// Registry attribute id per occurrence of the current unit (-1: not a registry attribute).
    let occurrenceIDs = PODBuffer<Int32>(capacity: 64)
    /// Values the detectors found clean lately (telemetry repeats the same messages and URLs).
    let cleanValues: CleanValueCache
    /// "Did you mean" answers per distinct name.
    let suggestions = SuggestionMemo()
    /// What the attribute rules decide from a key alone, per distinct key.
    let keys: AttributeKeyTable
    /// The registry attributes the record being checked sees (resource, scope, parent span, its own).
    let presence: RecordPresence
    /// Records per event name the registry does not define (moved into `stats.events` on drain).
    let unknownEvents = NameCounter()
    /// Registry event names, copied for this worker (strings shared with other workers would have their reference
    /// counts bounce between cores).
    let eventNames: [String]

    init(index: RegistryIndex, batch: TelemetryBatch, sink: FindingSink) {
        self.index = index
        self.batch = batch
        self.sink = sink
        cleanValues = CleanValueCache(detector: index.valueDetector)
        stats = TelemetryStats(attributes: index.attributes.count, events: index.events.count)
        presence = RecordPresence(attributes: index.attributes.count)
        keys = AttributeKeyTable(index: index)
        eventNames = index.events.map { String(decoding: Array($0.name.utf8), as: UTF8.self) }
    }

    /// Adds a finding at byte `offset` of the unit (`TelemetryBatch.sourceLocation(ofByte:file:)`).
    func report(_ rule: TelemetryRuleID, _ severity: Severity, _ message: String, offset: Int32,
                attribute: String? = nil, event: String? = nil, session: String? = nil, path: String? = nil,
                fix: String? = nil) {
        sink.emit(Diagnostic(severity, rule: rule.id, message: message,
                             at: batch.sourceLocation(ofByte: offset, file: sink.file), fix: fix,
                             attribute: attribute, event: event, session: session, path: path))
    }

    /// A value for a message: quoted when short and nothing a value detector flags, else masked.
    func shown(_ text: String) -> String {
        text.count <= 64 && index.valueDetector.detect(text) == nil ? "'\(text)'" : ValueDetector.mask(text)
    }

    /// The event a record names, as findings show it (the registry's name when it is a registry event or alias).
    func eventName(ofRecord r: Int32) -> String? {
        guard r >= 0 else { return nil }
        let slot = batch.records[r].eventName
        guard slot >= 0 else { return nil }
        return batch.withText(ofSlot: slot) { bytes in
            if let id = index.eventTable.lookup(bytes) { return eventNames[id] }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Marks a value and every value inside it as reported (value detectors skip them).
    func markReported(_ s: Int32) {
        batch.slots[s].flags.insert(.reported)
        var c = batch.slots[s].first
        while c >= 0 {
            markReported(c)
            c = batch.slots[c].next
        }
    }
}

/// The registry attributes one record sees, by attribute id, with their value slots: one stamp per record, so
/// starting the next record costs nothing.
final class RecordPresence {
    private let stamps: UnsafeMutablePointer<UInt32>
    private let slots: UnsafeMutablePointer<Int32>
    private let count: Int
    @exclusivity(unchecked) private var current: UInt32 = 0

    init(attributes: Int) {
        count = max(1, attributes)
        stamps = .allocate(capacity: count)
        stamps.initialize(repeating: 0, count: count)
        slots = .allocate(capacity: count)
        slots.initialize(repeating: -1, count: count)
    }

    deinit {
        stamps.deallocate()
        slots.deallocate()
    }

    /// Starts the next record.
    @inline(__always) func begin() {
        current &+= 1
        if current == 0 {
            stamps.update(repeating: 0, count: count)
            current = 1
        }
    }

    /// Registry attribute `id` is present with value slot `slot` (later levels win: a record's own value over its
    /// resource's).
    @inline(__always) func add(_ id: Int, _ slot: Int32) {
        stamps[id] = current
        slots[id] = slot
    }

    @inline(__always) func has(_ id: Int) -> Bool { stamps[id] == current }

    /// The value slot of registry attribute `id`, when present.
    @inline(__always) func value(_ id: Int?) -> Int32? {
        guard let id, stamps[id] == current else { return nil }
        return slots[id]
    }
}

/// Counts of names looked up from bytes (no `String` per occurrence; one per distinct name), e.g. event names the
/// registry does not define.
final class NameCounter {
    @exclusivity(unchecked) private var table = ByteTable(capacity: 64)
    @exclusivity(unchecked) private var names: [String] = []
    @exclusivity(unchecked) private var counts: [Int] = []
    /// Per name: `count`'s `decide` answer, worked out on the name's first sight.
    @exclusivity(unchecked) private var decisions: [Bool] = []

    /// Counts one occurrence of `name` and returns what `decide` says of it, asking `decide` only on the name's
    /// first sight (a pure function of the bytes, e.g. whether the registry owns the name's namespace).
    @inline(__always) func count(_ name: UnsafeRawBufferPointer, deciding decide: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        if let i = table.lookup(name) {
            counts[i] += 1
            return decisions[i]
        }
        table.insert(name, names.count)
        names.append(String(decoding: name, as: UTF8.self))
        counts.append(1)
        let decision = decide(name)
        decisions.append(decision)
        return decision
    }

    /// Adds the counts to `into` and starts over.
    func drain(into: inout [String: Int]) {
        for (name, n) in zip(names, counts) where n > 0 { into[name, default: 0] += n }
        for i in counts.indices { counts[i] = 0 }
        if names.count > 4096 {
            table = ByteTable(capacity: 64)
            names = []
            counts = []
            decisions = []
        }
    }
}

/// "Did you mean" answers remembered per distinct name, so a name that recurs record after record is compared with
/// the registry once. Bounded: forgets everything when full (answers never depend on the memo).
final class SuggestionMemo {
    private var answers: [String: String] = [:]
    static let limit = 4096

    func answer(_ name: String, _ compute: () -> String) -> String {
        if let known = answers[name] { return known }
        let value = compute()
        if answers.count >= Self.limit { answers.removeAll(keepingCapacity: true) }
        answers[name] = value
        return value
    }
}

/// Counters for the JSON summary; merged across workers.
struct TelemetryStats: Sendable {
    /// Text lines read, and length-prefixed or bare protobuf/JSON messages (binary input, request bodies).
    var lines = 0
    var messages = 0
    var records = 0
    var events: [String: Int] = [:]
    /// Units decoded per input kind, indexed by `UnitInputKind.rawValue` (counted per unit without hashing a name).
    var inputCounts = [Int](repeating: 0, count: UnitInputKind.allCases.count)
    var seenAttributes: [Bool]
    var seenEvents: [Bool]
    /// Records per registry event id (names are only hashed for events the registry does not define).
    var eventCounts: [Int]

    init(attributes: Int, events: Int) {
        seenAttributes = Array(repeating: false, count: attributes)
        seenEvents = Array(repeating: false, count: events)
        eventCounts = Array(repeating: 0, count: events)
    }

    /// Units decoded per input kind name (`otlp`, `events`, `faro`), kinds never seen left out.
    var inputs: [String: Int] {
        var all: [String: Int] = [:]
        for kind in UnitInputKind.allCases where inputCounts[Int(kind.rawValue)] > 0 {
            all[kind.name] = inputCounts[Int(kind.rawValue)]
        }
        return all
    }

    /// Records per event name, registry events under their registry name.
    func eventsByName(_ index: RegistryIndex) -> [String: Int] {
        var all = events
        for (id, n) in eventCounts.enumerated() where n > 0 { all[index.events[id].name, default: 0] += n }
        return all
    }

    mutating func merge(_ o: TelemetryStats) {
        lines += o.lines
        messages += o.messages
        records += o.records
        for (k, v) in o.events { events[k, default: 0] += v }
        for i in inputCounts.indices { inputCounts[i] += o.inputCounts[i] }
        for i in 0..<seenAttributes.count where o.seenAttributes[i] { seenAttributes[i] = true }
        for i in 0..<seenEvents.count where o.seenEvents[i] { seenEvents[i] = true }
        for i in 0..<eventCounts.count { eventCounts[i] += o.eventCounts[i] }
    }
}
