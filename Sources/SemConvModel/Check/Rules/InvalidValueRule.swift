extension RegistryRule {
    /// An unknown enumerated value (reported while reading, at the value).
    static let invalidValue = RegistryRule(
        RuleDescription(
            id: "invalid-value", category: .registry, defaultSeverity: .error,
            summary: "an unknown stability, requirement level, instrument, span kind or deprecation reason",
            rationale: "Unknown values are read as defaults by other tools, so the intent is lost.",
            fix: "Use one of the values the message lists.",
            triggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: Demo attributes.
                        attributes:
                          - id: demo.name
                            type: string
                            brief: A name.
                            stability: ↓experimantal
                    """),
            ],
            nonTriggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: Demo attributes.
                        attributes:
                          - id: demo.name
                            type: string
                            brief: A name.
                    """),
            ]))
}
