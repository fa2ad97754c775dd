/// Alloy configuration syntax: tokens, lexer, AST and a recovering parser.
/// Written from the Alloy syntax reference; the lexer works on bytes (`[UInt8]`) for speed.

/// A 1-based position in an Alloy file.
public struct AlloyPos: Hashable, Sendable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

public enum AlloyTokenKind: Hashable, Sendable {
    case eof, illegal, terminator
    case ident, number, float, string, bool, null
    case assign, comma, dot
    case lcurly, rcurly, lbrack, rbrack, lparen, rparen
    case or, and, not, eq, neq, lt, lte, gt, gte
    case plus, minus, star, slash, percent, caret

    var display: String {
        switch self {
        case .eof: "EOF"
        case .illegal: "ILLEGAL"
        case .terminator: "TERMINATOR"
        case .ident: "IDENT"
        case .number: "NUMBER"
        case .float: "FLOAT"
        case .string: "STRING"
        case .bool: "BOOL"
        case .null: "NULL"
        case .assign: "="
        case .comma: ","
        case .dot: "."
        case .lcurly: "{"
        case .rcurly: "}"
        case .lbrack: "["
        case .rbrack: "]"
        case .lparen: "("
        case .rparen: ")"
        case .or: "||"
        case .and: "&&"
        case .not: "!"
        case .eq: "=="
        case .neq: "!="
        case .lt: "<"
        case .lte: "<="
        case .gt: ">"
        case .gte: ">="
        case .plus: "+"
        case .minus: "-"
        case .star: "*"
        case .slash: "/"
        case .percent: "%"
        case .caret: "^"
        }
    }
}

public struct AlloyToken: Sendable {
    public var kind: AlloyTokenKind
    public var pos: AlloyPos
    /// Byte range of the token text in the source.
    public var start: Int
    public var end: Int
    /// Decoded value for strings, identifiers and numbers.
    public var text: String
}

public struct AlloySyntaxError: Hashable, Sendable {
    public var pos: AlloyPos
    public var message: String
}

/// Byte-level scanner. Inserts a terminator at a newline that follows an identifier, literal or closing bracket.
struct AlloyLexer {
    let src: [UInt8]
    var i = 0
    var line = 1
    var lineStart = 0
    var insertTerm = false
    /// Where the previous token ended: an inserted terminator is reported there (as Alloy does).
    var lastEnd = AlloyPos(line: 1, column: 1)
    var errors: [AlloySyntaxError] = []

    init(_ src: [UInt8]) {
        self.src = src
        // A UTF-8 byte order mark at the start is skipped (columns still count from the first byte after it).
        if src.count >= 3, src[0] == 0xEF, src[1] == 0xBB, src[2] == 0xBF {
            i = 3
            lineStart = 3
        }
    }

    func pos(_ at: Int) -> AlloyPos { AlloyPos(line: line, column: at - lineStart + 1) }

    mutating func newline(at index: Int) {
        line += 1
        lineStart = index + 1
    }

    static func isLetter(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95 || c >= 0x80 }
    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    mutating func next() -> AlloyToken {
        var token = nextRaw()
        if token.kind == .terminator {
            token.pos = lastEnd
        } else {
            lastEnd = pos(token.end)
        }
        return token
    }

