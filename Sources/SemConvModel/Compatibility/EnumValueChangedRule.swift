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
        var out: [Diagnostic] = []
        for change in input.diff.changes where change.item == .attribute && CompatibilityInput.isStable(change.baselineStability) {
            for update in change.updates where update.field == "enum_member.value" {
                out.append(finding("enum member '\(update.subject ?? "")' of stable attribute '\(change.name)' changed value from \(update.before ?? "?") to \(update.after ?? "?")",
                                   at: update.location ?? change.location ?? SourceLocation(file: ""),
                                   fix: description.fix ?? "", attribute: change.name))
            }
        }
        return out
    }
}
