import Yams

/// A part of the generated Swift that code written against the baseline's output can no longer use as it did
/// (filled in by the generator, which lives in SemConvGen; the model only carries it to the reports).
public struct GeneratedSymbolChange: Sendable, Hashable {
    /// The qualified symbol, e.g. `SemConv.http.method`, `SemConv.Events.SessionStart(sessionId:)` (an initializer
    /// call with these arguments) or `switch over SemConv.http.request.MethodValues`.
    public var symbol: String
    /// The registry item it was generated from, e.g. `attribute http.method`.
    public var origin: String
    /// What changed: `removed`, `type String -> SemConv.x.YValues`, `now requires 'errorType:' (String)`,
    /// `new case .invokeWorkflow (an exhaustive switch must handle it)`.
    public var change: String
    /// For a removed symbol: what the same item generates now, when it still generates one (`SemConv.rpc._system`).
    public var replacement: String?

    public init(symbol: String, origin: String, change: String = "removed", replacement: String? = nil) {
        self.symbol = symbol
        self.origin = origin
        self.change = change
        self.replacement = replacement
    }

    /// `change (origin; now X)`.
    public var explanation: String { "\(change) (\(origin)" + (replacement.map { "; now `\($0)`" } ?? "") + ")" }
}

/// `semconv diff` output in its four formats. Every format lists changes in the same order (item kind, name,
/// change kind); JSON objects have sorted keys.
public struct DiffReport: Sendable {
    public var diff: RegistryDiff
    /// The baseline source, as the user gave it.
    public var baseline: String
    /// The current registry's sources.
    public var current: [String]
    /// Generated Swift that stops compiling (see `GeneratedSymbolChange`), sorted by symbol.
    public var brokenSymbols: [GeneratedSymbolChange]
    /// Items whose change breaks users (error findings of `check --baseline`'s compatibility rules), as
    /// `CompatibilityChecks.breakingItems` names them: `attribute NAME`, `signal NAME`.
    public var breaking: Set<String>

    public init(diff: RegistryDiff, baseline: String, current: [String], brokenSymbols: [GeneratedSymbolChange] = [],
                breaking: Set<String> = []) {
        self.diff = diff
        self.baseline = baseline
        self.current = current
        self.brokenSymbols = brokenSymbols.sorted { ($0.symbol, $0.origin) < ($1.symbol, $1.origin) }
        self.breaking = breaking
    }

    /// Whether the compatibility rules call this change breaking.
    func isBreaking(_ c: RegistryChange) -> Bool {
        breaking.contains(c.item == .attribute ? "attribute \(c.name)" : "signal \(c.name)")
    }

    // MARK: JSON

    /// The JSON document described in README ("`semconv diff`, JSON").
    public func json() -> String {
        var summary: [(String, JSONValue)] = []
        let counts = diff.counts
        for kind in RegistryItemKind.allCases {
            let perKind = RegistryChange.Kind.allCases.map { ($0.rawValue, JSONValue.int(counts[kind]?[$0] ?? 0)) }
            summary.append((kind.rawValue, DiffReport.object(perKind)))
        }
        let doc = DiffReport.object([
            ("baseline", .string(baseline)),
            ("current", .array(current.map(JSONValue.string))),
            ("changes", .array(diff.changes.map { json($0) })),
            ("generated_symbols_broken", .array(brokenSymbols.map {
                DiffReport.object([("symbol", .string($0.symbol)), ("origin", .string($0.origin)), ("change", .string($0.change))]
                                  + ($0.replacement.map { [("replacement", JSONValue.string($0))] } ?? []))
            })),
            ("summary", DiffReport.object(summary)),
        ])
        return doc.rendered(indent: 2) + "\n"
    }

