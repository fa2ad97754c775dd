/// A stable attribute's type changed.
struct TypeChangedRule: CompatibilityRule {
    static let description = RuleDescription(
        id: "type-changed", category: .compatibility, defaultSeverity: .error,
        summary: "a stable attribute's type changed (including to or from an enum, or the enum's value type), or its enum was closed (allow_custom_values: false)",
        rationale: "Values recorded with the old type stop matching; typed code generated from the registry stops compiling.",
        fix: "keep the type; add a new attribute with the new type and deprecate the old one (reason: renamed)",
        triggering: [
            RuleExample(.yaml, """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.count
                        type: ↓string
                        stability: stable
                        brief: A count.
                """, context: ["baseline": """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.count
                        type: int
                        stability: stable
                        brief: A count.
                """]),
            RuleExample(.yaml, """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.state
                        type:
                          ↓allow_custom_values: false
                          members:
                            - id: idle
                              value: idle
                        stability: stable
                        brief: A state.
                """, context: ["baseline": """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.state
                        type:
                          members:
                            - id: idle
                              value: idle
                        stability: stable
                        brief: A state.
                """], note: "closing an open enum: values other than its members were allowed and now are not"),
        ],
        nonTriggering: [
            RuleExample(.yaml, """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.count
                        type: string
                        stability: development
                        brief: A count.
                """, context: ["baseline": """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.count
                        type: int
                        stability: development
                        brief: A count.
                """], note: "development attributes may change type (the diff still lists it)"),
            RuleExample(.yaml, """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.state
                        type:
                          members:
                            - id: idle
                              value: idle
                        stability: stable
                        brief: A state.
                """, context: ["baseline": """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.state
                        type:
                          allow_custom_values: false
                          members:
                            - id: idle
                              value: idle
                        stability: stable
                        brief: A state.
                """], note: "opening a closed enum (upstream v1.27.0 did so with jvm.memory.type): every value recorded before still fits"),
        ])

    static func check(_ input: CompatibilityInput) -> [Diagnostic] {
        input.updates(of: [.attribute], fields: ["type", "allow_custom_values"]).compactMap { change, update, at in
            let related = change.baselineLocation.map { [$0] } ?? []
            guard update.field == "allow_custom_values" else {
                return finding("stable attribute '\(change.name)' changed type from \(update.before ?? "?") to \(update.after ?? "?")",
                               at: at, fix: description.fix ?? "", attribute: change.name, related: related)
            }
            // Opening a closed enum keeps every value valid; closing an open one rejects values that were allowed.
            guard update.after == "false" else { return nil }
            return finding("stable attribute '\(change.name)' closed its enum (allow_custom_values: false): values other than its members are no longer allowed",
                           at: at, fix: "keep the enum open (leave out allow_custom_values, or set it to true)",
                           attribute: change.name, related: related)
        }
    }
}
