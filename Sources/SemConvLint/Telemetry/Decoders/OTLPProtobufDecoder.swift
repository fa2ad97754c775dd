/// Decodes one OTLP protobuf request (`ExportLogsServiceRequest`, `ExportTraceServiceRequest` or
/// `ExportMetricsServiceRequest`, opentelemetry-proto `opentelemetry/proto/collector/*/v1/*_service.proto`) into a
/// `TelemetryBatch`, reading the message in place with `ProtobufReader`.
///
/// It produces what the OTLP/JSON decoder produces for the same request: one record per log record, span, span
/// event and metric data point, with the resource and scope attributes they see; an `AnyValue` with no value set
/// (what SDKs encode for `None`/`null`, and for a log record without a body) is absent, so it makes no slot and no
/// attribute occurrence; the event name is `LogRecord.event_name` or else an `event.name` attribute, a span event's
/// name for span events. Numbers keep their text in `scratch` (so findings quote `3`, not bytes). Fields may come in
/// any order and repeat (protobuf merges them): resource and scope are read before the records they apply to, a
/// span's own fields before its events. Unknown fields are skipped.
///
/// Positions: every offset is the byte offset in the message of the field's tag (a record: the tag of its
/// `LogRecord`/`Span`/... field; an attribute: the tag of its `KeyValue`); findings report the message number as
/// `line` and name the offset. Malformed protobuf leaves no records and one `invalid-frame` problem with the
/// offset; `AnyValue`s nested deeper than `maxDepth` one `nesting-too-deep` problem.
final class OTLPProtobufDecoder: TelemetryDecoder {
    /// The request type of the units decoded next.
    var signal: OTLPSignal
    let maxDepth: Int

    /// The batch every message is decoded into (a constant: reading it per value costs no reference counting).
    let batch: TelemetryBatch
    private let anchors = PODBuffer<Anchor>(capacity: 256)
    @exclusivity(unchecked) private var bodyName = ByteSpan.none

    init(batch: TelemetryBatch, signal: OTLPSignal = .logs, maxDepth: Int = 128) {
        self.batch = batch
        self.signal = signal
        self.maxDepth = maxDepth
    }

    /// Decodes the message set up in `batch`, which must be the decoder's own batch.
    func decode(into batch: TelemetryBatch) {
        precondition(batch === self.batch, "a protobuf decoder fills the batch it was made with")
        anchors.removeAll()
        bodyName = .none
        batch.decoder = self
        batch.inputKind = .otlp
        do {
            try request(ProtobufReader(batch.unit))
        } catch {
            batch.slots.removeAll()
            batch.attributes.removeAll()
            batch.records.removeAll()
            anchors.removeAll()
            if error.tooDeep {
                batch.addProblem(.nestingTooDeep, "AnyValue nests deeper than \(maxDepth) levels", offset: error.offset,
                                 fix: "flatten the structure; telemetry values do not nest this deep")
            } else {
                batch.addProblem(.invalidFrame, "message is not a valid OTLP \(signal.rawValue) request: \(error.message)",
                                 offset: error.offset,
                                 fix: "check what wrote the file; a protobuf message must be written whole")
            }
        }
    }

    // MARK: paths

    /// One step of a path, rendered only when a finding needs it.
    private struct Anchor: BitwiseCopyable {
        enum Step: BitwiseCopyable {
            case record(RecordPath)
            case resource(Int32)
            case scope(Int32, Int32)
            case metric(Int32, Int32, Int32)
            /// `.severityText`, `.body`, ...
            case field(FieldName)
            /// `.attributes["key"]`
            case attribute(ByteSpan)
            /// `.kvlistValue.values["key"]`
            case entry(ByteSpan)
            /// `.arrayValue.values[3]`
            case element(Int32)
            /// `.links[1]`
            case link(Int32)
        }

        var parent: Int32
        var step: Step
    }

    @inline(__always) private func anchor(_ step: Anchor.Step, under parent: Int32 = -1) -> Int32 {
        anchors.append(Anchor(parent: parent, step: step))
    }

