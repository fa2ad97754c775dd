import SemConvModel

/// The per-unit half of the linter, one per worker thread: decodes a unit into its `TelemetryBatch`, runs every
/// stateless rule on the batch, and gathers what the session lifecycle needs from each record. Units are
/// independent, so pieces of input can be checked in parallel and merged in order.
final class TelemetryChecker: @unchecked Sendable {
    let index: RegistryIndex
    let batch = TelemetryBatch()
    let json: JSONUnitDecoder
    /// Decodes OTLP protobuf units (`.otlpProtobuf`, or well-formed protobuf under `.auto`) into the batch,
    /// positions as message number and byte offset (`PositionStyle.binary`).
    let protobuf: OTLPProtobufDecoder
    let sink: FindingSink
    let ctx: UnitRuleContext
    /// The kind `--input` forces, if any.
    let forced: UnitInputKind?

    /// Observations for the session lifecycle since the last drain, with the bytes they reference.
    @exclusivity(unchecked) private var observations: [SessionObservation] = []
    /// Their ids' and names' bytes, back to back (a few per record: one copy each, not `Array`'s generic append),
    /// copied into `CheckerOutput.arena` by `drain`.
    private let arena = PODBuffer<UInt8>(capacity: 16 << 10)
    /// Non-blank units since the last drain.
    @exclusivity(unchecked) private(set) var units = 0

    private let hasPolicy: Bool
    private let recommendedOn: Bool, aliasOn: Bool, deprecatedOn: Bool

    init(index: RegistryIndex, settings: TelemetryRuleSettings, input: InputKind, maxDepth: Int, maxLineLength: Int) {
        self.index = index
        json = JSONUnitDecoder(index: index, batch: batch, maxDepth: maxDepth, maxLineLength: maxLineLength)
        protobuf = OTLPProtobufDecoder(batch: batch, maxDepth: maxDepth)
        sink = FindingSink(settings: settings)
        ctx = UnitRuleContext(index: index, batch: batch, sink: sink)
        switch input {
        case .otlp: forced = .otlp
        case .events: forced = .events
        case .faro: forced = .faro
        default: forced = nil
        }
        hasPolicy = index.registry.policy.session != nil
        recommendedOn = settings.isOn(.recommendedAttributeMissing)
        aliasOn = settings.isOn(.attributeAlias)
        deprecatedOn = settings.isOn(.deprecatedAttribute)
    }

    var file: String {
        get { sink.file }
        set { sink.file = newValue }
    }

    /// What checking a unit decided.
    struct Outcome {
        /// Records decoded.
        var records = 0
        /// The rule of the problem that made the unit unreadable (not JSON, too deep, no known kind), if any.
        var problem: TelemetryRuleID?
        /// Whether the unit was blank (nothing to check).
        var blank = false
        /// Whether the unit was read as OTLP protobuf.
        var binary = false
    }

    /// Checks one unit. `number` is its line (text) or message number (binary) as the findings report it;
    /// `multiline` says a text unit spans several lines (a pretty-printed document). A UTF-8 BOM at the start and a
    /// CR at the end are dropped; a blank unit is skipped.
    /// `message`: the unit is a length-prefixed message, its own bytes (`.message`) or the decompressed content of a
    /// compressed frame (`.decompressedMessage`): findings give the message number and the byte offset in it, JSON
    /// as well as protobuf. Protobuf units always do (a request body is a message too).
    @discardableResult
    func check(unit raw: UnsafeRawBufferPointer, number: Int, format: TelemetryUnitFormat = .auto,
               multiline: Bool = false, message: ByteOffset.Space? = nil) -> Outcome {
        if let signal = Self.protobufSignal(raw, format) {
            units += 1
            batch.reset(unit: raw, number: number, style: .binary)
            batch.decompressed = message == .decompressedMessage
            var outcome = Outcome(binary: true)
            if let forced, forced != .otlp {
                // Protobuf is always OTLP: not the kind --input forces (the file's no-telemetry finding says so).
                outcome.problem = .unknownInput
                if let severity = sink.admit(.unknownInput) {
                    ctx.report(.unknownInput, severity,
                               "the message is an OTLP protobuf \(signal.rawValue) request, not a \(JSONUnitDecoder.describe(forced)) (--input \(forced.name)); not read",
                               offset: 0, fix: "drop '--input \(forced.name)' (or pass '--input otlp') to read OTLP protobuf")
                }
                return outcome
            }
            protobuf.signal = signal
            outcome = decodeAndCheck(with: protobuf)
            outcome.binary = true
            return outcome
        }
        var unit = raw
        if unit.count >= 3, unit[0] == 0xEF, unit[1] == 0xBB, unit[2] == 0xBF {
            unit = UnsafeRawBufferPointer(rebasing: unit[3...])
        }
        if let last = unit.last, last == 0x0D { unit = UnsafeRawBufferPointer(rebasing: unit[..<(unit.count - 1)]) }
        var blank = true
        for b in unit where b != 0x20 && b != 0x09 && b != 0x0D && b != 0x0A { blank = false; break }
        if blank { return Outcome(blank: true) }
        units += 1
        batch.reset(unit: unit, number: number, style: message == nil ? .text : .binary)
        batch.decompressed = message == .decompressedMessage
        batch.skipped = raw.count > 0 ? raw.baseAddress!.distance(to: unit.baseAddress!) : 0
        batch.multiline = multiline
        json.exportRequest = format == .otlpJSON
        switch format {
        case .otlpJSON: json.forced = .otlp
        case .flatEvents: json.forced = .events
        case .faro: json.forced = .faro
        default: json.forced = forced
        }
        return decodeAndCheck(with: json)
    }

