/// Flat JSON events, one object per unit: `{"event":"session_start","timestamp":"…","session_id":"…"}`.
///
/// The event name is the first of `event`, `event_name`, `eventName`, `event.name`, `event_type`, `eventType`
/// holding a string; the time the first of `timestamp`, `time`, `ts`, `@timestamp`, `timeUnixNano` (RFC 3339 or
/// epoch s/ms/µs/ns). Every other key is an attribute of the record (the registry's aliases are the expected
/// spelling here); an object under a key that is not an attribute (`"attributes": {…}`) contributes its members.
extension JSONUnitDecoder {
    /// Returns whether strings may be left without a slot for `listRemainingStrings`: only under a time key whose
    /// value is an object or an array (every other string of a flat event becomes a slot here).
    func decodeFlatEvent(_ root: Int) -> Bool {
        let owner = batch.nextRecordIndex
        let first = Int32(truncatingIfNeeded: batch.attributes.count)
        var found = FlatEventFields()
        visitFlatEvent(root, nested: false, owner: owner, &found)
        let time = found.time
        let attrs = AttributeSpan(first: first, count: Int32(truncatingIfNeeded: batch.attributes.count) - first)
        let flags: RecordFlags = time == 0 && found.timeInvalid ? [.sessionRecord, .invalidTime] : .sessionRecord
        batch.addRecord(TelemetryRecord(signal: .flatEvent, flags: flags, attributes: attrs, eventName: found.name,
                                        time: time, offset: offset(root), extent: containerSpan(root).end,
                                        path: RecordPath(.root)))
        return found.containerTime
    }

    /// The event name and time found so far (locals of one walk, passed `inout`: no captured boxes, no dynamic
    /// exclusivity checks per member).
    struct FlatEventFields {
        var name: Int32 = -1
        var time: Int64 = 0
        var timeSeen = false
        var timeInvalid = false
        /// A time key held an object or an array (its strings are not slots yet).
        var containerTime = false
    }

    /// The members of a flat event object (or of an object under a key that is not an attribute).
    private func visitFlatEvent(_ object: Int, nested: Bool, owner: Int32, _ found: inout FlatEventFields) {
        let toks = tape.toks
        guard object >= 0, toks[object].kind == JSONKind.object.rawValue else { return }
        var k = object + 1
        let end = Int(toks[object].next)
        while k < end {
            let v = k + 1
            let next = Int(toks[v].next)
            defer { k = next }
            if !nested {
                // Event-name keys start with `e`, time keys with `t` or `@` (an escaped key is compared decoded).
                let tok = toks[k]
                let lead = tok.end > tok.start ? tape.bytes.load(fromByteOffset: Int(tok.start), as: UInt8.self) : 0
                let escaped = tok.flags & Tok.escaped != 0
                if found.name < 0, lead == UInt8(ascii: "e") || escaped, toks[v].kind == JSONKind.string.rawValue,
                   K.eventNameKeys.contains(where: { tape.equals(k, $0) }) {
                    found.name = stringSlot(v)
                    continue
                }
                if !found.timeSeen, lead == UInt8(ascii: "t") || lead == UInt8(ascii: "@") || escaped,
                   K.timeKeys.contains(where: { tape.equals(k, $0) }) {
                    found.time = timestamp(v)
                    found.timeSeen = found.time != 0
                    if !timeProblem(v, found.time).isEmpty { found.timeInvalid = true }
                    if toks[v].kind == JSONKind.object.rawValue || toks[v].kind == JSONKind.array.rawValue {
                        found.containerTime = true
                    }
                    markSlotted(v)
                    continue
                }
            }
            toks[k].flags |= Tok.checked
            if toks[v].kind == JSONKind.object.rawValue, !nested, index.attributeID(tape.raw(k)) == nil {
                visitFlatEvent(v, nested: true, owner: owner, &found)
                continue
            }
            // Strings (most values) straight to their slot; `plainSlot` for the rest (`null` has none).
            let value: Int32
            if toks[v].kind == JSONKind.string.rawValue {
                value = stringSlot(v)
            } else {
                guard let slot = plainSlot(v) else { continue }
                value = slot
            }
            batch.addAttribute(AttributeOccurrence(
                key: span(k), keyFlags: keyFlags(k).union(.aliasAllowed), level: .record, value: value,
                owner: owner, offset: offset(v), pathAnchor: Int32(v)))
        }
    }
}
