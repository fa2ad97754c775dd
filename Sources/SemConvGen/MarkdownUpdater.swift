import Foundation
import SemConvModel

/// Rewrites only the regions between marker comments in existing Markdown:
/// `<!-- semconv attributes NAMESPACE -->` … `<!-- endsemconv -->` gets the attribute table of a namespace,
/// `<!-- semconv event NAME -->` … `<!-- endsemconv -->` the table of an event. Everything else is kept byte for byte.
public enum MarkdownUpdater {
    public static let partials = ["attributes": "attribute_table", "event": "event_table"]

    /// The updated text, or diagnostics for markers that name nothing or are not closed.
    public static func update(_ text: String, file: String, set: TemplateSet, vm: ViewModel) -> (String, [Diagnostic]) {
        let root = vm.root()
        let namespaces = Dictionary((root["allNamespaces"] as? [[String: Any]] ?? []).map { ($0["path"] as? String ?? "", $0) },
                                    uniquingKeysWith: { a, _ in a })
        let events = Dictionary((root["events"] as? [[String: Any]] ?? []).map { ($0["name"] as? String ?? "", $0) },
                                uniquingKeysWith: { a, _ in a })
        var out: [Substring] = []
        var diagnostics: [Diagnostic] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var i = 0
        while i < lines.count {
            let line = lines[i]
            out.append(line)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("<!-- semconv "), trimmed.hasSuffix("-->") else { i += 1; continue }
            let words = trimmed.dropFirst("<!-- semconv ".count).dropLast(3).split(separator: " ").map(String.init)
            let at = SourceLocation(file: file, line: i + 1, column: 1)
            guard let end = lines[(i + 1)...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "<!-- endsemconv -->" }) else {
                diagnostics.append(Diagnostic(.error, rule: "docs-marker", message: "marker is never closed", at: at,
                                              fix: "add <!-- endsemconv --> after the region"))
                i += 1
                continue
            }
            var context: [String: Any]?
            if words.count == 2, words[0] == "attributes" { context = namespaces[words[1]] }
            if words.count == 2, words[0] == "event" { context = events[words[1]] }
            guard words.count == 2, let partial = partials[words[0]], let element = context else {
                let names = words.first == "event" ? Array(events.keys) : Array(namespaces.keys)
                diagnostics.append(Diagnostic(.error, rule: "docs-marker",
                                              message: "marker '\(words.joined(separator: " "))' names no namespace or event"
                                                  + Suggestions.didYouMean(words.last ?? "", in: names),
                                              at: at, fix: "use <!-- semconv attributes NAMESPACE --> or <!-- semconv event NAME -->"))
                out += lines[(i + 1)...end]
                i = end + 1
                continue
            }
            let rendered = set.renderPartial(partial, context: ElementContext(root: root, key: "", value: 0).merging(element)) ?? ""
            if root.budget.exhausted {
                return (text, diagnostics + [TemplateSet.budgetSpent(set.directory + "/" + partial + ".mustache")])
            }
            out.append(Substring(rendered.hasSuffix("\n") ? String(rendered.dropLast()) : rendered))
            out.append(lines[end])
            i = end + 1
        }
        return (out.joined(separator: "\n"), diagnostics)
    }
}
