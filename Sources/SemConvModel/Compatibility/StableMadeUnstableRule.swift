/// Something the baseline declared stable is no longer stable.
struct StableMadeUnstableRule: CompatibilityRule {
    static let description = RuleDescription(
        id: "stable-made-unstable", category: .compatibility, defaultSeverity: .error,
        summary: "a stable attribute, enum member, metric, event, span, entity or attribute group has a lower stability now",
        rationale: "Stable is a promise: users build dashboards, alerts and code on it. A stable item may be deprecated, "
            + "never demoted.",
        fix: "keep 'stability: stable'; to retire the item, deprecate it",
        triggering: [
            RuleExample(.yaml, """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.name
                        type: string
                        stability: ↓development
                        brief: A name.
                """, context: ["baseline": """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.name
                        type: string
                        stability: stable
                        brief: A name.
                """]),
            RuleExample(.yaml, """
                groups:
                  - id: metric.demo.requests
                    type: metric
                    metric_name: demo.requests
                    instrument: counter
                    unit: "{request}"
                    stability: ↓release_candidate
                    brief: Requests.
                """, context: ["baseline": """
                groups:
                  - id: metric.demo.requests
                    type: metric
                    metric_name: demo.requests
                    instrument: counter
                    unit: "{request}"
                    stability: stable
                    brief: Requests.
                """]),
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
                        stability: stable
                        brief: A name.
                        deprecated:
                          reason: obsoleted
                          note: Not recorded any more.
                """, context: ["baseline": """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.name
                        type: string
                        stability: stable
                        brief: A name.
                """], note: "deprecating a stable attribute"),
        ])

    static func check(_ input: CompatibilityInput) -> [Diagnostic] {
        // The item's own stability (whatever the baseline said of the item: the update says it was stable).
        input.updates(of: Set(RegistryItemKind.allCases), fields: ["stability", "enum_member.stability"], stableOnly: false)
            .filter { CompatibilityInput.isStable($0.update.before) && !CompatibilityInput.keepsStability($0.update.after) }
            .map { change, update, at in
                let now = update.after ?? "without a stability"
                if let member = update.subject {
                    return finding("stable enum member '\(member)' of '\(change.name)' is now \(now)", at: at,
                                   fix: description.fix ?? "", attribute: change.name)
                }
                return finding("stable \(change.item.label) '\(change.name)' is now \(now)", at: at, fix: description.fix ?? "",
                               attribute: change.item == .attribute ? change.name : nil,
                               event: change.item == .attribute ? nil : change.name,
                               related: change.baselineLocation.map { [$0] } ?? [])
            }
    }
}
