import Foundation

/// Renders rule descriptions for `semconv rules` and the README's rule tables (one source for both; a test keeps
/// the README's copy current).
public enum RuleDocumentation {
    public enum Format: String, Sendable, CaseIterable {
        case text, markdown, json
    }

    /// A heading for each category, in the order the README shows them.
    public static func title(_ category: RuleCategory) -> String {
        switch category {
        case .registry: "Registry rules (`semconv check`)"
        case .compatibility: "Compatibility rules (`semconv check --baseline`)"
        case .template: "Template rules (`semconv generate`, `semconv docs`)"
        case .telemetry: "Telemetry rules (`semconv lint`, `semconv live-check`)"
        case .config: "Pipeline config rules (`semconv lint` on Alloy and Promtail)"
        case .project: "Project config rules (every command)"
        }
    }

    public static func render(_ rules: [RuleDescription], as format: Format) -> String {
        switch format {
        case .text: text(rules)
        case .markdown: RuleCategory.allCases.compactMap { category in
                let some = rules.filter { $0.category == category }
                return some.isEmpty ? nil : "### \(title(category))\n\n" + markdownTable(some)
            }.joined(separator: "\n")
        case .json: JSONValue.array(rules.map(json)).rendered(indent: 2) + "\n"
        }
    }

    static func severity(_ rule: RuleDescription) -> String { rule.defaultSeverity?.rawValue ?? "off" }

    /// `id  severity  summary`, aligned, one rule per line; a rule on its own gets everything it has.
    static func text(_ rules: [RuleDescription]) -> String {
        if rules.count == 1, let rule = rules.first { return detail(rule) }
        let width = rules.map(\.id.count).max() ?? 0
        return rules.map { rule in
            rule.id.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                + severity(rule).padding(toLength: 9, withPad: " ", startingAt: 0) + rule.summary
        }.joined(separator: "\n") + "\n"
    }

    static func detail(_ rule: RuleDescription) -> String {
        var out = "\(rule.id) (\(rule.category.rawValue), default \(severity(rule)))\n  \(rule.summary)\n"
        if let rationale = rule.rationale { out += "  why: \(rationale)\n" }
        if let fix = rule.fix { out += "  fix: \(fix)\n" }
        if !rule.aliases.isEmpty { out += "  earlier ids: \(rule.aliases.joined(separator: ", "))\n" }
        for (title, examples) in [("triggers (↓ marks each finding)", rule.triggering), ("does not trigger", rule.nonTriggering)]
        where !examples.isEmpty {
            out += "  \(title):\n"
            for example in examples {
                if let note = example.note { out += "    # \(note)\n" }
                out += example.input.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { "    " + $0 }.joined(separator: "\n") + "\n"
            }
        }
        out += "  docs: \(SemConvVersion.helpURI(rule: rule.id))\n"
        return out
    }

    /// One Markdown table; each rule id carries the anchor `rule-ID` that SARIF `helpUri` links to.
    /// The Example column appears when a rule of the table has an example to show.
    public static func markdownTable(_ rules: [RuleDescription]) -> String {
        let examples = rules.contains { !example($0).isEmpty }
        var out = examples ? "| Rule | Default | What it reports | Example | Fix |\n|---|---|---|---|---|\n"
                           : "| Rule | Default | What it reports | Fix |\n|---|---|---|---|\n"
        for rule in rules {
            let cells = ["<a id=\"rule-\(rule.id)\"></a>`\(rule.id)`", severity(rule), cell(rule.summary)]
                + (examples ? [example(rule)] : []) + [cell(rule.fix ?? "")]
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// The first triggering example's note, or its input when it is one short line.
    static func example(_ rule: RuleDescription) -> String {
        guard let first = rule.triggering.first else { return "" }
        if let note = first.note { return cell(note) }
        let input = first.unmarked.text.trimmingCharacters(in: .newlines)
        guard !input.contains("\n"), input.count <= 80, !input.contains("`") else { return "" }
        return "`" + cell(input) + "`"
    }

    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    static func json(_ rule: RuleDescription) -> JSONValue {
        func examples(_ list: [RuleExample]) -> JSONValue {
            .array(list.map { example in
                var pairs: [(String, JSONValue)] = [("format", .string(example.format.rawValue)),
                                                    ("input", .string(example.input))]
                if let note = example.note { pairs.append(("note", .string(note))) }
                if !example.context.isEmpty {
                    pairs.append(("context", .object(example.context.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
                }
                return .object(pairs)
            })
        }
        var pairs: [(String, JSONValue)] = [
            ("id", .string(rule.id)), ("category", .string(rule.category.rawValue)),
            ("defaultSeverity", .string(severity(rule))),
            ("summary", .string(rule.summary)),
        ]
        if let rationale = rule.rationale { pairs.append(("rationale", .string(rationale))) }
        if let fix = rule.fix { pairs.append(("fix", .string(fix))) }
        if !rule.aliases.isEmpty { pairs.append(("aliases", .array(rule.aliases.map { .string($0) }))) }
        pairs.append(("triggering", examples(rule.triggering)))
        pairs.append(("nonTriggering", examples(rule.nonTriggering)))
        pairs.append(("helpUri", .string(SemConvVersion.helpURI(rule: rule.id))))
        return .object(pairs)
    }
}
