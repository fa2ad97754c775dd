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
        if overrides.isEmpty { return diagnostics }
        return diagnostics.compactMap { d in
            guard let setting = overrides[d.rule] else { return d }
            guard let severity = setting.severity else { return nil }
            var copy = d
            copy.severity = severity
            return copy
        }
    }

    /// Loads a rules file. Errors are diagnostics at the offending line (unknown rule ids get "did you mean").
    /// `other`: the rules of the other command, named when an entry is one of them.
    public static func load(path: String, knownRules: [String], other: OtherRules? = nil) -> (RuleSettings, [Diagnostic]) {
        let source = YAMLSource.load(path: path, maxBytes: 1 << 20)
        guard let root = source.root else {
            if source.diagnostics.isEmpty { return (RuleSettings(), []) }
            return (RuleSettings(), source.diagnostics)
        }
        func at(_ node: Node) -> SourceLocation {
            SourceLocation(file: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        }
        guard let rules = root.mapping?["rules"]?.mapping else {
            return (RuleSettings(), [Diagnostic(.error, rule: "invalid-rules-file",
                                                message: "a rules file is a mapping with 'rules: {rule-id: off|info|warning|error}'",
                                                at: at(root), fix: "write e.g. 'rules:\\n  recommended-attribute-missing: warning'")])
        }
        let entries = rules.compactMap { k, v -> Entry? in
            guard let id = k.string else { return nil }
            return Entry(id: id, idLocation: at(k), setting: v.string ?? "", settingLocation: at(v))
        }
        return make(entries, knownRules: knownRules, other: other)
    }

    /// One `rule-id: setting` line of a rules file or of the config's `lint.rules`.
    public struct Entry: Sendable {
        public var id: String
        public var idLocation: SourceLocation
        public var setting: String
        public var settingLocation: SourceLocation

        public init(id: String, idLocation: SourceLocation, setting: String, settingLocation: SourceLocation) {
            self.id = id
            self.idLocation = idLocation
            self.setting = setting
            self.settingLocation = settingLocation
        }
    }

    /// The rules of the other command (`check` or `lint`), and how to name both places in a message: "'X' is a
    /// rule of 'semconv lint', not one 'check.rules' sets; move it to 'lint.rules'".
    public struct OtherRules: Sendable {
        /// Where these settings are written: "'check.rules'", "'semconv check --rules'".
        public var here: String
        /// The command the other rules belong to, e.g. "semconv lint".
        public var command: String
        /// Where those are set: "'lint.rules'", "'lint.rules' or a 'semconv lint --rules' file".
        public var there: String
        public var ids: [String]

        public init(here: String, command: String, there: String, ids: [String]) {
            self.here = here
            self.command = command
            self.there = there
            self.ids = ids
        }
    }

    /// Settings from entries; an unknown rule id ("did you mean"), a rule of the other command (`other`: which
    /// one, and where it belongs) or an unknown setting is an error at its position.
    public static func make(_ entries: [Entry], knownRules: [String], other: OtherRules? = nil) -> (RuleSettings, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var overrides: [String: RuleSetting] = [:]
        for entry in entries {
            let id = entry.id
            if !knownRules.contains(id), let other, other.ids.contains(id) {
                diagnostics.append(Diagnostic(.error, rule: "invalid-rules-file",
                                              message: "'\(id)' is a rule of '\(other.command)', not one \(other.here) sets",
                                              at: entry.idLocation, fix: "move it to \(other.there)"))
                continue
            }
            if !knownRules.contains(id) {
                diagnostics.append(Diagnostic(.error, rule: "invalid-rules-file",
                                              message: "unknown rule '\(id)'\(Suggestions.didYouMean(id, in: knownRules))",
                                              at: entry.idLocation, fix: "'semconv rules' lists every rule id"))
                continue
            }
            guard let setting = RuleSetting(rawValue: entry.setting) else {
                diagnostics.append(Diagnostic(.error, rule: "invalid-rules-file",
                                              message: "rule '\(id)' must be set to off, info, warning or error",
                                              at: entry.settingLocation))
                continue
            }
            overrides[id] = setting
        }
        return (RuleSettings(overrides: overrides), diagnostics)
    }

    /// These settings with `other`'s laid over them (rule by rule).
    public func overlaid(by other: RuleSettings) -> RuleSettings {
        RuleSettings(overrides: overrides.merging(other.overrides) { _, new in new })
    }
}

extension RuleSettings {
    public static let ruleDescriptions = [
        RuleDescription(id: "invalid-rules-file", category: .project, defaultSeverity: .error,
                        summary: "A `--rules` file or the config's `lint.rules` or `check.rules` names an unknown rule (with \"did you mean\"), a rule of the other command, or a setting other than off, info, warning or error.",
                        fix: "Use a rule id from `semconv rules` (`check.rules`: registry and compatibility rules; `lint.rules`: telemetry and config rules) and one of off, info, warning, error."),
    ]
}
