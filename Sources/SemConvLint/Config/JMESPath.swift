/// JMESPath as `stage.json` (Alloy) / `json` (Promtail) expressions use it: whether an expression is valid, and the
/// key it reads.
///
/// Promtail compiles each expression with go-jmespath, Alloy with the jmespath-community edition (`json.go`,
/// `validateJSONConfig`), when it loads the config, and refuses the config when one does not compile. `validate` is
/// the whole JMESPath grammar, a port of the reference implementation's lexer and Pratt parser (jmespath.py
/// `lexer.py`, `parser.py`), checked against it on a differential fixture (Tests/SemConvLintTests/Fixtures/JMESPath),
/// in three dialects: the reference (which still reads a backquoted non-JSON text as a string), go-jmespath
/// (Promtail: a literal must be JSON), and the community edition (Alloy, v1.1.1 `pkg/parsing`: also arithmetic
/// `+ - * / % //`, `$` and `$variables`, `let $x = ... in ...`, so `thumbs-up` is a subtraction there).
///
/// The key an expression reads is followed only for the part of the language that names one value: identifiers
/// (`severity`), quoted identifiers (`"session.id"`, a key that contains a dot), sub-expressions
/// (`attributes."session.id"`, `user.name`: the nested objects `user` -> `name`) and numeric indexes (`tags[0]`).
/// Anything else (functions, pipes, projections, filters, literals) is `unknown`, never guessed. An invalid
/// expression is `invalid`, with the key it was meant to read when that is clear (`attributes['session.id']`,
/// `attributes."session.id`, `attributes.'session.id'`, `attr..x`) and the spelling that works. A raw string literal
/// alone (`'session.id'`) is valid but reads no key: the field is that text on every line; it is `invalid` too.
enum JMESPath {
    enum SourceKey: Equatable {
        /// The expression names one value: `key` is its last identifier (quotes removed); `path` is every
        /// identifier in order (`["attributes", "session.id"]`).
        case key(String, path: [String])
        /// Outside the subset followed here.
        case unknown
        /// Not valid JMESPath, or a literal where a key was meant. `key`/`path` are what the author meant when that
        /// is clear, `suggestion` the valid spelling.
        case invalid(message: String, key: String?, path: [String], suggestion: String?)
    }

    /// The implementations a config's expressions are compiled with.
    enum Dialect {
        /// jmespath.py, the reference: a backquoted text that is no JSON is read as a string (JEP-12 deprecation).
        case reference
        /// go-jmespath (Promtail): a literal must be JSON.
        case promtail
        /// jmespath-community/go-jmespath (Alloy): arithmetic, `$`, variables and `let` besides.
        case alloy
    }