    func path(_ anchor: Int32) -> String {
        guard anchor >= 0, Int(anchor) < anchors.count else { return "$" }
        var steps: [Anchor.Step] = []
        var a = anchor
        while a >= 0 {
            steps.append(anchors[Int(a)].step)
            a = anchors[Int(a)].parent
        }
        var text = ""
        var afterKeyValue = false
        for step in steps.reversed() {
            // A KeyValue's AnyValue is its `value` member, as OTLP/JSON paths write it.
            switch step {
            case .entry, .element: if afterKeyValue { text += ".value" }
            default: break
            }
            switch step {
            case .attribute, .entry: afterKeyValue = true
            default: afterKeyValue = false
            }
            switch step {
            case let .record(path): text += path.text
            case let .resource(r): text += "\(top)[\(r)].resource"
            case let .scope(r, s): text += "\(top)[\(r)].\(scopeField)[\(s)].scope"
            case let .metric(r, s, m): text += "\(top)[\(r)].\(scopeField)[\(s)].metrics[\(m)]"
            case let .field(name): text += "." + name.rawValue
            case let .attribute(key): text += ".attributes[\"" + string(key) + "\"]"
            case let .entry(key): text += ".kvlistValue.values[\"" + string(key) + "\"]"
            case let .element(i): text += ".arrayValue.values[\(i)]"
            case let .link(i): text += ".links[\(i)]"
            }
        }
        return text
    }

    /// The field or attribute a value belongs to: the nearest field name or key on its path.
    func valueName(_ anchor: Int32) -> String? {
        var a = anchor
        while a >= 0, Int(a) < anchors.count {
            switch anchors[Int(a)].step {
            case let .field(name): return name.rawValue
            case let .attribute(key), let .entry(key): return string(key)
            case .record, .resource, .scope, .metric: return nil
            case .element, .link: a = anchors[Int(a)].parent
            }
        }
        return nil
    }

    private func string(_ span: ByteSpan) -> String { String(decoding: batch.bytes(span), as: UTF8.self) }

    private var top: String {
        switch signal {
        case .logs: "resourceLogs"
        case .traces: "resourceSpans"
        case .metrics: "resourceMetrics"
        }
    }

    private var scopeField: String {
        switch signal {
        case .logs: "scopeLogs"
        case .traces: "scopeSpans"
        case .metrics: "scopeMetrics"
        }
    }

    // MARK: request, resource, scope

    private func request(_ message: ProtobufReader) throws(ProtobufError) {
        var ri: Int32 = 0
        try message.forEach(1) { (block, _) throws(ProtobufError) in
            try resourceBlock(block, ri)
            ri += 1
        }
    }

    /// `ResourceLogs` / `ResourceSpans` / `ResourceMetrics`: the resource first, then the scope blocks.
    private func resourceBlock(_ message: ProtobufReader, _ ri: Int32) throws(ProtobufError) {
        let resourceAnchor = anchor(.resource(ri))
        var si: Int32 = 0
        try block(message, anchor: resourceAnchor, header: { (resource) throws(ProtobufError) in
            try resource.forEach(1) { (kv, at) throws(ProtobufError) in
                try keyValue(kv, at: at, level: .resource, owner: -1, under: resourceAnchor)
            }
        }, children: { (scope, _, attributes) throws(ProtobufError) in
            try scopeBlock(scope, ri, si, attributes)
            si += 1
        })
    }

    /// `ScopeLogs` / `ScopeSpans` / `ScopeMetrics`: the scope first, then the records.
    private func scopeBlock(_ message: ProtobufReader, _ ri: Int32, _ si: Int32, _ resource: AttributeSpan) throws(ProtobufError) {
        let scopeAnchor = anchor(.scope(ri, si))
        var index: Int32 = 0
        try block(message, anchor: scopeAnchor, header: { (scope) throws(ProtobufError) in
            var r = scope
            while !r.isAtEnd {
                let at = r.position
                let (field, wire) = try r.tag()
                switch (field, wire) {
                case (1, .lengthDelimited): try string(&r, at: at, .name, under: scopeAnchor)
                case (2, .lengthDelimited): try string(&r, at: at, .version, under: scopeAnchor)
                case (3, .lengthDelimited): try keyValue(r.message(), at: at, level: .scope, owner: -1, under: scopeAnchor)
                default: try r.skip(wire, field: field)
                }
            }
        }, children: { (record, at, scope) throws(ProtobufError) in
            let context = Context(ri: ri, si: si, index: index, resource: resource, scope: scope)
            switch signal {
            case .logs: try logRecord(record, at: at, context)
            case .traces: try span(record, at: at, context)
            case .metrics: try metric(record, context)
            }
            index += 1
        })
    }

