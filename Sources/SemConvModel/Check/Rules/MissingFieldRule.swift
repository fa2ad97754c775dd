extension RegistryRule {
    /// A mandatory field left out (reported at the mapping that lacks it).
    static let missingField = RegistryRule(
        RuleDescription(
            id: "missing-field", category: .registry, defaultSeverity: .error,
            summary: "a mandatory field is missing (`id`, `type`, `metric_name`, `instrument`, `unit`, event `name`, ...)",
            rationale: "Without it the element cannot be resolved or generated.",
            fix: "Add the field the message names.",
            triggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: Demo attributes.
                        attributes:
                          - ↓id: demo.name
                            brief: A name without a type.
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
