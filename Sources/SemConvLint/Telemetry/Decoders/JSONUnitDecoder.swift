import SemConvModel

/// Decodes one JSON unit (an NDJSON line or a whole JSON document) into a `TelemetryBatch`: parses it into a
/// `JSONTape`, decides which input it is (OTLP/JSON, a flat event or a Faro payload, or the kind `--input` forces)
/// and hands the tape to that format's walker (`decodeOTLP`, `decodeFlatEvent`, `decodeFaro`, one file each).
/// Then every string of the unit no walker used becomes a slot too, so value detectors see the whole unit.
///
/// Absent values are decided here, once, for every format: JSON `null`, an OTLP `AnyValue` without a value (`{}`)
/// and a missing key produce no slot and no attribute occurrence.
final class JSONUnitDecoder: TelemetryDecoder {
    let tape: JSONTape
    let index: RegistryIndex
    /// The kind every unit is read as, or nil to detect per unit.
    @exclusivity(unchecked) var forced: UnitInputKind?
    /// Units are OTLP/HTTP request bodies (live-check): `{}` is a valid, empty `Export*ServiceRequest` (the
    /// Collector answers it 200), not `unknown-input`. Other objects without resource data stay `unknown-input`:
    /// they are usually another format sent to the wrong endpoint.
    @exclusivity(unchecked) var exportRequest = false
    /// Text times of this decoder's units (remembers the last date and minute).
    @exclusivity(unchecked) private var rfc3339 = RFC3339Parser()
    /// The batch every unit is decoded into (a constant: reading it per value costs no reference counting).
    let batch: TelemetryBatch
    /// The kind of the unit being decoded.
    @exclusivity(unchecked) private(set) var kind = UnitInputKind.otlp

    init(index: RegistryIndex, batch: TelemetryBatch, maxDepth: Int, maxLineLength: Int) {
        self.index = index
        self.batch = batch
        tape = JSONTape(maxDepth: maxDepth, maxLineLength: maxLineLength)
        faroContinuingStarts = FaroEvents.continuingStarts(policy: index.registry.policy.session)
    }

    /// Faro event names that start a session continuing an earlier one (see `FaroEvents`), as bytes.
    let faroContinuingStarts: [[UInt8]]

    /// Decodes the unit set up in `batch`, which must be the decoder's own batch.
    func decode(into batch: TelemetryBatch) {
        precondition(batch === self.batch, "a JSON unit decoder fills the batch it was made with")
        batch.decoder = self
        if let failure = tape.parse(batch.unit) {
            let fix = failure.rule == .nestingTooDeep
                ? "flatten the structure; telemetry records do not nest this deep"
                : batch.style == .binary ? "check what wrote the file: each message must hold one complete JSON document"
                : "write one complete JSON document per line (NDJSON)"
            batch.hasNonASCII = tape.hasNonASCII
            batch.addProblem(failure.rule, failure.message, offset: failure.offset, fix: fix)
            return
        }
        batch.hasNonASCII = tape.hasNonASCII
        let root = 0
        guard tape.kind(root) == .object else {
            batch.addProblem(.unknownInput,
                             "the \(unitWord) is a JSON \(tape.kind(root).name), not an object (OTLP, flat event or Faro payload)",
                             offset: 0, fix: "write one JSON object per line")
            return
        }
        guard let detected = detect(root) ?? (exportRequest && isEmptyObject(root) ? .otlp : nil) else {
            if let forced {
                batch.addProblem(.unknownInput, "the \(unitWord) holds no \(Self.describe(forced)) though --input \(forced.name) was given",
                                 offset: 0, fix: "check what wrote this \(unitWord), or drop --input to detect the kind per \(unitWord)")
            } else {
                batch.addProblem(.unknownInput, "the \(unitWord) is neither OTLP/JSON (resourceLogs, resourceSpans, resourceMetrics), a flat event nor a Faro payload",
                                 offset: 0, fix: "pass --input to force a kind, or check what wrote this \(unitWord)")
            }
            return
        }
        kind = detected
        batch.inputKind = detected
        switch detected {
        case .otlp:
            decodeOTLP(root)
            listRemainingStrings()
        case .events:
            if decodeFlatEvent(root) { listRemainingStrings() }
        case .faro:
            decodeFaro(root)
            listRemainingStrings()
        }
    }

    private func isEmptyObject(_ t: Int) -> Bool {
        var empty = true
        tape.members(t) { _, _ in empty = false }
        return empty
    }

    private var unitWord: String { batch.style == .binary ? "message" : batch.multiline ? "document" : "line" }

