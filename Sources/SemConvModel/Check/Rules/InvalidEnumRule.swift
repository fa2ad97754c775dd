extension RegistryRule {
    /// Enum members that clash, at the id or value that clashes.
    static let invalidEnum = RegistryRule(
        RuleDescription(
            id: "invalid-enum", category: .registry, defaultSeverity: .error,
            summary: "duplicate member ids or values (a deprecated alias of a member excepted), mixed value types",
            rationale: "Generated enums need unique cases and one raw type.",
            fix: "Give each member a unique id and value, all of one type.",
            triggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: Demo attributes.
                        attributes:
                          - id: demo.color
                            brief: A color.
                            type:
                              members:
                                - id: red
                                  value: "red"
                                - id: ↓red
                                  value: "crimson"
                                - id: blue
                                  value: ↓"red"
                          - id: demo.level
                            brief: A level.
                            type:
                              members:
                                - id: low
                                  value: ↓1
                                - id: high
                                  value: "high"
                    """),
            ],
            nonTriggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: Demo attributes.
                        attributes:
                          - id: demo.color
                            brief: A color.
                            type:
                              members:
                                - id: red
                                  value: "red"
                                - id: scarlet
                                  value: "red"
                                  deprecated:
                                    reason: renamed
                                    renamed_to: red
                    """, note: "a deprecated alias may repeat a value"),
            ]),
        check: { rule, files, _ in
            var out: [Diagnostic] = []
            for spec in RegistryChecks.definitions(files) {
                guard case let .enumeration(e)? = spec.type else { continue }
                var ids: [String: EnumMember] = [:]
                var values: [JSONValue: EnumMember] = [:]
                var kinds = Set<String>()
                for m in e.members {
                    if let first = ids[m.id] {
                        out.append(rule.finding("enum member id '\(m.id)' of '\(spec.key)' is already used at \(first.location)",
                                                at: m.fieldLocations["id"] ?? m.location, fix: "give each member a unique id",
                                                attribute: spec.key, related: [first.fieldLocations["id"] ?? first.location]))
                    } else {
                        ids[m.id] = m
                    }
                    if let first = values[m.value], first.deprecated == nil, m.deprecated == nil {
                        out.append(rule.finding("enum value \(m.value.rendered()) of '\(spec.key)' is already used by member '\(first.id)'",
                                                at: m.fieldLocations["value"] ?? m.location, fix: "give each member a unique value",
                                                attribute: spec.key, related: [first.fieldLocations["value"] ?? first.location]))
                    } else if values[m.value] == nil || m.deprecated == nil {
                        values[m.value] = m
                    }
                    switch m.value {
                    case .string: kinds.insert("string")
                    case .int, .double: kinds.insert("number")
                    default: break
                    }
                }
                if kinds.count > 1, let m = e.members.first(where: { if case .string = $0.value { false } else { true } }) {
                    out.append(rule.finding("enum '\(spec.key)' mixes string and numeric member values",
                                            at: m.fieldLocations["value"] ?? m.location, fix: "use one value type for all members",
                                            attribute: spec.key))
                }
            }
            return out
        })
}