    /// A resource or scope block: its header (field 1, the resource or scope, whose attributes `header` adds) and
    /// `schema_url` (field 3) first, wherever they sit, then its children (field 2) with the header's attributes.
    private func block(_ message: ProtobufReader, anchor: Int32, header: (ProtobufReader) throws(ProtobufError) -> Void,
                       children: (ProtobufReader, Int, AttributeSpan) throws(ProtobufError) -> Void) throws(ProtobufError) {
        let first = batch.attributes.count
        var r = message
        while !r.isAtEnd {
            let at = r.position
            let (field, wire) = try r.tag()
            switch (field, wire) {
            case (1, .lengthDelimited): try header(r.message())
            case (3, .lengthDelimited): try string(&r, at: at, .schemaUrl, under: anchor)
            default: try r.skip(wire, field: field)
            }
        }
        let attributes = span(from: first)
        try message.forEach(2) { (child, at) throws(ProtobufError) in try children(child, at, attributes) }
    }

    private struct Context {
        var ri, si, index: Int32
        var resource, scope: AttributeSpan
    }

    /// A record as it starts: its path's anchor, its index (the owner of its attributes), the index its attributes
    /// will start at.
    private func start(_ signal: RecordSignal, _ path: RecordPath, at offset: Int, end: Int,
                       _ c: Context) -> (TelemetryRecord, anchor: Int32, owner: Int32, first: Int) {
        (TelemetryRecord(signal: signal, resource: c.resource, scope: c.scope, offset: Int32(truncatingIfNeeded: offset),
                         extent: Int32(truncatingIfNeeded: end), path: path),
         anchor(.record(path)), batch.nextRecordIndex, batch.attributes.count)
    }

    /// A `fixed64` time: nanoseconds since the epoch, or 0 (with `.invalidTime` and `.timeBeyondRange`) beyond
    /// what `Int64` holds.
    private func time(_ bits: UInt64, _ record: inout TelemetryRecord) -> Int64 {
        if bits > UInt64(Int64.max) {
            record.flags.formUnion(.timeFlags)
            return 0
        }
        return Int64(bits)
    }

    // MARK: records

    private func logRecord(_ message: ProtobufReader, at offset: Int, _ c: Context) throws(ProtobufError) {
        var (record, recordAnchor, owner, _) = start(.logRecord, RecordPath(.log, Int(c.ri), Int(c.si), Int(c.index)),
                                                     at: offset, end: message.end, c)
        // Where the attributes (field 6) sit, to read them in a second pass over that part only.
        var attributesFrom = -1, attributesTo = -1
        var r = message
        while !r.isAtEnd {
            let at = r.position
            let (field, wire) = try r.tag()
            switch (field, wire) {
            case (6, .lengthDelimited):
                _ = try r.lengthDelimited()
                if attributesFrom < 0 { attributesFrom = at }
                attributesTo = r.position
            case (1, .fixed64): record.time = time(try r.fixed64(), &record)
            case (11, .fixed64): record.observedTime = time(try r.fixed64(), &record)
            case (3, .lengthDelimited): try string(&r, at: at, .severityText, under: recordAnchor)
            case (5, .lengthDelimited):
                record.body = try anyValue(r.message(), at: at, key: bodyKey(), flags: .keyInScratch, depth: 0,
                                           under: anchor(.field(.body), under: recordAnchor))
            case (9, .lengthDelimited): record.traceID = try id(&r)
            case (10, .lengthDelimited): record.spanID = try id(&r)
            case (12, .lengthDelimited):
                let slot = try string(&r, at: at, .eventName, under: recordAnchor)
                if batch.slots[slot].span.count > 0 { record.eventName = slot }
            default: try r.skip(wire, field: field)
            }
        }
        // Attributes after the other fields, wherever they sit: without `event_name`, an `event.name` attribute
        // (where SDKs before the field put it) names the event and is not an attribute of the record.
        let takeEventName = record.eventName < 0
        let first = batch.attributes.count
        if attributesFrom >= 0 {
            try message.slice(attributesFrom..<attributesTo).forEach(6) { (kv, at) throws(ProtobufError) in
                let name = try keyValue(kv, at: at, level: .record, owner: owner, under: recordAnchor,
                                        takeEventName: takeEventName)
                if name >= 0, record.eventName < 0 { record.eventName = name }
            }
        }
        if record.time == 0 { record.time = record.observedTime }
        if record.time != 0 { record.flags.subtract(.timeFlags) }
        record.attributes = span(from: first)
        batch.addRecord(record)
    }