    static func describe(_ kind: UnitInputKind) -> String {
        switch kind {
        case .otlp: "OTLP/JSON (resourceLogs, resourceSpans or resourceMetrics)"
        case .events: "flat event"
        case .faro: "Faro payload (meta, events, logs, exceptions, measurements)"
        }
    }

    /// The unit's kind: the forced one when the unit has its shape, else detected from its keys.
    private func detect(_ root: Int) -> UnitInputKind? {
        // One pass over the members: OTLP's `resource…` keys start with `r`, Faro's `meta` with `m` (an escaped key
        // is compared decoded).
        var isOTLP = false, meta = -1
        let toks = tape.toks
        if root >= 0, toks[root].kind == JSONKind.object.rawValue, let bytes = tape.bytes.baseAddress {
            var k = root + 1
            let end = Int(toks[root].next)
            while k < end {
                let tok = toks[k]
                let lead = tok.end > tok.start ? bytes.load(fromByteOffset: Int(tok.start), as: UInt8.self) : 0
                let escaped = tok.flags & Tok.escaped != 0
                guard lead == UInt8(ascii: "r") || lead == UInt8(ascii: "m") || escaped else {
                    k = Int(toks[k + 1].next)
                    continue
                }
                if !isOTLP, lead == UInt8(ascii: "r") || escaped,
                   K.resourceLogs.matches(tape, k) || K.resourceSpans.matches(tape, k) || K.resourceMetrics.matches(tape, k) {
                    isOTLP = true
                }
                if meta < 0, lead == UInt8(ascii: "m") || escaped, K.meta.matches(tape, k) { meta = k + 1 }
                k = Int(toks[k + 1].next)
            }
        }
        func isFaro() -> Bool {
            if meta >= 0, tape.kind(meta) == .object { return true }
            return forced == .faro && (tape.member(root, K.events) != nil || tape.member(root, K.logs) != nil
                || tape.member(root, K.exceptions) != nil || tape.member(root, K.measurements) != nil
                || tape.member(root, K.traces) != nil)
        }
        switch forced {
        case .otlp?: return isOTLP ? .otlp : nil
        case .faro?: return isFaro() ? .faro : nil
        case .events?: return .events
        case nil: break
        }
        if isOTLP { return .otlp }
        if isFaro() { return .faro }
        // Flat events: a member named like an event name or a registry attribute.
        var k = root + 1
        let end = Int(toks[root].next)
        while k < end {
            if K.eventNameKeys.contains(where: { tape.equals(k, $0) }) || index.attributeID(tape.raw(k)) != nil {
                return .events
            }
            k = Int(toks[k + 1].next)
        }
        return nil
    }

    // MARK: slots

    /// Byte offset where a finding about token `t` lands (strings: the opening quote).
    @inline(__always) func offset(_ t: Int) -> Int32 {
        let tok = tape.toks[t]
        return tok.kind == JSONKind.string.rawValue ? tok.start &- 1 : tok.start
    }

    /// The span of string token `t` (content, without quotes).
    @inline(__always) func span(_ t: Int) -> ByteSpan {
        let tok = tape.toks[t]
        return ByteSpan(start: tok.start, end: tok.end)
    }

    /// `escaped` and `nonASCII` of string token `t` as value flags.
    @inline(__always) func stringFlags(_ t: Int) -> ValueFlags {
        let f = tape.toks[t].flags
        var flags: ValueFlags = []
        if f & Tok.escaped != 0 { flags.insert(.escaped) }
        if f & Tok.nonASCII != 0 { flags.insert(.nonASCII) }
        return flags
    }

    /// Key flags of string token `k` used as a key.
    @inline(__always) func keyFlags(_ k: Int) -> ValueFlags {
        tape.toks[k].flags & Tok.escaped != 0 ? .keyEscaped : []
    }

    @inline(__always) func markSlotted(_ t: Int) { tape.toks[t].flags |= Tok.slotted }

    /// A slot for a string token.
    @inline(__always) func stringSlot(_ t: Int, extra: ValueFlags = [], key: ByteSpan = .none,
                                      offset: Int32? = nil, anchor: Int? = nil) -> Int32 {
        markSlotted(t)
        return batch.addSlot(ValueSlot(kind: .string, flags: stringFlags(t).union(extra), span: span(t), key: key,
                                       offset: offset ?? self.offset(t), pathAnchor: Int32(anchor ?? t)))
    }