    mutating func nextRaw() -> AlloyToken {
        while true {
            // Skip whitespace; a newline may become a terminator.
            while i < src.count {
                let c = src[i]
                if c == 32 || c == 9 || c == 13 {
                    i += 1
                } else if c == 10 {
                    if insertTerm {
                        insertTerm = false
                        let t = AlloyToken(kind: .terminator, pos: pos(i), start: i, end: i + 1, text: "\n")
                        newline(at: i)
                        i += 1
                        return t
                    }
                    newline(at: i)
                    i += 1
                } else {
                    break
                }
            }
            if i >= src.count {
                if insertTerm {
                    insertTerm = false
                    return AlloyToken(kind: .terminator, pos: pos(i), start: i, end: i, text: "")
                }
                return AlloyToken(kind: .eof, pos: pos(i), start: i, end: i, text: "")
            }
            let start = i
            let p = pos(i)
            let c = src[i]
            // Comments.
            if c == 47, i + 1 < src.count, src[i + 1] == 47 {
                while i < src.count, src[i] != 10 { i += 1 }
                continue
            }
            if c == 47, i + 1 < src.count, src[i + 1] == 42 {
                i += 2
                var closed = false
                var sawNewline = false
                while i < src.count {
                    if src[i] == 42, i + 1 < src.count, src[i + 1] == 47 {
                        i += 2
                        closed = true
                        break
                    }
                    if src[i] == 10 {
                        sawNewline = true
                        newline(at: i)
                    }
                    i += 1
                }
                if !closed { errors.append(AlloySyntaxError(pos: p, message: "comment not terminated")) }
                if sawNewline && insertTerm {
                    insertTerm = false
                    return AlloyToken(kind: .terminator, pos: p, start: start, end: i, text: "\n")
                }
                continue
            }
            if Self.isLetter(c) {
                while i < src.count, Self.isLetter(src[i]) || Self.isDigit(src[i]) { i += 1 }
                let text = String(decoding: src[start..<i], as: UTF8.self)
                insertTerm = true
                let kind: AlloyTokenKind = (text == "true" || text == "false") ? .bool : (text == "null" ? .null : .ident)
                return AlloyToken(kind: kind, pos: p, start: start, end: i, text: text)
            }
            if Self.isDigit(c) || (c == 46 && i + 1 < src.count && Self.isDigit(src[i + 1])) {
                var isFloat = false
                while i < src.count, Self.isDigit(src[i]) || src[i] == 95 { i += 1 }
                if i < src.count, src[i] == 46, i + 1 < src.count, Self.isDigit(src[i + 1]) {
                    isFloat = true
                    i += 1
                    while i < src.count, Self.isDigit(src[i]) { i += 1 }
                }
                if i < src.count, src[i] == 101 || src[i] == 69 {
                    var j = i + 1
                    if j < src.count, src[j] == 43 || src[j] == 45 { j += 1 }
                    if j < src.count, Self.isDigit(src[j]) {
                        isFloat = true
                        i = j
                        while i < src.count, Self.isDigit(src[i]) { i += 1 }
                    } else {
                        errors.append(AlloySyntaxError(pos: pos(i), message: "exponent has no digits"))
                        i = j
                    }
                }
                insertTerm = true
                return AlloyToken(kind: isFloat ? .float : .number, pos: p, start: start, end: i,
                                  text: String(decoding: src[start..<i], as: UTF8.self))
            }
            if c == 34 { return scanString(start: start, p: p) }
            if c == 96 {
                i += 1
                while i < src.count, src[i] != 96 {
                    if src[i] == 10 { newline(at: i) }
                    i += 1
                }
                let bodyEnd = i
                if i >= src.count {
                    errors.append(AlloySyntaxError(pos: p, message: "raw string literal not terminated"))
                } else {
                    i += 1
                }
                insertTerm = true
                let body = String(decoding: src[(start + 1)..<bodyEnd], as: UTF8.self)
                return AlloyToken(kind: .string, pos: p, start: start, end: i, text: body)
            }
            i += 1
            let n: UInt8 = i < src.count ? src[i] : 0
            var kind: AlloyTokenKind
            insertTerm = false
            switch c {
            case 61: if n == 61 { i += 1; kind = .eq } else { kind = .assign }
            case 33: if n == 61 { i += 1; kind = .neq } else { kind = .not }
            case 60: if n == 61 { i += 1; kind = .lte } else { kind = .lt }
            case 62: if n == 61 { i += 1; kind = .gte } else { kind = .gt }
            case 124:
                if n == 124 { i += 1; kind = .or } else { kind = .illegal }
            case 38:
                if n == 38 { i += 1; kind = .and } else { kind = .illegal }
            case 44: kind = .comma
            case 46: kind = .dot
            case 123: kind = .lcurly
            case 125: kind = .rcurly; insertTerm = true
            case 91: kind = .lbrack
            case 93: kind = .rbrack; insertTerm = true
            case 40: kind = .lparen
            case 41: kind = .rparen; insertTerm = true
            case 43: kind = .plus
            case 45: kind = .minus
            case 42: kind = .star
            case 47: kind = .slash
            case 37: kind = .percent
            case 94: kind = .caret
            default: kind = .illegal
            }
            if kind == .illegal {
                // Decode the whole (possibly multi-byte) character for the message.
                var end = i
                if c >= 0x80 { while end < src.count, src[end] & 0xC0 == 0x80 { end += 1 } }
                i = end
                let ch = String(decoding: src[start..<end], as: UTF8.self)
                let scalar = ch.unicodeScalars.first.map { String($0.value, radix: 16, uppercase: true) } ?? "?"
                let hex = String(repeating: "0", count: max(0, 4 - scalar.count)) + scalar
                var message = "illegal character U+\(hex) '\(ch)'"
                if c == 35 {
                    message += ": Alloy has no '#' comments; use // or /* */"
                    // Recover as if it were a comment: skip the rest of the line.
                    while i < src.count, src[i] != 10 { i += 1 }
                    errors.append(AlloySyntaxError(pos: p, message: message))
                    continue
                }
                errors.append(AlloySyntaxError(pos: p, message: message))
                continue
            }
            return AlloyToken(kind: kind, pos: p, start: start, end: i, text: "")
        }
    }

