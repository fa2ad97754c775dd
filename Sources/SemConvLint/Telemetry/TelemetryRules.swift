import SemConvModel

/// One telemetry rule: stable id, default severity (nil = off by default) and a one-line summary.
public struct TelemetryRule: Sendable {
    public let id: String
    public let defaultSeverity: Severity?
    public let summary: String
}

/// The telemetry rules. Ids are stable: they appear in reports, `--rules` files and the README.
public enum TelemetryRules {
    public static let all: [TelemetryRule] = [
        .init(id: "invalid-json", defaultSeverity: .error, summary: "A line is not valid JSON."),
        .init(id: "nesting-too-deep", defaultSeverity: .error, summary: "A line nests JSON deeper than the limit."),
        .init(id: "line-too-long", defaultSeverity: .error, summary: "A line is longer than the maximum line length."),
        .init(id: "invalid-utf8", defaultSeverity: .warning, summary: "A string holds bytes that are not UTF-8."),
        .init(id: "unknown-input", defaultSeverity: .warning, summary: "A JSON line is neither OTLP, a flat event nor a Faro payload."),
        .init(id: "input-unreadable", defaultSeverity: .error, summary: "A file cannot be read or decompressed."),
        .init(id: "invalid-frame", defaultSeverity: .error, summary: "A length-prefixed message or compressed frame is truncated or corrupt."),
        .init(id: "required-attribute-missing", defaultSeverity: .error, summary: "An event lacks a required attribute or body field."),
        .init(id: "conditionally-required-missing", defaultSeverity: .warning, summary: "A conditionally required attribute is missing and its condition holds."),
        .init(id: "conditionally-required-unknown", defaultSeverity: .info, summary: "A conditionally required attribute is missing; the condition cannot be evaluated."),
        .init(id: "recommended-attribute-missing", defaultSeverity: nil, summary: "An event lacks a recommended attribute (off by default)."),
        .init(id: "attribute-type-mismatch", defaultSeverity: .error, summary: "A value's type differs from the registry's type."),
        .init(id: "enum-value-invalid", defaultSeverity: .error, summary: "A value is not a member of a closed enum."),
        .init(id: "enum-value-unknown", defaultSeverity: .info, summary: "A value is not a member of an open enum."),
        .init(id: "unknown-attribute", defaultSeverity: .warning, summary: "An attribute inside an owned namespace is not defined."),
        .init(id: "unknown-event", defaultSeverity: .warning, summary: "An event name inside an owned namespace is not defined."),
        .init(id: "deprecated-attribute", defaultSeverity: .warning, summary: "An attribute is deprecated."),
        .init(id: "attribute-alias", defaultSeverity: .warning, summary: "OTLP telemetry uses an alias instead of the registry key."),
        .init(id: "forbidden-attribute", defaultSeverity: .error, summary: "An attribute the registry forbids (PII, credentials) is present."),
        .init(id: "sensitive-value", defaultSeverity: .error, summary: "A string value looks like an e-mail, token, phone number or a URL with credentials."),
        .init(id: "session-context-missing", defaultSeverity: .warning, summary: "A session record lacks a context attribute of the session policy."),
        .init(id: "timestamp-missing", defaultSeverity: .warning, summary: "A session record has no timestamp though the policy requires one."),
        .init(id: "session-previous-id-equals-id", defaultSeverity: .error, summary: "A session names itself as its previous session."),
        .init(id: "session-duplicate-start", defaultSeverity: .warning, summary: "A session started twice."),
        .init(id: "session-end-without-start", defaultSeverity: .info, summary: "A session ended without a start in the stream."),
        .init(id: "session-telemetry-after-end", defaultSeverity: .warning, summary: "Telemetry arrived for a session after it ended."),
        .init(id: "session-too-long", defaultSeverity: .warning, summary: "A session lasted longer than the policy's maximum."),
        .init(id: "session-inactivity-gap", defaultSeverity: .warning, summary: "A gap inside a session exceeds the inactivity timeout."),
        .init(id: "session-concurrent", defaultSeverity: .warning, summary: "One device ran two sessions at once."),
        .init(id: "session-timestamp-backwards", defaultSeverity: .warning, summary: "Timestamps of a session went backwards beyond the tolerance."),
        .init(id: "session-previous-unknown", defaultSeverity: .info, summary: "previous id names a session never seen in the stream."),
    ]

    public static let ids: [String] = all.map(\.id)

    static let defaults: [String: Severity?] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0.defaultSeverity) })
}