    /// A slot for a plain JSON value (flat events, Faro, and JSON where OTLP expects an `AnyValue`): strings,
    /// numbers (`untypedNumber`: JSON does not tell int from double), booleans, arrays and objects with their
    /// elements and entries. `null` is absent (nil). `textScalar` strings stand for numbers and booleans (Faro).
    func plainSlot(_ v: Int, key: ByteSpan = .none, keyFlags: ValueFlags = [], textScalar: Bool = false,
                   offset: Int32? = nil, anchor: Int? = nil) -> Int32? {
        let tok = tape.toks[v]
        let at = offset ?? self.offset(v)
        let pathAnchor = Int32(anchor ?? v)
        switch JSONKind(rawValue: tok.kind)! {
        case .null:
            return nil
        case .string:
            return stringSlot(v, extra: keyFlags.union(textScalar ? .textScalar : []), key: key, offset: at,
                              anchor: anchor ?? v)
        case .number:
            markSlotted(v)
            let raw = tape.raw(v)
            var slot = ValueSlot(kind: .int, flags: keyFlags.union(.untypedNumber), span: span(v), key: key,
                                 offset: at, pathAnchor: pathAnchor)
            if tok.flags & Tok.integer != 0, let i = parseInt(raw) {
                slot.scalar = i
            } else if let d = parseDouble(raw) {
                slot.kind = .double
                slot.scalar = Int64(bitPattern: d.bitPattern)
            } else {
                slot.kind = .double
                unparsed(&slot, v)
            }
            return batch.addSlot(slot)
        case .bool:
            markSlotted(v)
            return batch.addSlot(ValueSlot(kind: .bool, flags: keyFlags, span: span(v),
                                           scalar: base(v) == UInt8(ascii: "t") ? 1 : 0, key: key, offset: at,
                                           pathAnchor: pathAnchor))
        case .array:
            let s = batch.addSlot(ValueSlot(kind: .array, flags: keyFlags, span: containerSpan(v), key: key,
                                            offset: at, pathAnchor: pathAnchor))
            var children = ChildLinker(parent: s)
            tape.elements(v) { _, e in
                if let c = plainSlot(e, textScalar: textScalar) { children.link(c, in: batch) }
            }
            return s
        case .object:
            let s = batch.addSlot(ValueSlot(kind: .map, flags: keyFlags, span: containerSpan(v), key: key,
                                            offset: at, pathAnchor: pathAnchor))
            var children = ChildLinker(parent: s)
            tape.members(v) { k, e in
                tape.toks[k].flags |= Tok.checked
                if let c = plainSlot(e, key: span(k), keyFlags: self.keyFlags(k).union(.attributeKey),
                                     textScalar: textScalar) {
                    children.link(c, in: batch)
                }
            }
            return s
        }
    }

    @inline(__always) private func base(_ t: Int) -> UInt8 {
        tape.bytes.load(fromByteOffset: Int(tape.toks[t].start), as: UInt8.self)
    }

    @inline(__always) func containerSpan(_ t: Int) -> ByteSpan {
        let tok = tape.toks[t]
        return ByteSpan(start: tok.start, end: tok.end &+ 1)
    }

