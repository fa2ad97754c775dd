/// Alloy configuration syntax: tokens and the scanner. Written from the Alloy syntax reference and checked against
/// the scanner errors of Alloy's `syntax/scanner` tests; the scanner works on bytes (`[UInt8]`) for speed and decodes
/// UTF-8 only where a byte is not ASCII.

/// A 1-based position in an Alloy file; columns count Unicode scalars (the convention of every reader here). Alloy
/// itself counts bytes, so on a line with non-ASCII characters before the position its column is larger.
public struct AlloyPos: Hashable, Sendable, Comparable {
    public var line: Int
    public var column: Int
    /// Which file of a config read from several files (an index into the config's file list; 0 for one file).
    public var file: Int
    public init(line: Int, column: Int, file: Int = 0) {
        self.line = line
        self.column = column
        self.file = file
    }

    public static func < (a: AlloyPos, b: AlloyPos) -> Bool { (a.file, a.line, a.column) < (b.file, b.line, b.column) }
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

    public init(pos: AlloyPos, message: String) {
        self.pos = pos
        self.message = message
    }
}

/// Byte-level scanner. Inserts a terminator at a newline (or at a comment running to the line end) that follows an
/// identifier, literal or closing bracket, as Alloy's scanner does.
struct AlloyLexer {
    let src: [UInt8]
    var i = 0
    var line = 1
    var lineStart = 0
    /// A byte index on the current line and its column, so columns (in scalars) cost no rescan of the line.
    var columnCursor = (index: 0, column: 1)
    var insertTerm = false
    var errors: [AlloySyntaxError] = []
    /// Where a block comment or raw string that runs to the end of the file starts: everything after it is read
    /// as part of it.
    var swallowedFrom: AlloyPos?
    let fileIndex: Int

    init(_ src: [UInt8], file: Int = 0) {
        self.src = src
        fileIndex = file
        // A UTF-8 byte order mark at the start is skipped (columns count from the first character after it).
        if src.count >= 3, src[0] == 0xEF, src[1] == 0xBB, src[2] == 0xBF {
            i = 3
            lineStart = 3
            columnCursor = (3, 1)
        }
    }

    /// The position of byte `at` on the current line.
    mutating func pos(_ at: Int) -> AlloyPos {
        if at < columnCursor.index || columnCursor.index < lineStart { columnCursor = (lineStart, 1) }
        var (k, column) = columnCursor
        while k < at && k < src.count {
            if src[k] & 0xC0 != 0x80 { column += 1 }
            k += 1
        }
        columnCursor = (k, column)
        return AlloyPos(line: line, column: column, file: fileIndex)
    }

    mutating func newline(at index: Int) {
        line += 1
        lineStart = index + 1
        columnCursor = (lineStart, 1)
    }

    mutating func error(_ message: String, at index: Int) {
        errors.append(AlloySyntaxError(pos: pos(index), message: message))
    }

