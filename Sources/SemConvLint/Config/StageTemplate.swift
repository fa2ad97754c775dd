/// What a `stage.template` / Promtail `template` stage writes into its `source` field, read from the Go template
/// (Alloy `stages/template.go`: text/template with sprig's functions plus `Hash`, `Sha2Hash`, `ToLower`, ...).
///
/// Each action's output is classed as a constant, a hash of fields, or fields as they are; pipelines (`a | b`),
/// parenthesized pipelines and variables are followed. The template hashes only when its whole output is constants
/// and hashes, at least one of them. A call with the wrong number of arguments (`{{ Hash .Value }}`: `Hash` takes a
/// salt and the value) makes the template fail when it runs, and a failing template leaves the field as it was
/// (`templateStage.Process` returns on an `Execute` error).
struct StageTemplate {
    /// Fields the template reads: `.Value` (the source field itself) as "Value", `.user_email` as "user_email".
    var fields: [String] = []
    /// The whole output is a hash of the fields it reads (and constant text): the value is no longer held, only one
    /// hash per value.
    var hashes = false
    /// The template fails when it runs: the stage changes nothing.
    var fails = false

    /// Hash functions and how many arguments each takes: Alloy's `Hash` (SHA3-256) and `Sha2Hash` (SHA-256) take a
    /// salt and the value; sprig's `sha256sum` and `sha512sum` the value; `bcrypt` the value (a salted, random hash).
    /// sprig's `sha1sum` (SHA-1, broken) and `adler32sum` (a 32-bit checksum) do not count: from a checksum of a
    /// low-entropy value such as an e-mail address the value is found by trying candidates.
    static let hashFunctions: [String: Int] = ["Hash": 2, "Sha2Hash": 2, "sha256sum": 1, "sha512sum": 1, "bcrypt": 1]

    /// Functions whose argument count is checked: hashing ones and the weak checksums.
    static let checkedArity: [String: Int] = hashFunctions.merging(["sha1sum": 1, "adler32sum": 1]) { a, _ in a }

    /// What an action's output holds.
    enum Output: Equatable {
        case constant, hash, raw

        func combined(_ other: Output) -> Output {
            if self == .raw || other == .raw { return .raw }
            return self == .hash || other == .hash ? .hash : .constant
        }
    }

    static let keywords: Set<String> = ["if", "else", "end", "range", "with", "define", "template", "block", "break",
                                        "continue"]

    init(_ template: String) {
        var outputs: [Output] = []
        var variables: [String: Output] = [:]
        for action in Self.actions(template) {
            var tokens = Self.tokens(action)
            guard let first = tokens.first else { continue }
            var isOutput = true
            if case .word(let word) = first, Self.keywords.contains(word) {
                // Control actions output nothing; their pipelines (conditions, ranges) still read fields.
                isOutput = false
                tokens.removeFirst()
                if word == "else", case .word("if")? = tokens.first { tokens.removeFirst() }
                if word == "template" || word == "define" || word == "block" { tokens = tokens.filter { !$0.isLiteral } }
            }
            // `$x := pipeline` declares a variable; the action outputs nothing.
            var assigned: String?
            if tokens.count >= 2, case .variable(let name) = tokens[0], tokens[1] == .assign {
                assigned = name
                tokens.removeFirst(2)
                isOutput = false
            }
            guard !tokens.isEmpty else { continue }
            let result = evaluate(tokens[...], variables: variables)
            if let assigned { variables[assigned] = result }
            if isOutput { outputs.append(result) }
        }
        let whole = outputs.reduce(Output.constant) { $0.combined($1) }
        hashes = whole == .hash
    }

    /// No field is read and nothing fails: the result is a constant (no personal data, bounded).
    var isConstant: Bool { fields.isEmpty && !fails }

    // MARK: Evaluation

    /// The output of a pipeline: commands separated by `|`, each one's result the last argument of the next.
    mutating func evaluate(_ tokens: ArraySlice<Token>, variables: [String: Output]) -> Output {
        var commands: [ArraySlice<Token>] = []
        var depth = 0
        var start = tokens.startIndex
        for i in tokens.indices {
            switch tokens[i] {
            case .open: depth += 1
            case .close: depth -= 1
            case .pipe where depth == 0:
                commands.append(tokens[start..<i])
                start = i + 1
            default: break
            }
        }
        commands.append(tokens[start...])
        var piped: Output?
        for command in commands {
            piped = evaluateCommand(command, piped: piped, variables: variables)
        }
        return piped ?? .constant
    }