    private func span(_ message: ProtobufReader, at offset: Int, _ c: Context) throws(ProtobufError) {
        var (record, recordAnchor, owner, first) = start(.span, RecordPath(.span, Int(c.ri), Int(c.si), Int(c.index)),
                                                         at: offset, end: message.end, c)
        var links: Int32 = 0
        var r = message
        while !r.isAtEnd {
            let at = r.position
            let (field, wire) = try r.tag()
            switch (field, wire) {
            case (1, .lengthDelimited): record.traceID = try id(&r)
            case (2, .lengthDelimited): record.spanID = try id(&r)
            case (3, .lengthDelimited): try string(&r, at: at, .traceState, under: recordAnchor)
            case (5, .lengthDelimited): try string(&r, at: at, .name, under: recordAnchor)
            case (7, .fixed64): record.time = time(try r.fixed64(), &record)
            case (8, .fixed64): record.endTime = Int64(clamping: try r.fixed64())
            case (9, .lengthDelimited): try keyValue(r.message(), at: at, level: .record, owner: owner, under: recordAnchor)
            case (13, .lengthDelimited):
                try link(r.message(), under: anchor(.link(links), under: recordAnchor))
                links += 1
            case (15, .lengthDelimited):
                var status = try r.message()
                while !status.isAtEnd {
                    let statusAt = status.position
                    let (f, w) = try status.tag()
                    if f == 2, w == .lengthDelimited {
                        try string(&status, at: statusAt, .statusMessage, under: recordAnchor)
                    } else {
                        try status.skip(w, field: f)
                    }
                }
            default: try r.skip(wire, field: field)
            }
        }
        record.attributes = span(from: first)
        batch.addRecord(record)
        // Span events after the span's own fields, wherever they sit: they see the span's attributes.
        var ei: Int32 = 0
        try message.forEach(11) { (event, at) throws(ProtobufError) in
            try spanEvent(event, at: at, c, parent: record, index: ei)
            ei += 1
        }
    }

    private func spanEvent(_ message: ProtobufReader, at offset: Int, _ c: Context, parent: TelemetryRecord,
                           index: Int32) throws(ProtobufError) {
        var (record, recordAnchor, owner, first) = start(.spanEvent, RecordPath(.spanEvent, Int(c.ri), Int(c.si),
                                                         Int(c.index), Int(index)), at: offset, end: message.end, c)
        record.parent = parent.attributes
        record.traceID = parent.traceID
        record.spanID = parent.spanID
        var r = message
        while !r.isAtEnd {
            let at = r.position
            let (field, wire) = try r.tag()
            switch (field, wire) {
            case (1, .fixed64): record.time = time(try r.fixed64(), &record)
            case (2, .lengthDelimited):
                let slot = try string(&r, at: at, .name, under: recordAnchor)
                if batch.slots[slot].span.count > 0 { record.eventName = slot }
            case (3, .lengthDelimited): try keyValue(r.message(), at: at, level: .record, owner: owner, under: recordAnchor)
            default: try r.skip(wire, field: field)
            }
        }
        record.attributes = span(from: first)
        batch.addRecord(record)
    }

    /// A span link: its strings and attribute values are slots (value detectors see them), not attribute
    /// occurrences of the span.
    private func link(_ message: ProtobufReader, under linkAnchor: Int32) throws(ProtobufError) {
        var r = message
        while !r.isAtEnd {
            let at = r.position
            let (field, wire) = try r.tag()
            switch (field, wire) {
            case (3, .lengthDelimited): try string(&r, at: at, .traceState, under: linkAnchor)
            case (4, .lengthDelimited):
                var kv = try r.message()
                var key = ByteSpan.none
                while !kv.isAtEnd {
                    let valueAt = kv.position
                    let (f, w) = try kv.tag()
                    switch (f, w) {
                    case (1, .lengthDelimited): key = span(try kv.lengthDelimited())
                    case (2, .lengthDelimited):
                        _ = try anyValue(kv.message(), at: valueAt, key: key, flags: .attributeKey, depth: 0,
                                         under: anchor(.attribute(key), under: linkAnchor))
                    default: try kv.skip(w, field: f)
                    }
                }
            default: try r.skip(wire, field: field)
            }
        }
    }

