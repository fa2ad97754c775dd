extension RegistryRule {
    /// A reference to nothing (reported while resolving, at the reference).
    static let undefinedReference = RegistryRule(
        RuleDescription(
            id: "undefined-reference", category: .registry, defaultSeverity: .error,
            summary: "`ref`, `extends` or `include` naming nothing, with the nearest name",
            rationale: "A reference to nothing drops attributes from the group that needs them.",
            fix: "Use the id of an existing attribute or group; the message names the nearest one.",
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
                      - id: event.demo.happened
                        type: event
                        name: demo.happened
                        brief: Something happened.
                        attributes:
                          - ref: ↓demo.nam
                      - id: span.demo
                        type: span
                        brief: A span.
                        extends: ↓registry.dem
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
                      - id: span.demo
                        type: span
                        brief: A span.
                        attributes:
                          - ref: demo.name
                    """),
            ]))
}
