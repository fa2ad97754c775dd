import SemConvModel

extension ConfigRule {
    /// A metric reading a field no earlier stage extracts.
    static let metricsSourceNotExtracted = ConfigRule(
        description: RuleDescription(
            id: "metrics-source-not-extracted", category: .config, defaultSeverity: .warning,
            summary: "a `stage.metrics` `source` that no earlier stage extracts",
            rationale: "A metric whose source is never extracted never changes (a typo, or an extraction stage missing).",
            fix: "Extract the field first (stage.logfmt, stage.json, stage.regex), or fix the name.",
            triggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.metrics {
                        metric.histogram {
                          name    = "latency_seconds"
                          source  = ↓"latency"
                          buckets = [0.1, 1]
                        }
                      }
                    }
                    """),
            ],
            nonTriggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { latency = "" }
                      }
                      stage.metrics {
                        metric.histogram {
                          name    = "latency_seconds"
                          source  = "latency"
                          buckets = [0.1, 1]
                        }
                      }
                    }
                    """),
            ]),
        check: { rule, facts, _ in
            facts.metrics.compactMap { m in
                guard !m.sourceAvailable, let source = m.def.source else { return nil }
                let extract = m.dialect == .alloy ? "stage.logfmt { mapping = { \(source) = \"\" } }" : "- logfmt: {mapping: {\(source): }}"
                return rule.finding(
                    "metric '\(m.def.prefix + m.def.name)' reads source '\(source)', which no earlier stage extracts",
                    at: m.def.sourceLocation,
                    fix: "extract '\(source)' before \(m.dialect.stage("metrics")) (e.g. `\(extract)`, or stage.json / stage.regex), or fix the name")
            }
        })
}
