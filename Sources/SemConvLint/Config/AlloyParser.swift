/// Recovering parser for the Alloy configuration syntax, checked against Alloy's own parser test data
/// (Tests/SemConvLintTests/Fixtures/AlloySyntax): the same errors at the same positions, so one run shows them all.
public struct AlloyParser {
    var lexer: AlloyLexer
    var tok: AlloyToken
    var errors: [AlloySyntaxError] = []
    var depth = 0
    /// Set when a statement nests too deep (see `tooDeep`).
    var abandoned = false

    /// Parses one file; `file` is its index in the config's file list (positions carry it).
    public static func parse(_ bytes: [UInt8], file: Int = 0) -> AlloyFile {
        var parser = AlloyParser(bytes, file: file)
        let body = parser.parseBody(until: .eof)
        let outermostUnclosed = body.blocks.last { $0.closePos == nil }
        if let outermostUnclosed { parser.reportUnclosed(outermostUnclosed) }
        var all = parser.errors + parser.lexer.errors
        all.sort { $0.pos < $1.pos }
        var seen = Set<AlloySyntaxError>()
        all = all.filter { seen.insert($0).inserted }
        let swallowed = [outermostUnclosed?.pos, parser.lexer.swallowedFrom].compactMap { $0 }.min()
        return AlloyFile(body: body, errors: all, swallowedFrom: swallowed, unreadFrom: parser.lexer.swallowedFrom,
                         rejectedLabelBlocks: parser.rejectedLabelBlocks)
    }

    public static func parse(_ text: String) -> AlloyFile { parse(Array(text.utf8)) }

    init(_ bytes: [UInt8], file: Int = 0) {
        lexer = AlloyLexer(bytes, file: file)
        tok = lexer.next()
    }

    /// Block names whose label was rejected (see `AlloyFile.rejectedLabelBlocks`).
    var rejectedLabelBlocks: Set<String> = []

    mutating func advance() { tok = lexer.next() }

    /// Line of the last error reported through `error`: like Alloy's parser, a second such error on the same line is
    /// a follow-on and is dropped.
    var lastErrorLine = 0

    /// Reports a syntax error at the current token (Alloy's `addErrorf`): at most one per line.
    mutating func error(_ message: String, at pos: AlloyPos? = nil) {
        if abandoned { return }
        let pos = pos ?? tok.pos
        if pos.line == lastErrorLine { return }
        lastErrorLine = pos.line
        errors.append(AlloySyntaxError(pos: pos, message: message))
    }

    /// Reports an error that does not follow from the tokens around it (Alloy adds these directly): always kept.
    mutating func report(_ message: String, at pos: AlloyPos) {
        if abandoned { return }
        errors.append(AlloySyntaxError(pos: pos, message: message))
    }

    /// A token as Alloy's messages name it (`token.Token.String()`): `IDENT`, `TERMINATOR` (a newline, or the end of
    /// a last line that has none), `EOF`, or the operator itself.
    func describe(_ t: AlloyToken) -> String {
        t.kind == .ident ? "IDENT" : t.kind.display
    }

