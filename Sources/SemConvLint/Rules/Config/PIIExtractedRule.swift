import SemConvModel

extension ConfigRule {
    /// Personal data (the registry's privacy annotations) extracted without being hashed, or carried into a stream
    /// label, structured metadata or a metric.
    static let piiExtracted = ConfigRule(
        description: RuleDescription(
            id: "pii-extracted", category: .config, defaultSeverity: .error,
            summary: "personal data extracted and not hashed right away, or put into a label, structured metadata or a metric",
            rationale: "What a pipeline extracts can end up in labels, metadata and metrics that many people can query. A value hashed with stage.template is no longer personal data, but it is still unbounded. Only a template whose whole output is a hash counts: Hash and Sha2Hash (with a salt and the value), sha256sum, sha512sum, bcrypt; not sha1sum or adler32sum (from a checksum of an e-mail address the address is found by trying candidates), and not a call with the wrong number of arguments (the template fails and leaves the value as it was). An OpenTelemetry attribute is hashed by the processor that changes its kind: the attributes processor for log attributes, the resource processor or a transform statement for resource attributes.",
            fix: "Don't extract it, or hash it right after extraction with stage.template before any stage uses it.",
            triggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { ↓user_email = "" }
                      }
                    }
                    """),
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { ↓mail = "user_email" }
                      }
                      stage.structured_metadata {
                        values = { ↓mail = "" }
                      }
                    }
                    """, note: "extracted and carried into structured metadata unhashed"),
                RuleExample(.promtail, """
                    scrape_configs:
                      - job_name: app
                        pipeline_stages:
                          - logfmt:
                              mapping:
                                ↓email:
                    """),
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { ↓user_email = "" }
                      }
                      stage.template {
                        source   = "contact"
                        template = "{{ .user_email }}"
                      }
                      stage.template {
                        source   = "user_email"
                        template = "{{ Hash .Value \\"salt\\" }}"
                      }
                      stage.metrics {
                        metric.counter {
                          name   = "contacts_total"
                          source = ↓"contact"
                          action = "inc"
                        }
                      }
                    }
                    """, note: "copied before the hash: the copy still holds the address"),
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { ↓user_email = "" }
                      }
                      stage.template {
                        source   = "user_email"
                        template = "{{ Hash .Value }}"
                      }
                    }
                    """, note: "Hash takes a salt and the value: with one argument the template fails and the value stays"),
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { ↓user_email = "" }
                      }
                      stage.template {
                        source   = "user_email"
                        template = "{{ Hash .Value \\"salt\\" }}:{{ .Value }}"
                      }
                    }
                    """, note: "only part of the output is a hash"),
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.json {
                        expressions = { ↓uname = "user.name" }
                      }
                    }
                    """, note: "the nested path user -> name reads the user's name"),
                RuleExample(.collector, """
                    processors:
                      attributes:
                        actions:
                          - action: hash
                            key: user.id
                      resource:
                        attributes:
                          - action: insert
                            key: loki.resource.labels
                            value: ↓user.id
                    exporters:
                      loki:
                        endpoint: http://loki:3100/loki/api/v1/push
                    service:
                      pipelines:
                        logs:
                          receivers: [otlp]
                          processors: [attributes, resource]
                          exporters: [loki]
                    """, note: "the attributes processor hashes the log attribute user.id; the label comes from the resource attribute"),
            ],
            nonTriggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.json {
                        expressions = { email = "attributes.\\"user.email" }
                      }
                    }
                    """, note: "an expression that is no JMESPath extracts nothing (only json-expression-invalid)"),
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { user_email = "" }
                      }
                      stage.template {
                        source   = "user_email"
                        template = "{{ Hash .Value \\"salt\\" }}"
                      }
                      stage.template {
                        source   = "contact"
                        template = "{{ .user_email }}"
                      }
                      stage.metrics {
                        metric.counter {
                          name   = "contacts_total"
                          source = "contact"
                          action = "inc"
                        }
                      }
                    }
                    """, note: "hashed in place, then copied: the copy is the hash"),
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { user_email = "" }
                      }
                      stage.template {
                        source   = "user_email"
                        template = "{{ Hash .Value \\"salt\\" }}"
                      }
                      stage.structured_metadata {
                        values = { user_email = "" }
                      }
                    }
                    """, note: "hashed right after extraction"),
                RuleExample(.promtail, """
                    scrape_configs:
                      - job_name: app
                        pipeline_stages:
                          - logfmt:
                              mapping:
                                email:
                          - template:
                              source: email
                              template: '{{ Sha2Hash .Value "salt" }}'
                    """),
                RuleExample(.alloy, """
                    faro.receiver "web" {
                      output {
                        logs = [loki.process.faro.receiver]
                      }
                    }

                    loki.process "faro" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { mail = "user.email" }
                      }
                    }
                    """, note: "faro.receiver never writes user.email (unknown-source-key): nothing is extracted"),
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { user_email = "" }
                      }
                      stage.template {
                        source   = "user_email"
                        template = "{{ Hash .Value \\"salt\\" }}"
                      }
                      stage.structured_metadata {
                        values = { user_email = "" }
                      }
                      stage.structured_metadata_drop {
                        values = ["user_email"]
                      }
                    }
                    """, note: "dropped from structured metadata before the entry leaves"),
                RuleExample(.collector, """
                    processors:
                      resource:
                        attributes:
                          - action: hash
                            key: user.id
                          - action: insert
                            key: loki.resource.labels
                            value: user.id
                    exporters:
                      loki:
                        endpoint: http://loki:3100/loki/api/v1/push
                    service:
                      pipelines:
                        logs:
                          receivers: [otlp]
                          processors: [resource]
                          exporters: [loki]
                    """, note: "the resource processor hashes the resource attribute (still unbounded-label)"),
            ]),
        check: { rule, facts, classifier in
            var out: [Diagnostic] = []
            func privacy(_ names: [String]) -> (PrivacyRule, NameFacts)? {
                let named = classifier.facts(names)
                return named.privacy.map { ($0, named) }
            }
            func what(_ privacy: PrivacyRule, _ named: NameFacts) -> String {
                "\(privacy.classification)\(named.canonical.map { ", \($0)" } ?? "")"
            }
            // An expression that is no JMESPath extracts nothing: Loki rejects the config (json-expression-invalid).
            for e in facts.extractions
            where (e.usedUnhashed || e.unhashedAtEnd) && !e.readsUnwrittenKey && e.field.invalidExpression == nil {
                guard let (privacyRule, named) = privacy(e.field.names) else { continue }
                out.append(rule.finding(
                    "'\(e.field.name)' extracts personal data (\(what(privacyRule, named))) from the log line", at: e.field.location,
                    fix: "don't extract it, or hash it right after extraction, before any stage uses it: \(hashStage(e.field.name, e.dialect))",
                    attribute: named.canonical))
            }
            for p in facts.promotions where p.reachesOutput && !p.isStatic && !p.hashed {
                guard let (privacyRule, named) = privacy(p.names) else { continue }
                let hash: String
                switch p.kind {
                case .exporterHint(_, let attribute, let resource):
                    hash = attributeHash(attribute, resource: resource, dialect: p.dialect)
                case .exporterLabelsConfig(let section, let attribute):
                    hash = attributeHash(attribute, resource: section == "resource", dialect: p.dialect)
                default:
                    hash = hashStage(p.source.isEmpty ? p.label : p.source, p.dialect)
                }
                out.append(rule.finding(
                    "'\(p.label)' carries personal data (\(what(privacyRule, named))) into a Loki label", at: p.location,
                    fix: "don't promote it, or hash it before: \(hash)"
                        + (privacyRule.replacement.map { "; the registry's replacement is \($0)" } ?? ""),
                    attribute: named.canonical))
            }
            for m in facts.metadata where !m.hashed && m.reachesOutput {
                guard let (privacyRule, named) = privacy(m.names) else { continue }
                let source = m.ref.source.isEmpty ? m.ref.name : m.ref.source
                out.append(rule.finding(
                    "'\(m.ref.name)' carries personal data (\(what(privacyRule, named))) into structured metadata", at: m.ref.location,
                    fix: "drop it, or hash it before: \(hashStage(source, m.dialect))", attribute: named.canonical))
            }
            for m in facts.metrics where !m.hashed {
                guard let source = m.def.source, let (privacyRule, named) = privacy(m.names) else { continue }
                out.append(rule.finding(
                    "metric '\(m.def.prefix + m.def.name)' is fed from '\(source)', personal data (\(what(privacyRule, named)))",
                    at: m.def.sourceLocation,
                    fix: "drop the metric, or hash the value before: \(hashStage(source, m.dialect))", attribute: named.canonical))
            }
            return out
        })

    /// What hashes an OpenTelemetry attribute before the Loki exporter. The attributes processor changes log record
    /// attributes only; a resource attribute is hashed by the Collector's resource processor, or by a transform
    /// statement (Alloy has no resource processor).
    static func attributeHash(_ attribute: String, resource: Bool, dialect: ConfigDialect) -> String {
        let statement = resource
            ? "set(resource.attributes[\"\(attribute)\"], SHA256(resource.attributes[\"\(attribute)\"]))"
            : "set(log.attributes[\"\(attribute)\"], SHA256(log.attributes[\"\(attribute)\"]))"
        switch (dialect, resource) {
        case (.alloy, false):
            return "an otelcol.processor.attributes action with key = \"\(attribute)\" and action = \"hash\""
        case (.alloy, true):
            return "an otelcol.processor.transform statement `\(statement)` in statements { log = [...] } (the attributes processor does not change resource attributes)"
        case (_, false):
            return "an attributes processor action {key: \(attribute), action: hash}"
        case (_, true):
            return "a resource processor action {key: \(attribute), action: hash} (the attributes processor does not change resource attributes), or the transform statement `\(statement)`"
        }
    }

    /// The stage that hashes `field` in place, in the pipeline's language.
    static func hashStage(_ field: String, _ dialect: ConfigDialect) -> String {
        dialect == .alloy
            ? "stage.template with source = \"\(field)\" and template = \"{{ Hash .Value \\\"salt\\\" }}\""
            : "`- template: {source: \(field), template: '{{ Hash .Value \"salt\" }}'}`"
    }
}