    /// Decodes the unit set up in the batch and runs the rules on it.
    private func decodeAndCheck(with decoder: any TelemetryDecoder) -> Outcome {
        decoder.decode(into: batch)
        var outcome = finishProblems()
        if let kind = batch.inputKind { ctx.stats.inputCounts[Int(kind.rawValue)] += 1 }
        runRules()
        outcome.records = batch.records.count
        return outcome
    }

    /// The signal when a unit is OTLP protobuf: `.otlpProtobuf`, or `.auto` on well-formed protobuf of a signal
    /// (`MessageUnit.binarySignal`: text starts with `{`, `[`, white space or a BOM and stays text).
    private static func protobufSignal(_ unit: UnsafeRawBufferPointer, _ format: TelemetryUnitFormat) -> OTLPSignal? {
        switch format {
        case let .otlpProtobuf(signal): signal
        case .auto: MessageUnit.binarySignal(unit)
        default: nil
        }
    }

    /// Reports the unit's problems; the first names the outcome.
    private func finishProblems() -> Outcome {
        var outcome = Outcome()
        for p in batch.problems {
            if outcome.problem == nil { outcome.problem = p.rule }
            guard let severity = sink.admit(p.rule) else { continue }
            ctx.report(p.rule, severity, p.message, offset: Int32(clamping: p.offset), fix: p.fix)
        }
        return outcome
    }

    /// Counts a line for the summary (the readers count lines, blank ones included).
    func countLines(_ n: Int) { ctx.stats.lines += n }
    func countMessages(_ n: Int) { ctx.stats.messages += n }

    /// Reports a problem the reader found before decoding (a line longer than the limit).
    func reportUnit(_ rule: TelemetryRuleID, _ message: String, line: Int, column: Int, fix: String?) {
        guard let severity = sink.admit(rule) else { return }
        sink.emit(Diagnostic(severity, rule: rule.id, message: message,
                             at: SourceLocation(file: sink.file, line: line, column: column), fix: fix))
    }

    /// Takes the findings, counts, observations and stats gathered so far.
    func drain() -> CheckerOutput {
        let (diagnostics, counts) = sink.drain()
        ctx.unknownEvents.drain(into: &ctx.stats.events)
        let output = CheckerOutput(diagnostics: diagnostics, counts: counts, observations: observations,
                                   arena: Array(UnsafeBufferPointer(start: arena.base, count: arena.count)),
                                   stats: ctx.stats, units: units)
        observations = []
        observations.reserveCapacity(output.observations.count)
        arena.removeAll()
        ctx.stats = TelemetryStats(attributes: index.attributes.count, events: index.events.count)
        units = 0
        return output
    }

    // MARK: rules

    private func runRules() {
        let attributes = batch.attributes
        ctx.occurrenceIDs.removeAll()
        ctx.occurrenceIDs.reserve(attributes.count)
        for i in 0..<attributes.count { ctx.occurrenceIDs.append(checkAttribute(attributes[i])) }
        ForbiddenAttributeRule.checkNestedKeys(ctx)
        for r in 0..<batch.records.count {
            ctx.stats.records += 1
            if batch.records[r].signal.isEventLike { checkRecord(Int32(r)) }
        }
        MetricAttributeRule.check(ctx)
        SensitiveValueRule.check(ctx)
        InvalidUTF8Rule.check(ctx)
        OTLPValueRule.check(ctx)
    }