    mutating func scanString(start: Int, p: AlloyPos) -> AlloyToken {
        i += 1
        var bytes: [UInt8] = []
        var simple = true
        let bodyStart = i
        while true {
            if i >= src.count || src[i] == 10 {
                errors.append(AlloySyntaxError(pos: p, message: "string literal not terminated"))
                break
            }
            let c = src[i]
            if c == 34 {
                i += 1
                break
            }
            if c == 92 {
                if simple {
                    simple = false
                    bytes.append(contentsOf: src[bodyStart..<i])
                }
                let ep = pos(i)
                i += 1
                guard i < src.count else { continue }
                let e = src[i]
                i += 1
                switch e {
                case 110: bytes.append(10)
                case 116: bytes.append(9)
                case 114: bytes.append(13)
                case 97: bytes.append(7)
                case 98: bytes.append(8)
                case 102: bytes.append(12)
                case 118: bytes.append(11)
                case 92: bytes.append(92)
                case 34: bytes.append(34)
                case 39: bytes.append(39)
                case 120, 117, 85:
                    let count = e == 120 ? 2 : (e == 117 ? 4 : 8)
                    var value: UInt32 = 0
                    var ok = true
                    for _ in 0..<count {
                        guard i < src.count, let d = Self.hexValue(src[i]) else { ok = false; break }
                        value = value * 16 + UInt32(d)
                        i += 1
                    }
                    if !ok {
                        errors.append(AlloySyntaxError(pos: ep, message: "illegal character in escape sequence"))
                    } else if e == 120 {
                        bytes.append(UInt8(value))
                    } else if let s = Unicode.Scalar(value) {
                        bytes.append(contentsOf: Array(String(Character(s)).utf8))
                    } else {
                        errors.append(AlloySyntaxError(pos: ep, message: "escape sequence is invalid Unicode code point"))
                    }
                case 48...55:
                    var value = UInt32(e - 48)
                    var ok = true
                    for _ in 0..<2 {
                        guard i < src.count, src[i] >= 48, src[i] <= 55 else { ok = false; break }
                        value = value * 8 + UInt32(src[i] - 48)
                        i += 1
                    }
                    if ok && value < 256 { bytes.append(UInt8(value)) } else {
                        errors.append(AlloySyntaxError(pos: ep, message: "illegal character in escape sequence"))
                    }
                default:
                    errors.append(AlloySyntaxError(pos: ep, message: "unknown escape sequence"))
                }
                continue
            }
            if !simple { bytes.append(c) }
            i += 1
        }
        insertTerm = true
        let text: String
        if simple {
            let end = (i > bodyStart && i <= src.count && src[i - 1] == 34) ? i - 1 : i
            text = String(decoding: src[bodyStart..<max(bodyStart, end)], as: UTF8.self)
        } else {
            text = String(decoding: bytes, as: UTF8.self)
        }
        return AlloyToken(kind: .string, pos: p, start: start, end: i, text: text)
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        case 65...70: c - 55
        default: nil
        }
    }
}

