extension RegistryRule {
    /// Names that break the naming rules, at the name.
    static let invalidName = RegistryRule(
        RuleDescription(
            id: "invalid-name", category: .registry, defaultSeverity: .error,
            summary: "attribute, event or metric names that are not lowercase dot-separated snake_case (at most 255 characters)",
            rationale: "Names are API: generated code, queries and dashboards rely on the upstream naming rules.",
            fix: "Use lowercase dot-separated snake_case segments, e.g. `app.screen.name`.",
            triggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: Demo attributes.
                        attributes:
                          - id: ↓Demo.UserName
                            type: string
                            brief: Breaks the lowercase rule.
                          - id: ↓demo..twice
                            type: string
                            brief: Empty segment.
                      - id: event.demo
                        type: event
                        name: ↓demo-happened
                        brief: Bad event name.
                      - id: metric.demo
                        type: metric
                        metric_name: ↓demo.Requests
                        instrument: counter
                        unit: "{request}"
                        brief: Bad metric name.
                    """),
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
                            brief: A name.
                    """),
            ]),
        check: { rule, files, _ in
            let fix = "use lowercase dot-separated snake_case segments, e.g. 'app.screen.name' (at most \(maxNameLength) characters)"
            var out: [Diagnostic] = []
            for d in RegistryChecks.definitions(files) where !isValidName(d.key) {
                out.append(rule.finding("attribute name '\(d.key)' breaks the naming rules", at: d.location, fix: fix,
                                        attribute: d.key))
            }
            for group in files.flatMap(\.groups).map(\.group) {
                if group.type == .event, let name = group.name, !isValidName(name) {
                    out.append(rule.finding("event name '\(name)' breaks the naming rules",
                                            at: group.fieldLocations["name"] ?? group.location, fix: fix, event: name))
                }
                if group.type == .metric, let name = group.metricName, !isValidName(name) {
                    out.append(rule.finding("metric name '\(name)' breaks the naming rules",
                                            at: group.fieldLocations["metric_name"] ?? group.fieldLocations["name"] ?? group.location,
                                            fix: fix))
                }
            }
            return out
        })

    static let maxNameLength = 255

    /// Lowercase, dot-separated snake_case segments, each starting with a letter; at most 255 characters.
    static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= maxNameLength else { return false }
        for segment in name.split(separator: ".", omittingEmptySubsequences: false) {
            guard let first = segment.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else {
                return false
            }
            var previousUnderscore = false
            for c in segment.utf8 {
                let ok = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
                if c == UInt8(ascii: "_") {
                    if previousUnderscore { return false }
                    previousUnderscore = true
                } else if ok {
                    previousUnderscore = false
                } else {
                    return false
                }
            }
            if previousUnderscore { return false }
        }
        return true
    }
}