    mutating func evaluateCommand(_ tokens: ArraySlice<Token>, piped: Output?, variables: [String: Output]) -> Output {
        var operands: [Output] = []
        var function: String?
        var i = tokens.startIndex
        while i < tokens.endIndex {
            let token = tokens[i]
            switch token {
            case .word(let word) where i == tokens.startIndex:
                function = word
            case .word:
                operands.append(.constant)  // `nil`, `true`, a function value: no field
            case .field(let name):
                fields.append(name)
                operands.append(.raw)
            case .variable(let name):
                operands.append(variables[name] ?? .raw)
            case .literal:
                operands.append(.constant)
            case .open:
                var depth = 0
                var j = i
                while j < tokens.endIndex {
                    if tokens[j] == .open { depth += 1 } else if tokens[j] == .close {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    j += 1
                }
                operands.append(evaluate(tokens[(i + 1)..<min(j, tokens.endIndex)], variables: variables))
                i = j
            case .close, .pipe, .assign:
                break
            }
            i += 1
        }
        if let piped { operands.append(piped) }
        guard let function else { return operands.reduce(.constant) { $0.combined($1) } }
        if let arity = Self.checkedArity[function], operands.count != arity {
            fails = true
            return .raw
        }
        if Self.hashFunctions[function] != nil {
            return operands.contains { $0 != .constant } ? .hash : .constant
        }
        return operands.reduce(.constant) { $0.combined($1) }
    }

    // MARK: Scanning

    enum Token: Equatable {
        case word(String), field(String), variable(String), literal, open, close, pipe, assign

        var isLiteral: Bool { self == .literal }
    }

    /// The text inside each `{{ ... }}` (trim markers and comments removed).
    static func actions(_ template: String) -> [String] {
        var out: [String] = []
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "}}") else { break }
            var inner = rest[..<close.lowerBound]
            if inner.hasPrefix("-") { inner = inner.dropFirst() }
            if inner.hasSuffix("-") { inner = inner.dropLast() }
            let trimmed = inner.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.hasPrefix("/*") { out.append(trimmed) }
            rest = rest[close.upperBound...]
        }
        return out
    }

    static func tokens(_ action: String) -> [Token] {
        let scalars = Array(action.unicodeScalars)
        var tokens: [Token] = []
        var i = 0
        func word(from start: Int) -> String {
            var k = start
            while k < scalars.count, isWord(scalars[k]) || scalars[k] == "." { k += 1 }
            i = k
            return String(String.UnicodeScalarView(scalars[start..<k]))
        }
        while i < scalars.count {
            let c = scalars[i]
            switch c {
            case " ", "\t", "\n", "\r", ",":
                i += 1
            case "\"", "`", "'":
                i += 1
                while i < scalars.count, scalars[i] != c {
                    if scalars[i] == "\\", c != "`" { i += 1 }
                    i += 1
                }
                i += 1
                tokens.append(.literal)
            case "(":
                tokens.append(.open)
                i += 1
            case ")":
                tokens.append(.close)
                i += 1
            case "|":
                tokens.append(.pipe)
                i += 1
            case ":", "=":
                if c == ":" { i += 1 }
                if i < scalars.count, scalars[i] == "=" { i += 1 }
                tokens.append(.assign)
            case "$":
                tokens.append(.variable(word(from: i + 1)))
            case ".":
                // `.Value`, `.a.b` (the first key counts), or `.` itself: the current value, taken as the source.
                let name = word(from: i + 1).split(separator: ".").first.map(String.init) ?? "Value"
                tokens.append(.field(name.isEmpty ? "Value" : name))
            default:
                if isWord(c) {
                    let w = word(from: i)
                    tokens.append(w.first?.isNumber == true || w.first == "-" ? .literal : .word(w))
                } else {
                    i += 1
                }
            }
        }
        return tokens
    }

    static func isWord(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_"
    }
}
