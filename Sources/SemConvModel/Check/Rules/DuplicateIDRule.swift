extension RegistryRule {
    /// A definition given twice (reported while resolving, at the second id).
    static let duplicateID = RegistryRule(
        RuleDescription(
            id: "duplicate-id", category: .registry, defaultSeverity: .error,
            summary: "an attribute or group defined twice in one registry, naming both places",
            rationale: "Which definition wins would depend on file order.",
            fix: "Define each attribute and group once; use `ref:` elsewhere.",
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
                          - id: ↓demo.name
                            type: string
                            brief: The same name again.
                      - id: ↓registry.demo
                        type: attribute_group
                        brief: A second group with the same id.
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
