/// A member of a stable enum attribute kept its id but changed its value.
struct EnumValueChangedRule: CompatibilityRule {
    static let description = RuleDescription(
        id: "enum-value-changed", category: .compatibility, defaultSeverity: .error,
        summary: "an enum member of a stable attribute kept its id but has a different value",
        rationale: "The value is what telemetry carries: producers send the old one, consumers match the new one.",
        fix: "keep the value; add a member with the new value and deprecate the old member",
        triggering: [
            RuleExample(.yaml, """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.mode
                        type:
                          members:
                            - id: fast
                              value: ↓"quick"
                        stability: stable
                        brief: A mode.
                """, context: ["baseline": """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.mode
                        type:
                          members:
                            - id: fast
                              value: "fast"
                        stability: stable
                        brief: A mode.
                """]),
        ],
        nonTriggering: [
            RuleExample(.yaml, """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.mode
                        type:
                          members:
                            - id: fast
                              value: "fast"
                              brief: Now with a brief.
                            - id: slow
                              value: "slow"
                        stability: stable
                        brief: A mode.
                """, context: ["baseline": """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.mode
                        type:
                          members:
                            - id: fast
                              value: "fast"
                        stability: stable
                        brief: A mode.
                """], note: "adding members and documentation"),
        ])

    static func check(_ input: CompatibilityInput) -> [Diagnostic] {
        input.updates(of: [.attribute], fields: ["enum_member.value"]).map { change, update, at in
            finding("enum member '\(update.subject ?? "")' of stable attribute '\(change.name)' changed value from \(update.before ?? "?") to \(update.after ?? "?")",
                    at: at, fix: description.fix ?? "", attribute: change.name)
        }
    }
}
