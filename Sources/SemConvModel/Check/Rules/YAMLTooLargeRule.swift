extension RegistryRule {
    /// A document whose aliases expand beyond the node budget (tested with a generated document in HostileInputTests and the check fixtures).
    static let yamlTooLarge = RegistryRule(
        RuleDescription(
            id: "yaml-too-large", category: .registry, defaultSeverity: .error,
            summary: "aliases that expand a document beyond a million nodes (a billion laughs document)",
            rationale: "A few lines of aliases can expand to billions of nodes; reading stops with this finding instead of hanging.",
            fix: "Remove the repeated aliases; registry files do not need them.",
            triggering: [
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
