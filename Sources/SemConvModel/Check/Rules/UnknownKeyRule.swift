extension RegistryRule {
    /// A key the file format does not define (reported while reading, at the key).
    static let unknownKey = RegistryRule(
        RuleDescription(
            id: "unknown-key", category: .registry, defaultSeverity: .error,
            summary: "a key the format does not define (with did-you-mean)",
            rationale: "A misspelled key is silently ignored by generators: the stability or requirement level it meant to set is lost.",
            fix: "Fix the spelling; the message names the nearest allowed key.",
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
                            ↓stabilty: development
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
