import SemConvModel

extension ConfigRule {
    /// Alloy syntax errors, with Alloy's own messages at Alloy's positions (see `AlloyParser`).
    static let alloySyntax = ConfigRule(
        description: RuleDescription(
            id: "alloy-syntax", category: .config, defaultSeverity: .error,
            summary: "Alloy syntax errors: illegal characters (`#`), missing commas, unclosed blocks and literals, bad escapes, block labels that are not identifiers",
            rationale: "Alloy refuses to load a config with a syntax error, so nothing it describes runs.",
            fix: "Use `//` or `/* */` for comments; put a comma after every element of a multi-line object or list; close every block; label blocks with identifiers.",
            triggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = {
                          ↓# user fields
                          user_hash = "user_hash"↓
                        }
                      }
                    }
                    """, note: "a '#' comment and a missing comma"),
                RuleExample(.alloy, """
                    discovery.docker ↓"with space" {
                      host = "unix:///var/run/docker.sock"
                    }
                    """, note: "a block label must be an identifier"),
                RuleExample(.alloy, """
                    loki.write "default" {
                      endpoint {
                        url = "http://loki:3100/loki/api/v1/push"
                      }
                    ↓
                    """, note: "a block never closed"),
                RuleExample(.alloy, """
                    loki.write "a" {
                      endpoint {
                        url = "http://loki:3100/loki/api/v1/push"
                      }
                    }
                    ↓/* disabled: loki.write "b" { }
                    """, note: "a comment never closed, reported where it starts"),
                RuleExample(.alloy, """
                    loki.write "a" {
                      endpoint {
                        url = "http://loki:3100/loki/api/v1/push"
                      }
                    }
                    ↓}
                    ↓loki.write "b" {
                      endpoint {
                        url = "http://loki:3100/loki/api/v1/push"
                      }
                    }
                    """, note: "a stray '}': Alloy also reports the statement after it, which it skips"),
            ],
            nonTriggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = {
                          // user fields
                          user_hash = "user_hash",
                        }
                      }
                    }
                    """),
            ]),
        check: { rule, facts, _ in
            facts.syntaxErrors.map { error in
                rule.finding(error.message, at: error.location, fix: alloySyntaxFix(error.message))
            }
        })

    static func alloySyntaxFix(_ message: String) -> String {
        if message.hasPrefix("illegal character U+0023") { return "use // or /* */ for comments; Alloy has no '#' comments" }
        if message.hasPrefix("missing ','") {
            return "add a ',' after this element: Alloy needs a comma after every element of a multi-line object or list, including the last"
        }
        if message.contains("never closed") { return "add the missing '}' to close the block the message names" }
        if message.hasPrefix("unexpected '}'") { return "remove this '}': it closes no block" }
        if message.hasPrefix("after the stray '}'") { return "remove the stray '}' before this statement; Alloy then reads it again" }
        if message.hasPrefix("expected a newline after a statement") { return "put each statement on its own line" }
        if message.hasPrefix("block ") && message.contains("already declared") {
            return "rename one of the blocks (and the references to it)"
        }
        if message.hasPrefix("expected block label to be a valid identifier") {
            return "use a label made of letters, digits and '_': components are referenced by it (loki.write.default)"
        }
        if message == AlloyParser.tooDeepMessage { return "flatten the expression; pipeline configs do not nest this deep" }
        if message.contains("not terminated") { return "close the literal or comment" }
        return "fix the syntax at this position (see the Alloy syntax reference)"
    }
}