    /// The source key of `expression`.
    static func sourceKey(_ expression: String, dialect: Dialect) -> SourceKey {
        let meant = meaning(expression)
        if let error = validate(expression, dialect: dialect) {
            return .invalid(message: "'\(expression)' is not JMESPath: \(error), so Loki rejects the config",
                            key: meant?.path.last, path: meant?.path ?? [], suggestion: meant?.spelling)
        }
        var scanner = Scanner(Array(expression.unicodeScalars))
        scanner.skipSpaces()
        if scanner.peek == "'", let text = scanner.quoted("'"), (scanner.skipSpaces(), scanner.atEnd).1 {
            return .invalid(message: "'\(expression)' is a JMESPath raw string literal: the field is the text \(text) on every line, not the value of a key",
                            key: text, path: [text], suggestion: quotedIdentifier(text))
        }
        guard let meant, !meant.loose else { return .unknown }
        return .key(meant.path.last!, path: meant.path)
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

    /// The path of keys `expression` names, read leniently: identifiers, quoted identifiers (also when the closing
    /// quote is missing), raw strings and quoted keys in brackets taken as keys, numeric indexes, empty steps
    /// (`a..b`) skipped. `loose` says something was taken leniently (the expression is then not valid as written);
    /// `spelling` is the valid JMESPath for the path. Nil when the expression is more than a path.
    static func meaning(_ expression: String) -> (path: [String], spelling: String, loose: Bool)? {
        var scanner = Scanner(Array(expression.unicodeScalars))
        var path: [String] = []
        var loose = false
        scanner.skipSpaces()
        var expectSegment = true
        while !scanner.atEnd {
            if scanner.peek == "." {
                if expectSegment { loose = true }  // `a..b`, `.a`
                scanner.advance()
                expectSegment = true
            } else if scanner.peek == "[" {
                scanner.advance()
                scanner.skipSpaces()
                if let quote = scanner.peek, quote == "'" || quote == "\"" {
                    guard let key = scanner.quoted(quote), scanner.closeBracket() else { return nil }
                    path.append(key)
                    loose = true
                } else if !(scanner.number() && scanner.closeBracket()) {
                    return nil
                }
                expectSegment = false
            } else if expectSegment, let quote = scanner.peek, quote == "\"" || quote == "'" {
                let start = scanner.i
                if let key = scanner.quoted(quote) {
                    path.append(key)
                    loose = loose || quote == "'"
                } else {
                    // Never closed: the rest is the key.
                    scanner.i = start + 1
                    path.append(String(String.UnicodeScalarView(scanner.text[scanner.i...])))
                    scanner.i = scanner.text.count
                    loose = true
                }
                expectSegment = false
            } else if expectSegment, let c = scanner.peek, Scanner.isStart(c) {
                let start = scanner.i
                // A '-' between letters is taken as part of the name (`thumbs-up`), which then needs quotes.
                while let c = scanner.peek, Scanner.isPart(c)
                        || (c == "-" && scanner.i + 1 < scanner.text.count && Scanner.isStart(scanner.text[scanner.i + 1])) {
                    if c == "-" { loose = true }
                    scanner.advance()
                }
                path.append(String(String.UnicodeScalarView(scanner.text[start..<scanner.i])))
                expectSegment = false
            } else {
                return nil
            }
            scanner.skipSpaces()
        }
        if expectSegment { loose = true }
        guard !path.isEmpty else { return nil }
        // A path that is a raw string alone is a literal, not a key: only quoted identifiers and names count.
        return (path, path.map(quotedIdentifier).joined(separator: "."), loose)
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

    // MARK: Validation

    /// Why `expression` is not valid JMESPath in `dialect`, or nil when it is.
    static func validate(_ expression: String, dialect: Dialect) -> String? {
        if expression.isEmpty { return "it is empty" }
        switch Lexer.tokens(Array(expression.unicodeScalars), dialect: dialect) {
        case .failure(let problem): return problem.reason
        case .success(let tokens):
            var parser = Parser(tokens: tokens, dialect: dialect)
            do {
                try parser.expression(0)
                if parser.current != .eof { throw Problem(reason: "\(parser.tokens[parser.index].text) cannot follow the expression there") }
                return nil
            } catch let problem as Problem {
                return problem.reason
            } catch {
                return "\(error)"
            }
        }
    }

    struct Problem: Error {
        var reason: String
    }

    enum TokenKind: Hashable {
        case eof, unquotedIdentifier, quotedIdentifier, literal, rbracket, rparen, comma, rbrace, number, current
        case expref, colon, pipe, or, and, eq, gt, lt, gte, lte, ne, flatten, star, filter, dot, not, lbrace
        case lbracket, lparen
        /// The community edition's: `$name`, `$`, `=`, `+`, `-`, `/`, `//`, `%`, `×` (and `*` after an operand).
        case variable, root, assign, plus, minus, divide, div, modulo, multiply

        /// jmespath.py `Parser.BINDING_POWER`, with the community edition's `bindingPowers`.
        var bindingPower: Int {
            switch self {
            case .pipe, .assign: 1
            case .plus, .minus: 6
            case .divide, .div, .modulo, .multiply: 7
            case .or: 2
            case .and: 3
            case .eq, .gt, .lt, .gte, .lte, .ne: 5
            case .flatten: 9
            case .star: 20
            case .filter: 21
            case .dot: 40
            case .not: 45
            case .lbrace: 50
            case .lbracket: 55
            case .lparen: 60
            default: 0
            }
        }
    }

    struct Token {
        var kind: TokenKind
        var text: String
    }

    /// jmespath.py `lexer.py`.
    enum Lexer {
        static let simple: [Unicode.Scalar: TokenKind] = [
            ".": .dot, "*": .star, "]": .rbracket, ",": .comma, ":": .colon, "@": .current, "(": .lparen, ")": .rparen,
            "{": .lbrace, "}": .rbrace,
        ]

        static func tokens(_ s: [Unicode.Scalar], dialect: Dialect) -> Result<[Token], Problem> {
            let community = dialect == .alloy
            var tokens: [Token] = []
            var i = 0
            func at(_ k: Int) -> Unicode.Scalar? { k < s.count ? s[k] : nil }
            /// The text up to `delimiter`, a backslash taking the next character with it; nil when never closed.
            func until(_ delimiter: Unicode.Scalar) -> String? {
                var out = String.UnicodeScalarView()
                i += 1
                while let c = at(i), c != delimiter {
                    if c == "\\" {
                        out.append(c)
                        i += 1
                        guard let next = at(i) else { return nil }
                        out.append(next)
                    } else {
                        out.append(c)
                    }
                    i += 1
                }
                guard at(i) == delimiter else { return nil }
                i += 1
                return String(out)
            }
            func two(_ second: Unicode.Scalar, _ yes: TokenKind, _ no: TokenKind, _ text: String) {
                if at(i + 1) == second {
                    tokens.append(Token(kind: yes, text: text + String(second)))
                    i += 2
                } else {
                    tokens.append(Token(kind: no, text: text))
                    i += 1
                }
            }
            let arithmetic: [Unicode.Scalar: TokenKind] = ["+": .plus, "%": .modulo, "\u{2212}": .minus,
                                                           "\u{00D7}": .multiply, "\u{00F7}": .divide]
            while let c = at(i) {
                if let kind = simple[c] {
                    tokens.append(Token(kind: kind, text: String(c)))
                    i += 1
                } else if community, let kind = arithmetic[c] {
                    tokens.append(Token(kind: kind, text: String(c)))
                    i += 1
                } else if community, c == "-", !(at(i + 1).map { ("0"..."9").contains($0) } ?? false) {
                    tokens.append(Token(kind: .minus, text: "-"))
                    i += 1
                } else if community, c == "/" {
                    two("/", .div, .divide, "/")
                } else if community, c == "$" {
                    let start = i
                    i += 1
                    while let d = at(i), Scanner.isPart(d) { i += 1 }
                    tokens.append(Token(kind: i - start == 1 ? .root : .variable,
                                        text: String(String.UnicodeScalarView(s[start..<i]))))
                } else if community, c == "=", at(i + 1) != "=" {
                    tokens.append(Token(kind: .assign, text: "="))
                    i += 1
                } else if Scanner.isStart(c) {
                    let start = i
                    while let d = at(i), Scanner.isPart(d) { i += 1 }
                    tokens.append(Token(kind: .unquotedIdentifier, text: String(String.UnicodeScalarView(s[start..<i]))))
                } else if c == " " || c == "\t" || c == "\n" || c == "\r" {
                    i += 1
                } else if c == "[" {
                    if at(i + 1) == "]" {
                        tokens.append(Token(kind: .flatten, text: "[]"))
                        i += 2
                    } else if at(i + 1) == "?" {
                        tokens.append(Token(kind: .filter, text: "[?"))
                        i += 2
                    } else {
                        tokens.append(Token(kind: .lbracket, text: "["))
                        i += 1
                    }
                } else if c == "'" {
                    guard let text = until("'") else { return .failure(Problem(reason: "the ' quote is never closed")) }
                    tokens.append(Token(kind: .literal, text: "'\(text)'"))
                } else if c == "|" {
                    two("|", .or, .pipe, "|")
                } else if c == "&" {
                    two("&", .and, .expref, "&")
                } else if c == "`" {
                    guard let text = until("`") else { return .failure(Problem(reason: "the ` quote is never closed")) }
                    let lexeme = text.replacingOccurrences(of: "\\`", with: "`")
                    // Both Go implementations unmarshal the literal as JSON; the reference also takes a bare text.
                    let valid = dialect == .reference
                        ? JMESPathJSON.isValue(lexeme, python: true)
                            || JMESPathJSON.isValue("\"" + lexeme.drop(while: { $0.isWhitespace }) + "\"", python: true)
                        : JMESPathJSON.isValue(lexeme, python: false)
                    guard valid else {
                        return .failure(Problem(reason: "`\(text)` is no JSON literal (a text in backquotes needs JSON quotes: `\"...\"`)"))
                    }
                    tokens.append(Token(kind: .literal, text: "`\(text)`"))
                } else if ("0"..."9").contains(c) || c == "-" {
                    let start = i
                    i += 1
                    while let d = at(i), ("0"..."9").contains(d) { i += 1 }
                    if c == "-" && i - start == 1 {
                        return .failure(Problem(reason: "'-' is no operator here (a key with '-' in it is quoted: \"a-b\")"))
                    }
                    tokens.append(Token(kind: .number, text: String(String.UnicodeScalarView(s[start..<i]))))
                } else if c == "\"" {
                    guard let text = until("\"") else { return .failure(Problem(reason: "the \" quote is never closed")) }
                    guard JMESPathJSON.isValue("\"" + text + "\"", python: dialect == .reference) else {
                        return .failure(Problem(reason: "\"\(text)\" is not a valid quoted name (JSON string)"))
                    }
                    tokens.append(Token(kind: .quotedIdentifier, text: "\"\(text)\""))
                } else if c == "<" {
                    two("=", .lte, .lt, "<")
                } else if c == ">" {
                    two("=", .gte, .gt, ">")
                } else if c == "!" {
                    two("=", .ne, .not, "!")
                } else if c == "=" {
                    guard at(i + 1) == "=" else { return .failure(Problem(reason: "'=' alone is no operator (use '==')")) }
                    tokens.append(Token(kind: .eq, text: "=="))
                    i += 2
                } else {
                    return .failure(Problem(reason: "'\(c)' is no JMESPath token"))
                }
            }
            tokens.append(Token(kind: .eof, text: "the end"))
            return .success(tokens)
        }
    }

    /// jmespath.py `parser.py`: a Pratt parser that only says whether the tokens form an expression. Node kinds
    /// matter in two places: a function name must be a field, and a slice makes a projection.
    struct Parser {
        enum Node { case field, other, slice }

        let tokens: [Token]
        let dialect: Dialect
        var index = 0

        init(tokens: [Token], dialect: Dialect) {
            self.tokens = tokens
            self.dialect = dialect
        }

        var current: TokenKind { tokens[index].kind }
        func lookahead(_ n: Int) -> TokenKind { index + n < tokens.count ? tokens[index + n].kind : .eof }
        mutating func advance() { index += 1 }

        func fail(_ reason: String? = nil) -> Problem {
            if current == .eof { return Problem(reason: "the expression ends too early") }
            return Problem(reason: reason ?? "unexpected \(tokens[index].text)")
        }

        mutating func match(_ kind: TokenKind) throws {
            guard current == kind else { throw fail() }
            advance()
        }

        @discardableResult
        mutating func expression(_ bindingPower: Int) throws -> Node {
            let token = tokens[index]
            advance()
            var left = try nud(token)
            while bindingPower < power(of: current) {
                let kind = current
                advance()
                left = try led(kind, left)
            }
            return left
        }

        /// A `*` after an operand multiplies in the community edition; in the others it has no infix meaning.
        func power(of kind: TokenKind) -> Int {
            kind == .star && dialect != .alloy ? 0 : kind.bindingPower
        }

        mutating func nud(_ token: Token) throws -> Node {
            switch token.kind {
            case .literal, .current, .variable, .root: return .other
            case .unquotedIdentifier:
                // `let $x = expr, ... in expr` (community edition, JEP-18).
                if dialect == .alloy, token.text == "let", current == .variable {
                    while !(current == .unquotedIdentifier && tokens[index].text == "in") {
                        try expression(0)
                        if current == .comma { advance() }
                    }
                    advance()
                    try expression(0)
                    return .other
                }
                return .field
            case .plus, .minus:
                try expression(token.kind.bindingPower)
                return .other
            case .quotedIdentifier:
                if current == .lparen { throw Problem(reason: "a function name cannot be quoted") }
                return .field
            case .star:
                if current != .rbracket { try projectionRHS(TokenKind.star.bindingPower) }
                return .other
            case .filter: return try led(.filter, .other)
            case .lbrace: try multiSelectHash(); return .other
            case .lparen:
                let inner = try expression(0)
                try match(.rparen)
                return inner
            case .flatten:
                try projectionRHS(TokenKind.flatten.bindingPower)
                return .other
            case .not:
                try expression(TokenKind.not.bindingPower)
                return .other
            case .lbracket:
                if current == .number || current == .colon {
                    if try indexExpression() == .slice { try projectionRHS(TokenKind.star.bindingPower) }
                } else if current == .star && lookahead(1) == .rbracket {
                    advance()
                    advance()
                    try projectionRHS(TokenKind.star.bindingPower)
                } else {
                    try multiSelectList()
                }
                return .other
            case .expref:
                try expression(0)
                return .other
            case .eof:
                index -= 1
                throw fail()
            default:
                index -= 1
                throw Problem(reason: "\(token.text) cannot start an expression")
            }
        }

        mutating func led(_ kind: TokenKind, _ left: Node) throws -> Node {
            switch kind {
            case .dot:
                if current != .star {
                    try dotRHS(TokenKind.dot.bindingPower)
                } else {
                    advance()
                    try projectionRHS(TokenKind.dot.bindingPower)
                }
            case .pipe, .or, .and, .eq, .ne, .gt, .gte, .lt, .lte:
                try expression(kind.bindingPower)
            case .plus, .minus, .star, .multiply, .divide, .modulo, .div:
                try expression(kind.bindingPower)
            case .assign:
                try expression(0)
            case .lparen:
                guard left == .field else { throw Problem(reason: "only a name can be called as a function") }
                while current != .rparen {
                    try expression(0)
                    if current == .comma { try match(.comma) }
                }
                try match(.rparen)
            case .filter:
                try expression(0)
                try match(.rbracket)
                if current != .flatten { try projectionRHS(TokenKind.filter.bindingPower) }
            case .flatten:
                try projectionRHS(TokenKind.flatten.bindingPower)
            case .lbracket:
                if current == .number || current == .colon {
                    if try indexExpression() == .slice { try projectionRHS(TokenKind.star.bindingPower) }
                } else {
                    guard current == .star else {
                        throw fail("a bracket after an expression holds an index, a slice or '*', not \(tokens[index].text)")
                    }
                    advance()
                    try match(.rbracket)
                    try projectionRHS(TokenKind.star.bindingPower)
                }
            default:
                index -= 1
                throw fail()
            }
            return .other
        }

        mutating func indexExpression() throws -> Node {
            if lookahead(0) == .colon || lookahead(1) == .colon {
                var parts = 0
                while current != .rbracket && parts < 3 {
                    if current == .colon {
                        parts += 1
                        if parts == 3 { throw fail("a slice has at most two ':'") }
                        advance()
                    } else if current == .number {
                        advance()
                    } else {
                        throw fail()
                    }
                }
                try match(.rbracket)
                return .slice
            }
            advance()
            try match(.rbracket)
            return .other
        }

        mutating func multiSelectList() throws {
            while true {
                try expression(0)
                if current == .rbracket { break }
                try match(.comma)
            }
            try match(.rbracket)
        }

        mutating func multiSelectHash() throws {
            while true {
                guard current == .quotedIdentifier || current == .unquotedIdentifier else { throw fail() }
                advance()
                try match(.colon)
                try expression(0)
                if current == .comma {
                    try match(.comma)
                } else if current == .rbrace {
                    try match(.rbrace)
                    break
                }
            }
        }

        mutating func projectionRHS(_ bindingPower: Int) throws {
            if current.bindingPower < 10 { return }
            switch current {
            case .lbracket, .filter: try expression(bindingPower)
            case .dot:
                try match(.dot)
                try dotRHS(bindingPower)
            default: throw fail()
            }
        }

        mutating func dotRHS(_ bindingPower: Int) throws {
            switch current {
            case .quotedIdentifier, .unquotedIdentifier, .star: try expression(bindingPower)
            case .lbracket:
                try match(.lbracket)
                try multiSelectList()
            case .lbrace:
                try match(.lbrace)
                try multiSelectHash()
            default:
                throw fail("a '.' is followed by a name, '*', '[' or '{', not \(current == .eof ? "the end" : tokens[index].text)")
            }
        }
    }
}

/// Whether a text is one JSON value, as Python's `json.loads` reads it (which also takes `NaN` and `Infinity`):
/// the JSON inside JMESPath literals and quoted identifiers.
enum JMESPathJSON {
    /// `python`: also `NaN`, `Infinity` and `-Infinity`, which Python's `json` reads and Go's does not.
    static func isValue(_ text: String, python: Bool) -> Bool {
        var reader = Reader(Array(text.utf8), python: python)
        reader.space()
        guard reader.value() else { return false }
        reader.space()
        return reader.i == reader.bytes.count
    }

    struct Reader {
        let bytes: [UInt8]
        let python: Bool
        var i = 0

        init(_ bytes: [UInt8], python: Bool) {
            self.bytes = bytes
            self.python = python
        }

        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func space() { while let c = peek, c == 32 || c == 9 || c == 10 || c == 13 { i += 1 } }

        mutating func word(_ w: String) -> Bool {
            let b = Array(w.utf8)
            guard bytes.count - i >= b.count, Array(bytes[i..<(i + b.count)]) == b else { return false }
            i += b.count
            return true
        }

        mutating func value() -> Bool {
            guard let c = peek else { return false }
            switch c {
            case UInt8(ascii: "{"):
                i += 1
                space()
                if peek == UInt8(ascii: "}") { i += 1; return true }
                while true {
                    guard peek == UInt8(ascii: "\""), string() else { return false }
                    space()
                    guard peek == UInt8(ascii: ":") else { return false }
                    i += 1
                    space()
                    guard value() else { return false }
                    space()
                    if peek == UInt8(ascii: ",") { i += 1; space(); continue }
                    guard peek == UInt8(ascii: "}") else { return false }
                    i += 1
                    return true
                }
            case UInt8(ascii: "["):
                i += 1
                space()
                if peek == UInt8(ascii: "]") { i += 1; return true }
                while true {
                    guard value() else { return false }
                    space()
                    if peek == UInt8(ascii: ",") { i += 1; space(); continue }
                    guard peek == UInt8(ascii: "]") else { return false }
                    i += 1
                    return true
                }
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return word("true")
            case UInt8(ascii: "f"): return word("false")
            case UInt8(ascii: "n"): return word("null")
            case UInt8(ascii: "N"): return python && word("NaN")
            case UInt8(ascii: "I"): return python && word("Infinity")
            default: return number()
            }
        }

        mutating func string() -> Bool {
            i += 1
            while let c = peek {
                i += 1
                if c == UInt8(ascii: "\"") { return true }
                if c < 0x20 { return false }
                if c == UInt8(ascii: "\\") {
                    guard let e = peek else { return false }
                    i += 1
                    if e == UInt8(ascii: "u") {
                        for _ in 0..<4 {
                            guard let h = peek, JMESPathJSON.isHex(h) else { return false }
                            i += 1
                        }
                    } else if !"\"\\/bfnrt".utf8.contains(e) {
                        return false
                    }
                }
            }
            return false
        }

        mutating func number() -> Bool {
            if peek == UInt8(ascii: "-") {
                i += 1
                if python, word("Infinity") { return true }
            }
            guard let first = peek, JMESPathJSON.isDigit(first) else { return false }
            i += 1
            if first != UInt8(ascii: "0") { while let c = peek, JMESPathJSON.isDigit(c) { i += 1 } }
            if peek == UInt8(ascii: ".") {
                i += 1
                guard let c = peek, JMESPathJSON.isDigit(c) else { return false }
                while let c = peek, JMESPathJSON.isDigit(c) { i += 1 }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                i += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
                guard let c = peek, JMESPathJSON.isDigit(c) else { return false }
                while let c = peek, JMESPathJSON.isDigit(c) { i += 1 }
            }
            return true
        }
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    static func isHex(_ c: UInt8) -> Bool { isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) }
}
