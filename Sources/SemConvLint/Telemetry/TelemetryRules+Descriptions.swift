import SemConvModel

/// The telemetry rules as `RuleDescription`s, with the fix each README row gives (until the rules carry their own
/// descriptions with examples).
extension TelemetryRules {
    public static var descriptions: [RuleDescription] {
        all.map { RuleDescription(id: $0.id, category: .telemetry, defaultSeverity: $0.defaultSeverity,
                                  summary: $0.summary, fix: fixes[$0.id]) }
    }

    static let fixes: [String: String] = [
        "invalid-json": "Write one complete JSON document per line.",
        "nesting-too-deep": "Flatten the structure (limit: 128 levels).",
        "line-too-long": "Split the record, or raise `--max-line-length`.",
        "invalid-utf8": "Write UTF-8.",
        "unknown-input": "Check what wrote the line, or force `--input`.",
        "input-unreadable": "Fix the path or the file (exit status 2).",
        "required-attribute-missing": "Add the attribute to every such event (e.g. `session.id` on `session.start`).",
        "conditionally-required-missing": "Set it when its condition holds (e.g. `session.previous_id` when the device had an earlier session).",
        "conditionally-required-unknown": "Add it when the condition holds; record device attributes so it can be evaluated.",
        "recommended-attribute-missing": "Add the attribute (turn the rule on in `lint.rules` or `--rules`).",
        "attribute-type-mismatch": "Send the declared type (`{\"intValue\":\"2\"}` for an int).",
        "enum-value-invalid": "Use one of the members.",
        "enum-value-unknown": "Use a member, or accept the custom value.",
        "unknown-attribute": "Rename it (the nearest key is suggested), or define it in the registry.",
        "unknown-event": "Use a defined event, or define it.",
        "deprecated-attribute": "Use the replacement named in the message.",
        "attribute-alias": "Rename it to the registry key (aliases are fine in flat events and Faro).",
        "forbidden-attribute": "Drop it; record the registry's replacement (e.g. `user.hash`).",
        "sensitive-value": "Drop or hash the value before sending; strip URL queries.",
        "session-context-missing": "Set the attribute on the resource or the record.",
        "timestamp-missing": "Record the time of the event.",
        "session-previous-id-equals-id": "Point to the previous session or leave it out.",
        "session-duplicate-start": "Start once; a new session needs a new id.",
        "session-end-without-start": "Emit `session.start` (the stream may be partial).",
        "session-telemetry-after-end": "Start a new session before recording more.",
        "session-too-long": "End long sessions and start new ones.",
        "session-inactivity-gap": "End the session after the inactivity timeout.",
        "session-concurrent": "End the previous session first, or continue it via `session.previous_id`.",
        "session-timestamp-backwards": "Fix the clock source.",
        "session-previous-unknown": "Check the id (the stream may be partial).",
    ]
}
