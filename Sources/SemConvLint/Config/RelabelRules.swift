import Foundation
import SemConvModel

/// Prometheus relabeling as Loki clients apply it (Alloy `loki.relabel` / `discovery.relabel` `rule` blocks,
/// `relabel_rules` of `loki.source.*`, Promtail `relabel_configs`): which labels a rule list sets, copies, keeps and
/// drops. Values are not known, only where they come from: a `replace` whose `replacement` uses the match (`$1`,
/// the default) carries the source labels' values into `target_label`.
enum RelabelRules {
    /// An RE2 pattern as NSRegularExpression; Prometheus anchors relabel patterns at both ends.
    static func regex(_ pattern: String, anchored: Bool) -> NSRegularExpression? {
        try? NSRegularExpression(pattern: anchored ? "^(?:\(pattern))$" : pattern)
    }

    static func matches(_ regex: NSRegularExpression, _ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Applies `rules` to `state`. With `record`, each rule that copies values into a label is a promotion in `facts`.
    static func apply(_ rules: [RelabelRule], to state: inout EntryState, facts: inout ConfigFacts,
                      dialect: ConfigDialect, record: Bool = true) {
        for rule in rules {
            let pattern = regex(rule.regex ?? "(.*)", anchored: true)
            switch rule.action {
            case "replace", "lowercase", "uppercase", "hashmod":
                guard let target = rule.targetLabel, !target.contains("$") else { continue }
                let replacement = rule.replacement ?? "$1"
                // The value is fixed unless it is built from the source labels (hashmod gives a small number).
                let derived = rule.action != "hashmod" && (rule.action != "replace" || replacement.contains("$"))
                var names = [target]
                for source in rule.sourceLabels {
                    for name in state.labels[source]?.names ?? [source, String(source.drop { $0 == "_" })]
                    where !name.isEmpty && !names.contains(name) {
                        names.append(name)
                    }
                }
                let value: LabelValue
                if record {
                    value = facts.promote(target, names: names, at: rule.targetLocation, kind: .relabel, dialect: dialect,
                                          source: rule.sourceLabels.joined(separator: ", "), isStatic: !derived)
                } else {
                    value = LabelValue(promotions: [], names: names, isStatic: !derived)
                }
                state.labels[target] = value
            case "labeldrop":
                guard let pattern else { continue }
                state.labels = state.labels.filter { !matches(pattern, $0.key) }
            case "labelkeep":
                guard let pattern else { continue }
                state.labels = state.labels.filter { matches(pattern, $0.key) }
            case "labelmap":
                guard let pattern else { continue }
                for (name, value) in state.labels.sorted(by: { $0.key < $1.key }) {
                    let range = NSRange(name.startIndex..., in: name)
                    guard let match = pattern.firstMatch(in: name, range: range) else { continue }
                    let mapped = pattern.replacementString(for: match, in: name, offset: 0,
                                                           template: (rule.replacement ?? "$1").replacingOccurrences(of: "${", with: "$").replacingOccurrences(of: "}", with: ""))
                    guard !mapped.isEmpty else { continue }
                    state.labels[mapped] = LabelValue(promotions: value.promotions, names: [mapped] + value.names,
                                                      isStatic: value.isStatic)
                }
            default:
                // keep, drop, keepequal, dropequal filter entries; they change no label.
                continue
            }
        }
    }
}
