/// The key a `stage.json` (Alloy) / `json` (Promtail) expression reads, as Loki resolves JMESPath.
///
/// Loki compiles each expression with go-jmespath (Alloy uses the jmespath-community edition). Only the part of the
/// language that names one value is followed here: identifiers (`severity`), quoted identifiers (`"session.id"`, a
/// key that contains a dot), sub-expressions (`attributes."session.id"`) and numeric indexes (`tags[0]`). Anything
/// else (functions, pipes, projections, filters, literals) is `unknown`, never guessed. A bracket with a quoted key
/// (`attributes['session.id']`, `attributes["session.id"]`) is not JMESPath: go-jmespath rejects it ("Expected
/// tStar") and Loki refuses the config; it is `invalid`, with the key it was meant to read and the spelling that works.
enum JMESPath {
    enum SourceKey: Equatable {
        /// The expression names one value: `key` is its last identifier (quotes removed); `path` is every
        /// identifier in order (`["attributes", "session.id"]`).
        case key(String, path: [String])
        /// Outside the subset followed here.
        case unknown
        /// Not valid JMESPath. `key`/`path` are what the author meant when that is clear, `suggestion` the valid
        /// spelling.
        case invalid(message: String, key: String?, path: [String], suggestion: String?)
    }

    /// The source key of `expression`.
    static func sourceKey(_ expression: String) -> SourceKey {
        var scanner = Scanner(Array(expression.unicodeScalars))
        var path: [String] = []
        var spelled: [String] = []  // the valid JMESPath spelling of each step, for suggestions
        var bracketProblem: String?
        scanner.skipSpaces()
        guard !scanner.atEnd else { return .invalid(message: "empty expression", key: nil, path: [], suggestion: nil) }
        var expectSegment = true
        while !scanner.atEnd {
            if expectSegment {
                guard let (name, spelling) = scanner.identifier() else { return .unknown }
                path.append(name)
                spelled.append(spelling)
                expectSegment = false
            } else if scanner.peek == "." {
                scanner.advance()
                scanner.skipSpaces()
                expectSegment = true
                continue
            } else if scanner.peek == "[" {
                scanner.advance()
                scanner.skipSpaces()
                if let quote = scanner.peek, quote == "'" || quote == "\"" {
                    // `a['b']` / `a["b"]`: what the author meant is clear, but JMESPath has no such form.
                    guard let key = scanner.quoted(quote), scanner.closeBracket() else { return .unknown }
                    path.append(key)
                    spelled.append(Self.quotedIdentifier(key))
                    bracketProblem = bracketProblem ?? "a bracket holds an index or '*', not a key in quotes"
                } else if scanner.number(), scanner.closeBracket() {
                    // An element of the list named so far: still the value of that key.
                } else {
                    return .unknown
                }
            } else {
                return .unknown
            }
            scanner.skipSpaces()
        }
        guard !expectSegment, let last = path.last else { return .unknown }
        if let bracketProblem {
            return .invalid(message: "'\(expression)' is not JMESPath: \(bracketProblem), so Loki rejects the config",
                            key: last, path: path, suggestion: spelled.joined(separator: "."))
        }
        return .key(last, path: path)
    }

    /// `name`, or `"name"` when it is not a plain identifier.
    static func quotedIdentifier(_ name: String) -> String {
        if Scanner.isPlainIdentifier(name) { return name }
        var out = "\""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    struct Scanner {
        let text: [Unicode.Scalar]
        var i = 0

        init(_ text: [Unicode.Scalar]) { self.text = text }

        var atEnd: Bool { i >= text.count }
        var peek: Unicode.Scalar? { i < text.count ? text[i] : nil }
        mutating func advance() { i += 1 }
        mutating func skipSpaces() { while let c = peek, c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1 } }

        static func isStart(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" }
        static func isPart(_ c: Unicode.Scalar) -> Bool { isStart(c) || ("0"..."9").contains(c) }

        static func isPlainIdentifier(_ name: String) -> Bool {
            guard let first = name.unicodeScalars.first, isStart(first) else { return false }
            return name.unicodeScalars.allSatisfy(isPart)
        }

        /// An unquoted or a quoted identifier: its name and how it is spelled.
        mutating func identifier() -> (String, String)? {
            guard let c = peek else { return nil }
            if c == "\"" {
                let start = i
                guard let name = quoted("\"") else { return nil }
                return (name, String(String.UnicodeScalarView(text[start..<i])))
            }
            guard Self.isStart(c) else { return nil }
            let start = i
            while let c = peek, Self.isPart(c) { i += 1 }
            let name = String(String.UnicodeScalarView(text[start..<i]))
            return (name, name)
        }

        /// A string in `quote`s with JSON escapes (the quoted-identifier syntax); nil when not closed.
        mutating func quoted(_ quote: Unicode.Scalar) -> String? {
            i += 1
            var out = String.UnicodeScalarView()
            while let c = peek {
                i += 1
                if c == quote { return String(out) }
                if c == "\\" {
                    guard let e = peek else { return nil }
                    i += 1
                    switch e {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "r": out.append("\r")
                    case "b": out.append("\u{08}")
                    case "f": out.append("\u{0C}")
                    case "u":
                        guard i + 4 <= text.count, let v = UInt32(String(String.UnicodeScalarView(text[i..<(i + 4)])), radix: 16),
                              let s = Unicode.Scalar(v) else { return nil }
                        out.append(s)
                        i += 4
                    default: out.append(e)
                    }
                } else {
                    out.append(c)
                }
            }
            return nil
        }

        /// An optionally negative integer.
        mutating func number() -> Bool {
            if peek == "-" { i += 1 }
            let start = i
            while let c = peek, ("0"..."9").contains(c) { i += 1 }
            return i > start
        }

        mutating func closeBracket() -> Bool {
            skipSpaces()
            guard peek == "]" else { return false }
            i += 1
            return true
        }
    }
}