    /// A slot for an OTLP `AnyValue` object at `v`: the first member naming a variant decides; `{}` (no variant)
    /// and `null` are absent (nil). A bare JSON value where an `AnyValue` belongs is read as a plain value.
    func anyValueSlot(_ v: Int, key: ByteSpan = .none, keyFlags: ValueFlags = [], offset: Int32? = nil,
                      anchor: Int? = nil) -> Int32? {
        guard v >= 0 else { return nil }
        guard tape.toks[v].kind == JSONKind.object.rawValue else {
            return plainSlot(v, key: key, keyFlags: keyFlags, offset: offset, anchor: anchor)
        }
        var k = v + 1
        let end = Int(tape.toks[v].next)
        while k < end {
            let p = k + 1
            let pk = tape.toks[p].kind
            if pk == JSONKind.null.rawValue {
                k = Int(tape.toks[p].next)
                continue
            }
            let at = offset ?? self.offset(p)
            let pathAnchor = Int32(anchor ?? p)
            let variant = AnyValueVariant(tape, k)
            if variant == .string {
                if pk == JSONKind.string.rawValue {
                    return stringSlot(p, extra: keyFlags, key: key, offset: at, anchor: anchor ?? p)
                }
                return plainSlot(p, key: key, keyFlags: keyFlags, offset: at, anchor: anchor)
            }
            if variant == .int {
                markSlotted(p)
                var slot = ValueSlot(kind: .int, flags: keyFlags, span: span(p), key: key, offset: at,
                                     pathAnchor: pathAnchor)
                // A receiver reads a JSON number here as an integer literal only (no fraction, no exponent).
                if let i = tape.int64(p), pk == JSONKind.string.rawValue || tape.toks[p].flags & Tok.integer != 0 {
                    slot.scalar = i
                } else {
                    unparsed(&slot, p)
                }
                return batch.addSlot(slot)
            }
            if variant == .double {
                markSlotted(p)
                var slot = ValueSlot(kind: .double, flags: keyFlags, span: span(p), key: key, offset: at,
                                     pathAnchor: pathAnchor)
                if let d = tape.double(p).flatMap({ $0.isFinite ? $0 : nil }) ?? Self.goFloat(tape.raw(p)) {
                    slot.scalar = Int64(bitPattern: d.bitPattern)
                } else {
                    unparsed(&slot, p)
                }
                return batch.addSlot(slot)
            }
            if variant == .bool {
                markSlotted(p)
                let truth = pk == JSONKind.bool.rawValue ? base(p) == UInt8(ascii: "t") : tape.equals(p, K.trueBytes)
                return batch.addSlot(ValueSlot(kind: .bool, flags: keyFlags, span: span(p), scalar: truth ? 1 : 0,
                                               key: key, offset: at, pathAnchor: pathAnchor))
            }
            if variant == .array {
                let s = batch.addSlot(ValueSlot(kind: .array, flags: keyFlags, span: containerSpan(p), key: key,
                                                offset: at, pathAnchor: pathAnchor))
                var children = ChildLinker(parent: s)
                tape.elements(tape.member(p, K.values) ?? -1) { _, e in
                    if let c = anyValueSlot(e) { children.link(c, in: batch) }
                }
                return s
            }
            if variant == .kvlist {
                let s = batch.addSlot(ValueSlot(kind: .map, flags: keyFlags, span: containerSpan(p), key: key,
                                                offset: at, pathAnchor: pathAnchor))
                var children = ChildLinker(parent: s)
                tape.elements(tape.member(p, K.values) ?? -1) { _, e in
                    guard let kt = tape.member(e, K.key), tape.kind(kt) == .string else { return }
                    markSlotted(kt)
                    tape.toks[e].flags |= Tok.checked
                    if let c = anyValueSlot(tape.member(e, K.value) ?? -1, key: span(kt),
                                            keyFlags: self.keyFlags(kt).union(.attributeKey), offset: self.offset(e),
                                            anchor: e) {
                        children.link(c, in: batch)
                    }
                }
                return s
            }
            if variant == .bytes {
                markSlotted(p)
                return batch.addSlot(ValueSlot(kind: .bytes, flags: keyFlags, span: span(p), key: key, offset: at,
                                               pathAnchor: pathAnchor))
            }
            k = Int(tape.toks[p].next)
        }
        return nil
    }

    /// OTLP/JSON writes non-finite doubles as strings.
    /// What Go's `strconv.ParseFloat(s, 64)` reads (the Collector's OTLP/JSON reader for a `doubleValue`
    /// string): decimal and hexadecimal floats (`0x1p3`), `inf`, `infinity` and `nan` in any case with an optional
    /// sign (protobuf's `"NaN"`, `"Infinity"`, `"-Infinity"` among them); nil otherwise, and for finite text beyond
    /// `Double`'s range (`1e400`: ParseFloat's range error).
    static func goFloat(_ raw: UnsafeRawBufferPointer) -> Double? {
        let text = String(decoding: raw, as: UTF8.self)
        let signed = text.first == "-" || text.first == "+"
        switch (signed ? String(text.dropFirst()) : text).lowercased() {
        case "inf", "infinity": return text.first == "-" ? -.infinity : .infinity
        case "nan": return .nan
        default: break
        }
        guard let d = Double(text), d.isFinite else { return nil }
        return d
    }

    // MARK: times

    /// OTLP `*UnixNano` (a decimal string or a number) in nanoseconds; 0 when absent, zero or not a number.
    /// Marks a scalar slot whose text is no value of its kind (`otlp-value-invalid`), placed at value token `t`
    /// itself (a kvlist entry's slot is otherwise placed at its `KeyValue`, where findings about its key belong).
    private func unparsed(_ slot: inout ValueSlot, _ t: Int) {
        slot.flags.insert(.unparsed)
        slot.offset = offset(t)
        batch.unparsedSlots += 1
    }

