import SemConvModel

/// Checks a Mustache template against the view-model schema before it is rendered: every variable and section
/// must exist, every section must be closed. Errors name the template file, line, column, the variable and the
/// nearest valid names.
struct TemplateChecker {
    let file: String
    let text: String
    /// Partials by name, with the file they come from.
    let partials: [String: (file: String, text: String)]
    var diagnostics: [Diagnostic] = []
    private var checkedPartials = Set<String>()

    init(file: String, text: String, partials: [String: (file: String, text: String)]) {
        self.file = file
        self.text = text
        self.partials = partials
    }

    struct Tag {
        var kind: Character  // " " variable, "#", "^", "/", "!", ">", "&", "{", "%", "$", "<", "="
        var name: String
        var line: Int
        var column: Int
    }

    /// Splits the template into tags (text between them is irrelevant to checking).
    static func tags(in text: String, file: String, diagnostics: inout [Diagnostic]) -> [Tag] {
        var tags: [Tag] = []
        let chars = Array(text.unicodeScalars)
        var i = 0, line = 1, column = 1
        func advance(_ n: Int) {
            for _ in 0..<n where i < chars.count {
                if chars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
                i += 1
            }
        }
        while i < chars.count {
            if chars[i] == "{", i + 1 < chars.count, chars[i + 1] == "{" {
                let (startLine, startColumn) = (line, column)
                let triple = i + 2 < chars.count && chars[i + 2] == "{"
                advance(triple ? 3 : 2)
                let closing = triple ? "}}}" : "}}"
                var body = ""
                var closed = false
                while i < chars.count {
                    if chars[i] == "{", i + 1 < chars.count, chars[i + 1] == "{" { break }  // a new tag: this one is unfinished
                    if chars[i] == "}", String(String.UnicodeScalarView(chars[i..<min(i + closing.count, chars.count)])) == closing {
                        advance(closing.count)
                        closed = true
                        break
                    }
                    body.unicodeScalars.append(chars[i])
                    advance(1)
                }
                if !closed {
                    let shown = body.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
                    diagnostics.append(Diagnostic(.error, rule: "template-syntax",
                                                  message: "unfinished tag '{{\(shown.prefix(30))' (missing '\(closing)')",
                                                  at: SourceLocation(file: file, line: startLine, column: startColumn),
                                                  fix: "close the tag with \(closing)"))
                    continue
                }
                var trimmed = body.trimmingWhitespace
                var kind: Character = triple ? "{" : " "
                if !triple, let first = trimmed.first, "#^/!>&%$<=".contains(first) {
                    kind = first
                    trimmed = String(trimmed.dropFirst()).trimmingWhitespace
                }
                tags.append(Tag(kind: kind, name: trimmed, line: startLine, column: startColumn))
            } else {
                advance(1)
            }
        }
        return tags
    }

    /// Deepest section nesting accepted in one template file. Real templates nest a handful of levels; the limit
    /// keeps the Mustache parser, which recurses once per section, far from the end of the stack.
    static let maxSectionDepth = 32

    /// Structure problems that stop a file from being parsed at all: sections nested deeper than `maxSectionDepth`,
    /// and set-delimiter tags (which would hide the tags from these checks). Checked for every template and partial
    /// before the Mustache parser sees it.
    static func structureProblems(text: String, file: String) -> [Diagnostic] {
        var ignored: [Diagnostic] = []
        var depth = 0
        for tag in tags(in: text, file: file, diagnostics: &ignored) {
            let at = SourceLocation(file: file, line: tag.line, column: tag.column)
            switch tag.kind {
            case "=":
                return [Diagnostic(.error, rule: "template-syntax", message: "set-delimiter tags are not supported",
                                   at: at, fix: "use the standard {{ }} delimiters")]
            case "#", "^", "$", "<":
                depth += 1
                if depth > maxSectionDepth {
                    return [Diagnostic(.error, rule: "template-syntax",
                                       message: "sections nested more than \(maxSectionDepth) deep",
                                       at: at, fix: "split the template into partials or flatten the sections")]
                }
            case "/":
                depth = max(0, depth - 1)
            default:
                continue
            }
        }
        return []
    }

    /// Partials that include themselves (directly or through other partials) outside any section: rendering them
    /// could never end. Recursion inside a section (a tree of namespaces) is fine; it ends with the data.
    static func endlessRecursion(partials: [String: (file: String, text: String)]) -> [Diagnostic] {
        var edges: [String: [(String, Tag)]] = [:]
        for (name, source) in partials {
            var ignored: [Diagnostic] = []
            var depth = 0
            for tag in tags(in: source.text, file: source.file, diagnostics: &ignored) {
                switch tag.kind {
                case "#", "^", "$", "<": depth += 1
                case "/": depth = max(0, depth - 1)
                case ">" where depth == 0: edges[name, default: []].append((tag.name, tag))
                default: continue
                }
            }
        }
        var diagnostics: [Diagnostic] = []
        for start in edges.keys.sorted() {
            // Depth-first over unconditional inclusions; a path back to `start` is endless.
            var stack = [start], seen: Set<String> = [start]
            while let current = stack.popLast() {
                for (next, tag) in edges[current] ?? [] {
                    if next == start, let file = partials[current]?.file {
                        diagnostics.append(Diagnostic(
                            .error, rule: "template-syntax",
                            message: "'{{> \(start)}}' here makes partial '\(start)' include itself outside any section, so rendering never ends",
                            at: SourceLocation(file: file, line: tag.line, column: tag.column),
                            fix: "include it only inside a section over child data, e.g. {{#namespaces}}{{> \(start)}}{{/namespaces}}"))
                    } else if partials[next] != nil, seen.insert(next).inserted {
                        stack.append(next)
                    }
                }
            }
        }
        return diagnostics
    }

