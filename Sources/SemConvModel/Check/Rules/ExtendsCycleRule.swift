extension RegistryRule {
    /// Groups that extend or include each other (reported while resolving, at the `extends` that closes the cycle).
    static let extendsCycle = RegistryRule(
        RuleDescription(
            id: "extends-cycle", category: .registry, defaultSeverity: .error,
            summary: "`extends` / includes that form a cycle",
            rationale: "A group cannot inherit from itself; its attributes would be undefined.",
            fix: "Break the cycle by removing one `extends` or include.",
            triggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: span.a
                        type: span
                        brief: A.
                        extends: ↓span.b
                      - id: span.b
                        type: span
                        brief: B.
                        extends: span.a
                    """),
            ],
            nonTriggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: span.a
                        type: span
                        brief: A.
                      - id: span.b
                        type: span
                        brief: B.
                        extends: span.a
                    """),
            ]))
}