    /// An OTLP time field (`fixed64`): a receiver reads a decimal unsigned 64-bit integer, as a string or a JSON
    /// number (`strconv.ParseUint`: no sign, no fraction); anything else but `null` becomes an `unparsed`
    /// `timeField` slot for `otlp-value-invalid`. The time is read as before (a `+` or a value beyond `Int64`
    /// aside, what a receiver reads).
    func nanos(_ t: Int) -> Int64 {
        guard t >= 0 else { return 0 }
        markSlotted(t)
        if let n = tape.int64(t), n > 0, base(t) != UInt8(ascii: "+"),
           tape.kind(t) == .string || tape.toks[t].flags & Tok.integer != 0 { return n }
        if tape.kind(t) != .null, !isUInt64(t) {
            let container = tape.kind(t) == .object || tape.kind(t) == .array
            var slot = ValueSlot(kind: .int, flags: .timeField, span: container ? containerSpan(t) : span(t),
                                 key: span(t - 1), offset: offset(t), pathAnchor: Int32(t))
            unparsed(&slot, t)
            batch.addSlot(slot)
        }
        guard let n = tape.int64(t), n > 0 else { return 0 }
        return n
    }

    /// Whether string or number token `t` is what `strconv.ParseUint(s, 10, 64)` reads: 1 to 20 digits, at most
    /// 2^64 - 1.
    private func isUInt64(_ t: Int) -> Bool {
        guard tape.kind(t) == .string || tape.kind(t) == .number else { return false }
        let raw = tape.raw(t)
        guard (1...20).contains(raw.count), raw.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        return raw.count < 20 || UInt64(String(decoding: raw, as: UTF8.self)) != nil
    }

    /// What is wrong with time token `t` read as `value`: nothing (absent, `null`, zero as OTLP's "unset", or a
    /// time), `invalidTime` when it holds no time (`"-5"`, `"1772363200.5"`, `"soon"`), and `timeBeyondRange` too
    /// when it is an unsigned 64-bit integer beyond `Int64` (after the year 2262).
    func timeProblem(_ t: Int, _ value: Int64) -> RecordFlags {
        guard t >= 0, value == 0 else { return [] }
        switch tape.kind(t) {
        case .null: return []
        case .string, .number:
            guard isUInt64(t) else { return .invalidTime }
            return tape.int64(t) == 0 ? [] : .timeFlags
        default: return .invalidTime
        }
    }

    /// A flat or Faro timestamp: RFC 3339 text, or a number of seconds, milliseconds, microseconds or nanoseconds
    /// since the epoch; in nanoseconds, 0 when it is none of these.
    func timestamp(_ t: Int) -> Int64 {
        switch tape.kind(t) {
        case .number:
            markSlotted(t)
            if tape.toks[t].flags & Tok.integer != 0, let i = parseInt(tape.raw(t)) { return Self.scaleEpoch(i) }
            guard let d = tape.double(t) else { return 0 }
            return Self.scaleEpoch(d)
        case .string:
            markSlotted(t)
            let raw = tape.raw(t)
            if let i = parseInt(raw) { return Self.scaleEpoch(i) }
            guard let seconds = rfc3339.parse(raw), seconds.whole > 0 else { return 0 }
            let (ns, overflow) = seconds.whole.multipliedReportingOverflow(by: 1_000_000_000)
            return overflow || ns > Int64.max - seconds.nanos ? 0 : ns + seconds.nanos
        default:
            return 0
        }
    }

    /// Epoch seconds, milliseconds, microseconds or nanoseconds (told apart by magnitude) in nanoseconds; 0 when
    /// not positive or beyond what nanoseconds since the epoch can hold.
    static func scaleEpoch(_ i: Int64) -> Int64 {
        if i <= 0 { return 0 }
        let scale: Int64 = i > 100_000_000_000_000_000 ? 1 : i > 100_000_000_000_000 ? 1000
            : i > 100_000_000_000 ? 1_000_000 : 1_000_000_000
        let (ns, overflow) = i.multipliedReportingOverflow(by: scale)
        return overflow ? 0 : ns
    }

    static func scaleEpoch(_ d: Double) -> Int64 {
        guard d > 0, d.isFinite else { return 0 }
        var ns = d
        if d > 1e17 { ns = d } else if d > 1e14 { ns = d * 1e3 } else if d > 1e11 { ns = d * 1e6 } else { ns = d * 1e9 }
        return ns < 9.2e18 ? Int64(ns) : 0
    }

    // MARK: the rest of the unit

    /// Every string the walkers did not use becomes a slot; in OTLP, a `{key, value}` object no walker read is a
    /// keyed entry (a forbidden key is a finding wherever it appears).
    private func listRemainingStrings() {
        let otlp = kind == .otlp
        let count = tape.count
        var t = 0
        while t < count {
            let tok = tape.toks[t]
            if tok.flags & Tok.covered != 0 {
                t = Int(tok.next)
                continue
            }
            if tok.kind == JSONKind.string.rawValue, tok.flags & (Tok.isKey | Tok.slotted) == 0 {
                if otlp, t > 0, tape.toks[t - 1].flags & Tok.isKey != 0, tok.end &- tok.start >= 0,
                   K.key.matches(tape, t - 1), let object = Optional(Int(tok.parent)), object >= 0,
                   tape.toks[object].flags & Tok.checked == 0 {
                    tape.toks[object].flags |= Tok.checked
                    markSlotted(t)
                    _ = anyValueSlot(tape.member(object, K.value) ?? -1, key: span(t),
                                     keyFlags: keyFlags(t).union(.attributeKey), offset: offset(object),
                                     anchor: object)
                } else {
                    _ = stringSlot(t)
                }
            }
            t += 1
        }
    }