    private func metric(_ message: ProtobufReader, _ c: Context) throws(ProtobufError) {
        let metricAnchor = anchor(.metric(c.ri, c.si, c.index))
        var r = message
        var points: Int32 = 0
        var name: Int32 = -1
        let firstRecord = batch.records.count
        while !r.isAtEnd {
            let at = r.position
            let (field, wire) = try r.tag()
            switch (field, wire) {
            case (1, .lengthDelimited): name = try string(&r, at: at, .name, under: metricAnchor)
            case (2, .lengthDelimited): try string(&r, at: at, .description, under: metricAnchor)
            case (3, .lengthDelimited): try string(&r, at: at, .unit, under: metricAnchor)
            case (5, .lengthDelimited), (7, .lengthDelimited), (9, .lengthDelimited), (10, .lengthDelimited),
                 (11, .lengthDelimited):
                // gauge, sum, histogram, exponential_histogram, summary: data_points = 1 in each.
                let kind = Self.dataFields.firstIndex(of: field)!
                try r.message().forEach(1) { (point, pointAt) throws(ProtobufError) in
                    try dataPoint(point, at: pointAt, c, kind: kind, index: points)
                    points += 1
                }
            default: try r.skip(wire, field: field)
            }
        }
        // The name may follow the data (protobuf fields come in any order).
        if name >= 0 { for i in firstRecord..<batch.records.count { batch.records[i].metricName = name } }
    }

    /// The `Metric.data` field numbers in `RecordPath.metricDataFields` order.
    private static let dataFields = [5, 7, 9, 10, 11]
    /// The `attributes` field number of each data point type, same order (Number, Number, Histogram,
    /// ExponentialHistogram, Summary).
    private static let pointAttributes = [7, 7, 9, 1, 7]

    private func dataPoint(_ message: ProtobufReader, at offset: Int, _ c: Context, kind: Int, index: Int32) throws(ProtobufError) {
        var (record, recordAnchor, owner, first) = start(.metricDataPoint, RecordPath(.dataPoint, Int(c.ri), Int(c.si),
                                                         Int(c.index), Int(index), kind), at: offset, end: message.end, c)
        let attributesField = Self.pointAttributes[kind]
        var r = message
        while !r.isAtEnd {
            let at = r.position
            let (field, wire) = try r.tag()
            if field == attributesField, wire == .lengthDelimited {
                try keyValue(r.message(), at: at, level: .record, owner: owner, under: recordAnchor)
            } else if field == 3, wire == .fixed64 {
                record.time = time(try r.fixed64(), &record)
            } else {
                try r.skip(wire, field: field)
            }
        }
        record.attributes = span(from: first)
        batch.addRecord(record)
    }

    // MARK: attributes and values

    /// A `KeyValue`: an attribute occurrence when its value is present. With `takeEventName`, an `event.name`
    /// attribute is no occurrence; its value's slot is returned when it is a non-empty string. Otherwise returns -1.
    @discardableResult
    private func keyValue(_ message: ProtobufReader, at offset: Int, level: AttributeLevel, owner: Int32,
                          under parent: Int32, takeEventName: Bool = false) throws(ProtobufError) -> Int32 {
        var r = message
        var key = ByteSpan.none
        var valueAt = -1
        var valueReader: ProtobufReader?
        while !r.isAtEnd {
            let at = r.position
            let (field, wire) = try r.tag()
            switch (field, wire) {
            case (1, .lengthDelimited): key = span(try r.lengthDelimited())
            case (2, .lengthDelimited):
                valueReader = try r.message()
                valueAt = at
            default: try r.skip(wire, field: field)
            }
        }
        if !key.isPresent { key = ByteSpan(r.position, r.position) }
        let attributeAnchor = anchor(.attribute(key), under: parent)
        guard let valueReader else { return -1 }
        if takeEventName, bytesEqual(batch.bytes(key), Self.eventNameKey) {
            let value = try anyValue(valueReader, at: offset, key: .none, flags: [], depth: 0, under: attributeAnchor)
            guard value >= 0, batch.slots[value].kind == .string, batch.slots[value].span.count > 0 else { return -1 }
            return value
        }
        // The value slot has no key of its own: the occurrence holds it (as the OTLP/JSON decoder does).
        let value = try anyValue(valueReader, at: valueAt, key: .none, flags: [], depth: 0, under: attributeAnchor)
        guard value >= 0 else { return -1 }
        batch.addAttribute(AttributeOccurrence(key: key, keyFlags: [], level: level, value: value, owner: owner,
                                               offset: Int32(truncatingIfNeeded: offset), pathAnchor: attributeAnchor))
        return -1
    }

