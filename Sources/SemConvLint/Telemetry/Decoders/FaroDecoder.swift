import SemConvModel

/// Grafana Faro payloads (`{"meta":{…},"events":[…],"logs":[…],"exceptions":[…],"measurements":[…]}`), as the Faro
/// Web SDK sends them to a Faro receiver.
///
/// `meta` is shared by every item, like an OTLP resource: the fields of `FaroMeta.fields` map to their registry keys
/// and every `meta.<section>.attributes` member is an attribute (e.g. `meta.session.attributes.previousSession`,
/// an alias of `session.previous_id`). Each item of `events` (named, with `attributes`), `logs`, `exceptions` and
/// `measurements` (with `context`) is a record. Faro sends attribute values as strings, so they are `textScalar`.
/// Event names Faro uses for session lifecycle have their role through `FaroEvents` (the name stays as written).
/// `traces` holds an OTLP/JSON traces request (`@grafana/faro-web-tracing` sends the spans of the page's OpenTelemetry
/// tracer there; its `FaroSessionSpanProcessor` puts `session.id` on every span): its spans and span events are
/// records with their own OTLP resource, and session records like every Faro item.
extension JSONUnitDecoder {
    func decodeFaro(_ root: Int) {
        let metaFirst = Int32(truncatingIfNeeded: batch.attributes.count)
        if let m = tape.member(root, K.meta) {
            tape.members(m) { section, sv in
                tape.toks[section].flags |= Tok.checked
                guard tape.kind(sv) == .object else { return }
                tape.members(sv) { field, fv in
                    tape.toks[field].flags |= Tok.checked
                    if tape.equals(field, K.attributesBytes), tape.kind(fv) == .object {
                        faroAttributes(fv, level: .resource, owner: -1)
                        return
                    }
                    for (s, f, key) in FaroMeta.fields where tape.equals(section, s) && tape.equals(field, f) {
                        guard let value = plainSlot(fv, textScalar: true) else { continue }
                        batch.addAttribute(AttributeOccurrence(
                            key: batch.addScratch(key), keyFlags: [.keyInScratch, .aliasAllowed], level: .resource,
                            value: value, owner: -1, offset: offset(fv), pathAnchor: Int32(fv)))
                    }
                }
            }
        }
        let meta = AttributeSpan(first: metaFirst,
                                 count: Int32(truncatingIfNeeded: batch.attributes.count) - metaFirst)
        func items(_ key: StaticKey, context: StaticKey, signal: RecordSignal, kind: RecordPath.Kind) {
            tape.elements(tape.member(root, key) ?? -1) { n, item in
                let owner = batch.nextRecordIndex
                var name: Int32 = -1
                var flags = RecordFlags.sessionRecord
                if signal == .faroEvent, let t = tape.member(item, K.name), tape.kind(t) == .string {
                    name = faroEventName(t)
                    if name >= 0, faroContinuingStarts.contains(where: { tape.equals(t, $0) }) {
                        flags.insert(.continuingStart)
                    }
                }
                let first = Int32(truncatingIfNeeded: batch.attributes.count)
                if let c = tape.member(item, context), tape.kind(c) == .object {
                    faroAttributes(c, level: .record, owner: owner)
                }
                let attrs = AttributeSpan(first: first,
                                          count: Int32(truncatingIfNeeded: batch.attributes.count) - first)
                var time: Int64 = 0
                if let t = tape.member(item, K.timestamp), tape.kind(t) != .null {
                    time = timestamp(t)
                    if time == 0 { flags.insert(.invalidTime) }
                }
                batch.addRecord(TelemetryRecord(signal: signal, flags: flags, resource: meta, attributes: attrs,
                                                eventName: name, time: time, offset: offset(item),
                                                extent: containerSpan(item).end, path: RecordPath(kind, n)))
            }
        }
        items(K.events, context: K.attributes, signal: .faroEvent, kind: .faroEvent)
        items(K.logs, context: K.context, signal: .faroLog, kind: .faroLog)
        items(K.exceptions, context: K.context, signal: .faroException, kind: .faroException)
        items(K.measurements, context: K.context, signal: .faroMeasurement, kind: .faroMeasurement)
        if let traces = tape.member(root, K.traces), tape.kind(traces) == .object {
            decodeOTLP(traces, faro: true)
        }
    }

    /// The members of a Faro `attributes` / `context` object as attributes of `level`.
    private func faroAttributes(_ object: Int, level: AttributeLevel, owner: Int32) {
        tape.members(object) { k, v in
            tape.toks[k].flags |= Tok.checked
            guard let value = plainSlot(v, textScalar: true) else { return }
            batch.addAttribute(AttributeOccurrence(key: span(k), keyFlags: keyFlags(k).union(.aliasAllowed),
                                                   level: level, value: value, owner: owner, offset: offset(v),
                                                   pathAnchor: Int32(v)))
        }
    }

    /// The slot of a Faro event name as sent; empty names are no name.
    private func faroEventName(_ t: Int) -> Int32 {
        guard tape.toks[t].end > tape.toks[t].start else {
            markSlotted(t)
            return -1
        }
        return stringSlot(t)
    }
}

/// Faro's `meta` fields that carry semantic-convention attributes: (section, field, registry key). Only the mapping
/// lives here; privacy and session semantics come from the registry.
enum FaroMeta {
    static let fields: [([UInt8], [UInt8], [UInt8])] = [
        ("session", "id", "session.id"),
        ("user", "email", "user.email"), ("user", "id", "user.id"), ("user", "username", "user.name"),
        ("user", "fullName", "user.full_name"), ("user", "hash", "user.hash"),
        ("app", "name", "service.name"), ("app", "version", "service.version"),
        ("app", "environment", "deployment.environment.name"), ("app", "namespace", "service.namespace"),
        ("page", "url", "url.full"), ("browser", "os", "os.name"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8), Array($0.2.utf8)) }
}

/// How the Faro Web SDK names session lifecycle events (`@grafana/faro-core` `EVENT_SESSION_START`, `_EXTEND`,
/// `_RESUME`; `packages/web-sdk/src/instrumentations/session/instrumentation.ts`):
/// - `session_start`: a new session (the registry already lists it as an alias of its start event);
/// - `session_extend`: a new session that continues an expired one; its `meta.session.attributes.previousSession`
///   is the previous id. A start of the registry's session policy that continues an earlier session by
///   definition (`RecordFlags.continuingStart`); findings name it as written;
/// - `session_resume`: a page load that resumes a stored session: a plain record, not a start.
enum FaroEvents {
    /// Names of starts that continue an earlier session.
    static let continuingStarts: [[UInt8]] = [Array("session_extend".utf8)]

    /// The continuing starts for the session policy in force (none without one).
    static func continuingStarts(policy: SessionPolicy?) -> [[UInt8]] { policy == nil ? [] : continuingStarts }
}
