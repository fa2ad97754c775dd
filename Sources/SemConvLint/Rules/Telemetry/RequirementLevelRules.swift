import SemConvModel

/// Requirement levels of an event's attributes and body fields: `required-attribute-missing`,
/// `conditionally-required-unknown`, `recommended-attribute-missing`. Attributes count wherever the record sees
/// them (resource, scope, parent span, its own); absent values (null, `{}`) do not count.
/// (`conditionally-required-missing`, whose condition needs the stream's history, is judged by the session
/// lifecycle: see `SessionPreviousIDRules`.)
enum RequirementLevelRules {
    static let required = RuleDescription(
        id: TelemetryRuleID.requiredAttributeMissing.id, category: .telemetry, defaultSeverity: .error,
        summary: "An event lacks a required attribute or body field.",
        rationale: "Consumers of an event rely on its required attributes being there.",
        fix: "Add the attribute to every such event.",
        triggering: [
            RuleExample(.ndjson, #"↓{"event":"session_start","device_id":"d1"}"#),
            RuleExample(.ndjson, #"↓{"event":"session_start","session_id":null,"device_id":"d1"}"#, note: "null is absent"),
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[↓{"eventName":"session.start","attributes":[{"key":"session.id","value":{}}]}]}]}]}"#,
                        note: "an AnyValue with no value is absent"),
        ],
        nonTriggering: [
            RuleExample(.ndjson, #"{"event":"session_start","session_id":"","device_id":"d1"}"#,
                        note: "an empty string is present"),
            RuleExample(.ndjson, #"{"resourceLogs":[{"resource":{"attributes":[{"key":"session.id","value":{"stringValue":"s1"}}]},"scopeLogs":[{"logRecords":[{"eventName":"session.start"}]}]}]}"#,
                        note: "a resource attribute counts for its records"),
        ])

    static let conditionalUnknown = RuleDescription(
        id: TelemetryRuleID.conditionallyRequiredUnknown.id, category: .telemetry, defaultSeverity: .info,
        summary: "A conditionally required attribute is missing; the condition cannot be evaluated.",
        rationale: "Some conditions (\"if a previous session existed\") need context the record does not carry.",
        fix: "Add the attribute when the condition holds; record the attributes that let the condition be evaluated.",
        triggering: [
            RuleExample(.ndjson, #"↓{"event":"session_start","session_id":"s9"}"#,
                        note: "no device attributes: whether the device had an earlier session is unknown"),
            RuleExample(.ndjson, """
                ↓{"event":"session_start","session_id":"s2","device_id":"d1"}
                {"event":"session_start","session_id":"s1","device_id":"d1","timestamp":"2026-03-01T10:00:00Z"}
                """, note: "no timestamp: whether the device's other session was earlier is unknown"),
        ],
        nonTriggering: [
            RuleExample(.ndjson, #"{"event":"session_start","session_id":"s9","previous_session_id":"s8"}"#),
            RuleExample(.ndjson, #"{"event":"session_start","session_id":"s9","device_id":"d1"}"#,
                        note: "with a device the condition is judged by conditionally-required-missing"),
        ])

    static let recommended = RuleDescription(
        id: TelemetryRuleID.recommendedAttributeMissing.id, category: .telemetry, defaultSeverity: nil,
        summary: "An event lacks a recommended attribute (off by default).",
        rationale: "Recommended attributes make an event more useful; turn the rule on to see which are missing.",
        fix: "Add the attribute (turn the rule on with `--rules`).",
        triggering: [
            RuleExample(.ndjson, #"↓↓↓{"event":"session_end","session_id":"s1"}"#,
                        context: ["rules": "rules: {recommended-attribute-missing: warning}"],
                        note: "foreground and background durations and the crash count"),
        ],
        nonTriggering: [
            RuleExample(.ndjson, #"{"event":"session_end","session_id":"s1"}"#, note: "off by default"),
        ])

    /// The requirement levels of registry event `eventID` on the current record (presence already stamped).
    /// Returns whether the previous-id attribute of the session policy is conditionally required and absent (the
    /// lifecycle judges that condition).
    static func check(_ ctx: UnitRuleContext, _ record: TelemetryRecord, eventID: Int, event written: () -> String?,
                      session: () -> String?) -> Bool {
        let index = ctx.index
        let presence = ctx.presence
        let event = index.events[eventID]
        // The registry's name, or the producer's own when it differs (Faro's `session_extend` is a start).
        let name = record.flags.contains(.continuingStart) ? written() ?? ctx.eventNames[eventID] : ctx.eventNames[eventID]
        for id in event.required where !presence.has(id) {
            guard let severity = ctx.sink.admit(.requiredAttributeMissing) else { continue }
            let key = index.attributes[id].key
            ctx.report(.requiredAttributeMissing, severity, "event '\(name)' requires '\(key)'", offset: record.offset,
                       attribute: key, event: name, session: session(), path: record.path.text,
                       fix: "add '\(key)' to every '\(name)' event")
        }
        var previousConditional = false
        for (id, condition) in event.conditional where !presence.has(id) {
            if id == index.previousID {
                previousConditional = true
                continue
            }
            guard let severity = ctx.sink.admit(.conditionallyRequiredUnknown) else { continue }
            let key = index.attributes[id].key
            ctx.report(.conditionallyRequiredUnknown, severity,
                       "event '\(name)' lacks '\(key)', required \(conditionText(condition))",
                       offset: record.offset, attribute: key, event: name, session: session(), path: record.path.text,
                       fix: "add '\(key)' when the condition holds")
        }
        if ctx.sink.settings.isOn(.recommendedAttributeMissing) {
            for id in event.recommended where !presence.has(id) {
                guard let severity = ctx.sink.admit(.recommendedAttributeMissing) else { continue }
                let key = index.attributes[id].key
                ctx.report(.recommendedAttributeMissing, severity, "event '\(name)' should carry '\(key)'",
                           offset: record.offset, attribute: key, event: name, session: session(),
                           path: record.path.text, fix: "add '\(key)'")
            }
        }
        if let body = event.body, !body.fields.isEmpty {
            checkBody(ctx, body, record: record, event: name, session: session)
        }
        return previousConditional
    }

    /// A condition as the rest of "required …" in a message: upstream conditions often start with "Required"
    /// themselves (`Required if the operation failed.`), which is dropped rather than doubled.
    static func conditionText(_ condition: String) -> String {
        var text = condition.trimmingWhitespace
        if text.lowercased().hasPrefix("required ") { text = String(text.dropFirst("required ".count)).trimmingWhitespace }
        return text.lowercasedFirst
    }

    /// Body fields of an event: requirement level, type and enum members, like attributes.
    private static func checkBody(_ ctx: UnitRuleContext, _ def: BodyField, record: TelemetryRecord, event: String,
                                  session: () -> String?) {
        let batch = ctx.batch
        var present: Set<String> = []
        if record.body >= 0, batch.slots[record.body].kind == .map {
            batch.forEachChild(ofSlot: record.body) { c in
                guard let name = batch.keyString(ofSlot: c) else { return }
                present.insert(name)
                guard let field = def.fields.first(where: { $0.id == name }) else { return }
                let slot = batch.slots[c]
                AttributeTypeRules.check(
                    ctx, expected: field.attributeType,
                    enumStrings: field.members.compactMap { $0.value.scalarText.map { Array($0.utf8) } },
                    enumInts: field.members.compactMap { if case let .int(i) = $0.value { Int64(i) } else { nil } },
                    key: "body." + name, slot: c, offset: slot.offset, pathAnchor: slot.pathAnchor, event: event)
            }
        }
        for field in def.fields where field.requirementLevel == .required && !present.contains(field.id) {
            guard let severity = ctx.sink.admit(.requiredAttributeMissing) else { continue }
            ctx.report(.requiredAttributeMissing, severity, "event '\(event)' requires body field '\(field.id)'",
                       offset: record.offset, attribute: "body." + field.id, event: event, session: session(),
                       path: record.path.text, fix: "add '\(field.id)' to the event body")
        }
    }
}

extension String {
    var lowercasedFirst: String {
        guard let f = first else { return self }
        return f.lowercased() + dropFirst()
    }
}