// MARK: - AST

public indirect enum AlloyExpr: Sendable {
    case literal(AlloyLiteral, AlloyPos)
    case identifier(String, AlloyPos)
    case array([AlloyExpr], AlloyPos)
    case object([AlloyField], AlloyPos)
    case access(AlloyExpr, String, AlloyPos)
    case index(AlloyExpr, AlloyExpr, AlloyPos)
    case call(AlloyExpr, [AlloyExpr], AlloyPos)
    case unary(AlloyTokenKind, AlloyExpr, AlloyPos)
    case binary(AlloyTokenKind, AlloyExpr, AlloyExpr, AlloyPos)
    case paren(AlloyExpr, AlloyPos)
    case bad(AlloyPos)

    public var pos: AlloyPos {
        switch self {
        case .literal(_, let p), .identifier(_, let p), .array(_, let p), .object(_, let p), .access(_, _, let p),
             .index(_, _, let p), .call(_, _, let p), .unary(_, _, let p), .binary(_, _, _, let p), .paren(_, let p),
             .bad(let p): p
        }
    }

    /// `a.b.c` as ["a", "b", "c"] when the expression is a plain dotted reference.
    public var referencePath: [String]? {
        switch self {
        case .identifier(let name, _): [name]
        case .access(let base, let name, _): base.referencePath.map { $0 + [name] }
        default: nil
        }
    }

    /// Where the expression starts (for `a.b.c`, the position of `a`).
    public var startPos: AlloyPos {
        switch self {
        case .access(let base, _, _), .index(let base, _, _), .call(let base, _, _), .binary(_, let base, _, _): base.startPos
        default: pos
        }
    }

    public var stringValue: String? {
        if case .literal(.string(let s), _) = self { return s }
        return nil
    }
}

public enum AlloyLiteral: Sendable, Hashable {
    case string(String), number(String), float(String), bool(Bool), null
}

public struct AlloyField: Sendable {
    public var key: String
    public var keyPos: AlloyPos
    public var value: AlloyExpr
}

public struct AlloyAttribute: Sendable {
    public var name: String
    public var pos: AlloyPos
    public var value: AlloyExpr
}

public struct AlloyBlock: Sendable {
    public var name: [String]
    public var label: String?
    public var pos: AlloyPos
    public var body: AlloyBody
    public var fullName: String { name.joined(separator: ".") }
}

public enum AlloyStatement: Sendable {
    case attribute(AlloyAttribute)
    case block(AlloyBlock)
}

public struct AlloyBody: Sendable {
    public var statements: [AlloyStatement] = []

    public var attributes: [AlloyAttribute] {
        statements.compactMap { if case .attribute(let a) = $0 { return a } else { return nil } }
    }
    public var blocks: [AlloyBlock] {
        statements.compactMap { if case .block(let b) = $0 { return b } else { return nil } }
    }
    public func attribute(_ name: String) -> AlloyAttribute? { attributes.first { $0.name == name } }
}

public struct AlloyFile: Sendable {
    public var body: AlloyBody
    public var errors: [AlloySyntaxError]
}

