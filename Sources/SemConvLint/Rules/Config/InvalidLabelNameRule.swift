import SemConvModel

extension ConfigRule {
    /// A label (or structured metadata) name Loki does not accept.
    static let invalidLabelName = ConfigRule(
        description: RuleDescription(
            id: "invalid-label-name", category: .config, defaultSeverity: .error,
            summary: "a stream label name that is not `[a-zA-Z_][a-zA-Z0-9_]*` (a structured metadata name like that is a warning: Loki renames it)",
            rationale: "Alloy accepts any UTF-8 label name (prometheus/common's default validation), but its loki.write sends the label set unquoted (`labelsMapToString`) and Loki parses it with the PromQL parser (`syntax.ParseLabels`), which takes only `[a-zA-Z_][a-zA-Z0-9_]*`: every push of such a stream is rejected. A structured metadata name is renamed instead: Loki's distributor stores `session.id` as `session_id` (`otlptranslator.LabelNamer`), so the config names something queries never see.",
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
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { sid = "" }
                      }
                      stage.structured_metadata {
                        values = { ↓"session.id" = "sid" }
                      }
                    }
                    """, note: "a warning: Loki stores the structured metadata as session_id"),
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
                RuleExample(.alloy, """
                    loki.source.file "default" {
                      targets    = [{__path__ = "/tmp/foo.txt", "loki.format" = "logfmt"}]
                      forward_to = [otelcol.receiver.loki.default.receiver]
                    }

                    otelcol.receiver.loki "default" {
                      output {
                        logs = [otelcol.exporter.otlphttp.default.input]
                      }
                    }

                    otelcol.exporter.otlphttp "default" {
                      client {
                        endpoint = "http://collector:4318"
                      }
                    }
                    """, note: "entries sent to otelcol.receiver.loki never reach Loki: their labels become OTLP attributes"),
            ]),
        check: { rule, facts, _ in
            var seen = Set<SourceLocation>()
            var out: [Diagnostic] = []
            for p in facts.promotions where p.reachesOutput && !isValidLabelName(p.label) {
                switch p.kind {
                case .stage, .fixed, .relabel: break
                // The exporter names labels as Loki translates attribute names, always valid ones.
                case .exporterHint, .exporterDefault, .exporterLabelsConfig: continue
                }
                guard seen.insert(p.location).inserted else { continue }
                out.append(rule.finding(
                    "'\(p.label)' is not a valid Loki label name: Loki rejects every stream that has it (label names must match [a-zA-Z_][a-zA-Z0-9_]*)",
                    at: p.location, fix: "rename it to '\(validLabelName(p.label))'"))
            }
            for m in facts.metadata where m.reachesOutput && !isValidLabelName(m.ref.name) {
                guard seen.insert(m.ref.location).inserted else { continue }
                var finding = rule.finding(
                    "'\(m.ref.name)' is not a Prometheus-style name: Loki stores this structured metadata as '\(validLabelName(m.ref.name))', the name queries must use",
                    at: m.ref.location, fix: "rename it to '\(validLabelName(m.ref.name))' so the config says what Loki stores")
                finding.severity = .warning
                out.append(finding)
            }
            return out
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
