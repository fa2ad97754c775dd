import SemConvModel

/// `deprecated-attribute`: an attribute the registry marks deprecated.
enum DeprecatedAttributeRule {
    static let description = RuleDescription(
        id: TelemetryRuleID.deprecatedAttribute.id, category: .telemetry, defaultSeverity: .warning,
        summary: "An attribute is deprecated.",
        rationale: "Deprecated attributes disappear from dashboards and queries written against the current registry.",
        fix: "Record the replacement the message names.",
        triggering: [
            RuleExample(.ndjson, #"{"event":"app_tap","shop_level":↓"gold"}"#, context: ["registry": registry]),
        ],
        nonTriggering: [
            RuleExample(.ndjson, #"{"event":"app_tap","shop_tier":"gold"}"#, context: ["registry": registry]),
        ])

    static let registry = """
        groups:
          - id: registry.shop
            type: attribute_group
            brief: Shop attributes.
            attributes:
              - id: shop.tier
                type: string
                stability: development
                brief: The customer tier.
                annotations:
                  aliases: [shop_tier]
              - id: shop.level
                type: string
                stability: development
                brief: The customer tier, under its old name.
                deprecated:
                  reason: renamed
                  renamed_to: shop.tier
                annotations:
                  aliases: [shop_level]
        """

    static func check(_ ctx: UnitRuleContext, _ occurrence: AttributeOccurrence, id: Int) {
        guard let deprecation = ctx.index.deprecations[id], let severity = ctx.sink.admit(.deprecatedAttribute) else { return }
        let key = ctx.index.attributes[id].key
        ctx.report(.deprecatedAttribute, severity, "'\(key)' is deprecated: \(deprecation.summary)",
                   offset: occurrence.offset, attribute: key, event: ctx.eventName(ofRecord: occurrence.owner),
                   path: ctx.batch.path(occurrence.pathAnchor),
                   fix: deprecation.renamedTo.map { "use '\($0)'" } ?? "stop recording it")
    }
}