    /// The attribute rules on one occurrence; returns its registry attribute id (-1 when none).
    @inline(__always) private func checkAttribute(_ occurrence: AttributeOccurrence) -> Int32 {
        batch.withKey(of: occurrence) { key -> Int32 in
            let (entry, decision) = ctx.keys.entry(key)
            let aliasAllowed = occurrence.keyFlags.contains(.aliasAllowed)
            let id = Int(decision.attribute(aliasAllowed: aliasAllowed))
            if id >= 0 {
                if !ctx.stats.seenAttributes[id] { ctx.stats.seenAttributes[id] = true }
                let aliasOK = decision.canonical || aliasAllowed
                if index.plain[id], aliasOK {
                    // Canonical key, not forbidden, not deprecated, no enum: only the type needs a look.
                    if !AttributeTypeRules.conforms(ctx, id: id, slot: occurrence.value) { checkType(occurrence, id) }
                    return Int32(id)
                }
                if !aliasOK, aliasOn { AttributeAliasRule.check(ctx, occurrence, id: id, key: key) }
                if ForbiddenAttributeRule.isForbidden(ctx, id) {
                    ctx.markReported(occurrence.value)
                    ForbiddenAttributeRule.report(ctx, id: id, written: key, offset: occurrence.offset,
                                                  pathAnchor: occurrence.pathAnchor, owner: occurrence.owner)
                    return Int32(id)
                }
                if deprecatedOn { DeprecatedAttributeRule.check(ctx, occurrence, id: id) }
                if !AttributeTypeRules.conforms(ctx, id: id, slot: occurrence.value) { checkType(occurrence, id) }
                return Int32(id)
            }
            if decision.templateID >= 0 {
                let template = Int(decision.templateID)
                if !ctx.stats.seenAttributes[template] { ctx.stats.seenAttributes[template] = true }
                if case let .template(inner) = index.types[template],
                   !AttributeTypeRules.matches(ctx, inner, occurrence.value) {
                    AttributeTypeRules.check(ctx, expected: inner, enumStrings: nil, enumInts: [],
                                             key: String(decoding: key, as: UTF8.self), slot: occurrence.value,
                                             offset: occurrence.offset, pathAnchor: occurrence.pathAnchor,
                                             event: ctx.eventName(ofRecord: occurrence.owner))
                }
                return -1
            }
            UnknownAttributeRule.check(ctx, occurrence, key: key, entry: entry)
            return -1
        }
    }

    private func checkType(_ occurrence: AttributeOccurrence, _ id: Int) {
        let info = index.attributes[id]
        AttributeTypeRules.check(ctx, expected: index.types[id], enumStrings: info.enumStrings, enumInts: info.enumInts,
                                 key: info.key, slot: occurrence.value, offset: occurrence.offset,
                                 pathAnchor: occurrence.pathAnchor, event: ctx.eventName(ofRecord: occurrence.owner))
    }

    /// The record rules on one event-like record, and its observation for the session lifecycle.
    private func checkRecord(_ r: Int32) {
        let record = batch.records[r]
        let presence = ctx.presence
        presence.begin()
        @inline(__always) func add(_ span: AttributeSpan) {
            var i = Int(span.first)
            let end = i + Int(span.count)
            while i < end {
                let id = ctx.occurrenceIDs[i]
                if id >= 0 { presence.add(Int(id), batch.attributes[i].value) }
                i += 1
            }
        }
        add(record.resource)
        add(record.scope)
        add(record.parent)
        add(record.attributes)
        let eventID = UnknownEventRule.resolve(ctx, record)
        let sessionSlot = presence.value(index.sessionID)
        func session() -> String? { sessionSlot.map { batch.string(ofSlot: $0) } }
        func event() -> String? { ctx.eventName(ofRecord: r) }
        var previousConditional = false
        if eventID >= 0 {
            previousConditional = RequirementLevelRules.check(ctx, record, eventID: eventID, event: event,
                                                              session: session)
        }
        guard hasPolicy else { return }
        let kind: SessionObservation.Kind = eventID < 0 ? .other
            : eventID == index.startEvent ? .start : eventID == index.endEvent ? .end : .other
        guard sessionSlot != nil || kind != .other || record.flags.contains(.sessionRecord)
            || index.clientIDs.contains(where: presence.has) else { return }
        SessionContextRules.check(ctx, record, event: event, session: session)
        if previousConditional, record.flags.contains(.continuingStart) {
            // Continues an earlier session by definition: the condition holds, whatever the device's history.
            SessionPreviousIDRules.reportContinuingStart(ctx, record, event: event, session: session)
            previousConditional = false
        }
        guard let sessionSlot else { return }
        let previousSlot = presence.value(index.previousID)
        if let previousSlot {
            SessionPreviousIDRules.checkEqualsID(ctx, record, event: event, session: sessionSlot, previous: previousSlot)
        }
        // The observation: ids and names as bytes in the arena.
        func store(_ slot: Int32) -> ByteSpan { batch.withText(ofSlot: slot) { arena.append(contentsOf: $0) } }
        var device = ByteSpan.none
        for id in index.deviceIDs {
            guard let slot = presence.value(id) else { continue }
            if device.isPresent {
                arena.append(UInt8(ascii: "|"))
                let part = store(slot)
                device.end = part.end
            } else {
                device = store(slot)
            }
        }
        if kind == .start, previousConditional, !device.isPresent {
            reportPreviousUnknowable(record, event: event, session: session)
        }
        let (line, column) = batch.location(ofByte: record.offset)
        // Findings name the event as written when the producer's name is not the registry's (Faro's
        // `session_extend` for a start): the lifecycle then knows it by its written name.
        var eventName = ByteSpan.none
        var event = Int32(eventID)
        if record.eventName >= 0, eventID < 0 || record.flags.contains(.continuingStart) {
            eventName = store(record.eventName)
            event = -1
        }
        observations.append(SessionObservation(
            kind: kind, previousConditional: previousConditional, time: record.time,
            emitted: record.endTime != 0 ? record.endTime : record.time, session: store(sessionSlot),
            previous: previousSlot.map(store) ?? .none, device: device, event: event, eventName: eventName,
            line: line, column: Int32(column), byteOffset: batch.style == .binary ? Int32(batch.skipped) + record.offset : -1,
            decompressed: batch.decompressed, path: record.path, hash: contentHash(record)))
    }

