/// OTLP/JSON (`ExportLogsServiceRequest`, `ExportTraceServiceRequest`, `ExportMetricsServiceRequest`) into
/// records, as the Collector's file exporter and OTLP/HTTP JSON write them: lowerCamelCase or snake_case field
/// names, every `AnyValue` variant, unknown fields ignored (their strings still reach the value detectors).
///
/// Records: log records (event name from `eventName`, else an `event.name` attribute; time from `timeUnixNano`,
/// else `observedTimeUnixNano`), spans (time = `startTimeUnixNano`, `endTime` = `endTimeUnixNano`), span events
/// (with their span's attributes as `parent`) and metric data points. Resource and scope attributes are decoded
/// once per resource / scope and shared by the records under them.
extension JSONUnitDecoder {
    /// `faro`: the request is a Faro payload's `traces` (its spans are session records; paths start `traces.`).
    func decodeOTLP(_ root: Int, faro: Bool = false) {
        tape.elements(tape.member(root, K.resourceLogs) ?? -1) { ri, r in
            let resource = otlpAttributes(tape.member(tape.member(r, K.resource) ?? -1, K.attributes), .resource)
            tape.elements(tape.member(r, K.scopeLogs) ?? -1) { si, s in
                let scope = otlpAttributes(tape.member(tape.member(s, K.scope) ?? -1, K.attributes), .scope)
                tape.elements(tape.member(s, K.logRecords) ?? -1) { li, rec in
                    decodeLogRecord(rec, resource: resource, scope: scope, path: RecordPath(.log, ri, si, li))
                }
            }
        }
        tape.elements(tape.member(root, K.resourceSpans) ?? -1) { ri, r in
            let resource = otlpAttributes(tape.member(tape.member(r, K.resource) ?? -1, K.attributes), .resource)
            tape.elements(tape.member(r, K.scopeSpans) ?? -1) { si, s in
                let scope = otlpAttributes(tape.member(tape.member(s, K.scope) ?? -1, K.attributes), .scope)
                tape.elements(tape.member(s, K.spans) ?? -1) { pi, span in
                    decodeSpan(span, resource: resource, scope: scope, ri: ri, si: si, pi: pi, faro: faro)
                }
            }
        }
        tape.elements(tape.member(root, K.resourceMetrics) ?? -1) { ri, r in
            let resource = otlpAttributes(tape.member(tape.member(r, K.resource) ?? -1, K.attributes), .resource)
            tape.elements(tape.member(r, K.scopeMetrics) ?? -1) { si, s in
                let scope = otlpAttributes(tape.member(tape.member(s, K.scope) ?? -1, K.attributes), .scope)
                tape.elements(tape.member(s, K.metrics) ?? -1) { mi, m in
                    var name: Int32 = -1
                    if let n = tape.member(m, K.name), tape.kind(n) == .string { name = stringSlot(n) }
                    for (di, data) in K.metricData.enumerated() {
                        guard let d = tape.member(m, data) else { continue }
                        tape.elements(tape.member(d, K.dataPoints) ?? -1) { pi, p in
                            let owner = batch.nextRecordIndex
                            let attrs = otlpAttributes(tape.member(p, K.attributes), .record, owner: owner)
                            batch.addRecord(TelemetryRecord(
                                signal: .metricDataPoint, resource: resource, scope: scope, attributes: attrs,
                                time: nanos(tape.member(p, K.timeUnixNano) ?? -1), offset: offset(p),
                                extent: containerSpan(p).end, path: RecordPath(.dataPoint, ri, si, mi, pi, di),
                                metricName: name))
                        }
                    }
                }
            }
        }
    }

