#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SemConvModel

// The record model: what every telemetry decoder produces and the only thing telemetry rules read.
//
//     unit bytes ──decoder──▶ TelemetryBatch ──rules──▶ findings + session observations ──lifecycle──▶ findings
//
// A *unit* is what a decoder decodes at once: one NDJSON line, one pretty-printed JSON document, or one OTLP
// protobuf message. A decoder fills a `TelemetryBatch` that is reset and reused unit after unit: plain-old-data
// arrays of value slots, attribute occurrences and records that reference bytes of the unit's buffer (zero-copy).
// Nothing in a batch owns a `String`; strings are byte ranges, decoded only when a finding needs their text.
//
// Decisions a decoder makes once, so that no rule ever branches on the input format:
// - **Absent means absent.** JSON `null`, an OTLP `AnyValue` with no value (`{}` / no oneof field set) and a missing
//   key all produce *no* slot and *no* attribute occurrence. A present empty string is a present string slot.
// - **Format facts become flags** on the value slot: `textScalar` (Faro sends numbers and booleans as strings),
//   `untypedNumber` (a plain JSON number outside OTLP may be an int or a double), `escaped` (a JSON string with
//   backslash escapes; the bytes must be unescaped before use).
// - **Event names, timestamps and session roles** are resolved by the decoder: a record's `eventName` is the slot
//   holding its name wherever the format keeps it (OTLP `eventName` or an `event.name` attribute, a flat event's
//   `event` key, a Faro event's `name`), and mapped names (Faro `session_extend`) are written to `scratch`.
//
// Positions: every slot, occurrence and record carries `offset`, the byte offset in the unit where a finding about
// it lands, and `pathAnchor`, an opaque number the decoder turns into a path text (`TelemetryDecoder.path(_:)`)
// only when a finding needs one. `TelemetryBatch.sourceLocation(ofByte:file:)` turns an offset into `line:column`
// for text units (columns in Unicode scalars, lines counted inside a multi-line document) and into the message
// number and byte offset for binary units (`SourceLocation.byte`).

/// A growable array of plain-old-data values whose storage survives `removeAll()`, so a batch allocates nothing
/// once warmed up. Reference semantics: hold it in a `let`. Not thread-safe (one batch per worker).
final class PODBuffer<Element: BitwiseCopyable> {
    @exclusivity(unchecked) private(set) var base: UnsafeMutablePointer<Element>
    @exclusivity(unchecked) private(set) var count = 0
    @exclusivity(unchecked) private(set) var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always) subscript(_ i: Int) -> Element {
        get { base[i] }
        set { base[i] = newValue }
    }

    @inline(__always) subscript(_ i: Int32) -> Element {
        get { base[Int(i)] }
        set { base[Int(i)] = newValue }
    }

    /// Appends `element`; returns its index.
    @inline(__always) @discardableResult
    func append(_ element: Element) -> Int32 {
        if count == capacity { grow(count + 1) }
        base[count] = element
        count &+= 1
        return Int32(truncatingIfNeeded: count &- 1)
    }

    /// Makes room for `extra` more elements without reallocating in between.
    func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    @inline(never) private func grow(_ needed: Int) {
        var c = capacity
        while c < needed { c *= 2 }
        let fresh = UnsafeMutablePointer<Element>.allocate(capacity: c)
        fresh.moveInitialize(from: base, count: count)
        base.deallocate()
        base = fresh
        capacity = c
    }

    /// Forgets the elements, keeps the storage.
    @inline(__always) func removeAll() { count = 0 }

    /// Drops elements from index `n` on.
    @inline(__always) func truncate(to n: Int) { count = min(count, n) }
}

extension PODBuffer where Element == UInt8 {
    /// Appends `bytes` (one copy, growing first when needed); returns where they are.
    @inline(__always) @discardableResult
    func append(contentsOf bytes: UnsafeRawBufferPointer) -> ByteSpan {
        let start = count
        if let from = bytes.baseAddress, bytes.count > 0 {
            reserve(bytes.count)
            UnsafeMutableRawPointer(base + count).copyMemory(from: from, byteCount: bytes.count)
            count &+= bytes.count
        }
        return ByteSpan(start, count)
    }

    /// The bytes of `span`, valid until the buffer next grows.
    @inline(__always) func bytes(_ span: ByteSpan) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + Int(span.start), count: span.count)
    }
}