    /// An `AnyValue`: its slot, or -1 when no value is set (absent). The last value field wins, as in protobuf.
    private func anyValue(_ message: ProtobufReader, at offset: Int, key: ByteSpan, flags keyFlags: ValueFlags,
                          depth: Int, under anchor: Int32) throws(ProtobufError) -> Int32 {
        guard depth < maxDepth else { throw ProtobufError(message: "too deep", offset: offset, tooDeep: true) }
        var r = message
        var slot: Int32 = -1
        let at = Int32(truncatingIfNeeded: offset)
        while !r.isAtEnd {
            let (field, wire) = try r.tag()
            switch (field, wire) {
            case (1, .lengthDelimited):
                let (start, count) = try r.lengthDelimited()
                var flags = keyFlags
                if !isASCII(start, count) { flags.insert(.nonASCII) }
                slot = batch.addSlot(ValueSlot(kind: .string, flags: flags, span: ByteSpan(start, start + count),
                                               key: key, offset: at, pathAnchor: anchor))
            case (2, .varint):
                let value = try r.varint() != 0
                slot = batch.addSlot(ValueSlot(kind: .bool, flags: keyFlags.union(.inScratch),
                                               span: batch.addScratch(value ? Self.trueText : Self.falseText),
                                               scalar: value ? 1 : 0, key: key, offset: at, pathAnchor: anchor))
            case (3, .varint):
                let value = Int64(bitPattern: try r.varint())
                slot = batch.addSlot(ValueSlot(kind: .int, flags: keyFlags.union(.inScratch), span: decimal(value),
                                               scalar: value, key: key, offset: at, pathAnchor: anchor))
            case (4, .fixed64):
                let bits = try r.fixed64()
                var text = Self.text(Double(bitPattern: bits))
                let span = text.withUTF8 { batch.addScratch(UnsafeRawBufferPointer($0)) }
                slot = batch.addSlot(ValueSlot(kind: .double, flags: keyFlags.union(.inScratch), span: span,
                                               scalar: Int64(bitPattern: bits), key: key, offset: at, pathAnchor: anchor))
            case (5, .lengthDelimited), (6, .lengthDelimited):
                let isMap = field == 6
                var container = try r.message()
                slot = batch.addSlot(ValueSlot(kind: isMap ? .map : .array, flags: keyFlags,
                                               span: ByteSpan(container.position, container.end), key: key,
                                               offset: at, pathAnchor: anchor))
                var last: Int32 = -1
                var count: Int32 = 0
                var index: Int32 = 0
                while !container.isAtEnd {
                    let elementAt = container.position
                    let (f, w) = try container.tag()
                    guard f == 1, w == .lengthDelimited else {
                        try container.skip(w, field: f)
                        continue
                    }
                    let child: Int32
                    if isMap {
                        child = try entry(container.message(), at: elementAt, depth: depth + 1, under: anchor)
                    } else {
                        child = try anyValue(container.message(), at: elementAt, key: .none, flags: [],
                                             depth: depth + 1, under: self.anchor(.element(index), under: anchor))
                    }
                    index += 1
                    guard child >= 0 else { continue }
                    if last < 0 { batch.slots[slot].first = child } else { batch.slots[last].next = child }
                    last = child
                    count += 1
                }
                batch.slots[slot].count = count
            case (7, .lengthDelimited):
                let (start, count) = try r.lengthDelimited()
                slot = batch.addSlot(ValueSlot(kind: .bytes, flags: keyFlags, span: ByteSpan(start, start + count),
                                               key: key, offset: at, pathAnchor: anchor))
            default:
                // string_value_strindex (8) refers to a profiles dictionary, which logs, traces and metrics lack.
                try r.skip(wire, field: field)
            }
        }
        return slot
    }

    /// A `KeyValue` inside a `kvlistValue`: a map entry slot with its key, or -1 when the value is absent.
    private func entry(_ message: ProtobufReader, at offset: Int, depth: Int, under parent: Int32) throws(ProtobufError) -> Int32 {
        var r = message
        var key = ByteSpan.none
        var value: (ProtobufReader, Int)?
        while !r.isAtEnd {
            let at = r.position
            let (field, wire) = try r.tag()
            switch (field, wire) {
            case (1, .lengthDelimited): key = span(try r.lengthDelimited())
            case (2, .lengthDelimited): value = (try r.message(), at)
            default: try r.skip(wire, field: field)
            }
        }
        guard let (reader, at) = value else { return -1 }
        if !key.isPresent { key = ByteSpan(offset, offset) }
        return try anyValue(reader, at: at, key: key, flags: .attributeKey, depth: depth,
                            under: anchor(.entry(key), under: parent))
    }

