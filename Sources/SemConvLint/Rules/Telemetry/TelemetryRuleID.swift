/// Every telemetry rule, as a small integer for the hot path (severities, caps and counts are arrays indexed by
/// it). The id text is the rule's stable id; each rule's `RuleDescription` lives in its own file and
/// `TelemetryRuleCatalog.descriptions` lists them all (a test checks the two agree).
enum TelemetryRuleID: Int, CaseIterable, Sendable, BitwiseCopyable {
    // The unit itself (decoders).
    case invalidJSON, nestingTooDeep, lineTooLong, invalidUTF8, unknownInput, inputUnreadable, noTelemetry, invalidFrame
    case otlpValueInvalid
    // Attributes and records (stateless, per unit).
    case requiredAttributeMissing, conditionallyRequiredMissing, conditionallyRequiredUnknown
    case recommendedAttributeMissing, attributeTypeMismatch, enumValueInvalid, enumValueUnknown
    case unknownAttribute, unknownEvent, deprecatedAttribute, attributeAlias, forbiddenAttribute, sensitiveValue
    case sessionContextMissing, timestampMissing, sessionPreviousIDEqualsID
    // Session lifecycle (event time, across units).
    case sessionDuplicateStart, sessionEndWithoutStart, sessionTelemetryAfterEnd, sessionTooLong
    case sessionInactivityGap, sessionConcurrent, sessionTelemetryBeforeStart, sessionPreviousUnknown
    case sessionDuplicateEnd
    // Metric data points (stateless, per unit).
    case metricAttributeUnbounded
    // live-check's transport (requests refused before their records could be read).
    case liveRequestRejected

    /// The stable id used in reports and `--rules` files.
    var id: String {
        switch self {
        case .invalidJSON: "invalid-json"
        case .nestingTooDeep: "nesting-too-deep"
        case .lineTooLong: "line-too-long"
        case .invalidUTF8: "invalid-utf8"
        case .unknownInput: "unknown-input"
        case .inputUnreadable: "input-unreadable"
        case .noTelemetry: "no-telemetry"
        case .invalidFrame: "invalid-frame"
        case .otlpValueInvalid: "otlp-value-invalid"
        case .requiredAttributeMissing: "required-attribute-missing"
        case .conditionallyRequiredMissing: "conditionally-required-missing"
        case .conditionallyRequiredUnknown: "conditionally-required-unknown"
        case .recommendedAttributeMissing: "recommended-attribute-missing"
        case .attributeTypeMismatch: "attribute-type-mismatch"
        case .enumValueInvalid: "enum-value-invalid"
        case .enumValueUnknown: "enum-value-unknown"
        case .unknownAttribute: "unknown-attribute"
        case .unknownEvent: "unknown-event"
        case .deprecatedAttribute: "deprecated-attribute"
        case .attributeAlias: "attribute-alias"
        case .forbiddenAttribute: "forbidden-attribute"
        case .sensitiveValue: "sensitive-value"
        case .sessionContextMissing: "session-context-missing"
        case .timestampMissing: "timestamp-missing"
        case .sessionPreviousIDEqualsID: "session-previous-id-equals-id"
        case .sessionDuplicateStart: "session-duplicate-start"
        case .sessionEndWithoutStart: "session-end-without-start"
        case .sessionTelemetryAfterEnd: "session-telemetry-after-end"
        case .sessionTooLong: "session-too-long"
        case .sessionInactivityGap: "session-inactivity-gap"
        case .sessionConcurrent: "session-concurrent"
        case .sessionTelemetryBeforeStart: "session-telemetry-before-start"
        case .sessionPreviousUnknown: "session-previous-unknown"
        case .sessionDuplicateEnd: "session-duplicate-end"
        case .metricAttributeUnbounded: "metric-attribute-unbounded"
        case .liveRequestRejected: "live-request-rejected"
        }
    }
}