/// A byte range `start..<end` of the unit (or of `TelemetryBatch.scratch` where a flag says so).
struct ByteSpan: Hashable, BitwiseCopyable {
    var start: Int32
    var end: Int32

    static let none = ByteSpan(start: 0, end: -1)

    init(start: Int32, end: Int32) {
        self.start = start
        self.end = end
    }

    init(_ start: Int, _ end: Int) {
        self.start = Int32(truncatingIfNeeded: start)
        self.end = Int32(truncatingIfNeeded: end)
    }

    /// False for `.none` (an empty range `n..<n` is present and empty).
    @inline(__always) var isPresent: Bool { end >= start }
    @inline(__always) var count: Int { Int(end &- start) }
}

/// A run of consecutive attribute occurrences: `first..<first+count` in `TelemetryBatch.attributes`.
struct AttributeSpan: Hashable, BitwiseCopyable {
    var first: Int32
    var count: Int32

    static let empty = AttributeSpan(first: 0, count: 0)

    init(first: Int32, count: Int32) {
        self.first = first
        self.count = count
    }

    @inline(__always) var range: Range<Int> { Int(first)..<Int(first + count) }
}

/// The type of a present value. There is no "null" kind: absent values have no slot at all.
enum ValueKind: UInt8, BitwiseCopyable {
    /// Text: `span` holds the UTF-8 bytes (JSON: without the quotes, escapes unresolved when `escaped`).
    case string
    /// A 64-bit integer in `scalar` (OTLP `intValue`, a JSON integer; `span` holds its text).
    case int
    /// A double whose bit pattern is in `scalar` (`span` holds its text; JSON's `"NaN"`/`"Infinity"` decode too).
    case double
    /// A boolean: `scalar` is 0 or 1.
    case bool
    /// Raw bytes (OTLP `bytesValue`: base64 text in JSON, the bytes themselves in protobuf).
    case bytes
    /// An array: elements are slots linked from `first` through `next`; `count` of them.
    case array
    /// A map (OTLP `kvlistValue`, a JSON object): entries are slots with a `key`, linked from `first` through `next`.
    case map

    /// The word used in findings (`'x' is string, but the registry declares int`).
    var name: String {
        switch self {
        case .string: "string"
        case .int: "int"
        case .double: "double"
        case .bool: "boolean"
        case .bytes: "bytes"
        case .array: "array"
        case .map: "map"
        }
    }
}

/// Facts about one value slot (and its key, for map entries).
struct ValueFlags: OptionSet, Hashable, BitwiseCopyable {
    var rawValue: UInt16

    /// The string's bytes hold JSON escapes; use `TelemetryBatch.string(_:)` / `withBytes` to read its text.
    static let escaped = ValueFlags(rawValue: 1 << 0)
    /// The string holds bytes >= 0x80 (checked for valid UTF-8 by the `invalid-utf8` rule).
    static let nonASCII = ValueFlags(rawValue: 1 << 1)
    /// A string that stands for a number or boolean when the registry wants one (Faro sends every attribute value
    /// as a string): `"3"` satisfies `int`, `"true"` satisfies `boolean`.
    static let textScalar = ValueFlags(rawValue: 1 << 2)
    /// A number whose source format does not distinguish int from double (plain JSON): an int satisfies `double`.
    static let untypedNumber = ValueFlags(rawValue: 1 << 3)
    /// Set by rules: the value was already reported (value detectors skip it).
    static let reported = ValueFlags(rawValue: 1 << 4)
    /// The slot's `key` holds JSON escapes.
    static let keyEscaped = ValueFlags(rawValue: 1 << 5)
    /// The slot's `key` is a range of `TelemetryBatch.scratch`, not of the unit.
    static let keyInScratch = ValueFlags(rawValue: 1 << 6)
    /// The key names an attribute-like entry (a body or kvlist map entry, a nested object member of a flat event):
    /// forbidden attribute keys are findings there too. Without it the key is a wire-format field name, kept only to
    /// name the value in messages (`severityText`, `body`).
    static let attributeKey = ValueFlags(rawValue: 1 << 7)
    /// The value's `span` is a range of `TelemetryBatch.scratch` (e.g. a decoder-mapped event name).
    static let inScratch = ValueFlags(rawValue: 1 << 8)
    /// A container whose elements were not decoded into slots (a value outside the structure the decoder knows;
    /// its strings are still listed as slots of their own).
    static let unlinked = ValueFlags(rawValue: 1 << 9)
    /// `scalar` could not be decoded from the text (an OTLP `intValue` that is not an integer): only the kind is known.
    static let unparsed = ValueFlags(rawValue: 1 << 10)
    /// On an occurrence's `keyFlags`: the producer names attributes its own way (flat events, Faro), so a registry
    /// alias (`session_id`) is the expected spelling there, not an `attribute-alias` finding.
    static let aliasAllowed = ValueFlags(rawValue: 1 << 11)
    /// With `unparsed`: an OTLP time field (`timeUnixNano`, ...) that holds no unsigned 64-bit integer, kept as a
    /// slot only so that `otlp-value-invalid` can name it.
    static let timeField = ValueFlags(rawValue: 1 << 12)
}

