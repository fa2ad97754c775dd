extension RegistryRule {
    /// Malformed policy annotations (reported while reading the policy, at the annotation value or key that is wrong).
    static let invalidAnnotation = RegistryRule(
        RuleDescription(
            id: "invalid-annotation", category: .registry, defaultSeverity: .error,
            summary: "malformed `privacy`, `cardinality`, `aliases` or `registry_policy` annotations",
            rationale: "These annotations drive the privacy, cardinality and alias rules of `lint`; a malformed one silently turns a rule off.",
            fix: "Use the shapes README \"Model extensions\" describes.",
            triggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: Demo attributes.
                        attributes:
                          - id: demo.email
                            type: string
                            brief: An e-mail address.
                            annotations:
                              cardinality: ↓infinite
                              privacy:
                                ↓clasification: pii
                                forbidden: ↓"yes please"
                    """),
            ],
            nonTriggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: Demo attributes.
                        attributes:
                          - id: demo.email
                            type: string
                            brief: An e-mail address.
                            annotations:
                              cardinality: unbounded
                              privacy:
                                classification: pii
                                forbidden: true
                    """),
            ]))
}
