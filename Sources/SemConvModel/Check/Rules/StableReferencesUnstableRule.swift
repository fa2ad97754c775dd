extension RegistryRule {
    /// A stable group relying on unstable attributes, at the reference.
    static let stableReferencesUnstable = RegistryRule(
        RuleDescription(
            id: "stable-references-unstable", category: .registry, defaultSeverity: .warning,
            summary: "a stable group that requires or recommends a non-stable attribute",
            rationale: "A stable group promises not to change; an attribute that may still change breaks that promise.",
            fix: "Stabilize the attribute first, or make it `opt_in` in the stable group.",
            triggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: Demo attributes.
                        attributes:
                          - id: demo.name
                            type: string
                            stability: development
                            brief: A name.
                      - id: span.demo
                        type: span
                        stability: stable
                        brief: A stable span.
                        attributes:
                          - ref: ↓demo.name
                            requirement_level: required
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
                            stability: development
                            brief: A name.
                      - id: span.demo
                        type: span
                        stability: stable
                        brief: A stable span.
                        attributes:
                          - ref: demo.name
                            requirement_level: opt_in
                    """),
            ]),
        check: { rule, _, registry in
            var out: [Diagnostic] = []
            for g in registry.sortedGroups where g.stability == "stable" && g.deprecated == nil {
                for item in g.attributes where item.isReference {
                    let s = item.attribute.stability ?? "development"
                    guard s != "stable", item.attribute.deprecated == nil, item.requirementLevel != .optIn else { continue }
                    out.append(rule.finding("stable group '\(g.id)' references '\(item.key)', whose stability is \(s)",
                                            at: item.location, fix: "stabilize '\(item.key)' first, or make it opt_in here",
                                            attribute: item.key, event: g.id))
                }
            }
            return out
        })
}
