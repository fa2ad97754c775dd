extension RegistryRule {
    /// `renamed_to` naming nothing, at the `renamed_to` value.
    static let invalidRenamedTo = RegistryRule(
        RuleDescription(
            id: "invalid-renamed-to", category: .registry, defaultSeverity: .error,
            summary: "a `renamed` deprecation whose `renamed_to` names nothing, or the item itself",
            rationale: "Generated deprecation messages and migration tools point users to the replacement; it must exist.",
            fix: "Name an existing attribute, group or enum member.",
            triggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: Demo attributes.
                        attributes:
                          - id: demo.old
                            type: string
                            brief: An old name.
                            deprecated:
                              reason: renamed
                              renamed_to: ↓demo.nowhere
                    """),
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: Demo attributes.
                        attributes:
                          - id: demo.fragment
                            type: string
                            brief: Renamed to itself.
                            deprecated:
                              reason: renamed
                              renamed_to: ↓demo.fragment
                    """, note: "a rename to the item itself renames nothing"),
            ],
            nonTriggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: Demo attributes.
                        attributes:
                          - id: demo.old
                            type: string
                            brief: An old name.
                            deprecated:
                              reason: renamed
                              renamed_to: demo.new
                          - id: demo.new
                            type: string
                            brief: The new name.
                    """),
            ]),
        check: { rule, _, registry in
            var out: [Diagnostic] = []
            func at(_ d: Deprecation) -> SourceLocation { d.fieldLocations["renamed_to"] ?? d.location }
            let metricNames = Set(registry.groups.values.compactMap(\.metricName))
            let eventNames = Set(registry.groups.values.compactMap(\.eventName))
            var memberNames = Set<String>()
            for a in registry.attributes.values {
                if case let .enumeration(e) = a.type {
                    memberNames.formUnion(e.members.map(\.id) + e.members.compactMap(\.value.stringValue))
                }
            }
            for a in registry.sortedAttributes {
                if let d = a.deprecated, d.reason == "renamed", let to = d.renamedTo {
                    if to == a.key {
                        out.append(rule.finding("'\(a.key)' is renamed to itself", at: at(d),
                                                fix: "name the attribute that replaces it, or use reason: obsoleted with a note",
                                                attribute: a.key))
                    } else if registry.attribute(forKey: to) == nil {
                        out.append(rule.finding("'\(a.key)' is renamed to '\(to)', which is not defined"
                                                    + Suggestions.didYouMean(to, in: registry.attributes.keys.filter { $0 != a.key }),
                                                at: at(d), fix: "name an existing attribute", attribute: a.key))
                    }
                }
                guard case let .enumeration(e) = a.type else { continue }
                for m in e.members {
                    guard let d = m.deprecated, d.reason == "renamed", let to = d.renamedTo else { continue }
                    if to == m.id {
                        out.append(rule.finding("enum member '\(m.id)' of '\(a.key)' is renamed to itself", at: at(d),
                                                fix: "name the member that replaces it, or use reason: obsoleted with a note",
                                                attribute: a.key))
                    } else if !memberNames.contains(to), registry.attribute(forKey: to) == nil {
                        out.append(rule.finding("enum member '\(m.id)' of '\(a.key)' is renamed to '\(to)', which is not a member",
                                                at: at(d), fix: "name an existing member", attribute: a.key))
                    }
                }
            }
            for g in registry.sortedGroups {
                guard let d = g.deprecated, d.reason == "renamed", let to = d.renamedTo else { continue }
                if to == g.id || to == g.eventName || to == g.metricName || (g.type == .entity && to == g.name) {
                    out.append(rule.finding("group '\(g.id)' is renamed to itself", at: at(d),
                                            fix: "name the \(g.type) that replaces it, or use reason: obsoleted with a note",
                                            event: g.id))
                    continue
                }
                let known: Bool
                switch g.type {
                case .metric: known = metricNames.contains(to) || registry.groups[to] != nil
                case .event: known = eventNames.contains(to) || registry.groups[to] != nil
                default: known = registry.groups[to] != nil || registry.groups.values.contains { $0.name == to }
                }
                if !known {
                    out.append(rule.finding("group '\(g.id)' is renamed to '\(to)', which is not defined",
                                            at: at(d), fix: "name an existing \(g.type)", event: g.id))
                }
            }
            return out
        })
}
