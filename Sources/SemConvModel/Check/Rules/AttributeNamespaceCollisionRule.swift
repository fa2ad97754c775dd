extension RegistryRule {
    /// A key that is also a namespace, at the key.
    static let attributeNamespaceCollision = RegistryRule(
        RuleDescription(
            id: "attribute-namespace-collision", category: .registry, defaultSeverity: .error,
            summary: "an attribute key that is also the namespace of other keys (deprecated keys excepted, as upstream allows)",
            rationale: "Generated code and flattened JSON cannot hold a value and children under one name.",
            fix: "Rename the key (e.g. `demo.user.name`) or deprecate it.",
            triggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: Demo attributes.
                        attributes:
                          - id: ↓demo.user
                            type: string
                            brief: Used as a key...
                          - id: demo.user.kind
                            type: string
                            brief: ...and as a namespace.
                    """),
            ],
            nonTriggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: Demo attributes.
                        attributes:
                          - id: demo.system
                            type: string
                            brief: Deprecated keys may collide (upstream policy).
                            deprecated:
                              reason: renamed
                              renamed_to: demo.system.name
                          - id: demo.system.name
                            type: string
                            brief: The replacement.
                    """),
            ]),
        check: { rule, _, registry in
            var out: [Diagnostic] = []
            let keys = registry.attributes.keys.sorted()
            for (i, key) in keys.enumerated() {
                guard let a = registry.attributes[key], a.deprecated == nil, !a.type.isTemplate else { continue }
                let prefix = key + "."
                var j = i + 1
                var children: [String] = []
                while j < keys.count, keys[j] <= prefix || keys[j].hasPrefix(prefix) {
                    if keys[j].hasPrefix(prefix) { children.append(keys[j]) }
                    j += 1
                }
                guard !children.isEmpty else { continue }
                out.append(rule.finding(
                    "attribute '\(key)' is also the namespace of " + children.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
                        + (children.count > 3 ? " and \(children.count - 3) more" : ""),
                    at: a.location, fix: "rename '\(key)' (e.g. '\(key).name' or '\(key)_value') or deprecate it",
                    attribute: key))
            }
            return out
        })
}
