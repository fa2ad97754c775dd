#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SemConvModel

/// Where a record sits in its line, rendered only when a finding needs it.
struct RecordPath: Sendable {
    enum Kind: UInt8, Sendable { case root, log, span, spanEvent, faroEvent, faroLog, faroException, faroMeasurement }
    var kind: Kind
    var a: Int32 = 0, b: Int32 = 0, c: Int32 = 0, d: Int32 = 0

    init(_ kind: Kind, _ a: Int = 0, _ b: Int = 0, _ c: Int = 0, _ d: Int = 0) {
        self.kind = kind
        self.a = Int32(a); self.b = Int32(b); self.c = Int32(c); self.d = Int32(d)
    }

    var text: String {
        switch kind {
        case .root: "$"
        case .log: "resourceLogs[\(a)].scopeLogs[\(b)].logRecords[\(c)]"
        case .span: "resourceSpans[\(a)].scopeSpans[\(b)].spans[\(c)]"
        case .spanEvent: "resourceSpans[\(a)].scopeSpans[\(b)].spans[\(c)].events[\(d)]"
        case .faroEvent: "events[\(a)]"
        case .faroLog: "logs[\(a)]"
        case .faroException: "exceptions[\(a)]"
        case .faroMeasurement: "measurements[\(a)]"
        }
    }
}

/// What the session pass needs from one record, in line order.
struct Observation: Sendable {
    enum Kind: UInt8, Sendable { case other, start, end }
    /// Line number within the piece of input it came from (see `ObservationBatch.lineOffset`).
    var line: Int
    var column: Int
    var where_: RecordPath
    var path: String { where_.text }
    var kind: Kind
    var event: String?
    var session: String?
    var previous: String?
    var device: String?
    /// Seconds since the epoch.
    var time: Double?
    /// The record is an event whose definition makes the previous-id attribute conditionally required.
    var previousConditional: Bool
}

/// Observations of one piece of input, for the session pass: lines are stored relative to the piece so that
/// merging pieces never rewrites (and so never copies) the array.
struct ObservationBatch: Sendable {
    var file: String
    var lineOffset: Int
    var observations: [Observation]
}

/// Counters for the JSON summary; merged across chunks.
struct TelemetryStats: Sendable {
    var lines = 0
    var records = 0
    var events: [String: Int] = [:]
    var inputs: [String: Int] = [:]
    var seenAttributes: [Bool]
    var seenEvents: [Bool]
    /// Records per registry event id (names are only hashed for events the registry does not define).
    var eventCounts: [Int]

    init(attributes: Int, events: Int) {
        seenAttributes = Array(repeating: false, count: attributes)
        seenEvents = Array(repeating: false, count: events)
        eventCounts = Array(repeating: 0, count: events)
    }

    /// Records per event name, registry events under their registry name.
    func eventsByName(_ index: RegistryIndex) -> [String: Int] {
        var all = events
        for (id, n) in eventCounts.enumerated() where n > 0 { all[index.events[id].name, default: 0] += n }
        return all
    }

    mutating func merge(_ o: TelemetryStats) {
        lines += o.lines
        records += o.records
        for (k, v) in o.events { events[k, default: 0] += v }
        for (k, v) in o.inputs { inputs[k, default: 0] += v }
        for i in 0..<seenAttributes.count where o.seenAttributes[i] { seenAttributes[i] = true }
        for i in 0..<seenEvents.count where o.seenEvents[i] { seenEvents[i] = true }
        for i in 0..<eventCounts.count { eventCounts[i] += o.eventCounts[i] }
    }
}

/// The per-line half of the linter: parses a line, detects its kind and runs every stateless rule. One instance per
/// worker; lines are independent, so chunks can be checked in parallel and merged in line order.
final class LineChecker: @unchecked Sendable {
    enum Mode { case otlp, events, faro }

    let index: RegistryIndex
    let forced: InputKind
    let tape: JSONTape
    let severities: [String: Severity]
    // One checker is only ever used by one thread at a time, so its hot state needs no dynamic exclusivity checks.
    @exclusivity(unchecked) var file = ""
    @exclusivity(unchecked) var lineNumber = 0

    @exclusivity(unchecked) var diagnostics: [Diagnostic] = []
    @exclusivity(unchecked) var observations: [Observation] = []
    @exclusivity(unchecked) var stats: TelemetryStats

    // Attribute presence for the record being checked: stamp[id] == current means present, valueTok its value.
    @exclusivity(unchecked) private var stamp: [UInt32]
    @exclusivity(unchecked) private var valueTok: [Int32]
    @exclusivity(unchecked) private var current: UInt32 = 0
    @exclusivity(unchecked) private var mode: Mode = .otlp
    /// Values the detectors found clean lately (telemetry repeats the same event names, messages and URLs).
    private let cleanValues: CleanValueCache
    private let internTable = InternTable()
    /// Registry event names, copied for this checker: strings shared with other workers would have their reference
    /// counts bounce between cores on every record.
    private let eventNames: [String]
    /// Rules looked up per record or per attribute, resolved once.
    private let recommendedOn: Bool, aliasOn: Bool, deprecatedOn: Bool

    init(index: RegistryIndex, input: InputKind, rules: RuleSettings, maxDepth: Int, maxLineLength: Int) {
        self.index = index
        cleanValues = CleanValueCache(detector: index.valueDetector)
        forced = input
        tape = JSONTape(maxDepth: maxDepth, maxLineLength: maxLineLength)
        var sev: [String: Severity] = [:]
        for rule in TelemetryRules.all {
            if let s = rules.severity(of: rule.id, default: rule.defaultSeverity) { sev[rule.id] = s }
        }
        severities = sev
        recommendedOn = sev["recommended-attribute-missing"] != nil
        aliasOn = sev["attribute-alias"] != nil
        deprecatedOn = sev["deprecated-attribute"] != nil
        stats = TelemetryStats(attributes: index.attributes.count, events: index.events.count)
        eventNames = index.events.map { String(decoding: Array($0.name.utf8), as: UTF8.self) }
        stamp = Array(repeating: 0, count: index.attributes.count)
        valueTok = Array(repeating: -1, count: index.attributes.count)
    }

    /// Takes the findings, observations and stats gathered so far.
    func drain() -> ([Diagnostic], [Observation], TelemetryStats) {
        let result = (diagnostics, observations, stats)
        diagnostics = []
        observations = []
        observations.reserveCapacity(result.1.count)
        stats = TelemetryStats(attributes: index.attributes.count, events: index.events.count)
        return result
    }

