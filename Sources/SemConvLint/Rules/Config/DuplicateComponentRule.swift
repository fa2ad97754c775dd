import SemConvModel

extension ConfigRule {
    /// Two blocks of one Alloy config with the same name and label: Alloy refuses the config
    /// (`internal/runtime/internal/controller/loader.go`, `blockAlreadyDefined`).
    static let duplicateComponent = ConfigRule(
        description: RuleDescription(
            id: "duplicate-component", category: .config, defaultSeverity: .error,
            summary: "two top-level blocks of one Alloy config (a file, or the `.alloy` files of a directory) with the same name and label",
            rationale: "Alloy loads every `.alloy` file of a directory as one config and refuses it when a block is declared twice (`block loki.write.default already declared at ...`); references to it would be ambiguous.",
            fix: "Rename one of the blocks (and the references to it), or remove the copy.",
            triggering: [
                RuleExample(.alloy, """
                    loki.write "default" {
                      endpoint {
                        url = "http://loki:3100/loki/api/v1/push"
                      }
                    }

                    ↓loki.write "default" {
                      endpoint {
                        url = "http://loki-2:3100/loki/api/v1/push"
                      }
                    }
                    """),
            ],
            nonTriggering: [
                RuleExample(.alloy, """
                    loki.write "default" {
                      endpoint {
                        url = "http://loki:3100/loki/api/v1/push"
                      }
                    }

                    loki.write "backup" {
                      endpoint {
                        url = "http://loki-2:3100/loki/api/v1/push"
                      }
                    }
                    """),
            ]),
        check: { rule, facts, _ in
            facts.duplicateBlocks.map { duplicate in
                // Alloy names the file too; within one file line and column say it.
                let first = duplicate.first.file == duplicate.location.file
                    ? "\(duplicate.first.line):\(duplicate.first.column)" : duplicate.first.description
                return rule.finding("block \(duplicate.id) already declared at \(first)", at: duplicate.location,
                                    fix: "rename this block (and the references to it) or remove it; the first one is at \(first)")
            }
        })
}
