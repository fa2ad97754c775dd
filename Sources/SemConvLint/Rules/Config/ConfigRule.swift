import SemConvModel

/// A rule of `semconv lint` on Alloy and Promtail configs: its description (id, severity, examples) and a pure
/// function from what one config file does (`ConfigFacts`) and the registry's name facts to findings.
struct ConfigRule: Sendable {
    let description: RuleDescription
    let check: @Sendable (ConfigRule, ConfigFacts, NameClassifier) -> [Diagnostic]

    var id: String { description.id }

    /// This rule's findings on one file.
    func run(_ facts: ConfigFacts, _ classifier: NameClassifier) -> [Diagnostic] { check(self, facts, classifier) }

    /// A finding of this rule at its default severity.
    func finding(_ message: String, at location: SourceLocation, fix: String, attribute: String? = nil) -> Diagnostic {
        Diagnostic(description.defaultSeverity ?? .warning, rule: description.id, message: message, at: location,
                   fix: fix, attribute: attribute)
    }
}

extension ConfigLinter {
    /// Every config rule, in the order `semconv rules` and the README list them.
    static let checks: [ConfigRule] = [
        .alloySyntax, .promtailSyntax, .configUnreadable, .noConfig, .emptyInput, .componentNotFound,
        .duplicateComponent, .unboundedLabel, .metricsUnboundedLabels, .piiExtracted, .labelKeepUnbounded,
        .tooManyLabels, .invalidLabelName, .unknownSourceKey, .metricsSourceNotExtracted, .metricNaming,
        .jsonExpressionInvalid,
    ]

    /// The descriptions of every config rule (category `.config`).
    public static var rules: [RuleDescription] { checks.map(\.description) }

    /// Every config rule id.
    public static var ruleIDs: [String] { checks.map(\.id) }
}
