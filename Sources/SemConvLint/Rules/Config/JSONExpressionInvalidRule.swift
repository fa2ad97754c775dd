import SemConvModel

extension ConfigRule {
    /// A `stage.json` / Promtail `json` expression that Loki's JMESPath rejects (see `JMESPath`).
    static let jsonExpressionInvalid = ConfigRule(
        description: RuleDescription(
            id: "json-expression-invalid", category: .config, defaultSeverity: .error,
            summary: "a `stage.json` / `json` expression that is not valid JMESPath (a key in brackets `attributes['session.id']`, an unclosed quote, `a..b`), or a raw string literal `'session.id'` that reads no key",
            rationale: "Alloy and Promtail compile every expression when they load the config and refuse the whole config when one does not compile (Alloy with the jmespath-community edition, which also takes arithmetic: `thumbs-up` is a subtraction there). A key with a dot is quoted as an identifier: `attributes.\"session.id\"`. In single quotes it is a raw string literal: the field is that text on every line.",
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
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.json {
                        expressions = {
                          a = ↓"attributes.\\"session.id",
                          b = ↓"attributes.'session.id'",
                          c = ↓"attributes..session_id",
                          d = ↓"'session.id'",
                        }
                      }
                    }
                    """, note: "an unclosed quote, a raw string after a dot, an empty step, a raw string literal"),
                RuleExample(.promtail, """
                    scrape_configs:
                      - job_name: app
                        pipeline_stages:
                          - json:
                              expressions:
                                hand: ↓thumbs-up
                    """, note: "go-jmespath has no '-' operator: a key with '-' is quoted"),
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
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.json {
                        expressions = { total = "sum(items[*].price)", diff = "end - start", body = "@" }
                      }
                    }
                    """, note: "functions, projections and the community edition's arithmetic are JMESPath too"),
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
