import SemConvModel

extension ConfigRule {
    /// `stage.metrics` running on entries that carry an unbounded label: every metric gets one series per value.
    static let metricsUnboundedLabels = ConfigRule(
        description: RuleDescription(
            id: "metrics-unbounded-labels", category: .config, defaultSeverity: .error,
            summary: "`stage.metrics` runs on entries that carry an unbounded label: one series per value",
            rationale: "Metrics from a pipeline carry the entry's labels. A label removed later in the pipeline is still there when stage.metrics runs before the removal.",
            fix: "Drop the label before stage.metrics (stage.label_drop), or never promote it.",
            triggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { user_id = "" }
                      }
                      stage.labels {
                        values = { user_id = "" }
                      }
                      ↓stage.metrics {
                        metric.counter {
                          name      = "logins_total"
                          action    = "inc"
                          match_all = true
                        }
                      }
                      stage.label_drop {
                        values = ["user_id"]
                      }
                    }
                    """, note: "the label is dropped, but only after stage.metrics"),
            ],
            nonTriggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { user_id = "" }
                      }
                      stage.labels {
                        values = { user_id = "" }
                      }
                      stage.label_drop {
                        values = ["user_id"]
                      }
                      stage.metrics {
                        metric.counter {
                          name      = "logins_total"
                          action    = "inc"
                          match_all = true
                        }
                      }
                    }
                    """),
            ]),
        check: { rule, facts, classifier in
            facts.metricsStages.compactMap { stage in
                let unbounded = stage.labels.filter { !$0.value.isStatic && classifier.facts($0.value.names).unbounded }
                    .keys.sorted()
                guard !unbounded.isEmpty else { return nil }
                let drop = stage.dialect == .alloy
                    ? "stage.label_drop { values = [\(unbounded.map { "\"\($0)\"" }.joined(separator: ", "))] }"
                    : "- labeldrop: [\(unbounded.joined(separator: ", "))]"
                return rule.finding(
                    "\(stage.dialect.stage("metrics")) runs on entries that carry unbounded label(s) \(unbounded.joined(separator: ", ")): one series per value",
                    at: stage.location,
                    fix: "drop them before this stage with `\(drop)`, or stop promoting them to labels")
            }
        })
}