    // MARK: TelemetryDecoder

    /// Where token `t` sits: `resourceLogs[0].scopeLogs[0].logRecords[3].attributes["user.email"]`. Built once
    /// into bytes (no `String` per step): the steps are found walking up, the innermost `.value` / AnyValue variant
    /// steps dropped, then the text written outermost first.
    func path(_ anchor: Int32) -> String {
        var cur = Int(anchor)
        guard cur >= 0, cur < tape.count else { return "$" }
        // Innermost first: (token, form): form 0 `.key` (token: the key), 1 `["key"]` (token: the key string),
        // 2 `[n]` (token: n).
        var steps = pathSteps
        pathSteps = []
        steps.removeAll(keepingCapacity: true)
        var out = pathBytes
        pathBytes = []
        out.removeAll(keepingCapacity: true)
        defer {
            pathSteps = steps
            pathBytes = out
        }
        let toks = tape.toks
        while cur >= 0, toks[cur].parent >= 0 {
            let p = Int(toks[cur].parent)
            if toks[p].kind == JSONKind.object.rawValue {
                steps.append((toks[cur].flags & Tok.isKey != 0 ? cur : cur - 1, 0))
            } else if toks[cur].kind == JSONKind.object.rawValue, let k = tape.member(cur, K.key),
                      toks[k].kind == JSONKind.string.rawValue {
                steps.append((k, 1))
            } else {
                var i = p + 1, n = 0
                while i < cur { i = Int(toks[i].next); n += 1 }
                steps.append((n, 2))
            }
            cur = p
        }
        var drop = 0
        while drop < steps.count, steps[drop].1 == 0, isValueStep(steps[drop].0) { drop += 1 }
        func appendKey(_ k: Int) {
            if toks[k].flags & Tok.escaped == 0 {
                let raw = tape.raw(k)
                out.append(contentsOf: UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count))
            } else {
                out.append(contentsOf: tape.string(k).utf8)
            }
        }
        var i = steps.count - 1
        let outermost = i
        while i >= drop {
            let (t, form) = steps[i]
            switch form {
            case 0:
                if i != outermost { out.append(UInt8(ascii: ".")) }
                appendKey(t)
            case 1:
                out.append(UInt8(ascii: "[")); out.append(UInt8(ascii: "\""))
                appendKey(t)
                out.append(UInt8(ascii: "\"")); out.append(UInt8(ascii: "]"))
            default:
                out.append(UInt8(ascii: "["))
                out.append(contentsOf: String(t).utf8)
                out.append(UInt8(ascii: "]"))
            }
            i -= 1
        }
        return out.isEmpty ? "$" : String(decoding: out, as: UTF8.self)
    }

    /// `path(_:)`'s scratch buffers, kept between calls.
    @exclusivity(unchecked) private var pathSteps: [(Int, UInt8)] = []
    @exclusivity(unchecked) private var pathBytes: [UInt8] = []

    /// Whether key token `k` is `value` or an AnyValue variant name (`stringValue`, `string_value`, ...).
    private func isValueStep(_ k: Int) -> Bool {
        if tape.toks[k].flags & Tok.escaped != 0 {
            let name = tape.string(k)
            return name == "value" || K.variantNames.contains(name)
        }
        return tape.equals(k, K.valueBytes) || K.variants.contains { $0.matches(tape, k) }
    }

    /// The attribute or member name a value token belongs to (for messages about values with no key of their own).
    func valueName(_ anchor: Int32) -> String? {
        var cur = Int(anchor)
        guard cur >= 0, cur < tape.count else { return nil }
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
}

/// Which `AnyValue` variant a member key names (told apart by first byte and length, then confirmed).
enum AnyValueVariant {
    case string, int, double, bool, array, kvlist, bytes, none