    // MARK: helpers

    /// A string field (a name, a version, a severity text, ...) as a slot without a key, as the OTLP/JSON decoder
    /// lists the strings it does not otherwise use; `valueName` names the field. Returns the slot.
    @discardableResult
    private func string(_ r: inout ProtobufReader, at offset: Int, _ field: FieldName,
                        under parent: Int32) throws(ProtobufError) -> Int32 {
        let (start, count) = try r.lengthDelimited()
        return batch.addSlot(ValueSlot(kind: .string, flags: isASCII(start, count) ? [] : .nonASCII,
                                       span: ByteSpan(start, start + count), offset: Int32(truncatingIfNeeded: offset),
                                       pathAnchor: anchor(.field(field), under: parent)))
    }

    /// An id (`trace_id`, `span_id`): its bytes, `.none` when empty (proto3 leaves unset ids out or empty).
    private func id(_ r: inout ProtobufReader) throws(ProtobufError) -> ByteSpan {
        let (start, count) = try r.lengthDelimited()
        return count == 0 ? .none : ByteSpan(start, start + count)
    }

    /// The scratch span holding `body`, the body slot's key (as the OTLP/JSON decoder keys it by its member name).
    private func bodyKey() -> ByteSpan {
        if !bodyName.isPresent { bodyName = batch.addScratch(Self.bodyBytes) }
        return bodyName
    }

    @inline(__always) private func span(from first: Int) -> AttributeSpan {
        AttributeSpan(first: Int32(truncatingIfNeeded: first), count: Int32(truncatingIfNeeded: batch.attributes.count - first))
    }

    @inline(__always) private func span(_ range: (offset: Int, count: Int)) -> ByteSpan {
        ByteSpan(range.offset, range.offset + range.count)
    }

    /// Whether `count` bytes of the unit from `start` are all ASCII (eight at a time).
    @inline(__always) private func isASCII(_ start: Int, _ count: Int) -> Bool {
        guard count > 0, let base = batch.unit.baseAddress else { return true }
        var p = base + start
        let end = p + count
        while end - p >= 8 {
            if p.loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            p += 8
        }
        while p < end {
            if p.load(as: UInt8.self) >= 0x80 { return false }
            p += 1
        }
        return true
    }