// MARK: - Parser

public struct AlloyParser {
    var lexer: AlloyLexer
    var tok: AlloyToken
    var errors: [AlloySyntaxError] = []
    var depth = 0
    /// Set when a statement nests too deep (see `tooDeep`).
    var abandoned = false

    public static func parse(_ bytes: [UInt8]) -> AlloyFile {
        var parser = AlloyParser(bytes)
        let body = parser.parseBody(until: .eof)
        var all = parser.errors + parser.lexer.errors
        all.sort { ($0.pos.line, $0.pos.column) < ($1.pos.line, $1.pos.column) }
        var seen = Set<AlloySyntaxError>()
        all = all.filter { seen.insert($0).inserted }
        return AlloyFile(body: body, errors: all)
    }

    public static func parse(_ text: String) -> AlloyFile { parse(Array(text.utf8)) }

    init(_ bytes: [UInt8]) {
        lexer = AlloyLexer(bytes)
        tok = lexer.next()
    }

    mutating func advance() { tok = lexer.next() }

    mutating func error(_ message: String, at pos: AlloyPos? = nil) {
        if abandoned { return }
        errors.append(AlloySyntaxError(pos: pos ?? tok.pos, message: message))
    }

    func describe(_ t: AlloyToken) -> String {
        switch t.kind {
        case .terminator: t.text.isEmpty ? "EOF" : "newline"
        case .ident: "IDENT"
        default: t.kind.display
        }
    }

    mutating func expectError(_ what: String) {
        error("expected \(what), got \(describe(tok))")
    }

    /// Skips to the start of the next statement at this nesting level.
    mutating func recover(until end: AlloyTokenKind) {
        var level = 0
        while tok.kind != .eof {
            switch tok.kind {
            case .lcurly, .lbrack, .lparen: level += 1
            case .rcurly, .rbrack, .rparen:
                if level == 0 {
                    if tok.kind == end { return }
                    if tok.kind == .rcurly && end == .rcurly { return }
                } else {
                    level -= 1
                }
            case .terminator:
                if level == 0 {
                    advance()
                    return
                }
            default: break
            }
            advance()
        }
    }

    mutating func parseBody(until end: AlloyTokenKind) -> AlloyBody {
        var body = AlloyBody()
        while tok.kind != end && tok.kind != .eof {
            if tok.kind == .terminator {
                advance()
                continue
            }
            if tok.kind == .rcurly && end == .eof {
                error("unexpected '}' outside of any block")
                advance()
                continue
            }
            let errorCount = errors.count
            if let statement = parseStatement(end: end) {
                body.statements.append(statement)
            }
            if errors.count > errorCount {
                recover(until: end)
                abandoned = false
                continue
            }
            // A statement must end with a newline, or the enclosing '}' / EOF.
            if tok.kind == .terminator {
                advance()
            } else if tok.kind != end && tok.kind != .eof {
                error("expected a newline after a statement, got \(describe(tok))")
                recover(until: end)
            }
        }
        return body
    }

