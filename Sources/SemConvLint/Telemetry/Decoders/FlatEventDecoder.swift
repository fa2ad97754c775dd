/// Flat JSON events, one object per unit: `{"event":"session_start","timestamp":"…","session_id":"…"}`.
///
/// The event name is the first of `event`, `event_name`, `eventName`, `event.name`, `event_type`, `eventType`
/// holding a string; the time the first of `timestamp`, `time`, `ts`, `@timestamp`, `timeUnixNano` (RFC 3339 or
/// epoch s/ms/µs/ns). Every other key is an attribute of the record (the registry's aliases are the expected
/// spelling here); an object under a key that is not an attribute (`"attributes": {…}`) contributes its members.
extension JSONUnitDecoder {
    func decodeFlatEvent(_ root: Int) {
        let owner = batch.nextRecordIndex
        let first = Int32(truncatingIfNeeded: batch.attributes.count)
        var name: Int32 = -1
        var time: Int64 = 0
        var timeSeen = false
        var timeInvalid = false
        func visit(_ object: Int, nested: Bool) {
            tape.members(object) { k, v in
                if !nested, name < 0, tape.kind(v) == .string, K.eventNameKeys.contains(where: { tape.equals(k, $0) }) {
                    name = stringSlot(v)
                    return
                }
                if !nested, !timeSeen, K.timeKeys.contains(where: { tape.equals(k, $0) }) {
                    time = timestamp(v)
                    timeSeen = time != 0
                    if isInvalidTime(v, time) { timeInvalid = true }
                    markSlotted(v)
                    return
                }
                tape.toks[k].flags |= Tok.checked
                if tape.kind(v) == .object, !nested, index.attributeID(tape.raw(k)) == nil {
                    visit(v, nested: true)
                    return
                }
                guard let value = plainSlot(v) else { return }
                batch.addAttribute(AttributeOccurrence(
                    key: span(k), keyFlags: keyFlags(k).union(.aliasAllowed), level: .record, value: value,
                    owner: owner, offset: offset(v), pathAnchor: Int32(v)))
            }
        }
        visit(root, nested: false)
        let attrs = AttributeSpan(first: first, count: Int32(truncatingIfNeeded: batch.attributes.count) - first)
        let flags: RecordFlags = time == 0 && timeInvalid ? [.sessionRecord, .invalidTime] : .sessionRecord
        batch.addRecord(TelemetryRecord(signal: .flatEvent, flags: flags, attributes: attrs, eventName: name,
                                        time: time, offset: offset(root), extent: containerSpan(root).end,
                                        path: RecordPath(.root)))
    }
}
