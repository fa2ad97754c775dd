import SemConvModel

/// Every telemetry rule's description, in one list: `semconv rules`, the README, SARIF metadata, `--rules`
/// validation and the example test read it.
enum TelemetryRuleCatalog {
    static let descriptions: [RuleDescription] = [
        UnitRules.invalidJSON, UnitRules.nestingTooDeep, UnitRules.lineTooLong, InvalidUTF8Rule.description,
        UnitRules.unknownInput, UnitRules.inputUnreadable, UnitRules.noTelemetry, InvalidFrameRule.description,
        OTLPValueRule.description, UnitRules.liveRequestRejected,
        RequirementLevelRules.required, SessionPreviousIDRules.conditionalMissing, RequirementLevelRules.conditionalUnknown,
        RequirementLevelRules.recommended, AttributeTypeRules.typeMismatch, AttributeTypeRules.enumInvalid,
        AttributeTypeRules.enumUnknown, UnknownAttributeRule.description, UnknownEventRule.description,
        DeprecatedAttributeRule.description, AttributeAliasRule.description, ForbiddenAttributeRule.description,
        SensitiveValueRule.description, SessionContextRules.contextMissing, SessionContextRules.timestampMissing,
        SessionPreviousIDRules.equalsID, SessionBoundaryRules.duplicateStart, SessionBoundaryRules.endWithoutStart,
        SessionBoundaryRules.afterEnd, SessionDurationRules.tooLong, SessionDurationRules.inactivityGap,
        SessionConcurrentRule.description, SessionBoundaryRules.beforeStart, SessionPreviousIDRules.previousUnknown,
        SessionBoundaryRules.duplicateEnd, MetricAttributeRule.unbounded,
    ]

    private static let byID: [String: RuleDescription] = Dictionary(uniqueKeysWithValues: descriptions.map { ($0.id, $0) })

    /// The description of a rule.
    static func description(of rule: TelemetryRuleID) -> RuleDescription { byID[rule.id]! }
}