/// One present value of the unit. 48 bytes, no references.
struct ValueSlot: BitwiseCopyable {
    var kind: ValueKind
    var flags: ValueFlags
    /// Payload bytes: string content, the text of a number, or the whole container.
    var span: ByteSpan
    /// `int`: the value; `double`: `Double.bitPattern`; `bool`: 0 or 1.
    var scalar: Int64
    /// Containers: the first element or entry slot (-1 when empty or unlinked).
    var first: Int32
    /// The next element or entry of the same container (-1 at the end).
    var next: Int32
    /// Containers: the number of elements or entries.
    var count: Int32
    /// Map entries and named values: the key (`.none` when the value has no key).
    var key: ByteSpan
    /// Byte offset in the unit where a finding about this value lands (JSON strings: the opening quote).
    var offset: Int32
    /// Decoder-defined; `TelemetryDecoder.path(_:)` renders it.
    var pathAnchor: Int32

    init(kind: ValueKind, flags: ValueFlags = [], span: ByteSpan, scalar: Int64 = 0, key: ByteSpan = .none,
         offset: Int32, pathAnchor: Int32) {
        self.kind = kind
        self.flags = flags
        self.span = span
        self.scalar = scalar
        first = -1
        next = -1
        count = 0
        self.key = key
        self.offset = offset
        self.pathAnchor = pathAnchor
    }

    @inline(__always) var double: Double { Double(bitPattern: UInt64(bitPattern: scalar)) }
}

/// Where an attribute occurrence sits in the OTLP hierarchy. Requirement levels are checked on the union of the
/// levels a record sees (resource + scope + parent span + its own).
enum AttributeLevel: UInt8, BitwiseCopyable {
    /// OTLP resource attributes; Faro `meta` fields and `meta.*.attributes` (per payload, shared by every item).
    case resource
    /// OTLP instrumentation-scope attributes.
    case scope
    /// A record's own attributes (OTLP record/span/event/data point; flat-event keys; Faro item `attributes`/`context`).
    case record
}

/// One attribute as written: key bytes and a present value. 28 bytes, no references.
struct AttributeOccurrence: BitwiseCopyable {
    /// The key as written (unit bytes), or in `TelemetryBatch.scratch` with `.keyInScratch` (a mapped or unescaped key).
    var key: ByteSpan
    /// Only `.keyEscaped` and `.keyInScratch` are used.
    var keyFlags: ValueFlags
    var level: AttributeLevel
    /// The value slot (always present: absent values produce no occurrence).
    var value: Int32
    /// The record whose own attribute this is (-1 for resource and scope attributes): names the event in findings.
    var owner: Int32
    /// Byte offset where findings about the attribute land (OTLP: the `{key, value}` object; flat/Faro: the value).
    var offset: Int32
    var pathAnchor: Int32
}

/// What a record is, in OTLP terms (the signal and the message that carries it) or in its producer's terms.
enum RecordSignal: UInt8, BitwiseCopyable, CaseIterable {
    case logRecord, span, spanEvent, metricDataPoint, flatEvent, faroEvent, faroLog, faroException, faroMeasurement

    /// Whether record-level rules (requirement levels, session context, lifecycle) apply. Metric data points carry
    /// attributes only: their attributes are checked, the record is only counted.
    var isEventLike: Bool { self != .metricDataPoint }
}

/// Facts about a record that its decoder knows.
struct RecordFlags: OptionSet, Hashable, BitwiseCopyable {
    var rawValue: UInt8

