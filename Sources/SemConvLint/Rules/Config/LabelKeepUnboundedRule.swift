import SemConvModel

extension ConfigRule {
    /// `stage.label_keep` / Promtail `labelallow` keeping an unbounded label.
    static let labelKeepUnbounded = ConfigRule(
        description: RuleDescription(
            id: "label-keep-unbounded", category: .config, defaultSeverity: .warning,
            summary: "`stage.label_keep` / `labelallow` keeps an unbounded label",
            rationale: "A keep list is where a pipeline decides which labels Loki indexes; an unbounded one there means one stream per value.",
            fix: "Remove it from the list (it is dropped then) and carry it as structured metadata.",
            triggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.label_keep {
                        values = ["app", ↓"session_id"]
                      }
                    }
                    """),
                RuleExample(.promtail, """
                    scrape_configs:
                      - job_name: app
                        pipeline_stages:
                          - labelallow:
                              - job
                              - ↓user_id
                    """),
            ],
            nonTriggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.label_keep {
                        values = ["app", "level"]
                      }
                    }
                    """),
            ]),
        check: { rule, facts, classifier in
            facts.labelKeeps.compactMap { keep in
                let names = classifier.facts(keep.names)
                guard names.unbounded else { return nil }
                let stage = keep.dialect == .alloy ? "stage.label_keep" : "labelallow"
                return rule.finding(
                    "\(stage) keeps '\(keep.ref.name)', but \(names.why)", at: keep.ref.location,
                    fix: "remove '\(keep.ref.name)' from the \(stage) list (it is dropped then) and carry it as structured metadata",
                    attribute: names.canonical)
            }
        })
}
