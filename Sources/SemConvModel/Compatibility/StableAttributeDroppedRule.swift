/// A stable signal no longer lists a stable attribute it listed in the baseline.
struct StableAttributeDroppedRule: CompatibilityRule {
    static let description = RuleDescription(
        id: "stable-attribute-dropped", category: .compatibility, defaultSeverity: .error,
        summary: "a stable span, event, metric or entity no longer lists a stable attribute it listed in the baseline",
        rationale: "Queries and dashboards on the signal rely on its stable attributes being there.",
        fix: "keep the attribute on the signal (deprecate the attribute itself if it must go)",
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
                  - ↓id: event.demo.done
                    type: event
                    name: demo.done
                    stability: stable
                    brief: Something finished.
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
                        stability: development
                        brief: A name.
                  - id: event.demo.done
                    type: event
                    name: demo.done
                    stability: stable
                    brief: Something finished.
                """, context: ["baseline": """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.name
                        type: string
                        stability: development
                        brief: A name.
                  - id: event.demo.done
                    type: event
                    name: demo.done
                    stability: stable
                    brief: Something finished.
                    attributes:
                      - ref: demo.name
                        requirement_level: opt_in
                """], note: "dropping a development attribute"),
        ])

    static func check(_ input: CompatibilityInput) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for kind in [RegistryItemKind.span, .event, .metric, .entity] {
            let now = input.current.groups(kind)
            for (name, old) in input.baseline.groups(kind).sorted(by: { $0.key < $1.key })
            where CompatibilityInput.isStable(old.stability) {
                guard let new = now[name] else { continue }
                let kept = Set(new.attributes.map(\.key))
                for usage in old.attributes where !kept.contains(usage.key) && CompatibilityInput.isStable(usage.attribute.stability) {
                    out.append(finding("stable \(kind.label) '\(name)' no longer lists stable attribute '\(usage.key)'",
                                       at: new.location, fix: description.fix ?? "", attribute: usage.key, event: name,
                                       related: [usage.location]))
                }
            }
        }
        return out
    }
}