    private func decodeLogRecord(_ rec: Int, resource: AttributeSpan, scope: AttributeSpan, path: RecordPath) {
        // The record's members in one pass (first occurrence wins, as with `member`).
        var nameTok = -1, attrsTok = -1, timeTok = -1, observedTok = -1, bodyTok = -1, traceTok = -1, spanTok = -1
        if tape.toks[rec].kind == JSONKind.object.rawValue {
            let kAttributes = K.attributes, kEventName = K.eventName, kTime = K.timeUnixNano
            let kObserved = K.observedTimeUnixNano, kBody = K.body, kTrace = K.traceId, kSpan = K.spanId
            var m = rec + 1
            let end = Int(tape.toks[rec].next)
            while m < end {
                if attrsTok < 0, kAttributes.matches(tape, m) { attrsTok = m + 1 }
                else if nameTok < 0, kEventName.matches(tape, m) { nameTok = m + 1 }
                else if timeTok < 0, kTime.matches(tape, m) { timeTok = m + 1 }
                else if observedTok < 0, kObserved.matches(tape, m) { observedTok = m + 1 }
                else if bodyTok < 0, kBody.matches(tape, m) { bodyTok = m + 1 }
                else if traceTok < 0, kTrace.matches(tape, m) { traceTok = m + 1 }
                else if spanTok < 0, kSpan.matches(tape, m) { spanTok = m + 1 }
                m = Int(tape.toks[m + 1].next)
            }
        }
        let owner = batch.nextRecordIndex
        var eventName: Int32 = -1
        if nameTok >= 0, tape.kind(nameTok) == .string {
            if tape.toks[nameTok].end > tape.toks[nameTok].start { eventName = stringSlot(nameTok) } else { markSlotted(nameTok) }
        }
        let (attrs, attrEvent) = otlpAttributes(attrsTok >= 0 ? attrsTok : nil, .record, owner: owner,
                                                takeEventName: eventName < 0)
        if eventName < 0 { eventName = attrEvent }
        let time = nanos(timeTok), observed = nanos(observedTok)
        var body: Int32 = -1
        if bodyTok >= 0 { body = anyValueSlot(bodyTok, key: span(bodyTok - 1)) ?? -1 }
        let problem = time == 0 && observed == 0 ? timeProblem(timeTok, time).union(timeProblem(observedTok, observed)) : []
        batch.addRecord(TelemetryRecord(
            signal: .logRecord, flags: problem, resource: resource, scope: scope,
            attributes: attrs, eventName: eventName, time: time != 0 ? time : observed, observedTime: observed,
            body: body, traceID: idSpan(traceTok), spanID: idSpan(spanTok), offset: offset(rec),
            extent: containerSpan(rec).end, path: path))
    }

    private func decodeSpan(_ span: Int, resource: AttributeSpan, scope: AttributeSpan, ri: Int, si: Int, pi: Int,
                            faro: Bool) {
        let owner = batch.nextRecordIndex
        let attrs = otlpAttributes(tape.member(span, K.attributes), .record, owner: owner)
        let trace = idSpan(tape.member(span, K.traceId) ?? -1), spanID = idSpan(tape.member(span, K.spanId) ?? -1)
        let flags: RecordFlags = faro ? .sessionRecord : []
        let startTok = tape.member(span, K.startTimeUnixNano) ?? -1
        let start = nanos(startTok)
        batch.addRecord(TelemetryRecord(
            signal: .span, flags: flags.union(timeProblem(startTok, start)),
            resource: resource, scope: scope, attributes: attrs, time: start,
            endTime: nanos(tape.member(span, K.endTimeUnixNano) ?? -1), traceID: trace, spanID: spanID,
            offset: offset(span), extent: containerSpan(span).end,
            path: RecordPath(.span, ri, si, pi, 0, faro ? 1 : 0)))
        tape.elements(tape.member(span, K.events) ?? -1) { ei, ev in
            let owner = batch.nextRecordIndex
            var name: Int32 = -1
            if let n = tape.member(ev, K.name), tape.kind(n) == .string {
                if tape.toks[n].end > tape.toks[n].start { name = stringSlot(n) } else { markSlotted(n) }
            }
            let eventAttrs = otlpAttributes(tape.member(ev, K.attributes), .record, owner: owner)
            let timeTok = tape.member(ev, K.timeUnixNano) ?? -1
            let time = nanos(timeTok)
            batch.addRecord(TelemetryRecord(
                signal: .spanEvent, flags: flags.union(timeProblem(timeTok, time)),
                resource: resource, scope: scope, parent: attrs, attributes: eventAttrs, eventName: name, time: time,
                traceID: trace, spanID: spanID, offset: offset(ev), extent: containerSpan(ev).end,
                path: RecordPath(.spanEvent, ri, si, pi, ei, faro ? 1 : 0)))
        }
    }

