extension RegistryRule {
    /// An element without a brief, at its id.
    static let missingBrief = RegistryRule(
        RuleDescription(
            id: "missing-brief", category: .registry, defaultSeverity: .warning,
            summary: "an attribute or group (not an attribute group) without a brief",
            rationale: "Generated doc comments and documentation tables are built from briefs.",
            fix: "Add `brief:` with a one-sentence description.",
            triggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: Demo attributes.
                        attributes:
                          - id: ↓demo.name
                            type: string
                      - id: ↓span.demo
                        type: span
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
            ]),
        check: { rule, files, _ in
            var out: [Diagnostic] = []
            for d in RegistryChecks.definitions(files) where (d.brief ?? "").trimmingWhitespace.isEmpty {
                out.append(rule.finding("attribute '\(d.key)' has no brief", at: d.location,
                                        fix: "add 'brief:' with a one-sentence description", attribute: d.key))
            }
            for g in files.flatMap(\.groups) where (g.group.brief ?? "").trimmingWhitespace.isEmpty
                && g.group.type != .attributeGroup && g.extends == nil {
                out.append(rule.finding("group '\(g.group.id)' has no brief",
                                        at: g.group.fieldLocations["id"] ?? g.group.location,
                                        fix: "add 'brief:' with a one-sentence description", event: g.group.id))
            }
            return out
        })
}