    /// The record belongs to a session whether or not it names one: client-side producers (flat events, Faro)
    /// record nothing outside a session, so session context rules apply to all their records. (Other records are
    /// session records when they carry the session id, are the policy's start or end event, or come from a
    /// resource with a client attribute of the policy: see `TelemetryChecker.isSessionRecord`.)
    static let sessionRecord = RecordFlags(rawValue: 1 << 0)
    /// The event, named in the producer's own words (`eventName` as written), is a start of the session policy that
    /// continues an earlier session by definition (Faro's `session_extend`).
    static let continuingStart = RecordFlags(rawValue: 1 << 1)
    /// The record's time field is present but holds no valid time (`"timeUnixNano":"-5"`, `"1772363200.5"`, an
    /// unparseable `timestamp`): `time` is 0 and findings say the time is invalid, not missing.
    static let invalidTime = RecordFlags(rawValue: 1 << 2)
    /// With `invalidTime`: the time is a valid OTLP `fixed64` beyond what a signed 64-bit count of nanoseconds holds
    /// (after 2262-04-11T23:47:16.854775807Z), so findings say how far off it is rather than that it is malformed.
    static let timeBeyondRange = RecordFlags(rawValue: 1 << 3)
    /// Both time flags, set and cleared together (a beyond-range time is also an invalid one).
    static let timeFlags: RecordFlags = [.invalidTime, .timeBeyondRange]
}

/// Where a record sits in its unit, rendered only when a finding needs it:
/// `resourceLogs[0].scopeLogs[1].logRecords[3]`. Indexes are 0-based positions in the repeated fields.
struct RecordPath: Hashable, Sendable, BitwiseCopyable {
    enum Kind: UInt8, Sendable, BitwiseCopyable {
        case root, log, span, spanEvent, dataPoint, faroEvent, faroLog, faroException, faroMeasurement
    }

    var kind: Kind
    var a: Int32 = 0, b: Int32 = 0, c: Int32 = 0, d: Int32 = 0
    /// Data points: which metric data field holds them (index into `RecordPath.metricDataFields`). Spans and span
    /// events: 1 when they sit in a Faro payload's `traces` (an OTLP/JSON traces request inside it).
    var e: Int32 = 0

    init(_ kind: Kind, _ a: Int = 0, _ b: Int = 0, _ c: Int = 0, _ d: Int = 0, _ e: Int = 0) {
        self.kind = kind
        self.a = Int32(truncatingIfNeeded: a)
        self.b = Int32(truncatingIfNeeded: b)
        self.c = Int32(truncatingIfNeeded: c)
        self.d = Int32(truncatingIfNeeded: d)
        self.e = Int32(truncatingIfNeeded: e)
    }

    static let metricDataFields = ["gauge", "sum", "histogram", "exponentialHistogram", "summary"]

    var text: String {
        switch kind {
        case .root: "$"
        case .log: "resourceLogs[\(a)].scopeLogs[\(b)].logRecords[\(c)]"
        case .span: (e == 1 ? "traces." : "") + "resourceSpans[\(a)].scopeSpans[\(b)].spans[\(c)]"
        case .spanEvent: (e == 1 ? "traces." : "") + "resourceSpans[\(a)].scopeSpans[\(b)].spans[\(c)].events[\(d)]"
        case .dataPoint:
            "resourceMetrics[\(a)].scopeMetrics[\(b)].metrics[\(c)].\(Self.metricDataFields[Int(e) % 5]).dataPoints[\(d)]"
        case .faroEvent: "events[\(a)]"
        case .faroLog: "logs[\(a)]"
        case .faroException: "exceptions[\(a)]"
        case .faroMeasurement: "measurements[\(a)]"
        }
    }
}