    @inline(__always) func enabled(_ rule: String) -> Bool { severities[rule] != nil }

    func report(_ rule: String, _ message: String, column: Int = 0, attribute: String? = nil, event: String? = nil,
                session: String? = nil, path: String? = nil, fix: String? = nil, line: Int? = nil) {
        guard let severity = severities[rule] else { return }
        diagnostics.append(Diagnostic(severity, rule: rule, message: message,
                                      at: SourceLocation(file: file, line: line ?? lineNumber, column: column),
                                      fix: fix, attribute: attribute, event: event, session: session, path: path))
    }

    // MARK: lines

    /// Checks one line (without its newline; a trailing CR and a BOM are dropped here).
    func check(line raw: UnsafeRawBufferPointer, number: Int) {
        lineNumber = number
        stats.lines += 1
        var line = raw
        if line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
            line = UnsafeRawBufferPointer(rebasing: line[3...])
        }
        if let last = line.last, last == 0x0D { line = UnsafeRawBufferPointer(rebasing: line[..<(line.count - 1)]) }
        var blank = true
        for b in line where b != 0x20 && b != 0x09 && b != 0x0D { blank = false; break }
        if blank { return }
        if let failure = tape.parse(line) {
            let column = JSONTape.column(in: line, offset: failure.offset)
            let fix = failure.rule == "nesting-too-deep"
                ? "flatten the structure; telemetry records do not nest this deep"
                : "write one complete JSON document per line (NDJSON)"
            report(failure.rule, failure.message, column: column, fix: fix)
            return
        }
        let root = 0
        guard tape.kind(root) == .object else {
            report("unknown-input", "the line is a JSON \(tape.kind(root)), not an object (OTLP, flat event or Faro payload)",
                   column: 1, fix: "write one JSON object per line")
            return
        }
        switch detect(root) {
        case .otlp?: mode = .otlp; stats.inputs["otlp", default: 0] += 1; checkOTLP(root)
        case .events?: mode = .events; stats.inputs["events", default: 0] += 1; checkFlat(root)
        case .faro?: mode = .faro; stats.inputs["faro", default: 0] += 1; checkFaro(root)
        case nil:
            report("unknown-input", "the line is neither OTLP/JSON (resourceLogs, resourceSpans, resourceMetrics), a flat event nor a Faro payload",
                   column: 1, fix: "pass --input to force a kind, or check what wrote this line")
        }
        scanValues()
    }

    private func detect(_ root: Int) -> Mode? {
        switch forced {
        case .otlp: return .otlp
        case .events: return .events
        case .faro: return .faro
        default: break
        }
        if tape.member(root, K.resourceLogs) != nil || tape.member(root, K.resourceSpans) != nil
            || tape.member(root, K.resourceMetrics) != nil { return .otlp }
        if let meta = tape.member(root, K.meta), tape.kind(meta) == .object { return .faro }
        var flat = false
        tape.members(root) { k, _ in
            if flat { return }
            if K.eventNameKeys.contains(where: { tape.equals(k, $0) }) || index.attributeID(keyBytes(k)) != nil { flat = true }
        }
        return flat ? .events : nil
    }

    // MARK: values

    enum VK: String { case string, int, double, boolean, array, map, bytes, null, empty }

    /// The kind of a value and the token holding its payload (OTLP AnyValue or plain JSON).
    func valueKind(_ v: Int) -> (VK, Int) {
        if v < 0 { return (.empty, -1) }
        switch tape.kind(v) {
        case .string: return (.string, v)
        case .number: return (tape.toks[v].flags & Tok.integer != 0 ? .int : .double, v)
        case .bool: return (.boolean, v)
        case .null: return (.null, v)
        case .array: return (.array, v)
        case .object:
            guard mode == .otlp else { return (.map, v) }
            // The first member naming an AnyValue variant decides.
            var k = v + 1
            let end = Int(tape.toks[v].next)
            while k < end {
                let val = k + 1
                if K.stringValue.matches(tape, k) { return (.string, val) }
                if K.intValue.matches(tape, k) { return (.int, val) }
                if K.doubleValue.matches(tape, k) { return (.double, val) }
                if K.boolValue.matches(tape, k) { return (.boolean, val) }
                if K.arrayValue.matches(tape, k) { return (.array, tape.member(val, K.values) ?? -1) }
                if K.kvlistValue.matches(tape, k) { return (.map, tape.member(val, K.values) ?? -1) }
                if K.bytesValue.matches(tape, k) { return (.bytes, val) }
                k = Int(tape.toks[val].next)
            }
            return (.empty, -1)
        }
    }

    /// The text of a string (or int) value, for session ids and event names.
    func text(_ v: Int) -> String? {
        let (k, p) = valueKind(v)
        switch k {
        case .string, .int, .double: return p >= 0 ? interned(p) : nil
        default: return nil
        }
    }

    @inline(__always) func keyBytes(_ k: Int) -> UnsafeRawBufferPointer { tape.raw(k) }

    /// `tape.string(t)`, shared with earlier lines holding the same bytes: session ids, device ids and event names
    /// repeat record after record, so most of them cost a lookup instead of an allocation (and a free later).
    func interned(_ t: Int) -> String {
        let tok = tape.toks[t]
        let n = Int(tok.end &- tok.start)
        guard tok.flags & Tok.escaped == 0, n >= 4, n <= InternTable.width else { return tape.string(t) }
        return internTable.string(tape.raw(t))
    }

    /// Marks every string inside value `v` as reported.
    func markReported(_ v: Int) {
        guard v >= 0 else { return }
        let end = tape.kind(v) == .object || tape.kind(v) == .array ? Int(tape.toks[v].next) : v + 1
        for t in v..<end { tape.toks[t].flags |= Tok.reported }
    }

    // MARK: attributes

    /// Checks one attribute (key bytes as written or mapped, value token) and returns its registry id.
    @discardableResult
    func checkAttribute(key keyRaw: UnsafeRawBufferPointer, escapedKey: Int? = nil, value v: Int, anchor: Int,
                        event: String?) -> Int? {
        let key = keyRaw
        if let k = escapedKey, tape.toks[k].flags & Tok.escaped != 0 {
            let decoded = Array(tape.string(k).utf8)
            return decoded.withUnsafeBytes { checkAttribute(key: $0, value: v, anchor: anchor, event: event) }
        }
        if let id = index.attributeID(key) {
            stats.seenAttributes[id] = true
            let clean = index.plain[id]
            if clean && (mode != .otlp || index.isCanonical(key, id)) {
                // Canonical key, not forbidden, not deprecated, no enum: only the type needs a look.
                if !valueConforms(id, v) {
                    checkType(index.types[id], info: nil, key: index.attributes[id].key, value: v, anchor: anchor,
                              event: event)
                }
                return id
            }
            let infoKey = index.attributes[id].key
            let isAlias = !index.isCanonical(key, id)
            if isAlias && mode == .otlp && aliasOn {
                let written = String(decoding: key, as: UTF8.self)
                report("attribute-alias", "'\(written)' is an alias; the registry key is '\(infoKey)'",
                       column: tape.column(anchor), attribute: infoKey, event: event, path: path(anchor),
                       fix: "rename '\(written)' to '\(infoKey)'")
            }
            if let p = index.attributes[id].privacy, p.forbidden {
                markReported(v)
                if enabled("forbidden-attribute") {
                    let written = String(decoding: key, as: UTF8.self)
                    let shown = written == infoKey ? "'\(infoKey)'" : "'\(written)' ('\(infoKey)')"
                    report("forbidden-attribute",
                           "\(shown) is forbidden (\(p.classification)): \(p.reason ?? "the registry forbids it")",
                           column: tape.column(anchor), attribute: infoKey, event: event, path: path(anchor),
                           fix: p.replacement.map { $0.contains(" ") ? $0 : "record '\($0)' instead" }
                               ?? "remove the attribute")
                }
                return id
            }
            if deprecatedOn, let d = index.deprecations[id] {
                report("deprecated-attribute", "'\(infoKey)' is deprecated: \(d.summary)",
                       column: tape.column(anchor), attribute: infoKey, event: event, path: path(anchor),
                       fix: d.renamedTo.map { "use '\($0)'" } ?? "stop recording it")
            }
            if !valueConforms(id, v) {
                checkType(index.types[id], info: nil, enumID: id, key: infoKey, value: v, anchor: anchor, event: event)
            }
            return id
        }
        if let id = index.templateID(key) {
            stats.seenAttributes[id] = true
            if case let .template(inner) = index.attributes[id].attribute.type {
                checkType(inner, info: nil, key: String(decoding: key, as: UTF8.self), value: v, anchor: anchor, event: event)
            }
            return nil
        }
        if index.isOwned(key), enabled("unknown-attribute") {
            let name = String(decoding: key, as: UTF8.self)
            report("unknown-attribute", "'\(name)' is not defined, but its namespace belongs to the registry"
                   + Suggestions.didYouMean(name, in: index.allKeys),
                   column: tape.column(anchor), attribute: name, event: event, path: path(anchor),
                   fix: Suggestions.nearest(to: name, in: index.allKeys, limit: 1).first.map { "rename it to '\($0)'" }
                       ?? "define it in the registry or move it out of the owned namespace")
        }
        return nil
    }

    /// Whether `checkType` would find nothing to report for attribute `id` with value `v` (type and, for enums,
    /// membership), decided from the one-byte type code; arrays and templates take the full check.
    @inline(__always) private func valueConforms(_ id: Int, _ v: Int) -> Bool {
        let (kind, payload) = valueKind(v)
        if kind == .empty || kind == .null { return true }
        let code = index.typeCodes[id]
        switch code {
        case .other: return typeMatches(index.types[id], kind, payload)
        case .enumString, .enumInt, .enumDouble:
            guard scalarMatches(code, kind, payload) else { return false }
            guard payload >= 0 else { return true }
            if tape.kind(payload) == .string, tape.toks[payload].flags & Tok.escaped == 0 {
                let raw = tape.raw(payload)
                return index.attributes[id].enumStrings.contains { $0.count == raw.count && raw.elementsEqual($0) }
            }
            return false
        default: return scalarMatches(code, kind, payload)
        }
    }

    /// The one rule for scalar values (and enum value types): Faro sends numbers and booleans as strings, and
    /// outside OTLP an integer is an acceptable double.
    @inline(__always) private func scalarMatches(_ code: TypeCode, _ kind: VK, _ payload: Int) -> Bool {
        let stringy = mode == .faro && kind == .string && payload >= 0
        switch code {
        case .string, .enumString: return kind == .string
        case .int, .enumInt: return kind == .int || (stringy && tape.int64(payload) != nil)
        case .double: return kind == .double || (mode != .otlp && kind == .int) || (stringy && tape.double(payload) != nil)
        case .enumDouble: return kind == .double || kind == .int
        case .boolean:
            if stringy { return tape.equals(payload, K.trueBytes) || tape.equals(payload, K.falseBytes) }
            return kind == .boolean
        case .any, .other: return true
        }
    }

    private func typeMatches(_ expected: AttributeType, _ kind: VK, _ payload: Int) -> Bool {
        switch expected {
        case .stringArray: return elementsMatch(kind, payload, .string)
        case .intArray: return elementsMatch(kind, payload, .int)
        case .doubleArray: return elementsMatch(kind, payload, .double)
        case .booleanArray: return elementsMatch(kind, payload, .boolean)
        case let .template(inner): return typeMatches(inner, kind, payload)
        default: return scalarMatches(TypeCode(expected), kind, payload)
        }
    }

    private func elementsMatch(_ kind: VK, _ payload: Int, _ element: AttributeType) -> Bool {
        guard kind == .array else { return false }
        guard payload >= 0 else { return true }
        var ok = true
        tape.elements(payload) { _, e in
            if !ok { return }
            let (k, p) = valueKind(e)
            if !typeMatches(element, k, p) { ok = false }
        }
        return ok
    }

    private func checkType(_ expected: AttributeType, info bodyInfo: AttributeInfo?, enumID: Int? = nil, key: String,
                           value v: Int, anchor: Int, event: String?) {
        let (kind, payload) = valueKind(v)
        if kind == .empty || kind == .null { return }
        if !typeMatches(expected, kind, payload) {
            if enabled("attribute-type-mismatch") {
                var found = kind.rawValue
                if kind == .array, payload >= 0 {
                    var kinds: [String] = []
                    tape.elements(payload) { _, e in
                        let k = valueKind(e).0.rawValue
                        if !kinds.contains(k) { kinds.append(k) }
                    }
                    found = "array of " + (kinds.isEmpty ? "nothing" : kinds.joined(separator: "/"))
                }
                let want = expected.description == "enum" ? "enum of \(enumValueType(expected))" : expected.description
                report("attribute-type-mismatch", "'\(key)' is \(found), but the registry declares \(want)",
                       column: tape.column(anchor), attribute: key, event: event, path: path(anchor),
                       fix: "record '\(key)' as \(want)")
            }
            return
        }
        guard case let .enumeration(e) = expected, payload >= 0 else { return }
        let enumStrings: [[UInt8]], enumInts: [Int64]
        if let id = enumID {
            enumStrings = index.attributes[id].enumStrings
            enumInts = index.attributes[id].enumInts
        } else if let bodyInfo {
            enumStrings = bodyInfo.enumStrings
            enumInts = bodyInfo.enumInts
        } else {
            return
        }
        var member = false
        if tape.kind(payload) == .string {
            if tape.toks[payload].flags & Tok.escaped == 0 {
                let raw = tape.raw(payload)
                member = enumStrings.contains { $0.count == raw.count && raw.elementsEqual($0) }
            } else {
                let s = Array(tape.string(payload).utf8)
                member = enumStrings.contains(s)
            }
        } else if let i = tape.int64(payload) {
            member = enumInts.contains(i)
        } else {
            member = enumStrings.contains { $0.elementsEqual(tape.raw(payload)) }
        }
        if member { return }
        let rule = e.allowsCustomValues ? "enum-value-unknown" : "enum-value-invalid"
        guard enabled(rule) else { return }
        let rawText = tape.string(payload)
        let shown = rawText.count <= 64 && index.valueDetector.detect(rawText) == nil
            ? "'\(rawText)'" : ValueDetector.mask(rawText)
        let members = e.members.compactMap { $0.value.scalarText }
        report(rule, "\(shown) is not a member of '\(key)'\(e.allowsCustomValues ? " (open enum)" : "")"
               + Suggestions.didYouMean(rawText, in: members),
               column: tape.column(anchor), attribute: key, event: event, path: path(anchor),
               fix: "use one of: " + members.prefix(12).joined(separator: ", "))
    }

    private func enumValueType(_ t: AttributeType) -> String {
        if case let .enumeration(e) = t { return e.valueType.description }
        return "string"
    }

    // MARK: record level

    /// Attributes of one level (resource, scope, span, record): (id, value token).
    typealias Level = [(Int, Int)]

    /// Checks an OTLP `attributes` array; returns the registry attributes found, and an `event.name` value if any.
    func checkAttributeList(_ list: Int?, event: String?) -> (Level, String?) {
        var level: Level = []
        var eventName: String?
        guard let list, tape.kind(list) == .array else { return (level, nil) }
        level.reserveCapacity(8)
        tape.elements(list) { _, e in
            tape.toks[e].flags |= Tok.checked
            // The usual shape first: {"key": "...", "value": {...}}.
            let k: Int, v: Int
            if tape.toks[e].kind == JSONKind.object.rawValue, Int(tape.toks[e].next) > e + 4,
               K.key.matches(tape, e + 1), tape.toks[e + 2].kind == JSONKind.string.rawValue,
               K.value.matches(tape, e + 3) {
                k = e + 2
                v = e + 4
            } else {
                guard let key = tape.member(e, K.key), tape.kind(key) == .string else { return }
                k = key
                v = tape.member(e, K.value) ?? -1
            }
            if tape.equals(k, RegistryIndex.eventNameKey) { eventName = text(v); return }
            if let id = checkAttribute(key: tape.raw(k), escapedKey: k, value: v, anchor: e, event: event) {
                // A registry key (or alias) is not personal data: no value detector needs to read it.
                tape.toks[k].flags |= Tok.reported
                level.append((id, v))
            }
        }
        return (level, eventName)
    }

    /// Runs the record-level rules: requirement levels, body fields, session context, and hands the session pass
    /// an observation.
    func finishRecord(levels: [Level], eventName rawEvent: String?, anchor: Int, at where_: RecordPath, time: Double?,
                      body: Int?) {
        stats.records += 1
        current &+= 1
        if current == 0 { for i in 0..<stamp.count { stamp[i] = 0 }; current = 1 }
        for level in levels {
            for (id, v) in level { stamp[id] = current; valueTok[id] = Int32(v) }
        }
        @inline(__always) func has(_ id: Int) -> Bool { stamp[id] == current }
        @inline(__always) func value(_ id: Int?) -> String? {
            guard let id, has(id) else { return nil }
            return text(Int(valueTok[id]))
        }
        var eventID = -1
        var eventName = rawEvent
        if let name = rawEvent, !name.isEmpty {
            var name = name
            if let e = name.withUTF8({ index.eventTable.lookup(UnsafeRawBufferPointer($0)) }) {
                eventID = e
                eventName = eventNames[e]
                stats.seenEvents[e] = true
            } else if index.isOwnedEvent(name), enabled("unknown-event") {
                report("unknown-event", "event '\(name)' is not defined, but its namespace belongs to the registry"
                       + Suggestions.didYouMean(name, in: index.events.map(\.name)),
                       column: tape.column(anchor), event: name, path: where_.text,
                       fix: "use a defined event name or define '\(name)' in the registry")
            }
            if eventID >= 0 { stats.eventCounts[eventID] += 1 } else { stats.events[eventName!, default: 0] += 1 }
        } else {
            eventName = nil
        }
        let session = value(index.sessionID)
        var previousConditional = false
        if eventID >= 0 {
            let eventDefName = index.events[eventID].name
            for id in index.events[eventID].required where !has(id) {
                let key = index.attributes[id].key
                report("required-attribute-missing", "event '\(eventDefName)' requires '\(key)'",
                       column: tape.column(anchor), attribute: key, event: eventDefName, session: session,
                       path: where_.text, fix: "add '\(key)' to every '\(eventDefName)' event")
            }
            for (id, condition) in index.events[eventID].conditional where !has(id) {
                if id == index.previousID { previousConditional = true; continue }
                let key = index.attributes[id].key
                report("conditionally-required-unknown",
                       "event '\(eventDefName)' lacks '\(key)', required \(condition.trimmingWhitespace.lowercasedFirst)",
                       column: tape.column(anchor), attribute: key, event: eventDefName, session: session,
                       path: where_.text, fix: "add '\(key)' when the condition holds")
            }
            if recommendedOn {
                for id in index.events[eventID].recommended where !has(id) {
                    let key = index.attributes[id].key
                    report("recommended-attribute-missing", "event '\(eventDefName)' should carry '\(key)'",
                           column: tape.column(anchor), attribute: key, event: eventDefName, session: session,
                           path: where_.text, fix: "add '\(key)'")
                }
            }
            if let bodyDef = index.events[eventID].body, !bodyDef.fields.isEmpty {
                checkBody(bodyDef, body: body, event: eventDefName, anchor: anchor, session: session, where_: where_)
            }
        }
        guard let policy = index.registry.policy.session else { return }
        let kind: Observation.Kind = eventID < 0 ? .other
            : eventID == index.startEvent ? .start : eventID == index.endEvent ? .end : .other
        let isSessionRecord = eventName != nil || session != nil || mode != .otlp
        guard isSessionRecord else { return }
        for id in index.contextIDs where !has(id) {
            let key = index.attributes[id].key
            report("session-context-missing",
                   "\(eventName.map { "event '\($0)'" } ?? "record") lacks '\(key)', which every session record carries",
                   column: tape.column(anchor), attribute: key, event: eventName, session: session, path: where_.text,
                   fix: "set '\(key)' on the resource or the record (session policy context_attributes)")
        }
        if policy.requireTimestamp, time == nil {
            report("timestamp-missing", "\(eventName.map { "event '\($0)'" } ?? "record") has no timestamp",
                   column: tape.column(anchor), event: eventName, session: session, path: where_.text,
                   fix: "record the time the event happened")
        }
        if session != nil || kind != .other {
            var device: String?
            for id in index.deviceIDs { if let d = value(id) { device = (device.map { $0 + "|" } ?? "") + d } }
            observations.append(Observation(line: lineNumber, column: tape.column(anchor),
                                            where_: where_, kind: kind, event: eventName, session: session,
                                            previous: value(index.previousID), device: device, time: time,
                                            previousConditional: previousConditional))
        }
    }

    /// Body fields of an event: requirement level, type and enum members, like attributes.
    private func checkBody(_ def: BodyField, body: Int?, event: String, anchor: Int, session: String?, where_: RecordPath) {
        var present: Set<String> = []
        if let body {
            let (kind, payload) = valueKind(body)
            if kind == .map, payload >= 0 {
                let visit: (Int, Int, Int) -> Void = { k, v, elementAnchor in
                    let name = self.tape.string(k)
                    present.insert(name)
                    guard let field = def.fields.first(where: { $0.id == name }) else { return }
                    let type = field.attributeType
                    let info = AttributeInfo(key: name, attribute: Attribute(key: name, type: type, location: field.location),
                                             privacy: nil,
                                             enumStrings: field.members.compactMap { $0.value.scalarText.map { Array($0.utf8) } },
                                             enumInts: field.members.compactMap { if case let .int(i) = $0.value { Int64(i) } else { nil } })
                    self.checkType(type, info: info, key: "body." + name, value: v, anchor: elementAnchor, event: event)
                }
                if tape.kind(payload) == .array {
                    tape.elements(payload) { _, e in
                        if let k = tape.member(e, K.key) { visit(k, tape.member(e, K.value) ?? -1, e) }
                    }
                } else {
                    tape.members(payload) { k, v in visit(k, v, v) }
                }
            }
        }
        for field in def.fields where field.requirementLevel == .required && !present.contains(field.id) {
            report("required-attribute-missing", "event '\(event)' requires body field '\(field.id)'",
                   column: tape.column(anchor), attribute: "body." + field.id, event: event, session: session,
                   path: where_.text, fix: "add '\(field.id)' to the event body")
        }
    }

    // MARK: OTLP

    private func checkOTLP(_ root: Int) {
        tape.elements(tape.member(root, K.resourceLogs) ?? -1) { ri, r in
            let (resource, _) = checkAttributeList(tape.member(tape.member(r, K.resource) ?? -1, K.attributes), event: nil)
            tape.elements(tape.member(r, K.scopeLogs) ?? -1) { si, s in
                let (scope, _) = checkAttributeList(tape.member(tape.member(s, K.scope) ?? -1, K.attributes), event: nil)
                tape.elements(tape.member(s, K.logRecords) ?? -1) { li, rec in
                    // The record's members in one pass (first occurrence wins, as with `member`).
                    var nameTok = -1, attrsTok = -1, timeTok = -1, observedTok = -1, bodyTok = -1
                    if tape.toks[rec].kind == JSONKind.object.rawValue {
                        var m = rec + 1
                        let end = Int(tape.toks[rec].next)
                        while m < end {
                            if attrsTok < 0, K.attributes.matches(tape, m) { attrsTok = m + 1 }
                            else if nameTok < 0, K.eventName.matches(tape, m) { nameTok = m + 1 }
                            else if timeTok < 0, K.timeUnixNano.matches(tape, m) { timeTok = m + 1 }
                            else if observedTok < 0, K.observedTimeUnixNano.matches(tape, m) { observedTok = m + 1 }
                            else if bodyTok < 0, K.body.matches(tape, m) { bodyTok = m + 1 }
                            m = Int(tape.toks[m + 1].next)
                        }
                    }
                    var name = nameTok >= 0 && tape.kind(nameTok) == .string ? interned(nameTok) : nil
                    if name?.isEmpty == true { name = nil }
                    let (attrs, attrEvent) = checkAttributeList(attrsTok >= 0 ? attrsTok : nil, event: name)
                    if name == nil { name = attrEvent }
                    var time = nanos(timeTok >= 0 ? timeTok : nil)
                    if time == nil { time = nanos(observedTok >= 0 ? observedTok : nil) }
                    finishRecord(levels: [resource, scope, attrs], eventName: name, anchor: rec,
                                 at: RecordPath(.log, ri, si, li), time: time,
                                 body: bodyTok >= 0 ? bodyTok : nil)
                }
            }
        }
        tape.elements(tape.member(root, K.resourceSpans) ?? -1) { ri, r in
            let (resource, _) = checkAttributeList(tape.member(tape.member(r, K.resource) ?? -1, K.attributes), event: nil)
            tape.elements(tape.member(r, K.scopeSpans) ?? -1) { si, s in
                let (scope, _) = checkAttributeList(tape.member(tape.member(s, K.scope) ?? -1, K.attributes), event: nil)
                tape.elements(tape.member(s, K.spans) ?? -1) { pi, span in
                    let (attrs, _) = checkAttributeList(tape.member(span, K.attributes), event: nil)
                    finishRecord(levels: [resource, scope, attrs], eventName: nil, anchor: span, at: RecordPath(.span, ri, si, pi),
                                 time: nanos(tape.member(span, K.startTimeUnixNano)), body: nil)
                    tape.elements(tape.member(span, K.events) ?? -1) { ei, ev in
                        var name = tape.member(ev, K.name).flatMap { tape.kind($0) == .string ? interned($0) : nil }
                        if name?.isEmpty == true { name = nil }
                        let (eventAttrs, _) = checkAttributeList(tape.member(ev, K.attributes), event: name)
                        finishRecord(levels: [resource, scope, attrs, eventAttrs], eventName: name ?? "", anchor: ev,
                                     at: RecordPath(.spanEvent, ri, si, pi, ei),
                                     time: nanos(tape.member(ev, K.timeUnixNano)), body: nil)
                    }
                }
            }
        }
        tape.elements(tape.member(root, K.resourceMetrics) ?? -1) { _, r in
            _ = checkAttributeList(tape.member(tape.member(r, K.resource) ?? -1, K.attributes), event: nil)
            tape.elements(tape.member(r, K.scopeMetrics) ?? -1) { _, s in
                _ = checkAttributeList(tape.member(tape.member(s, K.scope) ?? -1, K.attributes), event: nil)
                tape.elements(tape.member(s, K.metrics) ?? -1) { _, m in
                    for data in K.metricData {
                        guard let d = tape.member(m, data) else { continue }
                        tape.elements(tape.member(d, K.dataPoints) ?? -1) { _, p in
                            stats.records += 1
                            _ = checkAttributeList(tape.member(p, K.attributes), event: nil)
                        }
                    }
                }
            }
        }
    }

    /// OTLP `*UnixNano` (string or number) as seconds; nil when absent or zero.
    private func nanos(_ t: Int?) -> Double? {
        guard let t, let n = tape.int64(t), n > 0 else { return nil }
        return Double(n / 1000) / 1_000_000
    }

    // MARK: flat events

    private func checkFlat(_ root: Int) {
        var name: String?
        var time: Double?
        var level: Level = []
        func visit(_ object: Int, nested: Bool) {
            tape.members(object) { k, v in
                if !nested, name == nil, K.eventNameKeys.contains(where: { tape.equals(k, $0) }), tape.kind(v) == .string {
                    name = interned(v); return
                }
                if !nested, time == nil, K.timeKeys.contains(where: { tape.equals(k, $0) }) {
                    time = timestamp(v); return
                }
                tape.toks[k].flags |= Tok.checked
                let known = index.attributeID(tape.raw(k)) != nil
                if !known, tape.kind(v) == .object, !nested { visit(v, nested: true); return }
                if let id = checkAttribute(key: tape.raw(k), escapedKey: k, value: v, anchor: v, event: nil) {
                    level.append((id, v))
                }
            }
        }
        visit(root, nested: false)
        finishRecord(levels: [level], eventName: name, anchor: root, at: RecordPath(.root), time: time, body: nil)
    }

    /// A timestamp: RFC 3339 text, or a number of seconds, milliseconds, microseconds or nanoseconds.
    func timestamp(_ t: Int) -> Double? {
        switch tape.kind(t) {
        case .number:
            guard let d = tape.double(t) else { return nil }
            return scaleEpoch(d)
        case .string:
            let raw = tape.raw(t)
            if let i = parseInt(raw) { return scaleEpoch(Double(i)) }
            return parseRFC3339(raw)
        default: return nil
        }
    }

    private func scaleEpoch(_ d: Double) -> Double? {
        if d <= 0 { return nil }
        if d > 1e17 { return d / 1e9 }
        if d > 1e14 { return d / 1e6 }
        if d > 1e11 { return d / 1e3 }
        return d
    }

    // MARK: Faro

    /// Faro's wire format: where its meta fields sit and which semantic-convention keys they carry.
    /// (Only the mapping is here; privacy and session semantics come from the registry.)
    static let faroMeta: [(String, String, String)] = [
        ("session", "id", "session.id"),
        ("user", "email", "user.email"), ("user", "id", "user.id"), ("user", "username", "user.name"),
        ("user", "fullName", "user.full_name"), ("user", "hash", "user.hash"),
        ("app", "name", "service.name"), ("app", "version", "service.version"),
        ("app", "environment", "deployment.environment.name"), ("app", "namespace", "service.namespace"),
        ("page", "url", "url.full"), ("browser", "os", "os.name"),
    ]

    private func checkFaro(_ root: Int) {
        var meta: Level = []
        if let m = tape.member(root, K.meta) {
            tape.members(m) { section, sv in
                guard tape.kind(sv) == .object else { return }
                tape.members(sv) { field, fv in
                    tape.toks[field].flags |= Tok.checked
                    if tape.equals(field, K.attributesBytes), tape.kind(fv) == .object {
                        tape.members(fv) { k, v in
                            tape.toks[k].flags |= Tok.checked
                            if let id = checkAttribute(key: tape.raw(k), escapedKey: k, value: v, anchor: v, event: nil) {
                                meta.append((id, v))
                            }
                        }
                        return
                    }
                    for (s, f, key) in Self.faroMeta where tape.equals(section, Array(s.utf8)) && tape.equals(field, Array(f.utf8)) {
                        let id = Array(key.utf8).withUnsafeBytes {
                            checkAttribute(key: $0, value: fv, anchor: fv, event: nil)
                        }
                        if let id { meta.append((id, fv)) }
                        detectValue(fv, attribute: key)
                    }
                }
            }
        }
        // Faro's own fields (meta sections, item fields, stack frames, measurement values) are wire format, not
        // attributes: only `attributes` and `context` maps are read as attributes.
        markKeysChecked(tape.member(root, K.meta))
        func items(_ key: StaticKey, context: StaticKey, isEvent: Bool, kind: RecordPath.Kind) {
            tape.elements(tape.member(root, key) ?? -1) { n, item in
                defer { markKeysChecked(item) }
                var name: String?
                if isEvent, let n = tape.member(item, K.name), tape.kind(n) == .string { name = interned(n) }
                var level: Level = []
                if let c = tape.member(item, context), tape.kind(c) == .object {
                    tape.members(c) { k, v in
                        tape.toks[k].flags |= Tok.checked
                        if let id = checkAttribute(key: tape.raw(k), escapedKey: k, value: v, anchor: v, event: name) {
                            level.append((id, v))
                        }
                    }
                }
                let time = tape.member(item, K.timestamp).flatMap { timestamp($0) }
                finishRecord(levels: [meta, level], eventName: isEvent ? (name ?? "") : nil, anchor: item,
                             at: RecordPath(kind, n), time: time,
                             body: nil)
            }
        }
        items(K.events, context: K.attributes, isEvent: true, kind: .faroEvent)
        items(K.logs, context: K.context, isEvent: false, kind: .faroLog)
        items(K.exceptions, context: K.context, isEvent: false, kind: .faroException)
        items(K.measurements, context: K.context, isEvent: false, kind: .faroMeasurement)
    }

    // MARK: every string value

    /// Value detectors over every string value of the line not yet reported, and a UTF-8 check.
    private func scanValues() {
        var reportedUTF8 = false
        let otlp = mode == .otlp
        let count = tape.count
        var t = 0
        while t < count {
            let tok = tape.toks[t]
            defer { t += 1 }
            guard tok.kind == JSONKind.string.rawValue else { continue }
            if tok.flags & Tok.nonASCII != 0, !reportedUTF8, tape.hasInvalidUTF8(t) {
                reportedUTF8 = true
                report("invalid-utf8", "a string holds bytes that are not valid UTF-8", column: tape.column(t),
                       path: path(t), fix: "write UTF-8 (JSON text must be UTF-8)")
            }
            if tok.flags & Tok.isKey != 0 {
                // In OTLP only a `key` member (three bytes) can name a nested attribute.
                if tok.flags & Tok.checked == 0, !otlp || tok.end &- tok.start == 3 { checkNestedKey(t) }
                continue
            }
            guard tok.flags & Tok.reported == 0, tok.end - tok.start >= 6 else { continue }
            detectValue(t, attribute: nil)
        }
    }

    /// Marks every key inside value `v` as checked.
    private func markKeysChecked(_ v: Int?) {
        guard let v, v >= 0 else { return }
        for t in v..<Int(tape.toks[v].next) where tape.toks[t].flags & Tok.isKey != 0 { tape.toks[t].flags |= Tok.checked }
    }

    /// A key that no walker checked (inside a body map, a nested kvlist, a nested object): forbidden attributes
    /// are findings wherever they appear. In OTLP the key is the `key` member of a `{key, value}` object.
    private func checkNestedKey(_ k: Int) {
        var keyTok = k, anchor = k + 1, value = k + 1
        if mode == .otlp {
            let len = tape.toks[k].end - tape.toks[k].start
            guard len == 3, K.key.matches(tape, k), tape.kind(k + 1) == .string else { return }
            let object = Int(tape.toks[k].parent)
            guard object >= 0, tape.toks[object].flags & Tok.checked == 0 else { return }
            tape.toks[object].flags |= Tok.checked
            keyTok = k + 1
            anchor = object
            value = tape.member(object, K.value) ?? -1
        }
        guard let id = index.attributeID(tape.raw(keyTok)), let p = index.attributes[id].privacy, p.forbidden else { return }
        markReported(value)
        guard enabled("forbidden-attribute") else { return }
        let info = index.attributes[id]
        let written = tape.string(keyTok)
        let shown = written == info.key ? "'\(info.key)'" : "'\(written)' ('\(info.key)')"
        report("forbidden-attribute", "\(shown) is forbidden (\(p.classification)): \(p.reason ?? "the registry forbids it")",
               column: tape.column(anchor), attribute: info.key, path: path(anchor),
               fix: p.replacement.map { $0.contains(" ") ? $0 : "record '\($0)' instead" } ?? "remove it")
    }

    /// Runs the value detectors on string token `t` and reports what they find (the value masked).
    private func detectValue(_ t: Int, attribute: String?) {
        guard tape.kind(t) == .string, tape.toks[t].flags & Tok.reported == 0 else { return }
        tape.toks[t].flags |= Tok.reported
        guard let what = cleanValues.detect(tape.raw(t)), enabled("sensitive-value") else { return }
        let value = tape.string(t)
        let attr = attribute ?? attributeName(of: t)
        report("sensitive-value", "\(attr.map { "'\($0)' holds" } ?? "a value holds") what looks like \(what): \(ValueDetector.mask(value))",
               column: tape.column(t), attribute: attr, path: path(t),
               fix: "do not record personal data or credentials; drop or hash the value before it is sent")
    }

    /// The attribute (or object key) a value token belongs to.
    private func attributeName(of t: Int) -> String? {
        var cur = t
        var steps = 0
        while cur >= 0, steps < 6 {
            let p = Int(tape.toks[cur].parent)
            guard p >= 0 else { return nil }
            if tape.kind(p) == .object {
                if let k = tape.member(p, K.key), tape.kind(k) == .string, k != cur { return tape.string(k) }
                let key = tape.toks[cur].flags & Tok.isKey != 0 ? cur : cur - 1
                let name = tape.string(key)
                if !K.variantNames.contains(name) && name != "value" && name != "values" { return name }
            }
            cur = p
            steps += 1
        }
        return nil
    }

    // MARK: paths

    /// Where token `t` sits: `resourceLogs[0].scopeLogs[0].logRecords[3].attributes["user.email"]`.
    func path(_ t: Int) -> String {
        var parts: [String] = []
        var cur = t
        while cur >= 0, tape.toks[cur].parent >= 0 {
            let p = Int(tape.toks[cur].parent)
            if tape.kind(p) == .object {
                let key = tape.toks[cur].flags & Tok.isKey != 0 ? cur : cur - 1
                parts.append("." + tape.string(key))
            } else if tape.kind(cur) == .object, let k = tape.member(cur, K.key), tape.kind(k) == .string {
                parts.append("[\"" + tape.string(k) + "\"]")
            } else {
                var i = p + 1, n = 0
                while i < cur { i = Int(tape.toks[i].next); n += 1 }
                parts.append("[\(n)]")
            }
            cur = p
        }
        while let first = parts.first, first == ".value" || K.variantNames.contains(String(first.dropFirst())) {
            parts.removeFirst()
        }
        var text = parts.reversed().joined()
        if text.hasPrefix(".") { text.removeFirst() }
        return text.isEmpty ? "$" : text
    }
}

