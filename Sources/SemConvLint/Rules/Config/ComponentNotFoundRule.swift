import SemConvModel

extension ConfigRule {
    /// A component reference that names no block of the file.
    static let componentNotFound = ConfigRule(
        description: RuleDescription(
            id: "component-not-found", category: .config, defaultSeverity: .error,
            summary: "a reference such as `loki.write.x.receiver` names no component in the file",
            rationale: "Alloy refuses to load a config whose references do not resolve. After a syntax error (a block left open swallows the blocks after it) such references are follow-ons and are not reported.",
            fix: "Use the label of an existing block, or declare the component.",
            triggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = [↓loki.write.defualt.receiver]
                    }

                    loki.write "default" {
                      endpoint {
                        url = "http://loki:3100/loki/api/v1/push"
                      }
                    }
                    """),
            ],
            nonTriggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = [loki.write.default.receiver]
                    }

                    loki.write "default" {
                      endpoint {
                        url = "http://loki:3100/loki/api/v1/push"
                      }
                    }
                    """),
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = [loki.write.default.receiver]

                    loki.write "default" {
                      endpoint {
                        url = "http://loki:3100/loki/api/v1/push"
                      }
                    }
                    """, note: "loki.write is inside the block left open: only the syntax error is reported"),
            ]),
        check: { rule, facts, _ in
            facts.unresolvedReferences.map { ref in
                rule.finding(
                    "reference '\(ref.reference)' names no component in this file (no block \(ref.missingBlock))",
                    at: ref.location,
                    fix: ref.suggestion.map { "did you mean '\($0)'? Use the label of an existing block" }
                        ?? "declare the component '\(ref.declaration)' (a block with that name and label) or fix the reference")
            }
        })
}
