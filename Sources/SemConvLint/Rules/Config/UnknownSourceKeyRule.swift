import SemConvModel

extension ConfigRule {
    /// A logfmt mapping reading a key the upstream component never writes.
    static let unknownSourceKey = ConfigRule(
        description: RuleDescription(
            id: "unknown-source-key", category: .config, defaultSeverity: .warning,
            summary: "a logfmt mapping reads a key the upstream component never writes",
            rationale: "faro.receiver flattens the Faro payload with '_' (session_id, user_email, app_name, ...): a mapping that reads session.id extracts nothing.",
            fix: "Read the key the upstream component writes.",
            triggering: [
                RuleExample(.alloy, """
                    faro.receiver "web" {
                      output {
                        logs = [loki.process.faro.receiver]
                      }
                    }

                    loki.process "faro" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { ↓session_id = "session.id" }
                      }
                    }
                    """),
            ],
            nonTriggering: [
                RuleExample(.alloy, """
                    faro.receiver "web" {
                      output {
                        logs = [loki.process.faro.receiver]
                      }
                    }

                    loki.process "faro" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { session_id = "" }
                      }
                    }
                    """),
                RuleExample(.alloy, """
                    loki.source.file "f" {
                      targets    = []
                      forward_to = [loki.process.p.receiver]
                    }

                    loki.process "p" {
                      forward_to = []
                      stage.logfmt {
                        mapping = { sid = "session.id" }
                      }
                    }
                    """, note: "an upstream whose keys are not known: no guess"),
            ]),
        check: { rule, facts, _ in
            facts.extractions.compactMap { e in
                guard e.readsUnwrittenKey, let upstream = e.upstream, let key = e.field.key else { return nil }
                let underscored = key.replacingOccurrences(of: ".", with: "_")
                let hint = upstream.emits(underscored) ? "'\(underscored)'" : "a key it writes"
                return rule.finding(
                    "\(e.kind) mapping reads '\(key)' but \(upstream.component) never writes that key", at: e.field.location,
                    fix: "read \(hint) instead (\(upstream.component) writes keys with '_', e.g. session_id, user_email)")
            }
        })
}
