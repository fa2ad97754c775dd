import Foundation

/// What a compatibility rule sees: the baseline and current registries, indexed by item identity, and their diff.
struct CompatibilityInput {
    let baseline: RegistryItems
    let current: RegistryItems
    let diff: RegistryDiff

    /// Where a finding about an item that no longer exists goes, in the current registry: the group with the
    /// same id when there is one (the group that used to define the attribute, or the signal's own group), else
    /// the first line of content (past comments) of the current file with the same path inside its registry,
    /// else the baseline's own position.
    func placeRemoved(groupID: String?, baselineLocation: SourceLocation) -> SourceLocation {
        if let groupID, let group = current.registry.groups[groupID] { return group.location }
        for root in baseline.registry.roots {
            let prefix = root.hasSuffix("/") ? root : root + "/"
            guard baselineLocation.file.hasPrefix(prefix) else { continue }
            let relative = String(baselineLocation.file.dropFirst(prefix.count))
            for currentRoot in current.registry.roots {
                let candidate = (currentRoot.hasSuffix("/") ? currentRoot : currentRoot + "/") + relative
                if let text = FileManager.default.contents(atPath: candidate) {
                    return SourceLocation(file: candidate, line: CompatibilityInput.firstContentLine(text), column: 1)
                }
            }
        }
        return baselineLocation
    }

    /// The field updates of `fields` on items of `kinds`, only where the baseline declared the item stable when
    /// `stableOnly`; with the position each finding takes (the new value, else the item).
    func updates(of kinds: Set<RegistryItemKind>, fields: Set<String>,
                 stableOnly: Bool = true) -> [(change: RegistryChange, update: FieldChange, at: SourceLocation)] {
        diff.changes.filter { kinds.contains($0.item) && (!stableOnly || CompatibilityInput.isStable($0.baselineStability)) }
            .flatMap { change in
                change.updates.filter { fields.contains($0.field) }.map {
                    (change, $0, $0.location ?? change.location ?? change.baselineLocation ?? SourceLocation(file: ""))
                }
            }
    }

    /// The first line that is not blank, a comment or a document marker (1 when there is none).
    static func firstContentLine(_ data: Data) -> Int {
        for (i, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let text = String(decoding: line, as: UTF8.self).trimmingWhitespace
            if !text.isEmpty, !text.hasPrefix("#"), text != "---" { return i + 1 }
        }
        return 1
    }

    /// Whether the baseline promised stability for an item.
    static func isStable(_ stability: String?) -> Bool { stability == "stable" }

    /// Whether the current stability keeps that promise (deprecating a stable item is the sanctioned way out).
    static func keepsStability(_ stability: String?) -> Bool { stability == "stable" || stability == "deprecated" }
}

/// A `semconv check --baseline` rule: a pure function of the two registries that reports breaking changes at
/// their position in the current registry.
protocol CompatibilityRule: Sendable {
    static var description: RuleDescription { get }
    /// Findings with the rule's default severity (the caller applies `--rules`).
    static func check(_ input: CompatibilityInput) -> [Diagnostic]
}

extension CompatibilityRule {
    static func finding(_ message: String, at location: SourceLocation, fix: String, attribute: String? = nil,
                        event: String? = nil, related: [SourceLocation] = []) -> Diagnostic {
        Diagnostic(description.defaultSeverity ?? .warning, rule: description.id, message: message, at: location, fix: fix,
                   attribute: attribute, event: event, related: related)
    }
}

/// Compatibility checks of a registry against a baseline (an earlier release of it): the rules of
/// `semconv check --baseline`. Upstream semantic-conventions enforces the same promises with its Rego policy
/// (`policies/compatibility.rego`, now Weaver's `backwards-compatibility` package).
public enum CompatibilityChecks {
    static let rules: [any CompatibilityRule.Type] = [
        RemovedWithoutDeprecationRule.self,
        UnstableSignalRemovedRule.self,
        TypeChangedRule.self,
        StableMadeUnstableRule.self,
        EnumValueChangedRule.self,
        RequirementLevelRaisedRule.self,
        StableAttributeDroppedRule.self,
        MetricUnitChangedRule.self,
        MetricInstrumentChangedRule.self,
        RenameTargetMissingRule.self,
    ]

    /// Every compatibility rule's description, in README order.
    public static var descriptions: [RuleDescription] { rules.map { $0.description } }

    /// Every compatibility rule id.
    public static var ruleIDs: [String] { descriptions.map(\.id) }

    /// `check` findings and compatibility findings together: a rename that is new since the baseline and names
    /// nothing is reported once, as `rename-target-missing` (at `renamed_to`), not again as `invalid-renamed-to`.
    public static func merge(check: [Diagnostic], compatibility: [Diagnostic]) -> [Diagnostic] {
        let renamed = Set(compatibility.filter { $0.rule == RenameTargetMissingRule.description.id }
            .map { "\($0.attribute ?? "")|\($0.event ?? "")" })
        let kept = check.filter { d in
            !(d.rule == "invalid-renamed-to" && renamed.contains("\(d.attribute ?? "")|\(d.event ?? "")"))
        }
        return (kept + compatibility).sorted(by: Diagnostic.reportOrder)
    }

    /// The items that error findings say break, as `DiffReport.breaking` takes them: `attribute NAME` for findings
    /// about an attribute, `signal NAME` for findings about a metric, event, span or entity (a requirement level
    /// raised on a signal breaks the signal, not the attribute).
    public static func breakingItems(_ findings: [Diagnostic]) -> Set<String> {
        Set(findings.filter { $0.severity == .error }.compactMap { d in
            d.event.map { "signal \($0)" } ?? d.attribute.map { "attribute \($0)" }
        })
    }

    /// Runs every rule (or only `only`) and returns the findings with their default severities, in report order.
    public static func check(baseline: Registry, current: Registry, diff: RegistryDiff? = nil,
                             only: Set<String>? = nil) -> [Diagnostic] {
        let input = CompatibilityInput(baseline: RegistryItems(baseline), current: RegistryItems(current),
                                       diff: diff ?? RegistryDiff.compare(baseline: baseline, current: current))
        var out: [Diagnostic] = []
        for rule in rules where only?.contains(rule.description.id) ?? true {
            guard rule.description.defaultSeverity != nil || only != nil else { continue }
            out += rule.check(input)
        }
        return out.sorted(by: Diagnostic.reportOrder)
    }
}
