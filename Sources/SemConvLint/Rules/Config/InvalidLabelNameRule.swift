import SemConvModel

extension ConfigRule {
    /// A label (or structured metadata) name Loki does not accept.
    static let invalidLabelName = ConfigRule(
        description: RuleDescription(
            id: "invalid-label-name", category: .config, defaultSeverity: .error,
            summary: "a label or structured metadata name that is not `[a-zA-Z_][a-zA-Z0-9_]*`",
            rationale: "Alloy and Promtail refuse such names when they load the config (Prometheus label name rules).",
            fix: "Rename it with letters, digits and underscores only, e.g. `service_name`.",
            triggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.static_labels {
                        values = { ↓"service-name" = "web" }
                      }
                    }
                    """),
                RuleExample(.promtail, """
                    scrape_configs:
                      - job_name: app
                        static_configs:
                          - labels:
                              ↓app.name: web
                    """),
            ],
            nonTriggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.static_labels {
                        values = { service_name = "web" }
                      }
                    }
                    """),
            ]),
        check: { rule, facts, _ in
            let labels = facts.promotions.filter {
                switch $0.kind {
                case .stage, .fixed, .relabel: true
                case .exporterHint, .exporterDefault: false  // the exporter translates names into valid ones
                }
            }.map { ($0.label, $0.location, "label") }
            let metadata = facts.metadata.map { ($0.ref.name, $0.ref.location, "structured metadata name") }
            var seen = Set<SourceLocation>()
            return (labels + metadata).compactMap { name, location, what in
                guard !isValidLabelName(name), seen.insert(location).inserted else { return nil }
                return rule.finding(
                    "'\(name)' is not a valid Loki \(what) (must match [a-zA-Z_][a-zA-Z0-9_]*)", at: location,
                    fix: "rename it to '\(validLabelName(name))'")
            }
        })

    static func isValidLabelName(_ name: String) -> Bool {
        guard let first = name.utf8.first else { return false }
        func letter(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95 }
        return letter(first) && name.utf8.allSatisfy { letter($0) || ($0 >= 48 && $0 <= 57) }
    }

    /// `name` made valid the way the Loki exporter does: other characters become `_`, a leading digit gets `_`.
    static func validLabelName(_ name: String) -> String {
        let label = NameClassifier.labelName(name)
        return label.first?.isNumber ?? true ? "_" + label : label
    }
}
