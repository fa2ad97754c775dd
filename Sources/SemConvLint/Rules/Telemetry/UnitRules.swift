import SemConvModel

/// Rules about a unit or file as a whole, reported by the readers and decoders rather than checked on records:
/// `invalid-json`, `nesting-too-deep`, `line-too-long`, `unknown-input`, `input-unreadable`, `no-telemetry`.
enum UnitRules {
    static let invalidJSON = RuleDescription(
        id: TelemetryRuleID.invalidJSON.id, category: .telemetry, defaultSeverity: .error,
        summary: "A line (or document) is not valid JSON.",
        rationale: "An unreadable line hides every record in it.",
        fix: "Write one complete JSON document per line (NDJSON).",
        triggering: [
            RuleExample(.ndjson, #"{"event":"x","ok":↓tru}"#),
            RuleExample(.ndjson, #"{"resourceLogs": [↓"#, note: "a truncated line"),
        ],
        nonTriggering: [
            RuleExample(.ndjson, """
                {
                  "resourceLogs": [
                    {"scopeLogs": [{"logRecords": [{"body": {"stringValue": "pretty-printed"}}]}]}
                  ]
                }
                """, context: ["prefix": "no"], note: "a pretty-printed document is read as one document"),
        ])

    static let nestingTooDeep = RuleDescription(
        id: TelemetryRuleID.nestingTooDeep.id, category: .telemetry, defaultSeverity: .error,
        summary: "A line nests JSON deeper than the limit (128 levels).",
        rationale: "Telemetry records do not nest this deep; such input is hostile or broken.",
        fix: "Flatten the structure.")

    static let lineTooLong = RuleDescription(
        id: TelemetryRuleID.lineTooLong.id, category: .telemetry, defaultSeverity: .error,
        summary: "A line is longer than the maximum line length.",
        rationale: "A line is held in memory whole; `--max-line-length` (16 MiB by default) bounds that memory.",
        fix: "Split the record, or raise `--max-line-length`.")

    static let unknownInput = RuleDescription(
        id: TelemetryRuleID.unknownInput.id, category: .telemetry, defaultSeverity: .warning,
        summary: "A JSON line is neither OTLP, a flat event nor a Faro payload (or not of the kind `--input` forces).",
        rationale: "Lines of an unknown shape are not checked at all.",
        fix: "Check what wrote the line, or force the kind with `--input`.",
        triggering: [
            RuleExample(.ndjson, "↓[1,2]"),
            RuleExample(.ndjson, #"↓{"foo":1}"#),
        ],
        nonTriggering: [
            RuleExample(.ndjson, #"{"event":"screen_view"}"#),
        ])

    static let inputUnreadable = RuleDescription(
        id: TelemetryRuleID.inputUnreadable.id, category: .telemetry, defaultSeverity: .error,
        summary: "A file cannot be read or decompressed.",
        rationale: "Nothing in an unreadable input is checked; the run exits with status 2.",
        fix: "Fix the path or the file.")

    static let noTelemetry = RuleDescription(
        id: TelemetryRuleID.noTelemetry.id, category: .telemetry, defaultSeverity: .error,
        summary: "An input holds no telemetry of the kind `--input` forces (`live-check`: no record was received).",
        rationale: "Reading 0 records and passing would hide a wrong file, a wrong `--input` or a misconfigured exporter.",
        fix: "Check the file, or drop `--input` to detect the kind per line; for `live-check`, point the exporter at "
            + "a listener (the `listening` lines).")

    static let liveRequestRejected = RuleDescription(
        id: TelemetryRuleID.liveRequestRejected.id, category: .telemetry, defaultSeverity: .error,
        summary: "`live-check` refused a request before reading its records: 413 (too large), 415 (content type or "
            + "encoding) or a body that does not decompress.",
        rationale: "An exporter whose requests are all refused sends nothing to check; without a finding the run "
            + "would pass. (Undecodable bodies are reported by the decoder's own rule, e.g. `invalid-json`; 429 and "
            + "503 are retried by the client and not reported.)",
        fix: "Fix the exporter's content type, compression or batch size as the finding says.")
}
