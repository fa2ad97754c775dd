import Foundation
import SemConvModel
import Yams

/// Per-rule overrides from `--rules FILE`: `rules: {rule-id: off|info|warning|error}`.
public struct RuleSettings: Sendable {
    public var overrides: [String: RuleSetting]

    public init(overrides: [String: RuleSetting] = [:]) {
        self.overrides = overrides
    }

    /// The severity a finding of `rule` gets: the override, else the rule's default; nil when turned off.
    public func severity(of rule: String, default defaultSeverity: Severity?) -> Severity? {
        if let setting = overrides[rule] { return setting.severity }
        return defaultSeverity
    }

    /// Applies the overrides to findings that were produced with their default severities.
    public func apply(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.compactMap { d in
            guard let setting = overrides[d.rule] else { return d }
            guard let severity = setting.severity else { return nil }
            var copy = d
            copy.severity = severity
            return copy
        }
    }

    /// Loads a rules file. Errors are diagnostics at the offending line (unknown rule ids get "did you mean").
    public static func load(path: String, knownRules: [String]) -> (RuleSettings, [Diagnostic]) {
        let source = YAMLSource.load(path: path, maxBytes: 1 << 20)
        guard let root = source.root else {
            if source.diagnostics.isEmpty { return (RuleSettings(), []) }
            return (RuleSettings(), source.diagnostics)
        }
        var diagnostics: [Diagnostic] = []
        func at(_ node: Node) -> SourceLocation {
            SourceLocation(file: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        }
        guard let rules = root.mapping?["rules"]?.mapping else {
            diagnostics.append(Diagnostic(.error, rule: "invalid-rules-file",
                                          message: "a rules file is a mapping with 'rules: {rule-id: off|info|warning|error}'",
                                          at: at(root), fix: "write e.g. 'rules:\\n  recommended-attribute-missing: warning'"))
            return (RuleSettings(), diagnostics)
        }
        var overrides: [String: RuleSetting] = [:]
        for (k, v) in rules {
            guard let id = k.string else { continue }
            if !knownRules.contains(id) {
                diagnostics.append(Diagnostic(.error, rule: "invalid-rules-file",
                                              message: "unknown rule '\(id)'\(Suggestions.didYouMean(id, in: knownRules))",
                                              at: at(k), fix: "see the rule tables in README ('Linting telemetry' and the config lint section)"))
                continue
            }
            guard let text = v.string, let setting = RuleSetting(rawValue: text) else {
                diagnostics.append(Diagnostic(.error, rule: "invalid-rules-file",
                                              message: "rule '\(id)' must be set to off, info, warning or error",
                                              at: at(v)))
                continue
            }
            overrides[id] = setting
        }
        return (RuleSettings(overrides: overrides), diagnostics)
    }
}