    /// A `traceId` / `spanId` string (hex in OTLP/JSON); `.none` when absent or empty.
    private func idSpan(_ t: Int) -> ByteSpan {
        guard t >= 0, tape.kind(t) == .string else { return .none }
        markSlotted(t)
        return tape.toks[t].end > tape.toks[t].start ? span(t) : .none
    }

    /// Decodes an OTLP `attributes` array into occurrences of `level`; returns their span. With `eventName`, an
    /// `event.name` attribute (where older SDKs put a log record's event name) is taken as the name instead.
    func otlpAttributes(_ list: Int?, _ level: AttributeLevel, owner: Int32 = -1) -> AttributeSpan {
        otlpAttributes(list, level, owner: owner, takeEventName: false).span
    }

    func otlpAttributes(_ list: Int?, _ level: AttributeLevel, owner: Int32,
                        takeEventName: Bool) -> (span: AttributeSpan, eventName: Int32) {
        let first = Int32(truncatingIfNeeded: batch.attributes.count)
        var eventName: Int32 = -1
        guard let list, tape.toks[list].kind == JSONKind.array.rawValue else {
            return (AttributeSpan(first: first, count: 0), -1)
        }
        let kKey = K.key, kValue = K.value
        // Whether every element has the usual shape with a scalar value (then, once read, none of the array's
        // strings is left for `listRemainingStrings`).
        var covered = true
        tape.elements(list) { _, e in
            tape.toks[e].flags |= Tok.checked
            // The usual shape first: {"key": "...", "value": {...}}.
            let k: Int, v: Int
            if tape.toks[e].kind == JSONKind.object.rawValue, Int(tape.toks[e].next) > e + 4,
               kKey.matches(tape, e + 1), tape.toks[e + 2].kind == JSONKind.string.rawValue,
               kValue.matches(tape, e + 3) {
                k = e + 2
                v = e + 4
                // {"key": k, "value": {"<variant>": scalar}} and nothing more.
                covered = covered && tape.toks[v].kind == JSONKind.object.rawValue
                    && Int(tape.toks[v].next) == v + 3 && Int(tape.toks[e].next) == v + 3
            } else {
                covered = false
                guard let key = tape.member(e, K.key), tape.kind(key) == .string else { return }
                k = key
                v = tape.member(e, K.value) ?? -1
            }
            defer {
                // The scalar must have become a slot (an unknown variant, or a null, leaves its string unread).
                if covered, tape.toks[v + 2].kind == JSONKind.string.rawValue,
                   tape.toks[v + 2].flags & Tok.slotted == 0 {
                    covered = false
                }
            }
            markSlotted(k)
            if takeEventName, tape.equals(k, RegistryIndex.eventNameKey) {
                if let s = anyValueSlot(v, offset: offset(e), anchor: e), batch.slots[s].kind == .string,
                   batch.slots[s].span.count > 0, eventName < 0 {
                    eventName = s
                }
                return
            }
            guard let value = anyValueSlot(v) else { return }
            batch.addAttribute(AttributeOccurrence(key: span(k), keyFlags: keyFlags(k), level: level, value: value,
                                                   owner: owner, offset: offset(e), pathAnchor: Int32(e)))
        }
        if covered { tape.toks[list].flags |= Tok.covered }
        return (AttributeSpan(first: first, count: Int32(truncatingIfNeeded: batch.attributes.count) - first), eventName)
    }
}