    /// `value` in decimal, appended to `scratch` without allocating.
    private func decimal(_ value: Int64) -> ByteSpan {
        let scratch = batch.scratch
        let start = scratch.count
        if value < 0 { scratch.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let first = scratch.count
        repeat {
            scratch.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        var i = first, j = scratch.count - 1
        while i < j {
            let t = scratch[i]
            scratch[i] = scratch[j]
            scratch[j] = t
            i += 1
            j -= 1
        }
        return ByteSpan(start, scratch.count)
    }

    /// A double as OTLP/JSON writes it (`1.5`, `3.0` as `3`, `NaN`, `Infinity`).
    static func text(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    private static let trueText = Array("true".utf8), falseText = Array("false".utf8)
    static let eventNameKey = Array("event.name".utf8), bodyBytes = Array("body".utf8)

    /// OTLP/JSON names of the fields that become slot keys or path steps.
    enum FieldName: String, CaseIterable {
        case name, version, schemaUrl, severityText, body, eventName, traceState, statusMessage = "status.message"
        case description, unit

    }
}

/// Which OTLP request a protobuf message is, from its content.
///
/// The three requests share their outer shape (field 1: resource blocks; in each, field 2: scope blocks; in each,
/// field 2: records), so the records decide: a `LogRecord`, `Span` and `Metric` use different wire types for the same
/// field numbers (field 1 is `fixed64` in a log record, bytes in a span and a metric; 7 and 8 are `fixed64` in a span
/// and embedded messages or `fixed32` in the others; ...). Signals whose schema a record contradicts drop out;
/// among those left, the one whose fields matched most wins. A request without records is `.logs` (nothing in it
/// can differ between the three).
enum OTLPProtobufSignal {
    enum Detection: Equatable {
        case signal(OTLPSignal)
        /// Well-formed protobuf whose records fit none of the three (e.g. an `ExportProfilesServiceRequest`).
        case unknown
        /// Not protobuf (the decoder says what is wrong and where).
        case malformed
    }

    static func detect(_ bytes: UnsafeRawBufferPointer) -> Detection {
        // Matched fields per signal (`OTLPSignal.allCases` order); -1 once a record contradicts the signal.
        var scores = (0, 0, 0)
        var records = 0
        do {
            var r = ProtobufReader(bytes)
            outer: while !r.isAtEnd {
                let (field, wire) = try r.tag()
                guard field == 1, wire == .lengthDelimited else { try r.skip(wire, field: field); continue }
                var resource = try r.message()
                while !resource.isAtEnd {
                    let (f, w) = try resource.tag()
                    guard f == 2, w == .lengthDelimited else { try resource.skip(w, field: f); continue }
                    var scope = try resource.message()
                    while !scope.isAtEnd {
                        let (g, x) = try scope.tag()
                        guard g == 2, x == .lengthDelimited else { try scope.skip(x, field: g); continue }
                        var record = try scope.message()
                        while !record.isAtEnd {
                            let (h, y) = try record.tag()
                            if h < schema.count {
                                let expected = schema[h]
                                scores.0 = score(scores.0, expected.logs, y)
                                scores.1 = score(scores.1, expected.traces, y)
                                scores.2 = score(scores.2, expected.metrics, y)
                            }
                            try record.skip(y, field: h)
                        }
                        records += 1
                        let left = (scores.0 >= 0 ? 1 : 0) + (scores.1 >= 0 ? 1 : 0) + (scores.2 >= 0 ? 1 : 0)
                        if left <= 1 || records >= 16 { break outer }
                    }
                }
            }
        } catch {
            return .malformed
        }
        var best: OTLPSignal?
        var top = -1
        for (signal, score) in [(OTLPSignal.logs, scores.0), (.traces, scores.1), (.metrics, scores.2)] where score > top {
            best = signal
            top = score
        }
        return best.map(Detection.signal) ?? .unknown
    }

    /// One field's effect on a signal's score: +1 when the wire type is the signal's, -1 (out) when it is not,
    /// unchanged when the signal has no such field.
    @inline(__always) private static func score(_ current: Int, _ expected: W?, _ wire: W) -> Int {
        guard current >= 0, let expected else { return current }
        return expected == wire ? current + 1 : -1
    }

    private typealias W = ProtobufReader.WireType

    /// Field number → wire type of `LogRecord`, `Span` and `Metric` (opentelemetry-proto v1); nil: no such field.
    private static let schema: [(logs: W?, traces: W?, metrics: W?)] = [
        (nil, nil, nil),                                   // 0
        (.fixed64, .lengthDelimited, .lengthDelimited),    // 1 time_unix_nano / trace_id / name
        (.varint, .lengthDelimited, .lengthDelimited),     // 2 severity_number / span_id / description
        (.lengthDelimited, .lengthDelimited, .lengthDelimited), // 3 severity_text / trace_state / unit
        (nil, .lengthDelimited, nil),                      // 4 - / parent_span_id / -
        (.lengthDelimited, .lengthDelimited, .lengthDelimited), // 5 body / name / gauge
        (.lengthDelimited, .varint, nil),                  // 6 attributes / kind / -
        (.varint, .fixed64, .lengthDelimited),             // 7 dropped_attributes_count / start_time / sum
        (.fixed32, .fixed64, nil),                         // 8 flags / end_time / -
        (.lengthDelimited, .lengthDelimited, .lengthDelimited), // 9 trace_id / attributes / histogram
        (.lengthDelimited, .varint, .lengthDelimited),     // 10 span_id / dropped_attributes_count / exponential_histogram
        (.fixed64, .lengthDelimited, .lengthDelimited),    // 11 observed_time / events / summary
        (.lengthDelimited, .varint, .lengthDelimited),     // 12 event_name / dropped_events_count / metadata
        (nil, .lengthDelimited, nil),                      // 13 - / links / -
        (nil, .varint, nil),                               // 14 - / dropped_links_count / -
        (nil, .lengthDelimited, nil),                      // 15 - / status / -
        (nil, .fixed32, nil),                              // 16 - / flags / -
    ]
}