/// Wire-format keys (OTLP accepts both spellings; Faro and flat events are matched literally).
enum K {
    static let resourceLogs = StaticKey("resourceLogs"), resourceSpans = StaticKey("resourceSpans")
    static let resourceMetrics = StaticKey("resourceMetrics"), resource = StaticKey("resource")
    static let scopeLogs = StaticKey("scopeLogs"), scopeSpans = StaticKey("scopeSpans")
    static let scopeMetrics = StaticKey("scopeMetrics"), scope = StaticKey("scope")
    static let logRecords = StaticKey("logRecords"), spans = StaticKey("spans"), metrics = StaticKey("metrics")
    static let events = StaticKey("events"), attributes = StaticKey("attributes"), key = StaticKey("key")
    static let value = StaticKey("value"), values = StaticKey("values"), name = StaticKey("name")
    static let eventName = StaticKey("eventName"), body = StaticKey("body")
    static let timeUnixNano = StaticKey("timeUnixNano"), observedTimeUnixNano = StaticKey("observedTimeUnixNano")
    static let startTimeUnixNano = StaticKey("startTimeUnixNano"), dataPoints = StaticKey("dataPoints")
    static let stringValue = StaticKey("stringValue"), intValue = StaticKey("intValue")
    static let doubleValue = StaticKey("doubleValue"), boolValue = StaticKey("boolValue")
    static let arrayValue = StaticKey("arrayValue"), kvlistValue = StaticKey("kvlistValue")
    static let bytesValue = StaticKey("bytesValue")
    static let metricData = ["gauge", "sum", "histogram", "exponentialHistogram", "summary"].map(StaticKey.init)
    static let variantNames: Set<String> = [
        "stringValue", "intValue", "doubleValue", "boolValue", "arrayValue", "kvlistValue", "bytesValue",
        "string_value", "int_value", "double_value", "bool_value", "array_value", "kvlist_value", "bytes_value",
    ]
    static let meta = StaticKey("meta"), logs = StaticKey("logs"), exceptions = StaticKey("exceptions")
    static let measurements = StaticKey("measurements"), context = StaticKey("context")
    static let timestamp = StaticKey("timestamp")
    static let attributesBytes = Array("attributes".utf8)
    static let trueBytes = Array("true".utf8), falseBytes = Array("false".utf8)
    static let eventNameKeys = ["event", "event_name", "eventName", "event.name", "event_type", "eventType"].map { Array($0.utf8) }
    static let timeKeys = ["timestamp", "time", "ts", "@timestamp", "timeUnixNano"].map { Array($0.utf8) }
}

