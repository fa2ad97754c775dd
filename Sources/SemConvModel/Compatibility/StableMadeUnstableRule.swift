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
        var out: [Diagnostic] = []
        let fix = description.fix ?? ""
        for change in input.diff.changes where change.kind != .added && change.kind != .removed {
            for update in change.updates {
                switch update.field {
                case "stability":
                    guard CompatibilityInput.isStable(update.before), !CompatibilityInput.keepsStability(update.after) else { continue }
                    out.append(finding("stable \(change.item.label) '\(change.name)' is now \(update.after ?? "without a stability")",
                                       at: update.location ?? change.location ?? SourceLocation(file: ""), fix: fix,
                                       attribute: change.item == .attribute ? change.name : nil,
                                       event: change.item == .attribute ? nil : change.name,
                                       related: change.baselineLocation.map { [$0] } ?? []))
                case "enum_member.stability":
                    guard CompatibilityInput.isStable(update.before), !CompatibilityInput.keepsStability(update.after) else { continue }
                    out.append(finding("stable enum member '\(update.subject ?? "")' of '\(change.name)' is now \(update.after ?? "without a stability")",
                                       at: update.location ?? change.location ?? SourceLocation(file: ""), fix: fix,
                                       attribute: change.name))
                default:
                    continue
                }
            }
        }
        return out
    }
}
