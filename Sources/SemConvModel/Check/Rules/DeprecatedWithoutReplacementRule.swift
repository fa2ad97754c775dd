extension RegistryRule {
    /// A deprecation that names no replacement, at the deprecation.
    static let deprecatedWithoutReplacement = RegistryRule(
        RuleDescription(
            id: "deprecated-without-replacement", category: .registry, defaultSeverity: .warning,
            summary: "a deprecation with neither `renamed_to` nor a note",
            rationale: "Users of a deprecated attribute need to know what to use instead.",
            fix: "Add `renamed_to`, or a `note` saying what to use instead.",
            triggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: Demo attributes.
                        attributes:
                          - id: demo.legacy
                            type: string
                            brief: Legacy.
                            deprecated:
                              ↓reason: obsoleted
                    """),
            ],
            nonTriggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: Demo attributes.
                        attributes:
                          - id: demo.legacy
                            type: string
                            brief: Legacy.
                            deprecated:
                              reason: obsoleted
                              note: Use demo.name instead.
                    """),
            ]),
        check: { rule, _, registry in
            var out: [Diagnostic] = []
            for a in registry.sortedAttributes {
                guard let d = a.deprecated, d.renamedTo == nil, (d.note ?? "").trimmingWhitespace.isEmpty else { continue }
                out.append(rule.finding("'\(a.key)' is deprecated without a replacement or explanation", at: d.location,
                                        fix: "add renamed_to, or a note saying what to use instead", attribute: a.key))
            }
            for g in registry.sortedGroups {
                guard let d = g.deprecated, d.renamedTo == nil, (d.note ?? "").trimmingWhitespace.isEmpty else { continue }
                out.append(rule.finding("group '\(g.id)' is deprecated without a replacement or explanation", at: d.location,
                                        fix: "add renamed_to, or a note saying what to use instead", event: g.id))
            }
            return out
        })
}
