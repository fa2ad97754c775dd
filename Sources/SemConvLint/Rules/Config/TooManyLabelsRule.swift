import SemConvModel

extension ConfigRule {
    /// Loki's default limit of labels per stream.
    static let lokiLabelLimit = 15

    /// More labels than Loki accepts on the streams a pipeline sends.
    static let tooManyLabels = ConfigRule(
        description: RuleDescription(
            id: "too-many-labels", category: .config, defaultSeverity: .warning,
            summary: "more than 15 labels (Loki's default limit) reach Loki from one pipeline",
            rationale: "Loki rejects streams with more labels than `max_label_names_per_series` (15 by default). Counted at the pipeline's output: incoming labels (including those a source adds itself: `filename` of loki.source.file; `namespace`, `job`, `instance` of loki.source.kubernetes_events; `kind` of faro.receiver), labels the stages add and keep, and the external labels of the loki.write it sends to.",
            fix: "Keep at most 15 labels: move the others to structured metadata or drop them.",
            triggering: [
                RuleExample(.alloy, """
                    ↓loki.process "p" {
                      forward_to = []
                      stage.static_labels {
                        values = { l1 = "1", l2 = "1", l3 = "1", l4 = "1", l5 = "1", l6 = "1", l7 = "1", l8 = "1", l9 = "1", l10 = "1", l11 = "1", l12 = "1", l13 = "1", l14 = "1", l15 = "1", l16 = "1" }
                      }
                    }
                    """),
                RuleExample(.alloy, """
                    loki.source.file "f" {
                      targets    = [{"__path__" = "/var/log/*.log"}]
                      forward_to = [loki.process.p.receiver]
                    }

                    ↓loki.process "p" {
                      forward_to = []
                      stage.static_labels {
                        values = { l1 = "1", l2 = "1", l3 = "1", l4 = "1", l5 = "1", l6 = "1", l7 = "1", l8 = "1", l9 = "1", l10 = "1", l11 = "1", l12 = "1", l13 = "1", l14 = "1", l15 = "1" }
                      }
                    }
                    """, note: "loki.source.file adds filename to every entry: 16 labels"),
            ],
            nonTriggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.static_labels {
                        values = { l1 = "1", l2 = "1", l3 = "1", l4 = "1", l5 = "1", l6 = "1", l7 = "1", l8 = "1", l9 = "1", l10 = "1", l11 = "1", l12 = "1", l13 = "1", l14 = "1", l15 = "1", l16 = "1" }
                      }
                      stage.label_drop {
                        values = ["l15", "l16"]
                      }
                    }
                    """, note: "counted at the output, after label_drop"),
            ]),
        check: { rule, facts, _ in
            facts.outputs.compactMap { output in
                guard output.labels.count > lokiLabelLimit else { return nil }
                return rule.finding(
                    "\(output.name): \(output.labels.count) labels can reach Loki (\(output.labels.sorted().joined(separator: ", "))); Loki's default limit is \(lokiLabelLimit)",
                    at: output.location,
                    fix: "keep at most \(lokiLabelLimit) labels: move the others to structured metadata (\(output.dialect.stage("structured_metadata"))) or drop them")
            }
        })
}
