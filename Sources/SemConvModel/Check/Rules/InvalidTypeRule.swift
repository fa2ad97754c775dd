extension RegistryRule {
    /// A value of the wrong YAML type or an unknown attribute type (reported while reading, at the value).
    static let invalidType = RegistryRule(
        RuleDescription(
            id: "invalid-type", category: .registry, defaultSeverity: .error,
            summary: "a value of the wrong YAML type, or an unknown attribute type",
            rationale: "Generators and linters need the declared type to type values and code.",
            fix: "Use one of the types the message lists.",
            triggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: Demo attributes.
                        attributes:
                          - id: demo.count
                            type: ↓integer
                            brief: A count.
                          - id: demo.label
                            type: string
                            brief: ↓[not, a, string]
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