    mutating func parseStatement(end: AlloyTokenKind) -> AlloyStatement? {
        guard tok.kind == .ident else {
            expectError("attribute assignment or block")
            return nil
        }
        let start = tok.pos
        var name = [tok.text]
        advance()
        while tok.kind == .dot {
            advance()
            guard tok.kind == .ident else {
                expectError("IDENT")
                return nil
            }
            name.append(tok.text)
            advance()
        }
        if tok.kind == .assign {
            if name.count > 1 {
                error("attribute names may only consist of a single identifier", at: start)
            }
            advance()
            let value = parseExpr()
            return .attribute(AlloyAttribute(name: name.joined(separator: "."), pos: start, value: value))
        }
        var label: String?
        if tok.kind == .string {
            label = tok.text
            advance()
            if tok.kind == .assign {
                error("attribute names may not have labels", at: start)
                return nil
            }
        } else if tok.kind == .ident {
            expectError("block label")
            return nil
        }
        guard tok.kind == .lcurly else {
            expectError(label == nil && name.count == 1 ? "attribute assignment or block body" : "block body")
            return nil
        }
        depth += 1
        defer { depth -= 1 }
        // Checked before '{' is consumed, so recovery skips the whole block, braces balanced.
        if tooDeep() { return nil }
        advance()
        let body = parseBody(until: .rcurly)
        if tok.kind == .rcurly {
            advance()
        } else {
            error("expected }, got EOF: block \(name.joined(separator: "."))\(label.map { " \"\($0)\"" } ?? "") opened at \(start.line):\(start.column) is never closed", at: tok.pos)
        }
        return .block(AlloyBlock(name: name, label: label, pos: start, body: body))
    }

    // MARK: Expressions

    static func precedence(_ kind: AlloyTokenKind) -> Int {
        switch kind {
        case .or: 1
        case .and: 2
        case .eq, .neq, .lt, .lte, .gt, .gte: 3
        case .plus, .minus: 4
        case .star, .slash, .percent: 5
        case .caret: 6
        default: 0
        }
    }

    /// Every nested expression (array element, object field, argument, index, parenthesized or operand) starts here,
    /// so this one guard bounds the recursion.
    mutating func parseExpr() -> AlloyExpr {
        depth += 1
        defer { depth -= 1 }
        if tooDeep() { return .bad(tok.pos) }
        return parseBinary(minPrec: 1)
    }

    mutating func parseBinary(minPrec: Int) -> AlloyExpr {
        var lhs = parseUnary()
        var links = 0
        while true {
            let prec = Self.precedence(tok.kind)
            if prec < minPrec || prec == 0 { return lhs }
            let op = tok.kind
            let p = tok.pos
            // A chain of operators builds a tree as deep as it is long.
            links += 1
            if tooDeep(extra: links) { return .bad(p) }
            advance()
            // '^' is right-associative; everything else is left-associative.
            depth += 1
            let rhs = parseBinary(minPrec: op == .caret ? prec : prec + 1)
            depth -= 1
            lhs = .binary(op, lhs, rhs, p)
        }
    }

    mutating func parseUnary() -> AlloyExpr {
        if tok.kind == .not || tok.kind == .minus {
            let op = tok.kind
            let p = tok.pos
            advance()
            depth += 1
            defer { depth -= 1 }
            if tooDeep() { return .bad(p) }
            return .unary(op, parseUnary(), p)
        }
        return parsePostfix()
    }

    mutating func parsePostfix() -> AlloyExpr {
        var expr = parsePrimary()
        var links = 0
        while true {
            // A chain of accesses, indexes and calls builds a tree as deep as it is long.
            if tok.kind == .dot || tok.kind == .lbrack || tok.kind == .lparen {
                links += 1
                if tooDeep(extra: links) { return .bad(tok.pos) }
            }
            switch tok.kind {
            case .dot:
                advance()
                guard tok.kind == .ident else {
                    expectError("IDENT")
                    return expr
                }
                expr = .access(expr, tok.text, tok.pos)
                advance()
            case .lbrack:
                let p = tok.pos
                advance()
                let index = parseExpr()
                if tok.kind == .rbrack { advance() } else { expectError("]") }
                expr = .index(expr, index, p)
            case .lparen:
                let p = tok.pos
                advance()
                let args = parseExprList(until: .rparen, context: "argument list")
                expr = .call(expr, args, p)
            default:
                return expr
            }
        }
    }

    mutating func parsePrimary() -> AlloyExpr {
        let p = tok.pos
        switch tok.kind {
        case .ident:
            let name = tok.text
            advance()
            return .identifier(name, p)
        case .string:
            let s = tok.text
            advance()
            return .literal(.string(s), p)
        case .number:
            let s = tok.text
            advance()
            return .literal(.number(s), p)
        case .float:
            let s = tok.text
            advance()
            return .literal(.float(s), p)
        case .bool:
            let b = tok.text == "true"
            advance()
            return .literal(.bool(b), p)
        case .null:
            advance()
            return .literal(.null, p)
        case .lparen:
            advance()
            let inner = parseExpr()
            if tok.kind == .rparen { advance() } else { expectError(")") }
            return .paren(inner, p)
        case .lbrack:
            advance()
            return .array(parseExprList(until: .rbrack, context: "expression list"), p)
        case .lcurly:
            advance()
            return .object(parseFieldList(), p)
        default:
            expectError("expression")
            return .bad(p)
        }
    }

    /// Elements separated by commas; a newline between elements (or before the closing bracket) needs a comma.
    mutating func parseExprList(until end: AlloyTokenKind, context: String) -> [AlloyExpr] {
        var list: [AlloyExpr] = []
        while tok.kind != end && tok.kind != .eof {
            let before = errors.count
            list.append(parseExpr())
            guard continueList(after: before, end: end, context: context) else { break }
        }
        if tok.kind == end { advance() } else { expectError(end.display) }
        return list
    }

    /// After one list element: consumes the separator and says whether another element may follow. A newline
    /// instead of a comma, or any other token before the closing one, is Alloy's "missing ',' in <context>".
    mutating func continueList(after errorsBefore: Int, end: AlloyTokenKind, context: String) -> Bool {
        if errors.count > errorsBefore {
            skipTo(end)
            return false
        }
        if tok.kind == .comma {
            advance()
            return true
        }
        if tok.kind == .terminator && !tok.text.isEmpty {
            error("missing ',' in \(context)")
            advance()
            return true
        }
        if tok.kind != end {
            error("missing ',' in \(context)")
            skipTo(end)
            return false
        }
        return true
    }

    mutating func parseFieldList() -> [AlloyField] {
        var fields: [AlloyField] = []
        while tok.kind != .rcurly && tok.kind != .eof {
            let keyPos = tok.pos
            let key: String
            if tok.kind == .ident || tok.kind == .string {
                key = tok.text
                advance()
            } else {
                expectError("field name (string or identifier)")
                skipTo(.rcurly)
                break
            }
            guard tok.kind == .assign else {
                expectError("=")
                skipTo(.rcurly)
                break
            }
            advance()
            let before = errors.count
            let value = parseExpr()
            fields.append(AlloyField(key: key, keyPos: keyPos, value: value))
            guard continueList(after: before, end: .rcurly, context: "field list") else { break }
        }
        if tok.kind == .rcurly { advance() } else { expectError("}") }
        return fields
    }

    /// Deepest nesting of blocks and expressions accepted. Chains (`a.b.c`, `1 + 2 + 3`) count one level per link,
    /// because they build trees as deep as they are long; so no recursive walk of the syntax tree (or its release)
    /// can exhaust the stack, whatever the input.
    static let maxNesting = 256

    /// Reports a nesting deeper than `maxNesting` and abandons the statement: every construct still open bails out
    /// (with a `.bad` node, reporting nothing more) until the statement's body skips to its next statement.
    mutating func tooDeep(extra: Int = 0) -> Bool {
        if abandoned { return true }
        guard depth + extra > Self.maxNesting else { return false }
        error(Self.tooDeepMessage)
        abandoned = true
        return true
    }

    static let tooDeepMessage = "nesting too deep (more than \(maxNesting) levels)"

    /// Skips to the closing token of the current list, honouring nesting; stops at EOF.
    mutating func skipTo(_ end: AlloyTokenKind) {
        var level = 0
        while tok.kind != .eof {
            switch tok.kind {
            case .lcurly, .lbrack, .lparen: level += 1
            case .rcurly, .rbrack, .rparen:
                if level == 0 { if tok.kind == end { return } else { return } }
                level -= 1
            default: break
            }
            advance()
        }
    }
}