    func json(_ c: RegistryChange) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("change", .string(c.kind.rawValue)), ("item", .string(c.item.rawValue)), ("name", .string(c.name)),
            ("updates", .array(c.updates.map(DiffReport.json))),
        ]
        if isBreaking(c) { pairs.append(("breaking", .bool(true))) }
        if let v = c.renamedTo { pairs.append(("renamed_to", .string(v))) }
        if let v = c.note, !v.isEmpty { pairs.append(("note", .string(v))) }
        if let v = c.stability { pairs.append(("stability", .string(v))) }
        if let v = c.baselineStability { pairs.append(("baseline_stability", .string(v))) }
        if c.kind == .removed { pairs.append(("was_deprecated", .bool(c.wasDeprecated))) }
        if let v = c.location { pairs.append(("location", .string(v.description))) }
        if let v = c.baselineLocation { pairs.append(("baseline_location", .string(v.description))) }
        return DiffReport.object(pairs)
    }

    static func json(_ u: FieldChange) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("field", .string(u.field)), ("change", .string(u.change)), ("documentation_only", .bool(u.isDocumentationOnly)),
        ]
        if let v = u.subject { pairs.append(("subject", .string(v))) }
        if let v = u.before { pairs.append(("before", .string(v))) }
        if let v = u.after { pairs.append(("after", .string(v))) }
        if let v = u.location { pairs.append(("location", .string(v.description))) }
        return object(pairs)
    }

    /// An object with its keys in sorted order.
    static func object(_ pairs: [(String, JSONValue)]) -> JSONValue {
        .object(pairs.sorted { $0.0 < $1.0 })
    }

    // MARK: Text

    /// One line per change, field updates indented below it; a summary line last.
    public func text() -> String {
        var out = ""
        for c in diff.changes {
            out += "\(c.item.rawValue) \(c.name): \(DiffReport.headline(c))\(isBreaking(c) ? " [breaking]" : "")\n"
            for u in c.updates { out += "    " + DiffReport.describe(u) + "\n" }
        }
        if !brokenSymbols.isEmpty {
            out += "generated Swift that stops compiling:\n"
            for s in brokenSymbols { out += "    \(s.symbol): \(s.explanation)\n" }
        }
        out += summaryLine() + "\n"
        return out
    }

    func summaryLine() -> String {
        let counts = diff.counts
        let parts = RegistryItemKind.allCases.compactMap { kind -> String? in
            guard let perKind = counts[kind] else { return nil }
            let text = RegistryChange.Kind.allCases.compactMap { k in perKind[k].map { "\($0) \(k.rawValue)" } }
            return "\(kind.title.lowercased()): " + text.joined(separator: ", ")
        }
        return parts.isEmpty ? "no changes" : "\(diff.changes.count) changes (" + parts.joined(separator: "; ") + ")"
    }

    static func headline(_ c: RegistryChange) -> String {
        switch c.kind {
        case .added: return "added" + (c.stability.map { " (\($0))" } ?? "") + (c.note.map { ", already deprecated: \($0)" } ?? "")
        case .removed: return "removed" + (c.wasDeprecated ? " (was deprecated)" : " without deprecation")
        case .renamed: return "renamed to \(c.renamedTo ?? "?")"
        case .obsoleted: return "obsoleted" + (c.note.map { ": \($0.firstLine)" } ?? "")
        case .uncategorized: return "deprecated" + (c.note.map { ": \($0.firstLine)" } ?? "")
        case .updated: return c.isDocumentationOnly ? "updated (documentation only)" : "updated"
        }
    }

    static func describe(_ u: FieldChange) -> String {
        let what = u.subject.map { "\(u.field) \($0)" } ?? u.field
        let docs = u.isDocumentationOnly ? " (documentation only)" : ""
        switch (u.before, u.after) {
        case let (nil, after?): return "\(what): added" + (u.isDocumentationOnly ? "" : " (\(after.firstLine))") + docs
        case let (before?, nil): return "\(what): removed" + (u.isDocumentationOnly ? "" : " (was \(before.firstLine))") + docs
        case let (before?, after?):
            return u.isDocumentationOnly ? "\(what): changed" + docs : "\(what): \(before.firstLine) -> \(after.firstLine)"
        case (nil, nil): return what
        }
    }

    // MARK: Markdown

    /// Release notes / PR comment: what is compared, a summary table, then per item kind the removed, renamed,
    /// obsoleted, deprecated, updated and added items (breaking ones marked, stable ones named as such), then the
    /// generated Swift that stops compiling.
    public func markdown() -> String {
        var out = "## Registry changes\n\nBaseline: `\(baseline)`  \nCurrent: "
            + (current.isEmpty ? "the bundled model" : current.map { "`\($0)`" }.joined(separator: ", ")) + "\n\n"
        guard !diff.isEmpty else { return out + "No changes.\n" }
        let counts = diff.counts
        let kinds = RegistryChange.Kind.allCases
        out += "| | " + kinds.map(DiffReport.heading).joined(separator: " | ") + " |\n"
        out += "|---|" + kinds.map { _ in "---:" }.joined(separator: "|") + "|\n"
        for item in RegistryItemKind.allCases where counts[item] != nil {
            out += "| \(item.title) | " + kinds.map { String(counts[item]?[$0] ?? 0) }.joined(separator: " | ") + " |\n"
        }
        let breakingCount = diff.changes.filter(isBreaking).count
        if breakingCount > 0 {
            out += "\n**\(breakingCount) breaking change\(breakingCount == 1 ? "" : "s")** (marked ⚠️ below; `semconv check --baseline` reports each).\n"
        }
        for item in RegistryItemKind.allCases where counts[item] != nil {
            out += "\n### \(item.title)\n"
            for kind in [RegistryChange.Kind.removed, .renamed, .obsoleted, .uncategorized, .updated, .added] {
                let list = diff.changes.filter { $0.item == item && $0.kind == kind }
                guard !list.isEmpty else { continue }
                out += "\n**\(DiffReport.heading(kind))** (\(list.count))\n\n"
                for c in list { out += "- " + markdownLine(c) + "\n" }
            }
        }
        if !brokenSymbols.isEmpty {
            out += "\n### Generated Swift that stops compiling\n\n"
            for s in brokenSymbols { out += "- `\(s.symbol)`: \(s.explanation.escapingMarkdownTable)\n" }
        }
        return out
    }

    /// The heading of a change kind: deprecations for other reasons are "Deprecated".
    static func heading(_ kind: RegistryChange.Kind) -> String {
        kind == .uncategorized ? "Deprecated" : kind.rawValue.capitalized
    }

    func markdownLine(_ c: RegistryChange) -> String {
        var line = (isBreaking(c) ? "⚠️ " : "") + "`\(c.name)`"
        let stable = (c.kind == .added ? c.stability : c.baselineStability ?? c.stability) == "stable"
        switch c.kind {
        case .added: line += c.stability.map { " (\($0))" } ?? ""
        case .removed: line += (stable ? " (stable)" : "") + (c.wasDeprecated ? " (was deprecated)" : " — **removed without deprecation**")
        case .renamed: line += (stable ? " (stable)" : "") + " → `\(c.renamedTo ?? "?")`"
        case .obsoleted, .uncategorized:
            line += (stable ? " (stable)" : "") + (c.note.map { ": " + DiffReport.summary($0).escapingMarkdownTable } ?? "")
        case .updated: line += stable ? " (stable)" : ""
        }
        let telemetry = c.updates.filter { !$0.isDocumentationOnly }
        let docs = c.updates.filter(\.isDocumentationOnly)
        if !telemetry.isEmpty {
            line += (c.kind == .updated ? ": " : "; ") + telemetry.map { DiffReport.describe($0).escapingMarkdownTable }.joined(separator: "; ")
        }
        if !docs.isEmpty {
            line += " _(documentation: " + Array(Set(docs.map(\.field))).sorted().joined(separator: ", ") + ")_"
        }
        return line
    }

    /// A note's first paragraph on one line, cut (with "…") at a space before `limit` characters that is outside
    /// links and code spans, so that no link or code span is cut in half.
    static func summary(_ text: String, limit: Int = 200) -> String {
        let paragraph = text.trimmingWhitespace.components(separatedBy: "\n\n").first ?? ""
        let flat = paragraph.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        guard flat.count > limit else { return flat }
        var depth = 0, inCode = false, cut: String.Index?
        var index = flat.startIndex, count = 0
        while index < flat.endIndex, count < limit {
            switch flat[index] {
            case "`": inCode.toggle()
            case "[", "(": if !inCode { depth += 1 }
            case "]", ")": if !inCode { depth = max(0, depth - 1) }
            case " ": if depth == 0, !inCode { cut = index }
            default: break
            }
            index = flat.index(after: index)
            count += 1
        }
        guard let cut else { return flat }  // one long link or code span: whole, rather than broken
        return String(flat[..<cut]) + " …"
    }

    // MARK: OpenTelemetry schema file

    /// An OpenTelemetry schema file (file format 1.1.0) with one version section, `version`: attribute renames
    /// under `all` (`rename_attributes`) and metric renames under `metrics` (`rename_metrics`), sorted by old
    /// name as upstream's generator writes them. Event, span and entity renames have no schema-file construct
    /// and are left out (they are in the other formats); renames of template attributes, which a transformation
    /// cannot apply (it renames whole keys), are comments at the end of the section.
    public func otelSchema(version: String, schemaURL: String) -> String {
        var out = "file_format: 1.1.0\nschema_url: \(schemaURL)\nversions:\n  \(DiffReport.yamlKey(version)):\n"
        let attributes = diff.renames(.attribute), metrics = diff.renames(.metric)
        if !attributes.isEmpty {
            out += "    all:\n      changes:\n        - rename_attributes:\n            attribute_map:\n"
            for r in attributes { out += "              \(DiffReport.yamlKey(r.from)): \(DiffReport.yamlKey(r.to))\n" }
        }
        if !metrics.isEmpty {
            out += "    metrics:\n      changes:\n        - rename_metrics:\n"
            for r in metrics { out += "            \(DiffReport.yamlKey(r.from)): \(DiffReport.yamlKey(r.to))\n" }
        }
        let templates = diff.templateRenames
        if !templates.isEmpty {
            out += "    # Template attributes, renamed too; a schema transformation renames whole keys, not key families:\n"
            for r in templates { out += "    #   \(r.from).<key> -> \(r.to).<key>\n" }
        }
        return out
    }

    /// A plain YAML scalar when the name is one, else a double-quoted one.
    static func yamlKey(_ s: String) -> String {
        let plain = !s.isEmpty && s.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || "._-/".unicodeScalars.contains($0)
        } && Node.Scalar.coreSchemaTag(s) == .str && !["yes", "no", "on", "off"].contains(s.lowercased())
            && !(s.first.map { $0 == "-" || $0 == "." } ?? false)
        if plain { return s }
        var out = ""
        JSONValue.writeString(s, to: &out)
        return out
    }
}

private extension String {
    var firstLine: String {
        let line = split(whereSeparator: \.isNewline).first.map(String.init) ?? self
        let trimmed = line.trimmingWhitespace
        return trimmed.count > 120 ? String(trimmed.prefix(117)) + "..." : trimmed
    }

    var escapingMarkdownTable: String { replacingOccurrences(of: "|", with: "\\|") }
}