    /// A message of ours where Alloy's own is terse, followed by Alloy's wording so the two outputs can be matched:
    /// `expected a newline after a statement, got , (Alloy: "expected TERMINATOR, got ,")`.
    static func readable(_ ours: String, alloy: String) -> String { "\(ours) (Alloy: \"\(alloy)\")" }

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
                // Alloy reads a statement here: no identifier (`expected identifier, got }`), then it skips to the
                // next identifier, which starts no statement after a terminator, and skips that statement too.
                error(Self.readable("unexpected '}' outside of any block", alloy: "expected identifier, got }"))
                advance()
                while tok.kind != .ident && tok.kind != .eof { advance() }
                if tok.kind != .eof {
                    error(Self.readable("after the stray '}', Alloy skips this statement",
                                        alloy: "expected TERMINATOR, got \(describe(tok))"))
                }
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
                error(Self.readable("expected a newline after a statement, got \(describe(tok))",
                                    alloy: "expected TERMINATOR, got \(describe(tok))"))
                recover(until: end)
            }
        }
        return body
    }

    mutating func parseStatement(end: AlloyTokenKind) -> AlloyStatement? {
        guard tok.kind == .ident else {
            error(Self.readable("expected an attribute assignment or a block, got \(describe(tok))",
                                alloy: "expected identifier, got \(describe(tok))"))
            return nil
        }
        let start = tok.pos
        var name = [tok.text]
        advance()
        while tok.kind == .dot {
            advance()
            guard tok.kind == .ident else {
                expectError("identifier")
                return nil
            }
            name.append(tok.text)
            advance()
        }
        var label: String?
        var labelPos: AlloyPos?
        if tok.kind != .assign && tok.kind != .lcurly {
            if tok.kind == .string {
                label = tok.text
                labelPos = tok.pos
                if lexer.src[tok.start] != 34 {
                    error("expected block label to be a double quoted string, but got \(Self.quoted(rawText(tok)))")
                    rejectedLabelBlocks.insert(name.joined(separator: "."))
                } else if !tok.text.isEmpty && !Self.isValidIdentifier(tok.text) {
                    // Alloy requires a label to be an identifier, so components can be referenced by it.
                    error("expected block label to be a valid identifier, but got \(Self.quoted(tok.text))")
                    rejectedLabelBlocks.insert(name.joined(separator: "."))
                }
            } else {
                expectError("block label")
                rejectedLabelBlocks.insert(name.joined(separator: "."))
            }
            advance()
        }
        if tok.kind == .assign {
            if name.count > 1 {
                report("attribute names may only consist of a single identifier with no \".\"", at: start)
            } else if let labelPos {
                report("attribute names may not have labels", at: labelPos)
            }
            advance()
            let value = parseExpr()
            return .attribute(AlloyAttribute(name: name.joined(separator: "."), pos: start, value: value))
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
        var closePos: AlloyPos?
        if tok.kind == .rcurly {
            closePos = tok.pos
            advance()
        }
        // Otherwise the file ended: every block still open reaches here, innermost first; `reportUnclosed` reports
        // them once, as Alloy keeps only the first error of a line.
        return .block(AlloyBlock(name: name, label: label, pos: start, body: body, closePos: closePos))
    }

    /// The one "expected }, got EOF" Alloy reports for blocks left open (at the end of the file), naming the block
    /// whose `}` is most likely missing (see `missingBrace`).
    mutating func reportUnclosed(_ outermost: AlloyBlock) {
        let (block, why) = Self.missingBrace(in: outermost)
        error("expected }, got EOF: block \(block.title) opened at \(block.pos.line):\(block.pos.column) is never closed\(why)")
    }

    /// Which block inside `outermost` (a block the file ended in) lacks its `}`. Braces pair up with the nearest open
    /// block, so the parse says only that some block is short of one; the indentation says which, at the first place
    /// in the file where it disagrees with the braces: a block closed by a `}` indented less than the block itself
    /// (that brace lines up with an enclosing block), else a block with a statement indented no deeper than the
    /// block (the statement lines up with it rather than sitting inside it); else it is the innermost block left open.
    static func missingBrace(in outermost: AlloyBlock) -> (AlloyBlock, String) {
        func preorder(_ block: AlloyBlock) -> [AlloyBlock] { [block] + block.body.blocks.flatMap(preorder) }
        let blocks = preorder(outermost)
        let misclosed = blocks.compactMap { block -> (AlloyBlock, AlloyPos)? in
            guard let close = block.closePos, close.line > block.pos.line, close.column < block.pos.column else { return nil }
            return (block, close)
        }
        if let (block, close) = misclosed.min(by: { $0.1 < $1.1 }) {
            return (block, " (the '}' at \(close.line):\(close.column) lines up with an enclosing block)")
        }
        let misplaced = blocks.compactMap { block -> (AlloyBlock, String, AlloyPos)? in
            for statement in block.body.statements {
                let (name, at): (String, AlloyPos) = switch statement {
                case .attribute(let a): (a.name, a.pos)
                case .block(let b): (b.fullName, b.pos)
                }
                if at.line > block.pos.line, at.column <= block.pos.column { return (block, name, at) }
            }
            return nil
        }
        if let (block, name, at) = misplaced.min(by: { $0.2 < $1.2 }) {
            return (block, " (\(name) at \(at.line):\(at.column) lines up with it rather than sitting inside it)")
        }
        var innermost = outermost
        while let open = innermost.body.blocks.last(where: { $0.closePos == nil }) { innermost = open }
        return (innermost, "")
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
            case .string, .lcurly:
                // A block written where an expression belongs (`rw = prometheus.remote_write "x" { ... }`): read it
                // as a block to say so, as Alloy does; if it is not one, give up on the statement.
                if tok.kind == .string { advance() }
                guard tok.kind == .lcurly else {
                    expectError("{")
                    skipStatement()
                    return expr
                }
                advance()
                _ = parseBody(until: .rcurly)
                guard tok.kind == .rcurly else {
                    expectError("}")
                    skipStatement()
                    return expr
                }
                advance()
                report("cannot use a block as an expression", at: expr.startPos)
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

    /// Skips the rest of a statement: up to a terminator outside any brackets opened on the way (Alloy's
    /// `consumeStatement`).
    mutating func skipStatement() {
        var level = 0
        while tok.kind != .eof {
            switch tok.kind {
            case .lcurly, .lbrack, .lparen: level += 1
            case .rcurly, .rbrack, .rparen: level -= 1
            case .terminator where level <= 0: return
            default: break
            }
            advance()
        }
    }

    /// The source text of a token, quotes included.
    func rawText(_ token: AlloyToken) -> String {
        String(decoding: lexer.src[token.start..<token.end], as: UTF8.self)
    }

    /// Go's `%q` for the strings these messages show.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Whether `text` is one Alloy identifier (not `true`, `false` or `null`): what a block label must be.
    static func isValidIdentifier(_ text: String) -> Bool {
        var lexer = AlloyLexer(Array(text.utf8))
        let token = lexer.next()
        return token.kind == .ident && token.end == lexer.src.count && lexer.errors.isEmpty
    }

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