    static func isASCIILetter(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95 }
    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// The scalar starting at byte `at` and its length in bytes; nil (length 1) for invalid UTF-8.
    func decode(_ at: Int) -> (scalar: Unicode.Scalar?, width: Int) {
        let b0 = src[at]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        let need: Int, minimum: UInt32
        var value: UInt32
        switch b0 {
        case 0xC2...0xDF: need = 1; value = UInt32(b0 & 0x1F); minimum = 0x80
        case 0xE0...0xEF: need = 2; value = UInt32(b0 & 0x0F); minimum = 0x800
        case 0xF0...0xF4: need = 3; value = UInt32(b0 & 0x07); minimum = 0x10000
        default: return (nil, 1)
        }
        for k in 1...need {
            guard at + k < src.count, src[at + k] & 0xC0 == 0x80 else { return (nil, 1) }
            value = value << 6 | UInt32(src[at + k] & 0x3F)
        }
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return (nil, 1) }
        return (scalar, need + 1)
    }

    /// Steps over one character inside a literal or comment, reporting what Alloy's scanner reports for any
    /// character it reads: NUL, invalid UTF-8, a byte order mark after the start.
    mutating func skipCharacter() {
        let c = src[i]
        if c == 0 {
            error("illegal character NUL", at: i)
        } else if c == 10 {
            newline(at: i)
        } else if c >= 0x80 {
            let (scalar, width) = decode(i)
            if scalar == nil {
                error("illegal UTF-8 encoding", at: i)
            } else if scalar == "\u{FEFF}" {
                error("illegal byte order mark", at: i)
            }
            i += width
            return
        }
        i += 1
    }

    /// Go's `unicode.IsLetter` / `unicode.IsDigit` for scalars beyond ASCII (identifiers may use any letter).
    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    static func isUnicodeDigit(_ s: Unicode.Scalar) -> Bool { s.properties.generalCategory == .decimalNumber }

    /// Go's `strconv.IsPrint`: whether `%#U` shows the character itself.
    static func isPrintable(_ s: Unicode.Scalar) -> Bool {
        if s == " " { return true }
        return switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            true
        default: false
        }
    }

    /// Alloy's message for a character that starts no token: `illegal character U+0024 '$'`.
    static func illegalCharacter(_ s: Unicode.Scalar) -> String {
        let hex = String(s.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return isPrintable(s) ? "illegal character \(code) '\(Character(s))'" : "illegal character \(code)"
    }

    /// The byte just past an identifier that starts at `i` (ASCII fast path; other scalars decoded), or nil when
    /// no identifier starts there.
    func identifierEnd() -> Int? {
        var k = i
        while k < src.count {
            let c = src[k]
            if Self.isASCIILetter(c) || (k > i && Self.isDigit(c)) {
                k += 1
            } else if c >= 0x80, case let (scalar?, width) = decode(k),
                      Self.isLetter(scalar) || (k > i && Self.isUnicodeDigit(scalar)) {
                k += width
            } else {
                break
            }
        }
        return k > i ? k : nil
    }

    /// Whether the comment at `i` runs to the end of the line (or file), possibly through more comments: then a
    /// pending terminator goes at the comment's start (Alloy's `findLineEnd`).
    func commentReachesLineEnd() -> Bool {
        var k = i
        while k + 1 < src.count, src[k] == 47, src[k + 1] == 47 || src[k + 1] == 42 {
            if src[k + 1] == 47 { return true }
            k += 2
            var closed = false
            while k < src.count {
                if src[k] == 10 { return true }
                if src[k] == 42, k + 1 < src.count, src[k + 1] == 47 {
                    k += 2
                    closed = true
                    break
                }
                k += 1
            }
            if !closed { return true }
            while k < src.count, src[k] == 32 || src[k] == 9 || src[k] == 13 { k += 1 }
            if k >= src.count || src[k] == 10 { return true }
        }
        return false
    }

    mutating func next() -> AlloyToken {
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
            let c = src[i]
            if c == 47, i + 1 < src.count, src[i + 1] == 47 || src[i + 1] == 42 {
                if insertTerm && commentReachesLineEnd() {
                    insertTerm = false
                    return AlloyToken(kind: .terminator, pos: pos(i), start: i, end: i, text: "\n")
                }
                skipComment()
                continue
            }
            if let end = identifierEnd() {
                let p = pos(i)
                i = end
                let text = String(decoding: src[start..<end], as: UTF8.self)
                insertTerm = true
                let kind: AlloyTokenKind = (text == "true" || text == "false") ? .bool : (text == "null" ? .null : .ident)
                // Alloy reads the character after a token while scanning it: a NUL there is reported now.
                if i < src.count, src[i] == 0 {
                    error("illegal character NUL", at: i)
                    i += 1
                }
                return AlloyToken(kind: kind, pos: p, start: start, end: end, text: text)
            }
            if Self.isDigit(c) || (c == 46 && i + 1 < src.count && Self.isDigit(src[i + 1])) {
                return scanNumber()
            }
            if c == 34 || c == 39 { return scanString(quote: c) }
            if c == 96 { return scanRawString() }
            let p = pos(i)
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
                if n == 124 { i += 1 } else { error("missing second | in ||", at: i) }
                kind = .or
            case 38:
                if n == 38 { i += 1 } else { error("missing second & in &&", at: i) }
                kind = .and
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
                // Alloy makes an ILLEGAL token of it; skipping it keeps one error per bad character.
                if c == 35 {
                    error(Self.illegalCharacter("#") + ": Alloy has no '#' comments; use // or /* */", at: start)
                    // Recover as if it were a comment: skip the rest of the line.
                    while i < src.count, src[i] != 10 { i += 1 }
                    continue
                }
                if c == 0 {
                    error("illegal character NUL", at: start)
                } else if c < 0x80 {
                    error(Self.illegalCharacter(Unicode.Scalar(c)), at: start)
                } else {
                    let (scalar, width) = decode(start)
                    i = start + width
                    if let scalar {
                        if scalar != "\u{FEFF}" { error(Self.illegalCharacter(scalar), at: start) }
                        else { error("illegal byte order mark", at: start) }
                    } else {
                        error("illegal UTF-8 encoding", at: start)
                    }
                }
                continue
            }
            return AlloyToken(kind: kind, pos: p, start: start, end: i, text: "")
        }
    }

    mutating func skipComment() {
        let start = i
        // Alloy reports an unterminated comment at its start (scanner `scanComment`).
        let startPos = pos(start)
        if src[i + 1] == 47 {
            i += 2
            while i < src.count, src[i] != 10 { skipCharacter() }
            return
        }
        i += 2
        while i < src.count {
            if src[i] == 42, i + 1 < src.count, src[i + 1] == 47 {
                i += 2
                return
            }
            skipCharacter()
        }
        errors.append(AlloySyntaxError(pos: startPos, message: "block comment not terminated"))
        swallowedFrom = swallowedFrom ?? startPos
    }

    /// `NUMBER` or `FLOAT` as Alloy scans them: decimal digits, an optional `.` with digits, an optional exponent.
    mutating func scanNumber() -> AlloyToken {
        let start = i
        let p = pos(i)
        var isFloat = false
        while i < src.count, Self.isDigit(src[i]) { i += 1 }
        if i < src.count, src[i] == 46 {
            isFloat = true
            i += 1
            while i < src.count, Self.isDigit(src[i]) { i += 1 }
        }
        if i < src.count, src[i] == 101 || src[i] == 69 {
            isFloat = true
            i += 1
            if i < src.count, src[i] == 43 || src[i] == 45 { i += 1 }
            let digits = i
            while i < src.count, Self.isDigit(src[i]) { i += 1 }
            if i == digits { errors.append(AlloySyntaxError(pos: p, message: "exponent has no digits")) }
        }
        insertTerm = true
        return AlloyToken(kind: isFloat ? .float : .number, pos: p, start: start, end: i,
                          text: String(decoding: src[start..<i], as: UTF8.self))
    }

    /// A raw string: everything up to the next backquote, newlines included.
    mutating func scanRawString() -> AlloyToken {
        let start = i
        let p = pos(i)
        i += 1
        while i < src.count, src[i] != 96 { skipCharacter() }
        let bodyEnd = i
        if i >= src.count {
            errors.append(AlloySyntaxError(pos: p, message: "string literal not terminated"))
            swallowedFrom = swallowedFrom ?? p
        } else {
            i += 1
        }
        insertTerm = true
        return AlloyToken(kind: .string, pos: p, start: start, end: i,
                          text: String(decoding: src[(start + 1)..<bodyEnd], as: UTF8.self))
    }

    /// A double-quoted string with escapes. A single-quoted one is Alloy's "illegal single-quoted string" error,
    /// read the same way so parsing goes on.
    mutating func scanString(quote: UInt8) -> AlloyToken {
        let start = i
        let p = pos(i)
        if quote == 39 { errors.append(AlloySyntaxError(pos: p, message: "illegal single-quoted string; use double quotes")) }
        i += 1
        var bytes: [UInt8] = []
        var segment = i
        while true {
            if i >= src.count || src[i] == 10 {
                errors.append(AlloySyntaxError(pos: p, message: "string literal not terminated"))
                bytes.append(contentsOf: src[segment..<i])
                break
            }
            let c = src[i]
            if c == quote {
                bytes.append(contentsOf: src[segment..<i])
                i += 1
                break
            }
            if c == 92 {
                bytes.append(contentsOf: src[segment..<i])
                i += 1
                scanEscape(into: &bytes)
                segment = i
                continue
            }
            skipCharacter()
        }
        insertTerm = true
        return AlloyToken(kind: .string, pos: p, start: start, end: i, text: String(decoding: bytes, as: UTF8.self))
    }

    /// One escape after a backslash; errors sit on the character after the backslash, as in Alloy.
    mutating func scanEscape(into bytes: inout [UInt8]) {
        let at = i
        guard i < src.count else {
            error("escape sequence not terminated", at: at)
            return
        }
        let e = src[i]
        let simple: [UInt8: UInt8] = [97: 7, 98: 8, 102: 12, 110: 10, 114: 13, 116: 9, 118: 11, 92: 92, 34: 34]
        if let byte = simple[e] {
            bytes.append(byte)
            i += 1
            return
        }
        let count: Int, base: UInt32, maximum: UInt32
        switch e {
        case 48...55: count = 3; base = 8; maximum = 255
        case 120: count = 2; base = 16; maximum = 255; i += 1
        case 117: count = 4; base = 16; maximum = 0x10FFFF; i += 1
        case 85: count = 8; base = 16; maximum = 0x10FFFF; i += 1
        default:
            error("unknown escape sequence", at: at)
            return
        }
        var value: UInt32 = 0
        for _ in 0..<count {
            guard i < src.count, let digit = Self.hexValue(src[i]), UInt32(digit) < base else {
                if i >= src.count {
                    error("escape sequence not terminated", at: at)
                } else {
                    let (scalar, _) = decode(i)
                    error(Self.illegalCharacter(scalar ?? "\u{FFFD}") + " in escape sequence", at: at)
                }
                return
            }
            value = value * base + UInt32(digit)
            i += 1
        }
        if value > maximum || (0xD800..<0xE000).contains(value) {
            error("escape sequence is invalid Unicode code point", at: at)
        } else if e == 120 || (48...55).contains(e) {
            bytes.append(UInt8(value))
        } else if let scalar = Unicode.Scalar(value) {
            bytes.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
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
