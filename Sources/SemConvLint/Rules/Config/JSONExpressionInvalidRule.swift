import SemConvModel

extension ConfigRule {
    /// A `stage.json` / Promtail `json` expression that Loki's JMESPath rejects (see `JMESPath`).
    static let jsonExpressionInvalid = ConfigRule(
        description: RuleDescription(
            id: "json-expression-invalid", category: .config, defaultSeverity: .error,
            summary: "a `stage.json` / `json` expression that is not valid JMESPath, e.g. a key in brackets (`attributes['session.id']`)",
            rationale: "Loki compiles every expression when it loads the config and refuses the whole config when one does not compile. A key with a dot is quoted as an identifier: `attributes.\"session.id\"`.",
            fix: "Quote the key as a JMESPath identifier: `attributes.\"session.id\"`.",
            triggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.json {
                        expressions = { sid = ↓"attributes['session.id']" }
                      }
                    }
                    """),
                RuleExample(.promtail, """
                    scrape_configs:
                      - job_name: app
                        pipeline_stages:
                          - json:
                              expressions:
                                sid: ↓attributes["session.id"]
                    """),
            ],
            nonTriggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.json {
                        expressions = { sid = "attributes.\\"session.id\\"", level = "severity", first = "tags[0]" }
                      }
                    }
                    """),
            ]),
        check: { rule, facts, _ in
            facts.extractions.compactMap { e in
                guard let problem = e.field.invalidExpression else { return nil }
                let fix = problem.suggestion.map { suggestion in
                    e.dialect == .alloy
                        ? "write the JMESPath \(suggestion) (in Alloy: \(AlloyParser.quoted(suggestion)))"
                        : "write the JMESPath \(suggestion) (in YAML: '\(suggestion.replacingOccurrences(of: "'", with: "''"))')"
                } ?? "write a JMESPath expression Loki accepts"
                return rule.finding(problem.message, at: problem.at, fix: fix)
            }
        })
}