/// One record: a log record, span, span event, metric data point, flat event or Faro item, with the attribute
/// levels it sees. Resource and scope attributes are shared by reference (spans into `attributes`), not copied.
struct TelemetryRecord: BitwiseCopyable {
    var signal: RecordSignal
    var flags: RecordFlags
    var resource: AttributeSpan
    var scope: AttributeSpan
    /// Span events: the attributes of the span that holds the event (empty otherwise).
    var parent: AttributeSpan
    /// The record's own attributes.
    var attributes: AttributeSpan
    /// Slot of the event name (a string slot), -1 when the record names no event.
    var eventName: Int32
    /// Nanoseconds since the Unix epoch; 0 when absent. Log records: `timeUnixNano`, else `observedTimeUnixNano`;
    /// spans: `startTimeUnixNano`; span events and data points: `timeUnixNano`; flat events and Faro items: their
    /// timestamp.
    var time: Int64
    /// Log records: `observedTimeUnixNano`; 0 when absent.
    var observedTime: Int64
    /// Spans: `endTimeUnixNano` (when the SDK handed the span to its exporter); 0 otherwise.
    var endTime: Int64
    /// Slot of the body (log records), -1 when absent.
    var body: Int32
    /// Trace and span id bytes (hex text in JSON, raw bytes in protobuf); `.none` when absent.
    var traceID: ByteSpan
    var spanID: ByteSpan
    /// Byte offset in the unit where findings about the record land (JSON: the record object's `{`).
    var offset: Int32
    var path: RecordPath
    /// One past the record's last byte in the unit (the JSON object's `}`, the end of the protobuf message):
    /// `offset..<extent` are the record's own bytes as written, which identify a redelivered copy. 0 when unknown.
    var extent: Int32
    /// Metric data points: the slot of their metric's name; -1 otherwise.
    var metricName: Int32

    init(signal: RecordSignal, flags: RecordFlags = [], resource: AttributeSpan = .empty, scope: AttributeSpan = .empty,
         parent: AttributeSpan = .empty, attributes: AttributeSpan = .empty, eventName: Int32 = -1,
         time: Int64 = 0, observedTime: Int64 = 0, endTime: Int64 = 0, body: Int32 = -1,
         traceID: ByteSpan = .none, spanID: ByteSpan = .none, offset: Int32, extent: Int32 = 0, path: RecordPath,
         metricName: Int32 = -1) {
        self.signal = signal
        self.flags = flags
        self.resource = resource
        self.scope = scope
        self.parent = parent
        self.attributes = attributes
        self.eventName = eventName
        self.time = time
        self.observedTime = observedTime
        self.endTime = endTime
        self.body = body
        self.traceID = traceID
        self.spanID = spanID
        self.offset = offset
        self.extent = extent
        self.path = path
        self.metricName = metricName
    }
}

/// How positions in a unit are reported.
enum PositionStyle: UInt8, BitwiseCopyable {
    /// Text input: `line:column`, columns in Unicode scalars, lines counted from the unit's first line.
    case text
    /// Binary input, and JSON read from a length-prefixed message: `line` is the 1-based message number, no column,
    /// and the location carries the byte offset in the message (`SourceLocation.byte`).
    case binary
}

/// Which input kind a unit was read as (the summary's `inputs` counts).
enum UnitInputKind: UInt8, BitwiseCopyable, CaseIterable {
    case otlp, events, faro

    var name: String {
        switch self {
        case .otlp: "otlp"
        case .events: "events"
        case .faro: "faro"
        }
    }
}

/// A problem with the unit itself, found while decoding (the unit is not JSON, nests too deep, is no known kind).
struct UnitProblem {
    var rule: TelemetryRuleID
    var message: String
    /// Byte offset in the unit.
    var offset: Int
    var fix: String?
}

/// Decodes units of one input format into a `TelemetryBatch`. One instance per worker thread; not thread-safe.
protocol TelemetryDecoder: AnyObject {
    /// Decodes `batch.unit` (already set by `TelemetryBatch.reset`) into `batch`. A unit that is not valid input at
    /// all leaves no records and appends a `UnitProblem`; a unit of the wrong kind for this decoder also does.
    func decode(into batch: TelemetryBatch)

    /// The path text of a `pathAnchor` this decoder put into the current batch, e.g.
    /// `resourceLogs[0].scopeLogs[0].logRecords[3].attributes["user.email"]`. Only valid until the next `decode`.
    func path(_ anchor: Int32) -> String

    /// The attribute or field name a value belongs to, for messages about values without a key of their own
    /// (`'severityText' holds what looks like an e-mail address`); nil when there is none. Optional.
    func valueName(_ anchor: Int32) -> String?
}

extension TelemetryDecoder {
    func valueName(_ anchor: Int32) -> String? { nil }
}

