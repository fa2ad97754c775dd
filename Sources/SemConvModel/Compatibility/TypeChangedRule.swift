/// A stable attribute's type changed.
struct TypeChangedRule: CompatibilityRule {
    static let description = RuleDescription(
        id: "type-changed", category: .compatibility, defaultSeverity: .error,
        summary: "a stable attribute's type changed (including to or from an enum, or the enum's value type)",
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
        ])

    static func check(_ input: CompatibilityInput) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for change in input.diff.changes where change.item == .attribute && CompatibilityInput.isStable(change.baselineStability) {
            for update in change.updates where update.field == "type" {
                out.append(finding("stable attribute '\(change.name)' changed type from \(update.before ?? "?") to \(update.after ?? "?")",
                                   at: update.location ?? change.location ?? SourceLocation(file: ""),
                                   fix: description.fix ?? "", attribute: change.name,
                                   related: change.baselineLocation.map { [$0] } ?? []))
            }
        }
        return out
    }
}
