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
        input.updates(of: [.attribute], fields: ["type"]).map { change, update, at in
            finding("stable attribute '\(change.name)' changed type from \(update.before ?? "?") to \(update.after ?? "?")",
                    at: at, fix: description.fix ?? "", attribute: change.name, related: change.baselineLocation.map { [$0] } ?? [])
        }
    }
}