    /// A hash of the record's bytes as written (`offset..<extent`), with its time: a copy delivered again (an
    /// exporter's retry resends the same request byte for byte) has the same hash.
    @inline(__always) private func contentHash(_ record: TelemetryRecord) -> UInt64 {
        let start = Int(record.offset), end = min(Int(record.extent), batch.unit.count)
        guard end > start, let base = batch.unit.baseAddress else { return UInt64(bitPattern: record.time) }
        return ContentHash.of(base + start, count: end - start, seed: UInt64(bitPattern: record.time))
    }

    /// A start without the previous id and without device attributes: whether an earlier session existed on the
    /// same device cannot be known.
    private func reportPreviousUnknowable(_ record: TelemetryRecord, event: () -> String?, session: () -> String?) {
        guard let policy = index.registry.policy.session,
              let severity = sink.admit(.conditionallyRequiredUnknown) else { return }
        ctx.report(.conditionallyRequiredUnknown, severity,
                   "'\(event() ?? policy.startEvent)' lacks '\(policy.previousIdAttribute)'; without \(policy.deviceAttributes.joined(separator: ", ")) it is unknown whether an earlier session existed",
                   offset: record.offset, attribute: policy.previousIdAttribute, event: event(), session: session(),
                   path: record.path.text, fix: "record the device attributes so earlier sessions can be matched")
    }
}

/// What a checker gathered over a piece of input.
struct CheckerOutput: Sendable {
    var diagnostics: [Diagnostic]
    /// Findings per rule (listed or not), indexed by `TelemetryRuleID`.
    var counts: [Int]
    var observations: [SessionObservation]
    var arena: [UInt8]
    var stats: TelemetryStats
    var units: Int
}

/// A fast 64-bit hash of a record's bytes, for telling a redelivered copy (same bytes) from another record of the
/// same session and time: four independent multiply lanes over 32 bytes a step, folded at the end. Not for hash
/// tables of untrusted keys (no per-step avalanche); records of one session and timestamp are few.
enum ContentHash {
    static func of(_ p: UnsafeRawPointer, count n: Int, seed: UInt64) -> UInt64 {
        var a: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ seed, b: UInt64 = 0xC2B2_AE3D_27D4_EB4F ^ UInt64(n)
        var c: UInt64 = 0x1656_67B1_9E37_79F9, d: UInt64 = 0x27D4_EB2F_1656_67C5
        var i = 0
        while i &+ 32 <= n {
            a = (a ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            b = (b ^ p.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)) &* 0xC4CE_B9FE_1A85_EC53
            c = (c ^ p.loadUnaligned(fromByteOffset: i &+ 16, as: UInt64.self)) &* 0x9FB2_1C65_1E98_DF25
            d = (d ^ p.loadUnaligned(fromByteOffset: i &+ 24, as: UInt64.self)) &* 0xD6E8_FEB8_6659_FD93
            i &+= 32
        }
        while i &+ 8 <= n {
            a = (a ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            a ^= a >> 29
            i &+= 8
        }
        var tail: UInt64 = 0, shift: UInt64 = 0
        while i < n {
            tail |= UInt64(p.load(fromByteOffset: i, as: UInt8.self)) << shift
            shift &+= 8
            i &+= 1
        }
        b = (b ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        var h = a ^ (b >> 32 | b << 32) ^ (c >> 21 | c << 43) ^ (d >> 43 | d << 21)
        h = (h ^ h >> 33) &* 0xFF51_AFD7_ED55_8CCD
        return h ^ h >> 33
    }
}
