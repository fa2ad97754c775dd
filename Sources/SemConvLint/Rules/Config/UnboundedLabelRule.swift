import SemConvModel

extension ConfigRule {
    /// A value with unbounded cardinality that reaches Loki as a stream label, wherever it was promoted: a
    /// `stage.labels` entry, a relabel rule's `target_label`, an `otelcol.exporter.loki` label hint. Judged on what
    /// leaves the pipeline: a label removed again before the entry leaves (`stage.label_drop`, `stage.label_keep`,
    /// `stage.structured_metadata`, `stage.pack`, Promtail `labeldrop`, `labelallow`, `structured_metadata`, `pack`)
    /// on every path is not reported.
    static let unboundedLabel = ConfigRule(
        description: RuleDescription(
            id: "unbounded-label", category: .config, defaultSeverity: .error,
            summary: "a value with unbounded cardinality (a session id, user id, URL, ...) reaches Loki as a stream label",
            rationale: "Loki keeps one stream per label set: a label with one value per session creates a stream per session and overloads the index.",
            fix: "Carry the value as structured metadata or keep it in the log line.",
            triggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { session_id = "", level = "" }
                      }
                      stage.labels {
                        values = { ↓session_id = "", level = "" }
                      }
                    }
                    """),
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.json {
                        expressions = {
                          sid = "attributes.\\"session.id\\"",
                          dev = "attributes.\\"device.id\\"",
                        }
                      }
                      stage.labels {
                        values = { ↓sid = "", ↓dev = "" }
                      }
                    }
                    """, note: "JMESPath quoted keys resolve to session.id and device.id"),
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { session_id = "" }
                      }
                      stage.labels {
                        values = { ↓session_id = "" }
                      }
                      stage.match {
                        selector = "{app=\\"web\\"}"
                        stage.label_drop {
                          values = ["session_id"]
                        }
                      }
                    }
                    """, note: "dropped only for the entries the match selects: the others still carry it"),
                RuleExample(.promtail, """
                    scrape_configs:
                      - job_name: app
                        pipeline_stages:
                          - json:
                              expressions:
                                sid: '"session.id"'
                          - labels:
                              ↓sid:
                    """),
                RuleExample(.alloy, """
                    loki.source.docker "containers" {
                      host          = "unix:///var/run/docker.sock"
                      targets       = []
                      forward_to    = [loki.write.default.receiver]
                      relabel_rules = loki.relabel.docker.rules
                    }

                    loki.relabel "docker" {
                      forward_to = []
                      rule {
                        source_labels = ["__meta_docker_container_label_session_id"]
                        target_label  = ↓"session_id"
                      }
                    }

                    loki.write "default" {
                      endpoint {
                        url = "http://loki:3100/loki/api/v1/push"
                      }
                    }
                    """, note: "a relabel rule copies the value into a label"),
                RuleExample(.alloy, """
                    otelcol.processor.attributes "hints" {
                      action {
                        key    = "loki.attribute.labels"
                        action = "insert"
                        value  = ↓"event.name, session.id"
                      }
                      output {
                        logs = [otelcol.exporter.loki.default.input]
                      }
                    }

                    otelcol.exporter.loki "default" {
                      forward_to = [loki.write.default.receiver]
                    }

                    loki.write "default" {
                      endpoint {
                        url = "http://loki:3100/loki/api/v1/push"
                      }
                    }
                    """, note: "the label hint makes session.id the label session_id"),
                RuleExample(.alloy, """
                    otelcol.processor.transform "hints" {
                      statements {
                        log = [
                          ↓`set(log.attributes["loki.attribute.labels"], "session.id")`,
                        ]
                      }
                      output {
                        logs = [otelcol.exporter.loki.default.input]
                      }
                    }

                    otelcol.exporter.loki "default" {
                      forward_to = [loki.write.default.receiver]
                    }

                    loki.write "default" {
                      endpoint {
                        url = "http://loki:3100/loki/api/v1/push"
                      }
                    }
                    """, note: "a hint set by a transform statement whose context is inferred from its path"),
                RuleExample(.alloy, """
                    discovery.relabel "pods" {
                      targets = []
                      rule {
                        source_labels = ["__meta_kubernetes_pod_label_session_id"]
                        target_label  = ↓"owner"
                      }
                    }

                    loki.source.file "pods" {
                      targets    = discovery.relabel.pods.output
                      forward_to = [loki.write.default.receiver]
                    }

                    loki.write "default" {
                      endpoint {
                        url = "http://loki:3100/loki/api/v1/push"
                      }
                    }
                    """, note: "judged by what the source label holds: the pod label session_id"),
                RuleExample(.collector, """
                    processors:
                      transform:
                        log_statements:
                          - ↓set(log.attributes["loki.attribute.labels"], "session.id")
                    exporters:
                      loki:
                        endpoint: http://loki:3100/loki/api/v1/push
                    service:
                      pipelines:
                        logs:
                          receivers: [otlp]
                          processors: [transform]
                          exporters: [loki]
                    """, note: "a Collector transform statement, context inferred"),
                RuleExample(.collector, """
                    exporters:
                      loki:
                        endpoint: http://loki:3100/loki/api/v1/push
                        labels:
                          attributes:
                            ↓session.id: session_id
                    service:
                      pipelines:
                        logs:
                          receivers: [otlp]
                          exporters: [loki]
                    """, note: "the exporter's labels of versions before v0.61"),
            ],
            nonTriggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { session_id = "", level = "" }
                      }
                      stage.labels {
                        values = { level = "" }
                      }
                      stage.structured_metadata {
                        values = { session_id = "" }
                      }
                    }
                    """),
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { session_id = "", level = "" }
                      }
                      stage.labels {
                        values = { session_id = "", level = "" }
                      }
                      stage.structured_metadata {
                        values = { session_id = "" }
                      }
                    }
                    """, note: "structured_metadata moves the label out of the stream"),
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { session_id = "" }
                      }
                      stage.labels {
                        values = { session_id = "" }
                      }
                      stage.label_drop {
                        values = ["session_id"]
                      }
                    }
                    """),
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { session_id = "" }
                      }
                      stage.labels {
                        values = { session_id = "" }
                      }
                      stage.pack {
                        labels = ["session_id"]
                      }
                    }
                    """, note: "pack deletes the packed keys that are labels"),
                RuleExample(.promtail, """
                    scrape_configs:
                      - job_name: app
                        pipeline_stages:
                          - logfmt:
                              mapping:
                                session_id:
                                level:
                          - labels:
                              session_id:
                              level:
                          - labelallow:
                              - level
                    """),
                RuleExample(.promtail, """
                    scrape_configs:
                      - job_name: app
                        pipeline_stages:
                          - logfmt:
                              mapping:
                                session_id:
                          - labels:
                              session_id:
                          - structured_metadata:
                              session_id:
                    """),
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { level = "", request_id = "" }
                      }
                      stage.labels {
                        values = { request_id = "level" }
                      }
                    }
                    """, note: "the label is named request_id but holds the level"),
                RuleExample(.alloy, """
                    otelcol.processor.attributes "hints" {
                      action {
                        key    = "loki.attribute.labels"
                        action = "insert"
                        value  = "session.id"
                      }
                      action {
                        key    = "loki.attribute.labels"
                        action = "delete"
                      }
                      output {
                        logs = [otelcol.exporter.loki.default.input]
                      }
                    }

                    otelcol.exporter.loki "default" {
                      forward_to = [loki.write.default.receiver]
                    }

                    loki.write "default" {
                      endpoint {
                        url = "http://loki:3100/loki/api/v1/push"
                      }
                    }
                    """, note: "the hint is deleted again before the exporter"),
            ]),
        check: { rule, facts, classifier in
            facts.promotions.compactMap { p in
                guard p.reachesOutput, !p.isStatic else { return nil }
                let names = classifier.facts(p.names)
                guard names.unbounded else { return nil }
                return rule.finding(unboundedLabelMessage(p, why: names.why), at: p.location,
                                              fix: unboundedLabelFix(p), attribute: names.canonical)
            }
        })

    static func unboundedLabelMessage(_ p: LabelPromotion, why: String) -> String {
        switch p.kind {
        case .relabel:
            "relabel rule writes the Loki label '\(p.label)' from \(p.source.isEmpty ? "its source labels" : p.source), but \(why): one stream per value"
        case .exporterHint(let hint, let attribute, _):
            "the \(hint) hint makes '\(attribute)' the Loki label '\(p.label)', but \(why): one stream per value"
        case .exporterLabelsConfig(let section, let attribute):
            "the Loki exporter's labels.\(section) makes '\(attribute)' the Loki label '\(p.label)', but \(why): one stream per value"
        case .exporterDefault:
            "otelcol.exporter.loki sets the Loki label '\(p.label)', but \(why): one stream per value"
        case .stage, .fixed:
            "'\(p.label)' is promoted to a Loki label but \(why): one stream per value"
        }
    }

    /// A fix that passes the rule once applied (tested on the examples).
    static func unboundedLabelFix(_ p: LabelPromotion) -> String {
        switch p.kind {
        case .relabel:
            return "remove this rule, or write a value with few distinct values to '\(p.label)'; carry the value as structured metadata if it is needed"
        case .exporterHint(let hint, let attribute, _):
            // Attributes that are not labels stay in the line the exporter writes (contrib translator `Encode`: the
            // JSON `attributes` / `resources`, logfmt `attribute_*` / `resource_*`).
            return "remove '\(attribute)' from the \(hint) hint: the attribute then stays in the log line the exporter writes (its JSON or logfmt attributes), not a stream label"
        case .exporterLabelsConfig(let section, let attribute):
            return "remove '\(attribute)' from the exporter's labels.\(section) (a form removed in v0.61; the attribute then stays in the log line); newer exporters take the loki.attribute.labels / loki.resource.labels hints"
        case .exporterDefault where p.dialect == .collector:
            return "turn the label off on the exporter: default_labels_enabled: {\(p.label): false}"
        case .exporterDefault:
            return "drop '\(p.label)' after the exporter with a loki.relabel rule (action = \"labeldrop\", regex = \"\(p.label)\")"
        case .stage, .fixed:
            let source = p.source.isEmpty || p.source == p.label ? "" : p.source
            let snippet = p.dialect == .alloy
                ? "stage.structured_metadata { values = { \(p.label) = \"\(source)\" } }"
                : "- structured_metadata: {\(p.label): \(source)}"
            let stage = p.dialect == .alloy ? "stage.labels" : "the labels stage"
            return "remove '\(p.label)' from \(stage) and carry it as structured metadata: `\(snippet)`, or keep it in the log line"
        }
    }
}
