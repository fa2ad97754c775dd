import Foundation
import SemConvModel

extension ConfigRule {
    /// A component reference that names no block of the file.
    static let componentNotFound = ConfigRule(
        description: RuleDescription(
            id: "component-not-found", category: .config, defaultSeverity: .error,
            summary: "a reference such as `loki.write.x.receiver` names no component of the config (the file, or the `.alloy` files of its directory when they are linted together)",
            rationale: "Alloy refuses to load a config whose references do not resolve. Alloy loads every `.alloy` file of a directory as one config, so lint such a directory (or its files together) to resolve references across files. After a syntax error (a block left open swallows the blocks after it, a comment runs to the end of the file, a label is rejected) such references are follow-ons and are not reported while the syntax error is.",
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
                RuleExample(.alloy, """
                    loki.source.file "f" {
                      targets    = []
                      forward_to = [loki.process.p.receiver]
                    }
                    /* disabled
                    loki.process "p" {
                      forward_to = []
                    }
                    """, note: "loki.process is in a comment that never ends: only that syntax error is reported"),
                RuleExample(.alloy, """
                    loki.source.file "f" {
                      targets    = []
                      forward_to = [loki.process.requests.receiver]
                    }

                    loki.process "requests-v2" {
                      forward_to = []
                    }
                    """, note: "Alloy rejects the label requests-v2 (alloy-syntax), so any loki.process reference may mean it"),
            ]),
        check: { rule, facts, _ in
            facts.unresolvedReferences.map { ref in
                rule.finding(
                    "reference '\(ref.reference)' names no component in this config (no block \(ref.missingBlock))",
                    at: ref.location,
                    fix: ref.declaredIn.map { file in
                        let directory = (file as NSString).deletingLastPathComponent
                        return "'\(ref.declaration)' is declared in \(file): Alloy loads the .alloy files of a directory as one config, so lint them together: semconv lint \(directory.isEmpty ? "." : directory)/"
                    } ?? ref.suggestion.map { "did you mean '\($0)'? Use the label of an existing block" }
                        ?? "declare the component '\(ref.declaration)' (a block with that name and label) or fix the reference")
            }
        })
}