    /// The variable a tag names, without transforms: `lowercased(name)` → `name`.
    static func variableName(_ raw: String) -> String {
        if raw.hasSuffix("()") { return raw }  // a sequence transform such as first() or last()
        var name = raw
        while let open = name.firstIndex(of: "("), let close = name.lastIndex(of: ")"), open < close {
            name = String(name[name.index(after: open)..<close]).trimmingWhitespace
        }
        return name
    }

    /// Checks structure first; names are checked only in a well-formed template (their errors would be noise).
    mutating func check(root: [String: SchemaNode]) {
        check(text: text, file: file, stack: [.object(root)])
        if diagnostics.contains(where: { $0.rule == "template-syntax" }) {
            diagnostics = diagnostics.filter { $0.rule == "template-syntax" }
        }
    }

    var hasSyntaxErrors: Bool { diagnostics.contains { $0.rule == "template-syntax" } }

    private mutating func check(text: String, file: String, stack initial: [SchemaNode]) {
        var tags = TemplateChecker.tags(in: text, file: file, diagnostics: &diagnostics)
        if tags.contains(where: { $0.kind == "=" }) { tags = [] }  // custom delimiters: leave to the parser
        var stack = initial
        var open: [Tag] = []
        for tag in tags {
            let at = SourceLocation(file: file, line: tag.line, column: tag.column)
            switch tag.kind {
            case "!", "%", "=":
                continue
            case "/":
                guard let index = open.lastIndex(where: { $0.name == tag.name }) else {
                    diagnostics.append(Diagnostic(.error, rule: "template-syntax",
                                                  message: "closing tag '{{/\(tag.name)}}' without an open section", at: at,
                                                  fix: "remove it or open the section with {{#\(tag.name)}}"))
                    continue
                }
                for inner in open[(index + 1)...].reversed() {
                    diagnostics.append(Diagnostic(.error, rule: "template-syntax",
                                                  message: "section '\(inner.name)' is never closed (the enclosing '\(tag.name)' closes at line \(tag.line))",
                                                  at: SourceLocation(file: file, line: inner.line, column: inner.column),
                                                  fix: "add {{/\(inner.name)}} before line \(tag.line)"))
                }
                stack.removeLast(open.count - index)
                open.removeSubrange(index...)
            case ">":
                guard let partial = partials[tag.name] else {
                    diagnostics.append(Diagnostic(.error, rule: "template-unknown-partial",
                                                  message: "unknown partial '\(tag.name)'\(Suggestions.didYouMean(tag.name, in: partials.keys))",
                                                  at: at, fix: "add \(tag.name).mustache to the template directory"))
                    continue
                }
                if checkedPartials.insert(tag.name).inserted {
                    check(text: partial.text, file: partial.file, stack: stack)
                }
            case "$", "<":
                continue
            default:
                let name = TemplateChecker.variableName(tag.name)
                let node = resolve(name, in: stack, at: at, isSection: tag.kind == "#" || tag.kind == "^")
                if tag.kind == "#" || tag.kind == "^" {
                    open.append(tag)
                    // An inverted section renders only when the value is absent: its context does not change.
                    stack.append(tag.kind == "#" ? (node ?? .value) : .object([:]))
                }
            }
        }
        for tag in open.reversed() {
            diagnostics.append(Diagnostic(.error, rule: "template-syntax",
                                          message: "section '\(tag.name)' is never closed",
                                          at: SourceLocation(file: file, line: tag.line, column: tag.column),
                                          fix: "add {{/\(tag.name)}}"))
        }
    }

    private mutating func resolve(_ name: String, in stack: [SchemaNode], at: SourceLocation, isSection: Bool) -> SchemaNode? {
        if name == "." {
            return stack.last
        }
        if name.hasSuffix("()") {
            let base = String(name.dropLast(2))
            let inList = stack.contains { if case .list = $0 { true } else if case .strings = $0 { true } else { false } }
            if ViewModelSchema.sequenceNames.contains(base), inList { return .value }
            diagnostics.append(Diagnostic(.error, rule: "template-unknown-variable",
                                          message: "unknown transform '\(name)'" + (inList ? "" : " (only inside a list section)")
                                              + Suggestions.didYouMean(base, in: ViewModelSchema.sequenceNames),
                                          at: at, fix: "use first(), last(), index(), even() or odd() inside a list section"))
            return nil
        }
        let parts = name.split(separator: ".").map(String.init)
        guard let first = parts.first else { return nil }
        var found: SchemaNode?
        for node in stack.reversed() {
            if let member = node.members?[first] { found = member; break }
        }
        guard var node = found else {
            let visible = Set(stack.flatMap { $0.members.map { Array($0.keys) } ?? [] })
            diagnostics.append(Diagnostic(.error, rule: "template-unknown-variable",
                                          message: "unknown \(isSection ? "section" : "variable") '\(name)'"
                                              + Suggestions.didYouMean(first, in: visible),
                                          at: at, fix: "use one of the view-model names listed in README, 'Template variables'"))
            return nil
        }
        for part in parts.dropFirst() {
            guard let next = node.members?[part] else {
                diagnostics.append(Diagnostic(.error, rule: "template-unknown-variable",
                                              message: "unknown variable '\(name)': '\(part)' is not a member"
                                                  + Suggestions.didYouMean(part, in: node.members.map { Array($0.keys) } ?? []),
                                              at: at, fix: "use one of the view-model names listed in README, 'Template variables'"))
                return nil
            }
            node = next
        }
        return node
    }
}