    @inline(__always) init(_ tape: JSONTape, _ k: Int) {
        let tok = tape.toks[k]
        let n = tok.end &- tok.start
        guard n >= 8, n <= 12 else {
            self = .none
            return
        }
        let candidate: AnyValueVariant
        let key: StaticKey
        switch tape.bytes.load(fromByteOffset: Int(tok.start), as: UInt8.self) {
        case UInt8(ascii: "s"): (candidate, key) = (.string, K.stringValue)
        case UInt8(ascii: "i"): (candidate, key) = (.int, K.intValue)
        case UInt8(ascii: "d"): (candidate, key) = (.double, K.doubleValue)
        case UInt8(ascii: "b"):
            (candidate, key) = n == 9 || n == 10 && tape.bytes.load(fromByteOffset: Int(tok.start) + 4, as: UInt8.self) == UInt8(ascii: "_")
                ? (.bool, K.boolValue) : (.bytes, K.bytesValue)
        case UInt8(ascii: "a"): (candidate, key) = (.array, K.arrayValue)
        case UInt8(ascii: "k"): (candidate, key) = (.kvlist, K.kvlistValue)
        default:
            self = .none
            return
        }
        self = key.matches(tape, k) ? candidate : .none
    }
}

/// Links the children of a container slot in order (`first`, then `next`), counting them.
struct ChildLinker {
    let parent: Int32
    private var last: Int32 = -1

    init(parent: Int32) { self.parent = parent }

    @inline(__always) mutating func link(_ child: Int32, in batch: TelemetryBatch) {
        if last < 0 { batch.slots[parent].first = child } else { batch.slots[last].next = child }
        batch.slots[parent].count += 1
        last = child
    }
}

/// Wire-format keys (OTLP accepts both spellings; Faro and flat events are matched literally).
enum K {
    static let resourceLogs = StaticKey("resourceLogs", "resource_logs")
    static let resourceSpans = StaticKey("resourceSpans", "resource_spans")
    static let resourceMetrics = StaticKey("resourceMetrics", "resource_metrics"), resource = StaticKey("resource")
    static let scopeLogs = StaticKey("scopeLogs", "scope_logs"), scopeSpans = StaticKey("scopeSpans", "scope_spans")
    static let scopeMetrics = StaticKey("scopeMetrics", "scope_metrics"), scope = StaticKey("scope")
    static let logRecords = StaticKey("logRecords", "log_records"), spans = StaticKey("spans")
    static let metrics = StaticKey("metrics"), events = StaticKey("events"), attributes = StaticKey("attributes")
    static let key = StaticKey("key"), value = StaticKey("value"), values = StaticKey("values")
    static let name = StaticKey("name"), eventName = StaticKey("eventName", "event_name"), body = StaticKey("body")
    static let timeUnixNano = StaticKey("timeUnixNano", "time_unix_nano")
    static let observedTimeUnixNano = StaticKey("observedTimeUnixNano", "observed_time_unix_nano")
    static let startTimeUnixNano = StaticKey("startTimeUnixNano", "start_time_unix_nano")
    static let endTimeUnixNano = StaticKey("endTimeUnixNano", "end_time_unix_nano")
    static let dataPoints = StaticKey("dataPoints", "data_points")
    static let traceId = StaticKey("traceId", "trace_id"), spanId = StaticKey("spanId", "span_id")
    static let stringValue = StaticKey("stringValue", "string_value"), intValue = StaticKey("intValue", "int_value")
    static let doubleValue = StaticKey("doubleValue", "double_value"), boolValue = StaticKey("boolValue", "bool_value")
    static let arrayValue = StaticKey("arrayValue", "array_value")
    static let kvlistValue = StaticKey("kvlistValue", "kvlist_value"), bytesValue = StaticKey("bytesValue", "bytes_value")
    /// `RecordPath.metricDataFields`, in that order.
    static let metricData = [StaticKey("gauge"), StaticKey("sum"), StaticKey("histogram"),
                             StaticKey("exponentialHistogram", "exponential_histogram"), StaticKey("summary")]
    static let variantNames: Set<String> = [
        "stringValue", "intValue", "doubleValue", "boolValue", "arrayValue", "kvlistValue", "bytesValue",
        "string_value", "int_value", "double_value", "bool_value", "array_value", "kvlist_value", "bytes_value",
    ]
    static let variants = [stringValue, intValue, doubleValue, boolValue, arrayValue, kvlistValue, bytesValue]
    static let valueBytes = Array("value".utf8)
    static let meta = StaticKey("meta"), logs = StaticKey("logs"), exceptions = StaticKey("exceptions")
    static let measurements = StaticKey("measurements"), context = StaticKey("context"), traces = StaticKey("traces")
    static let timestamp = StaticKey("timestamp")
    static let attributesBytes = Array("attributes".utf8)
    static let trueBytes = Array("true".utf8), falseBytes = Array("false".utf8)
    static let eventNameKeys = ["event", "event_name", "eventName", "event.name", "event_type", "eventType"].map { Array($0.utf8) }
    static let timeKeys = ["timestamp", "time", "ts", "@timestamp", "timeUnixNano"].map { Array($0.utf8) }
}