/// The decoded form of one unit, reused unit after unit (see the file comment for the model).
///
/// A decoder fills it in this order: `reset(unit:number:style:)`, then for each record its attribute occurrences
/// (resource and scope ones first, once, shared by the records that follow) and value slots, then the record itself
/// with `AttributeSpan`s into `attributes`. Every string value of the unit that the decoder does not otherwise use
/// should still be a slot (with the JSON member name as a plain `key` where there is one), so that value detectors
/// see the whole unit.
final class TelemetryBatch {
    /// The unit's bytes; valid while the unit is checked.
    @exclusivity(unchecked) private(set) var unit = UnsafeRawBufferPointer(start: nil, count: 0)
    /// The unit's number: its first line for text input, its 1-based message number for binary input.
    @exclusivity(unchecked) private(set) var number = 0
    @exclusivity(unchecked) private(set) var style = PositionStyle.text
    /// Text units: whether any byte is >= 0x80 (columns then count scalars, not bytes). Set by the decoder.
    @exclusivity(unchecked) var hasNonASCII = false
    /// Text units: whether the unit spans several lines (a pretty-printed document). Set by the decoder.
    @exclusivity(unchecked) var multiline = false
    /// Binary units: the message was a compressed frame and the unit is its decompressed content, so byte offsets
    /// count in the decompressed bytes (`ByteOffset.Space.decompressedMessage`).
    @exclusivity(unchecked) var decompressed = false
    /// Binary units: bytes of the message before `unit` (a UTF-8 BOM the checker dropped), added to byte offsets.
    @exclusivity(unchecked) var skipped = 0
    /// How the unit was read; nil when it was not read as telemetry at all.
    @exclusivity(unchecked) var inputKind: UnitInputKind?
    /// The decoder of the current unit (renders path anchors).
    @exclusivity(unchecked) var decoder: TelemetryDecoder?

    let slots = PODBuffer<ValueSlot>(capacity: 256)
    let attributes = PODBuffer<AttributeOccurrence>(capacity: 64)
    let records = PODBuffer<TelemetryRecord>(capacity: 32)
    /// Bytes a decoder made rather than found: mapped keys (Faro `meta.user.email` → `user.email`), mapped event
    /// names, unescaped keys. Referenced with `.keyInScratch` / `.inScratch`.
    let scratch = PODBuffer<UInt8>(capacity: 256)
    /// Problems with the unit itself (rare; `String`s allowed).
    @exclusivity(unchecked) var problems: [UnitProblem] = []
    /// Slots flagged `unparsed` (values an OTLP receiver rejects), so rules look for them only when there are some.
    @exclusivity(unchecked) var unparsedSlots = 0

    /// Starts a new unit: forgets everything of the previous one.
    func reset(unit: UnsafeRawBufferPointer, number: Int, style: PositionStyle) {
        self.unit = unit
        self.number = number
        self.style = style
        hasNonASCII = false
        multiline = false
        decompressed = false
        skipped = 0
        inputKind = nil
        if !lineStarts.isEmpty { lineStarts.removeAll(keepingCapacity: true) }
        columnCache = (-1, 0, 1)
        slots.removeAll()
        attributes.removeAll()
        records.removeAll()
        scratch.removeAll()
        if !problems.isEmpty { problems.removeAll(keepingCapacity: true) }
        unparsedSlots = 0
    }

    // MARK: building (decoders)

    /// Appends a slot; returns its index.
    @inline(__always) @discardableResult
    func addSlot(_ slot: ValueSlot) -> Int32 { slots.append(slot) }

    /// Appends bytes to `scratch`; returns their span.
    @discardableResult
    func addScratch(_ bytes: UnsafeRawBufferPointer) -> ByteSpan {
        scratch.append(contentsOf: bytes)
    }

    @discardableResult
    func addScratch(_ bytes: [UInt8]) -> ByteSpan { bytes.withUnsafeBytes { addScratch($0) } }

    /// Appends an attribute occurrence; returns its index.
    @inline(__always) @discardableResult
    func addAttribute(_ occurrence: AttributeOccurrence) -> Int32 { attributes.append(occurrence) }

    /// Appends a record; returns its index.
    @inline(__always) @discardableResult
    func addRecord(_ record: TelemetryRecord) -> Int32 { records.append(record) }

    /// The index the next record will get (for `AttributeOccurrence.owner`).
    @inline(__always) var nextRecordIndex: Int32 { Int32(truncatingIfNeeded: records.count) }

