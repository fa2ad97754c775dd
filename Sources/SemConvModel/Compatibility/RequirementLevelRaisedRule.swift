/// A stable signal asks more of an attribute than the baseline did.
struct RequirementLevelRaisedRule: CompatibilityRule {
    static let description = RuleDescription(
        id: "requirement-level-raised", category: .compatibility, defaultSeverity: .error,
        summary: "a stable span, event, metric or entity made an attribute required, or made an opt_in attribute recommended or conditionally required (for a stable metric: added one that is not opt_in)",
        rationale: "Instrumentation that complied with the baseline stops complying, and a metric that gains a default "
            + "attribute changes its time series. Moving between recommended and conditionally_required only states "
            + "when to set the attribute, as upstream does on stable metrics, and is not reported.",
        fix: "keep the level (or lower it); add new attributes to a stable signal as opt_in (or recommended, except on metrics)",
        triggering: [
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
                  - id: event.demo.done
                    type: event
                    name: demo.done
                    stability: stable
                    brief: Something finished.
                    attributes:
                      - ref: demo.name
                        requirement_level: ↓required
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
                  - id: event.demo.done
                    type: event
                    name: demo.done
                    stability: stable
                    brief: Something finished.
                    attributes:
                      - ref: demo.name
                        requirement_level: recommended
                """]),
            RuleExample(.yaml, """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.route
                        type: string
                        stability: stable
                        brief: A route.
                  - id: metric.demo.requests
                    type: metric
                    metric_name: demo.requests
                    instrument: counter
                    unit: "{request}"
                    stability: stable
                    brief: Requests.
                    attributes:
                      - ref: ↓demo.route
                """, context: ["baseline": """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.route
                        type: string
                        stability: stable
                        brief: A route.
                  - id: metric.demo.requests
                    type: metric
                    metric_name: demo.requests
                    instrument: counter
                    unit: "{request}"
                    stability: stable
                    brief: Requests.
                """], note: "a stable metric gains a (recommended) attribute: its time series change"),
        ],
        nonTriggering: [
            RuleExample(.yaml, """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.error
                        type: string
                        stability: stable
                        brief: An error class.
                  - id: metric.demo.requests
                    type: metric
                    metric_name: demo.requests
                    instrument: counter
                    unit: "{request}"
                    stability: stable
                    brief: Requests.
                    attributes:
                      - ref: demo.error
                        requirement_level:
                          conditionally_required: if the request failed
                """, context: ["baseline": """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.error
                        type: string
                        stability: stable
                        brief: An error class.
                  - id: metric.demo.requests
                    type: metric
                    metric_name: demo.requests
                    instrument: counter
                    unit: "{request}"
                    stability: stable
                    brief: Requests.
                    attributes:
                      - ref: demo.error
                """], note: "recommended to conditionally_required only says when to set it"),
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
                  - id: event.demo.done
                    type: event
                    name: demo.done
                    stability: development
                    brief: Something finished.
                    attributes:
                      - ref: demo.name
                        requirement_level: required
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
                  - id: event.demo.done
                    type: event
                    name: demo.done
                    stability: development
                    brief: Something finished.
                    attributes:
                      - ref: demo.name
                        requirement_level: opt_in
                """], note: "development signals may change requirement levels"),
        ])

    /// Whether `after` asks more than `before` (nil: the attribute was not listed).
    static func raises(from before: String?, to after: String?, on kind: RegistryItemKind) -> Bool {
        guard let after else { return false }
        guard let before else { return after == "required" || (kind == .metric && after != "opt_in") }
        return (after == "required" && before != "required") || (before == "opt_in" && after != "opt_in")
    }

    static func check(_ input: CompatibilityInput) -> [Diagnostic] {
        input.updates(of: [.span, .event, .metric, .entity], fields: ["requirement_level", "attribute"]).compactMap { change, update, at in
            guard let key = update.subject, update.field == "requirement_level" || update.before == nil,
                  raises(from: update.before, to: update.after, on: change.item) else { return nil }
            let was = update.before.map { "from \($0) " } ?? "as a new attribute "
            return finding("stable \(change.item.label) '\(change.name)' requires more of '\(key)': \(was)to \(update.after ?? "?")",
                           at: at, fix: description.fix ?? "", attribute: key, event: change.name)
        }
    }
}