/// RFC 3339 / ISO 8601 (`2026-03-01T10:00:00.250Z`, `+02:00` offsets; `T`, `t` or a space between date and time;
/// no offset is UTC) as whole seconds since the epoch plus nanoseconds; nil unless the text is one such time of a
/// real instant: the day within its month (February 29 in leap years only), hour 0-23, minute and second 0-59 (no
/// leap second: the lifecycle has no leap-second table, so `:60` is rejected like any other out-of-range field), an
/// offset within ±23:59, nothing after it. A fraction has at least one digit and may have any number; digits beyond
/// nanoseconds are dropped. The one parser of text times (flat events, Faro), on the per-record path: bytes only.
func parseRFC3339(_ p: UnsafeRawBufferPointer) -> (whole: Int64, nanos: Int64)? {
    var parser = RFC3339Parser()
    return parser.parse(p)
}

/// `parseRFC3339` remembering the last date, hour and minute it read: the first 16 bytes (`2026-03-01T10:00`), the
/// same in the times of one stream for a minute at a time, and their seconds since the epoch (before the offset).
/// A time with the same 16 bytes skips checking and converting them again; the answer is the same either way.
struct RFC3339Parser {
    private var head: UInt64 = 0, tail: UInt64 = 0
    /// Seconds since the epoch of the remembered date, hour and minute; nil before the first valid one.
    private var minute: Int?

    mutating func parse(_ p: UnsafeRawBufferPointer) -> (whole: Int64, nanos: Int64)? {
        let n = p.count
        guard n >= 19, let base = p.baseAddress else { return nil }
        /// The 2 bytes at `from` as a decimal number; -1 unless both are digits.
        @inline(__always) func two(_ from: Int) -> Int {
            let a = p[from] &- 0x30, b = p[from &+ 1] &- 0x30
            return a < 10 && b < 10 ? Int(a) &* 10 &+ Int(b) : -1
        }
        let head = base.loadUnaligned(as: UInt64.self), tail = base.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        let minute: Int
        if let known = self.minute, head == self.head, tail == self.tail {
            minute = known
        } else {
            let hi = two(0), lo = two(2)
            guard hi >= 0, lo >= 0, p[4] == 0x2D, p[7] == 0x2D, p[10] == 0x54 || p[10] == 0x74 || p[10] == 0x20,
                  p[13] == 0x3A else { return nil }
            let y = hi &* 100 &+ lo, mo = two(5), d = two(8), h = two(11), mi = two(14)
            guard (1...12).contains(mo), d >= 1, (0...23).contains(h), (0...59).contains(mi) else { return nil }
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
            let monthDays = mo == 2 ? (leap ? 29 : 28) : 30 &+ ((mo &+ (mo >> 3)) & 1)
            guard d <= monthDays else { return nil }
            // Days from civil (Howard Hinnant's algorithm).
            let yy = mo <= 2 ? y - 1 : y
            let era = (yy >= 0 ? yy : yy - 399) / 400
            let yoe = yy - era * 400
            let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
            let days = era * 146097 + doe - 719468
            minute = days * 86400 + h * 3600 + mi * 60
            (self.head, self.tail, self.minute) = (head, tail, minute)
        }
        let s = two(17)
        guard p[16] == 0x3A, (0...59).contains(s) else { return nil }
        var i = 19
        var nanos: Int64 = 0
        if i < n, p[i] == 0x2E {
            i &+= 1
            let digits = i
            var scale: Int64 = 100_000_000
            while i < n {
                let digit = p[i] &- 0x30
                guard digit < 10 else { break }
                nanos &+= Int64(digit) &* scale
                scale /= 10
                i &+= 1
            }
            guard i > digits else { return nil }
        }
        var offset = 0
        if i < n {
            if p[i] == 0x5A || p[i] == 0x7A {
                i &+= 1
            } else if p[i] == 0x2B || p[i] == 0x2D, i &+ 6 <= n, p[i &+ 3] == 0x3A {
                let oh = two(i &+ 1), om = two(i &+ 4)
                guard (0...23).contains(oh), (0...59).contains(om) else { return nil }
                offset = (oh &* 3600 &+ om &* 60) &* (p[i] == 0x2D ? -1 : 1)
                i &+= 6
            } else {
                return nil
            }
        }
        guard i == n else { return nil }
        return (Int64(minute + s - offset), nanos)
    }
}
