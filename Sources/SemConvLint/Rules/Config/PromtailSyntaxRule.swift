import SemConvModel

extension ConfigRule {
    /// YAML problems of a Promtail config, read like registry YAML.
    static let promtailSyntax = ConfigRule(
        description: RuleDescription(
            id: "promtail-syntax", category: .config, defaultSeverity: .error,
            summary: "a Promtail (or Collector) config that is not valid YAML: syntax errors, not UTF-8, NUL bytes, duplicate keys, nesting deeper than 1000 levels",
            rationale: "Promtail and the Collector refuse to start on a config they cannot read.",
            fix: "Fix the YAML at the reported position.",
            triggering: [
                RuleExample(.promtail, """
                    scrape_configs:
                      - job_name: app
                        pipeline_stages:
                          - labels:
                              level:
                    ↓scrape_configs: []
                    """, note: "a duplicate key"),
            ],
            nonTriggering: [
                RuleExample(.promtail, """
                    scrape_configs:
                      - job_name: app
                        pipeline_stages:
                          - labels:
                              level:
                    """),
            ]),
        check: { rule, facts, _ in
            facts.yamlProblems.map { problem in
                rule.finding(problem.message, at: problem.location,
                                       fix: problem.fix ?? "fix the YAML at this position")
            }
        })
}
