extension RegistryRule {
    /// A key given twice in one mapping.
    static let duplicateKey = RegistryRule(
        RuleDescription(
            id: "duplicate-key", category: .registry, defaultSeverity: .error,
            summary: "a mapping with the same key twice (at the second one)",
            rationale: "YAML readers differ on which value wins; upstream tooling rejects the file.",
            fix: "Remove one of the two entries.",
            triggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: Demo.
                        ↓brief: Again.
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