    func addProblem(_ rule: TelemetryRuleID, _ message: String, offset: Int, fix: String? = nil) {
        problems.append(UnitProblem(rule: rule, message: message, offset: offset, fix: fix))
    }

    // MARK: reading (rules)

    /// The raw bytes of `span` (unit bytes, or scratch bytes when `inScratch`).
    @inline(__always) func bytes(_ span: ByteSpan, inScratch: Bool = false) -> UnsafeRawBufferPointer {
        guard span.isPresent else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let base = inScratch ? UnsafeRawPointer(scratch.base) : unit.baseAddress!
        return UnsafeRawBufferPointer(start: base + Int(span.start), count: span.count)
    }

    /// A slot's payload bytes as stored (escapes unresolved).
    @inline(__always) func rawBytes(ofSlot s: Int32) -> UnsafeRawBufferPointer {
        let slot = slots[s]
        return bytes(slot.span, inScratch: slot.flags.contains(.inScratch))
    }

    /// Calls `body` with the text bytes of a string slot, escapes resolved (a copy only when escaped).
    @inline(__always) func withText<R>(ofSlot s: Int32, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let slot = slots[s]
        let raw = bytes(slot.span, inScratch: slot.flags.contains(.inScratch))
        if !slot.flags.contains(.escaped) { return body(raw) }
        return JSONText.unescape(raw).withUnsafeBytes(body)
    }