extension String {
    var lowercasedFirst: String {
        guard let f = first else { return self }
        return f.lowercased() + dropFirst()
    }
}

/// RFC 3339 / ISO 8601 (`2026-03-01T10:00:00.250Z`, `+02:00` offsets) to seconds since the epoch.
func parseRFC3339(_ p: UnsafeRawBufferPointer) -> Double? {
    guard p.count >= 19 else { return nil }
    func num(_ from: Int, _ len: Int) -> Int? {
        var v = 0
        for i in from..<(from + len) {
            let c = p[i]
            guard c >= 0x30, c <= 0x39 else { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        return v
    }
    guard let y = num(0, 4), p[4] == 0x2D, let mo = num(5, 2), p[7] == 0x2D, let d = num(8, 2),
          p[10] == 0x54 || p[10] == 0x74 || p[10] == 0x20, let h = num(11, 2), p[13] == 0x3A, let mi = num(14, 2),
          p[16] == 0x3A, let s = num(17, 2), (1...12).contains(mo), (1...31).contains(d) else { return nil }
    var i = 19
    var frac = 0.0
    if i < p.count, p[i] == 0x2E {
        i += 1
        var scale = 0.1
        while i < p.count, p[i] >= 0x30, p[i] <= 0x39 { frac += Double(p[i] - 0x30) * scale; scale /= 10; i += 1 }
    }
    var offset = 0
    if i < p.count {
        if p[i] == 0x5A || p[i] == 0x7A { i += 1 }
        else if p[i] == 0x2B || p[i] == 0x2D, i + 6 <= p.count, let oh = num(i + 1, 2), let om = num(i + 4, 2) {
            offset = (oh * 3600 + om * 60) * (p[i] == 0x2D ? -1 : 1); i += 6
        } else { return nil }
    }
    // Days from civil (Howard Hinnant's algorithm).
    let yy = mo <= 2 ? y - 1 : y
    let era = (yy >= 0 ? yy : yy - 399) / 400
    let yoe = yy - era * 400
    let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    let days = era * 146097 + doe - 719468
    return Double(days * 86400 + h * 3600 + mi * 60 + s - offset) + frac
}

/// A small direct-mapped table of strings made from line bytes (at most `width` bytes, no escapes), so values that
/// repeat across records share one `String`. A hit is verified byte for byte.
final class InternTable {
    static let slots = 1024, width = 64
    private let bytes: UnsafeMutablePointer<UInt8>
    private let lengths: UnsafeMutablePointer<UInt8>
    private var strings: [String]

    init() {
        bytes = .allocate(capacity: Self.slots * Self.width)
        lengths = .allocate(capacity: Self.slots)
        lengths.initialize(repeating: 0, count: Self.slots)
        strings = Array(repeating: "", count: Self.slots)
    }

    deinit {
        bytes.deallocate()
        lengths.deallocate()
    }

    /// `String(decoding: p, as: UTF8.self)` for 4...`width` bytes.
    func string(_ p: UnsafeRawBufferPointer) -> String {
        let n = p.count
        let base = p.baseAddress!
        let head = base.loadUnaligned(as: UInt32.self)
        let tail = base.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
        let mid = base.loadUnaligned(fromByteOffset: n / 2 - 2, as: UInt32.self)
        var h = (UInt64(head) << 32 | UInt64(tail)) &* 0x9E37_79B9_7F4A_7C15
        h ^= UInt64(mid) &* 0xC2B2_AE3D_27D4_EB4F ^ UInt64(n)
        let slot = Int(truncatingIfNeeded: (h ^ (h >> 31)) & UInt64(Self.slots - 1))
        let stored = bytes + slot * Self.width
        if Int(lengths[slot]) == n, memcmp(stored, base, n) == 0 { return strings[slot] }
        let s = String(decoding: p, as: UTF8.self)
        stored.update(from: base.assumingMemoryBound(to: UInt8.self), count: n)
        lengths[slot] = UInt8(n)
        strings[slot] = s
        return s
    }
}
