/// A stable signal asks more of an attribute than the baseline did.
struct RequirementLevelRaisedRule: CompatibilityRule {
    static let description = RuleDescription(
        id: "requirement-level-raised", category: .compatibility, defaultSeverity: .error,
        summary: "a stable span, event, metric or entity raised an attribute's requirement level, or added a required attribute",
        rationale: "Instrumentation that complied with the baseline stops complying. Levels rank opt_in < recommended "
            + "< conditionally_required < required.",
        fix: "keep the level (or lower it); add new attributes to a stable signal as recommended or opt_in",
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

    static func rank(_ level: String?) -> Int {
        switch level {
        case "opt_in": 0
        case "recommended": 1
        case "conditionally_required": 2
        case "required": 3
        default: 1
        }
    }

    static func check(_ input: CompatibilityInput) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let signals: Set<RegistryItemKind> = [.span, .event, .metric, .entity]
        for change in input.diff.changes where signals.contains(change.item) && CompatibilityInput.isStable(change.baselineStability) {
            for update in change.updates {
                let raised: Bool
                switch update.field {
                case "requirement_level": raised = update.subject != nil && rank(update.after) > rank(update.before)
                case "attribute": raised = update.before == nil && update.after == "required"
                default: raised = false
                }
                guard raised, let key = update.subject else { continue }
                let was = update.before.map { "from \($0) " } ?? "as a new attribute "
                out.append(finding("stable \(change.item.label) '\(change.name)' requires more of '\(key)': \(was)to \(update.after ?? "?")",
                                   at: update.location ?? change.location ?? SourceLocation(file: ""),
                                   fix: description.fix ?? "", attribute: key, event: change.name))
            }
        }
        return out
    }
}