    /// The text of a slot: strings with escapes resolved (invalid UTF-8 repaired), numbers as written.
    func string(ofSlot s: Int32) -> String {
        withText(ofSlot: s) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with an occurrence's key bytes, escapes resolved.
    @inline(__always) func withKey<R>(of occurrence: AttributeOccurrence, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        keyBytes(occurrence.key, occurrence.keyFlags, body)
    }

    /// Calls `body` with a keyed slot's key bytes, escapes resolved (empty when the slot has no key).
    @inline(__always) func withKey<R>(ofSlot s: Int32, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let slot = slots[s]
        return keyBytes(slot.key, slot.flags, body)
    }

    @inline(__always) private func keyBytes<R>(_ key: ByteSpan, _ flags: ValueFlags,
                                                _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let raw = bytes(key, inScratch: flags.contains(.keyInScratch))
        if !flags.contains(.keyEscaped) { return body(raw) }
        return JSONText.unescape(raw).withUnsafeBytes(body)
    }

    func keyString(of occurrence: AttributeOccurrence) -> String {
        withKey(of: occurrence) { String(decoding: $0, as: UTF8.self) }
    }

    func keyString(ofSlot s: Int32) -> String? {
        guard slots[s].key.isPresent else { return nil }
        return withKey(ofSlot: s) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether a string slot's text equals `literal` (escapes resolved).
    func slot(_ s: Int32, equals literal: [UInt8]) -> Bool {
        withText(ofSlot: s) { t in bytesEqual(t, literal) }
    }

    /// An integer read from a slot: an int, or a string holding one (textScalar strings).
    func int64(ofSlot s: Int32) -> Int64? {
        let slot = slots[s]
        switch slot.kind {
        case .int: return slot.flags.contains(.unparsed) ? nil : slot.scalar
        case .string: return withText(ofSlot: s) { parseInt($0) }
        default: return nil
        }
    }

    /// A double read from a slot: a double, an int, or a string holding a number.
    func double(ofSlot s: Int32) -> Double? {
        let slot = slots[s]
        switch slot.kind {
        case .double: return slot.flags.contains(.unparsed) ? nil : slot.double
        case .int: return slot.flags.contains(.unparsed) ? nil : Double(slot.scalar)
        case .string: return withText(ofSlot: s) { parseDouble($0) }
        default: return nil
        }
    }

    /// The elements (arrays) or entries (maps) of a container slot.
    @inline(__always) func forEachChild(ofSlot s: Int32, _ body: (Int32) -> Void) {
        var c = slots[s].first
        while c >= 0 {
            body(c)
            c = slots[c].next
        }
    }

    // MARK: positions

    /// `line:column` of a byte offset of the unit: for text units the line (the unit's number plus the newlines
    /// before the offset) and the 1-based column in Unicode scalars; for binary units the message number and
    /// column 0.
    func location(ofByte offset: Int32) -> (line: Int, column: Int) {
        guard style == .text, let base = unit.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            return (number, 0)
        }
        let end = max(0, min(Int(offset), unit.count))
        var lineStart = 0
        var line = number
        if multiline {
            // Line starts found once per unit, then a binary search per position.
            if lineStarts.isEmpty {
                lineStarts.append(0)
                for i in 0..<unit.count where base[i] == 0x0A { lineStarts.append(i + 1) }
            }
            var lo = 0, hi = lineStarts.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if lineStarts[mid] <= end { lo = mid } else { hi = mid - 1 }
            }
            lineStart = lineStarts[lo]
            line += lo
        }
        if !hasNonASCII { return (line, end - lineStart + 1) }
        // Columns count scalars; positions are mostly asked in increasing order, so continue from the last one.
        var column = 1
        var i = lineStart
        if columnCache.lineStart == lineStart, columnCache.offset <= end {
            column = columnCache.column
            i = columnCache.offset
        }
        while i < end {
            if base[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        columnCache = (lineStart, end, column)
        return (line, column)
    }

    /// Multi-line units: the byte offset of each line's start (built on first need).
    @exclusivity(unchecked) private var lineStarts: [Int] = []
    /// The last column computed: (line start, offset, column).
    @exclusivity(unchecked) private var columnCache = (lineStart: -1, offset: 0, column: 1)

    /// Where byte `offset` of the unit is, as findings give it: `line:column` for text units, the message number and
    /// the byte offset in the message for binary units.
    func sourceLocation(ofByte offset: Int32, file: String) -> SourceLocation {
        guard style == .text else {
            return SourceLocation(file: file, message: number, byte: skipped + Int(offset),
                                  of: decompressed ? .decompressedMessage : .message)
        }
        let (line, column) = location(ofByte: offset)
        return SourceLocation(file: file, line: line, column: column)
    }

    /// The path text of a decoder anchor (`$` when the unit has no decoder).
    func path(_ anchor: Int32) -> String { decoder?.path(anchor) ?? "$" }

    /// The name a value belongs to: its key, else what the decoder knows (see `TelemetryDecoder.valueName`).
    func name(ofSlot s: Int32) -> String? {
        keyString(ofSlot: s) ?? decoder?.valueName(slots[s].pathAnchor)
    }
}

/// Whether two byte ranges hold the same bytes (`memcmp`, no generic iteration).
@inline(__always) func bytesEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
}

@inline(__always) func bytesEqual(_ a: UnsafeRawBufferPointer, _ b: [UInt8]) -> Bool {
    a.count == b.count && (a.isEmpty || b.withUnsafeBytes { memcmp(a.baseAddress!, $0.baseAddress!, a.count) == 0 })
}

/// JSON string escapes, resolved on demand (strings are stored as raw byte ranges).
enum JSONText {
    /// The UTF-8 bytes of a JSON string's content with escapes resolved (lone surrogates become U+FFFD).
    static func unescape(_ raw: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        var pendingHigh: UInt32?
        func appendScalar(_ v: UInt32) {
            let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
            UTF8.encode(scalar) { out.append($0) }
        }
        while i < raw.count {
            let c = raw[i]
            guard c == 0x5C, i + 1 < raw.count else {
                if let high = pendingHigh { appendScalar(high); pendingHigh = nil }
                out.append(c)
                i += 1
                continue
            }
            let e = raw[i + 1]
            if e == 0x75, i + 5 < raw.count {
                var v: UInt32 = 0
                for k in 2...5 { v = v << 4 | UInt32(hexValue(raw[i + k])) }
                i += 6
                if v >= 0xD800 && v < 0xDC00 {
                    if pendingHigh != nil { appendScalar(0xFFFD) }
                    pendingHigh = v
                    continue
                }
                if v >= 0xDC00 && v < 0xE000 {
                    if let high = pendingHigh {
                        appendScalar(0x10000 + ((high - 0xD800) << 10) + (v - 0xDC00))
                        pendingHigh = nil
                    } else {
                        appendScalar(0xFFFD)
                    }
                    continue
                }
                if pendingHigh != nil { appendScalar(0xFFFD); pendingHigh = nil }
                appendScalar(v)
                continue
            }
            if pendingHigh != nil { appendScalar(0xFFFD); pendingHigh = nil }
            switch e {
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            default: out.append(e)
            }
            i += 2
        }
        if pendingHigh != nil { appendScalar(0xFFFD) }
        return out
    }
}
