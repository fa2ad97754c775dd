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

    /// The names the value a rule writes is known by: what its source labels hold (their own names, or for a
    /// discovery meta label carrying a user's label or annotation, that label's name: `user_email` for
    /// `__meta_docker_container_label_user_email`). The target label's name stands for the value only when no source
    /// says what it is (no source, or only opaque meta labels such as `__meta_kubernetes_pod_uid`).
    static func valueNames(_ sources: [String], target: String, in state: EntryState) -> [String] {
        var names: [String] = []
        var opaque = sources.isEmpty
        for source in sources {
            if let known = state.labels[source] {
                names += known.names
            } else if let label = userLabel(inMetaLabel: source) {
                names.append(label)
            } else if source.hasPrefix("__") {
                opaque = true
            } else {
                names.append(source)
            }
        }
        if opaque && names.isEmpty { names = [target] + sources }
        var seen = Set<String>()
        return names.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// The user's label or annotation name a discovery meta label carries: the part after `_label_` or
    /// `_annotation_` (`__meta_kubernetes_pod_label_app_kubernetes_io_name` -> `app_kubernetes_io_name`); nil for
    /// other meta labels and for `_labelpresent_` / `_annotationpresent_` (a boolean).
    static func userLabel(inMetaLabel name: String) -> String? {
        guard name.hasPrefix("__meta_") else { return nil }
        for marker in ["_label_", "_annotation_"] {
            if let range = name.range(of: marker) {
                let label = String(name[range.upperBound...])
                return label.isEmpty ? nil : label
            }
        }
        return nil
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
                let names = valueNames(rule.sourceLabels, target: target, in: state)
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
