import SemConvModel

/// `attribute-type-mismatch`, `enum-value-invalid`, `enum-value-unknown`: a value's type and enum membership
/// against the registry (attributes, template attributes and event body fields alike).
enum AttributeTypeRules {
    static let typeMismatch = RuleDescription(
        id: TelemetryRuleID.attributeTypeMismatch.id, category: .telemetry, defaultSeverity: .error,
        summary: "A value's type differs from the registry's type.",
        rationale: "Backends index attributes by type; a count sent as text cannot be summed or compared.",
        fix: "Send the declared type (OTLP `{\"intValue\":\"2\"}` for an int).",
        triggering: [
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[↓{"key":"session.crash_count","value":{"stringValue":"2"}}]}]}]}]}"#,
                        note: "an int sent as a string"),
            RuleExample(.ndjson, #"{"event":"app_crash","session_id":"s1","crash_count":↓"two"}"#),
        ],
        nonTriggering: [
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[{"key":"session.crash_count","value":{"intValue":"2"}},{"key":"session.foreground_duration","value":{"doubleValue":1.5}}]}]}]}]}"#),
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[{"key":"session.crash_count","value":{"intValue":"+007"}},{"key":"session.foreground_duration","value":{"doubleValue":"NaN"}}]}]}]}]}"#,
                        note: "what the Collector's OTLP/JSON reader accepts: a sign and leading zeros (strconv.ParseInt), NaN and Infinity as strings"),
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[{"key":"session.crash_count","value":{"intValue":"12a"}}]}]}]}]}"#,
                        note: "an intValue that is no integer is of no type: otlp-value-invalid reports it"),
            RuleExample(.ndjson, #"{"event":"app_crash","session_id":"s1","crash_count":2,"foreground_time":12}"#,
                        note: "plain JSON numbers: an integer is a fine double"),
            RuleExample(.ndjson, #"{"meta":{"session":{"id":"w1"}},"measurements":[{"context":{"crash_count":"3"}}]}"#,
                        note: "Faro sends numbers as strings"),
            RuleExample(.ndjson, #"{"event":"app_crash","session_id":"s1","crash_count":null}"#,
                        note: "null is absent, not a value of the wrong type"),
        ])

    static let enumInvalid = RuleDescription(
        id: TelemetryRuleID.enumValueInvalid.id, category: .telemetry, defaultSeverity: .error,
        summary: "A value is not a member of a closed enum.",
        rationale: "A closed enum (`allow_custom_values: false`) lists every value consumers handle.",
        fix: "Use one of the members.",
        triggering: [
            RuleExample(.ndjson, #"{"event":"app_tap","shop_tier":↓"platinum"}"#, context: ["registry": shopRegistry]),
        ],
        nonTriggering: [
            RuleExample(.ndjson, #"{"event":"app_tap","shop_tier":"gold"}"#, context: ["registry": shopRegistry]),
        ])

    static let enumUnknown = RuleDescription(
        id: TelemetryRuleID.enumValueUnknown.id, category: .telemetry, defaultSeverity: .info,
        summary: "A value is not a member of an open enum.",
        rationale: "Open enums accept custom values, but a near miss of a member is usually a typo.",
        fix: "Use a member, or accept the custom value.",
        triggering: [
            RuleExample(.ndjson, #"{"event":"app_tap","session_id":"s1","network_type":↓"wify"}"#,
                        note: "did you mean 'wifi'?"),
        ],
        nonTriggering: [
            RuleExample(.ndjson, #"{"event":"app_tap","session_id":"s1","network_type":"wifi"}"#),
        ])

    /// A registry with a closed enum, for the examples.
    static let shopRegistry = """
        groups:
          - id: registry.shop
            type: attribute_group
            brief: Shop attributes.
            attributes:
              - id: shop.tier
                type:
                  allow_custom_values: false
                  members:
                    - {id: gold, value: gold, stability: development}
                    - {id: silver, value: silver, stability: development}
                stability: development
                brief: The customer tier.
                annotations:
                  aliases: [shop_tier]
        """

    // MARK: checking

    /// Whether a value of registry attribute `id` needs no finding (type and, for enums, membership), decided from
    /// the one-byte type code; arrays and templates take the full check.
    @inline(__always) static func conforms(_ ctx: UnitRuleContext, id: Int, slot s: Int32) -> Bool {
        let index = ctx.index
        let code = index.typeCodes[id]
        switch code {
        case .other:
            return matches(ctx, index.types[id], s)
        case .enumString, .enumInt, .enumDouble:
            guard scalarMatches(ctx, code, s) else { return false }
            let slot = ctx.batch.slots[s]
            if slot.kind == .string, !slot.flags.contains(.escaped) {
                return index.isEnumMember(id, ctx.batch.rawBytes(ofSlot: s))
            }
            return false
        default:
            return scalarMatches(ctx, code, s)
        }
    }

    /// The one rule for scalar values: `textScalar` strings stand for numbers and booleans, and an `untypedNumber`
    /// int is an acceptable double.
    @inline(__always) static func scalarMatches(_ ctx: UnitRuleContext, _ code: TypeCode, _ s: Int32) -> Bool {
        let slot = ctx.batch.slots[s]
        let textual = slot.kind == .string && slot.flags.contains(.textScalar)
        // An OTLP `intValue` / `doubleValue` whose text is no such number (`"12a"`) is of no type: not judged
        // here, `otlp-value-invalid` reports it.
        if slot.flags.contains(.unparsed) { return true }
        switch code {
        case .string, .enumString: return slot.kind == .string
        case .int, .enumInt: return slot.kind == .int || (textual && ctx.batch.int64(ofSlot: s) != nil)
        case .double:
            return slot.kind == .double || (slot.kind == .int && slot.flags.contains(.untypedNumber))
                || (textual && ctx.batch.double(ofSlot: s) != nil)
        case .enumDouble: return slot.kind == .double || slot.kind == .int
        case .boolean:
            if textual { return ctx.batch.slot(s, equals: K.trueBytes) || ctx.batch.slot(s, equals: K.falseBytes) }
            return slot.kind == .bool
        case .any, .other: return true
        }
    }

    static func matches(_ ctx: UnitRuleContext, _ expected: AttributeType, _ s: Int32) -> Bool {
        switch expected {
        case .stringArray: return elementsMatch(ctx, s, .string)
        case .intArray: return elementsMatch(ctx, s, .int)
        case .doubleArray: return elementsMatch(ctx, s, .double)
        case .booleanArray: return elementsMatch(ctx, s, .boolean)
        case let .template(inner): return matches(ctx, inner, s)
        default: return scalarMatches(ctx, TypeCode(expected), s)
        }
    }

    private static func elementsMatch(_ ctx: UnitRuleContext, _ s: Int32, _ element: AttributeType) -> Bool {
        guard ctx.batch.slots[s].kind == .array else { return false }
        var ok = true
        ctx.batch.forEachChild(ofSlot: s) { c in if ok, !matches(ctx, element, c) { ok = false } }
        return ok
    }

    /// Reports a value of `key` that does not have the `expected` type, or is not a member of its enum (members
    /// given as `enumStrings` / `enumInts`; nil skips the membership check).
    static func check(_ ctx: UnitRuleContext, expected: AttributeType, enumStrings: [[UInt8]]?, enumInts: [Int64],
                      key: String, slot s: Int32, offset: Int32, pathAnchor: Int32, event: String?) {
        let batch = ctx.batch
        if !matches(ctx, expected, s) {
            guard let severity = ctx.sink.admit(.attributeTypeMismatch) else { return }
            let slot = batch.slots[s]
            var found = slot.kind.name
            if slot.kind == .array {
                var kinds: [String] = []
                batch.forEachChild(ofSlot: s) { c in
                    let k = batch.slots[c].kind.name
                    if !kinds.contains(k) { kinds.append(k) }
                }
                found = "array of " + (kinds.isEmpty ? "nothing" : kinds.joined(separator: "/"))
            }
            let want = expected.description == "enum" ? "enum of \(enumValueType(expected))" : expected.description
            ctx.report(.attributeTypeMismatch, severity, "'\(key)' is \(found), but the registry declares \(want)",
                       offset: offset, attribute: key, event: event, path: batch.path(pathAnchor),
                       fix: "record '\(key)' as \(want)")
            return
        }
        let slot = batch.slots[s]
        guard case let .enumeration(e) = expected, let enumStrings, !slot.flags.contains(.unparsed) else { return }
        let member: Bool
        switch slot.kind {
        case .string: member = batch.withText(ofSlot: s) { t in enumStrings.contains { bytesEqual(t, $0) } }
        case .int: member = enumInts.contains(slot.scalar)
        default:
            let raw = batch.rawBytes(ofSlot: s)
            member = enumStrings.contains { bytesEqual(raw, $0) }
        }
        if member { return }
        let rule: TelemetryRuleID = e.allowsCustomValues ? .enumValueUnknown : .enumValueInvalid
        guard let severity = ctx.sink.admit(rule) else { return }
        let text = batch.string(ofSlot: s)
        let members = e.members.compactMap { $0.value.scalarText }
        let hint = ctx.suggestions.answer(key + "\u{0}" + text) {
            Suggestions.didYouMean(text, in: members, threshold: Suggestions.memberThreshold(text))
        }
        ctx.report(rule, severity, "\(ctx.shown(text)) is not a member of '\(key)'\(e.allowsCustomValues ? " (open enum)" : "")" + hint,
                   offset: offset, attribute: key, event: event, path: batch.path(pathAnchor),
                   fix: "use one of: " + members.prefix(12).joined(separator: ", "))
    }

    private static func enumValueType(_ t: AttributeType) -> String {
        if case let .enumeration(e) = t { return e.valueType.description }
        return "string"
    }
}
