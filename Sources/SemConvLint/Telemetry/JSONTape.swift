#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte-level JSON scanner that turns one NDJSON line into a flat "tape" of tokens (no tree, no `Any`, no
/// Foundation). Strings and numbers are byte ranges into the line; they are decoded only when a rule needs them.
/// The tape and its stack are reused line after line, so parsing allocates nothing once warmed up. Nesting is
/// tracked with an explicit stack (no recursion) and limited by `maxDepth`.

/// One token. Containers know where they end (`next` = index of the token after the whole value).
struct Tok {
    /// `JSONKind` raw value.
    var kind: UInt8
    /// `Tok.escaped`, `.nonASCII`, `.integer`, `.isKey`, `.reported`, `.checked`, `.slotted`, `.covered`.
    var flags: UInt8
    /// Strings: first byte after the quote; numbers/literals: first byte; containers: the bracket.
    var start: Int32
    /// Strings: the closing quote; numbers/literals: one past the end; containers: the closing bracket.
    var end: Int32
    /// Index of the first token after this value (for a key: the token after its value is not tracked; use value).
    var next: Int32
    /// Index of the enclosing container token, -1 at the top.
    var parent: Int32

    static let escaped: UInt8 = 1
    static let nonASCII: UInt8 = 2
    static let integer: UInt8 = 4
    static let isKey: UInt8 = 8
    /// Set by rules on a value already reported (so value detectors do not report it twice).
    static let reported: UInt8 = 16
    /// Set by decoders on a key (or OTLP key/value object) already read as an attribute.
    static let checked: UInt8 = 32
    /// Set by decoders on a value already turned into a value slot (or read as structure: times, ids, keys), so the
    /// pass that lists the unit's remaining strings skips it.
    static let slotted: UInt8 = 64
    /// Set by decoders on an array all of whose strings are keys or `slotted`, so that pass skips it whole.
    static let covered: UInt8 = 128
}

enum JSONKind: UInt8 {
    case object = 1, array, string, number, bool, null

    /// The JSON specification's word for it: `object`, `boolean`, `null`.
    var name: String { self == .bool ? "boolean" : "\(self)" }
}

/// Why a line is not JSON: a byte offset in the line, a message and the rule id.
struct JSONFailure: Error {
    var offset: Int
    var message: String
    var rule: TelemetryRuleID
}

final class JSONTape {
    /// Token storage, reserved once for the longest line (a token takes at least one byte of input, so
    /// `maxLineLength + 2` tokens always fit). Only the pages a line touches become resident. A `let` pointer keeps
    /// the hot path free of dynamic exclusivity checks.
    let toks: UnsafeMutablePointer<Tok>
    let capacity: Int
    /// Tokens of the current line.
    private(set) var count = 0
    /// Open containers while parsing (at most `maxDepth`).
    private let stack: UnsafeMutablePointer<Int32>
    let maxDepth: Int
    /// The line being parsed (valid only during a `parse` call and the checks that follow it).
    private(set) var bytes = UnsafeRawBufferPointer(start: nil, count: 0)
    /// Whether the line holds any byte >= 0x80 (columns then count characters, not bytes).
    private(set) var hasNonASCII = false

    init(maxDepth: Int = 256, maxLineLength: Int = 16 << 20) {
        self.maxDepth = maxDepth
        // Offsets and token indexes are stored as Int32: lines stay well below 2 GiB.
        capacity = min(maxLineLength, Int(Int32.max) - 16) + 2
        toks = .allocate(capacity: capacity)
        stack = .allocate(capacity: maxDepth + 2)
    }

    deinit {
        toks.deallocate()
        stack.deallocate()
    }

    // MARK: parsing

    /// Parses `line` into the tape. Returns nil on success.
    func parse(_ line: UnsafeRawBufferPointer) -> JSONFailure? {
        bytes = line
        guard let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            count = 0
            return JSONFailure(offset: 0, message: "empty line", rule: .invalidJSON)
        }
        var s = Scanner(base: base, n: line.count, toks: toks, stack: stack)
        let failure: JSONFailure?
        if line.count >= capacity - 1 {
            failure = JSONFailure(offset: 0, message: "line is longer than \(capacity - 2) bytes", rule: .lineTooLong)
        } else {
            failure = s.run(maxDepth: maxDepth)
        }
        count = s.ntoks
        hasNonASCII = s.nonASCII
        return failure
    }

    /// The scanner's state as a struct, so the hot loop has no captured (boxed) variables and no dynamic
    /// exclusivity checks.
    private struct Scanner {
        let base: UnsafePointer<UInt8>
        let n: Int
        let toks: UnsafeMutablePointer<Tok>
        let stack: UnsafeMutablePointer<Int32>
        var depth = 0
        var i = 0
        var ntoks = 0
        var nonASCII = false
        /// Set when `scanString` fails (kept out of its return value, so the hot path returns a single flag).
        var stringFailure: JSONFailure?

        init(base: UnsafePointer<UInt8>, n: Int, toks: UnsafeMutablePointer<Tok>, stack: UnsafeMutablePointer<Int32>) {
            self.base = base
            self.n = n
            self.toks = toks
            self.stack = stack
        }

        @inline(__always) mutating func push(_ t: Tok) {
            toks[ntoks] = t
            ntoks += 1
        }

        @inline(__always) mutating func skipWS() {
            while i < n {
                let c = base[i]
                // Compact JSON: the next byte is almost always past the white-space range; one compare decides.
                if c > 0x20 { break }
                if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
            }
        }

        func fail(_ message: String, _ at: Int) -> JSONFailure {
            JSONFailure(offset: min(at, n), message: message, rule: .invalidJSON)
        }

        func describe(_ at: Int) -> String {
            if at >= n { return "end of line" }
            let c = base[at]
            if c >= 0x20 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
            return "byte 0x" + String(c, radix: 16, uppercase: true)
        }

        /// The high bit of each byte of `w` that is a quote, a backslash, a control character or non-ASCII.
        /// The lowest flagged byte is always a real hit (borrows only spill upwards).
        @inline(__always) static func specialBytes(_ w: UInt64) -> UInt64 {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let q = w ^ 0x2222_2222_2222_2222, b = w ^ 0x5C5C_5C5C_5C5C_5C5C
            return (((q &- ones) & ~q) | ((b &- ones) & ~b) | ((w &- 0x2020_2020_2020_2020) & ~w) | w)
                & 0x8080_8080_8080_8080
        }

        /// The bytes of the sixteen at `p` that are a quote, a backslash, a control character or non-ASCII, as two
        /// words (low eight bytes first) with 0xFF for each such byte. Signed, a byte below 0x20 is a control
        /// character or (negative) non-ASCII, so three vector compares decide; the words are read out of the
        /// vector rather than reduced with `any`, which Swift compiles lane by lane (SSE2: pcmpgtb, 2 × pcmpeqb).
        @_transparent static func special16(_ p: UnsafeRawPointer) -> (low: UInt64, high: UInt64) {
            let v = p.loadUnaligned(as: SIMD16<Int8>.self)
            let m = (v .< SIMD16<Int8>(repeating: 0x20)) .| (v .== SIMD16<Int8>(repeating: 0x22))
                .| (v .== SIMD16<Int8>(repeating: 0x5C))
            let w = unsafeBitCast(SIMD16<Int8>(repeating: 0).replacing(with: -1, where: m), to: (UInt64, UInt64).self)
            return (w.0, w.1)
        }

        /// Scans a string starting at the opening quote and appends its token. The common string: plain ASCII up
        /// to its closing quote, found sixteen bytes a step (`special16`), the last few eight bytes a step. Small
        /// enough to be inlined at each call site; anything else (escapes, control bytes, non-ASCII, the end of the
        /// line) is rescanned by `scanString`.
        @inline(__always) mutating func fastString(isKey: Bool, parent: Int32) -> Bool {
            var j = i &+ 1
            var t: UInt64 = 0
            while j &+ 16 <= n {
                let (a, b) = Scanner.special16(UnsafeRawPointer(base + j))
                if a | b != 0 {
                    if a != 0 { t = a } else { t = b; j &+= 8 }
                    break
                }
                j &+= 16
            }
            if t == 0 {
                while j &+ 8 <= n {
                    t = Scanner.specialBytes(UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self))
                    if t != 0 { break }
                    j &+= 8
                }
                if t == 0 { return scanString(isKey: isKey, parent: parent) }
            }
            j &+= t.trailingZeroBitCount &>> 3
            guard base[j] == 0x22 else { return scanString(isKey: isKey, parent: parent) }
            toks[ntoks] = Tok(kind: JSONKind.string.rawValue, flags: isKey ? Tok.isKey : 0,
                              start: Int32(truncatingIfNeeded: i &+ 1), end: Int32(truncatingIfNeeded: j),
                              next: Int32(truncatingIfNeeded: ntoks &+ 1), parent: parent)
            ntoks &+= 1
            i = j &+ 1
            return true
        }

        /// Returns false on failure (then `stringFailure` says why), so the hot path returns a single flag.
        @inline(never) mutating func scanString(isKey: Bool, parent: Int32) -> Bool {
            let open = i
            var j = i + 1
            var flags: UInt8 = isKey ? Tok.isKey : 0
            while true {
                // Eight bytes at a time while none is a quote, a backslash, a control character or non-ASCII.
                // The lowest flagged byte is always a real hit (borrows only spill upwards), so jump straight to it.
                while j + 8 <= n {
                    let t = Scanner.specialBytes(UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self))
                    if t != 0 {
                        j &+= t.trailingZeroBitCount &>> 3
                        break
                    }
                    j &+= 8
                }
                guard j < n else { stringFailure = fail("unterminated string (truncated line?)", open); return false }
                let c = base[j]
                if c == 0x22 { break }
                if c == 0x5C {
                    flags |= Tok.escaped
                    guard j + 1 < n else { stringFailure = fail("unterminated string (truncated line?)", open); return false }
                    let e = base[j + 1]
                    switch e {
                    case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: j += 2
                    case 0x75:
                        guard j + 5 < n else { stringFailure = fail("unterminated \\u escape", j); return false }
                        for k in 2...5 where !isHex(base[j + k]) { stringFailure = fail("invalid \\u escape", j); return false }
                        j += 6
                    default: stringFailure = fail("invalid escape '\\\(Character(Unicode.Scalar(e)))'", j); return false
                    }
                    continue
                }
                if c < 0x20 { stringFailure = fail("control character (\(describe(j))) inside a string", j); return false }
                if c >= 0x80 { flags |= Tok.nonASCII }
                j += 1
            }
            if flags & Tok.nonASCII != 0 { nonASCII = true }
            push(Tok(kind: JSONKind.string.rawValue, flags: flags, start: Int32(truncatingIfNeeded: open + 1), end: Int32(truncatingIfNeeded: j),
                     next: Int32(truncatingIfNeeded: ntoks + 1), parent: parent))
            i = j + 1
            return true
        }

        mutating func run(maxDepth: Int) -> JSONFailure? {
            var expectValue = true
            while true {
                if expectValue {
                    skipWS()
                    guard i < n else {
                        return fail(ntoks == 0 ? "empty JSON value" : "unexpected end of line (truncated JSON?)", i)
                    }
                    let parent: Int32 = depth > 0 ? stack[depth &- 1] : -1
                    let c = base[i]
                    switch c {
                    case 0x7B, 0x5B: // { [
                        if depth >= maxDepth {
                            return JSONFailure(offset: i, message: "JSON nested deeper than \(maxDepth) levels",
                                               rule: .nestingTooDeep)
                        }
                        let index = Int32(truncatingIfNeeded: ntoks)
                        push(Tok(kind: c == 0x7B ? JSONKind.object.rawValue : JSONKind.array.rawValue, flags: 0,
                                 start: Int32(truncatingIfNeeded: i), end: 0, next: 0, parent: parent))
                        stack[depth] = index
                        depth &+= 1
                        i += 1
                        skipWS()
                        if i < n, base[i] == (c == 0x7B ? 0x7D : 0x5D) {
                            toks[Int(index)].end = Int32(truncatingIfNeeded: i)
                            toks[Int(index)].next = Int32(truncatingIfNeeded: ntoks)
                            depth &-= 1
                            i += 1
                            expectValue = false
                            continue
                        }
                        if c == 0x7B {
                            guard i < n, base[i] == 0x22 else { return fail("expected a string key, found \(describe(i))", i) }
                            if !fastString(isKey: true, parent: index) { return stringFailure }
                            skipWS()
                            guard i < n, base[i] == 0x3A else { return fail("expected ':' after the key, found \(describe(i))", i) }
                            i += 1
                        }
                        continue
                    case 0x22:
                        if !fastString(isKey: false, parent: parent) { return stringFailure }
                    case 0x74, 0x66, 0x6E: // t f n
                        let word: StaticString = c == 0x74 ? "true" : c == 0x66 ? "false" : "null"
                        let len = word.utf8CodeUnitCount
                        let w = word.utf8Start
                        guard i + len <= n else { return fail("invalid literal, expected '\(word)' (truncated line?)", i) }
                        for k in 0..<len where base[i + k] != w[k] {
                            return fail("invalid literal, expected '\(word)'", i)
                        }
                        push(Tok(kind: c == 0x6E ? JSONKind.null.rawValue : JSONKind.bool.rawValue, flags: 0,
                                 start: Int32(truncatingIfNeeded: i), end: Int32(truncatingIfNeeded: i + len), next: Int32(truncatingIfNeeded: ntoks + 1), parent: parent))
                        i += len
                    case 0x2D, 0x30...0x39:
                        let s = i
                        var integer = true
                        if base[i] == 0x2D { i += 1 }
                        var digits = 0
                        while i < n, base[i] >= 0x30, base[i] <= 0x39 { i += 1; digits += 1 }
                        if digits == 0 { return fail("invalid number", s) }
                        if i < n, base[i] == 0x2E {
                            integer = false; i += 1; digits = 0
                            while i < n, base[i] >= 0x30, base[i] <= 0x39 { i += 1; digits += 1 }
                            if digits == 0 { return fail("invalid number: digits expected after '.'", i) }
                        }
                        if i < n, base[i] == 0x65 || base[i] == 0x45 {
                            integer = false; i += 1
                            if i < n, base[i] == 0x2B || base[i] == 0x2D { i += 1 }
                            digits = 0
                            while i < n, base[i] >= 0x30, base[i] <= 0x39 { i += 1; digits += 1 }
                            if digits == 0 { return fail("invalid number: digits expected in the exponent", i) }
                        }
                        push(Tok(kind: JSONKind.number.rawValue, flags: integer ? Tok.integer : 0, start: Int32(truncatingIfNeeded: s),
                                 end: Int32(truncatingIfNeeded: i), next: Int32(truncatingIfNeeded: ntoks + 1), parent: parent))
                    default:
                        return fail("unexpected \(describe(i)), expected a JSON value", i)
                    }
                    expectValue = false
                }
                // After a value: a separator, a closing bracket, or the end of the line.
                skipWS()
                guard depth > 0 else {
                    if i != n { return fail("unexpected \(describe(i)) after the JSON value", i) }
                    return nil
                }
                let top = stack[depth &- 1]
                guard i < n else { return fail("unexpected end of line (truncated JSON?)", i) }
                let isObject = toks[Int(top)].kind == JSONKind.object.rawValue
                let c = base[i]
                if c == 0x2C {
                    i += 1
                    if isObject {
                        skipWS()
                        guard i < n, base[i] == 0x22 else { return fail("expected a string key, found \(describe(i))", i) }
                        if !fastString(isKey: true, parent: top) { return stringFailure }
                        skipWS()
                        guard i < n, base[i] == 0x3A else { return fail("expected ':' after the key, found \(describe(i))", i) }
                        i += 1
                    }
                    expectValue = true
                } else if c == (isObject ? 0x7D : 0x5D) {
                    toks[Int(top)].end = Int32(truncatingIfNeeded: i)
                    toks[Int(top)].next = Int32(truncatingIfNeeded: ntoks)
                    depth &-= 1
                    i += 1
                } else {
                    return fail("expected ',' or '\(isObject ? "}" : "]")', found \(describe(i))", i)
                }
            }
        }
    }

    // MARK: reading tokens

    @inline(__always) func kind(_ t: Int) -> JSONKind { JSONKind(rawValue: toks[t].kind)! }

    /// Members of the object at `t`: (key token, value token) pairs.
    func members(_ t: Int, _ body: (Int, Int) -> Void) {
        guard t >= 0, toks[t].kind == JSONKind.object.rawValue else { return }
        var i = t + 1
        let end = Int(toks[t].next)
        while i < end {
            body(i, i + 1)
            i = Int(toks[i + 1].next)
        }
    }

    /// Elements of the array at `t`.
    func elements(_ t: Int, _ body: (Int, Int) -> Void) {
        guard t >= 0, toks[t].kind == JSONKind.array.rawValue else { return }
        var i = t + 1, index = 0
        let end = Int(toks[t].next)
        while i < end {
            body(index, i)
            index += 1
            i = Int(toks[i].next)
        }
    }

    /// The value of member `key` (or its snake_case spelling `alt`) in the object at `t`.
    func member(_ t: Int, _ key: StaticKey) -> Int? {
        guard t >= 0, toks[t].kind == JSONKind.object.rawValue else { return nil }
        var i = t + 1
        let end = Int(toks[t].next)
        while i < end {
            if key.matches(self, i) { return i + 1 }
            i = Int(toks[i + 1].next)
        }
        return nil
    }

    /// Whether the string token `t` equals `bytes` (no escapes involved).
    @inline(__always) func equals(_ t: Int, _ lit: [UInt8]) -> Bool {
        let tok = toks[t]
        let len = Int(tok.end - tok.start)
        guard len == lit.count, tok.flags & Tok.escaped == 0 else {
            return tok.flags & Tok.escaped != 0 && Array(string(t).utf8) == lit
        }
        let p = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) + Int(tok.start)
        for k in 0..<len where p[k] != lit[k] { return false }
        return true
    }

    /// The decoded text of a string token (escapes resolved, invalid UTF-8 repaired), or the raw text of a number.
    func string(_ t: Int) -> String {
        let tok = toks[t]
        let raw = UnsafeRawBufferPointer(rebasing: bytes[Int(tok.start)..<Int(tok.end)])
        if tok.flags & Tok.escaped == 0 { return String(decoding: raw, as: UTF8.self) }
        return String(decoding: JSONText.unescape(raw), as: UTF8.self)
    }

    /// The raw bytes of a token (strings: without quotes, escapes not resolved).
    @inline(__always) func raw(_ t: Int) -> UnsafeRawBufferPointer {
        let tok = toks[t]
        return UnsafeRawBufferPointer(rebasing: bytes[Int(tok.start)..<Int(tok.end)])
    }

    /// An integer value: a JSON integer, or a string holding one (OTLP encodes int64 as strings).
    func int64(_ t: Int) -> Int64? {
        let tok = toks[t]
        if tok.kind == JSONKind.number.rawValue, tok.flags & Tok.integer != 0 { return parseInt(raw(t)) }
        if tok.kind == JSONKind.string.rawValue, tok.flags & Tok.escaped == 0 { return parseInt(raw(t)) }
        if tok.kind == JSONKind.number.rawValue, let d = Double(string(t)), d == d.rounded(), abs(d) < 9.2e18 {
            return Int64(d)
        }
        return nil
    }

    func double(_ t: Int) -> Double? {
        let tok = toks[t]
        guard tok.kind == JSONKind.number.rawValue || tok.kind == JSONKind.string.rawValue else { return nil }
        if tok.flags & Tok.escaped != 0 { return Double(string(t)) }
        return parseDouble(raw(t))
    }
}

/// A structural key of a wire format, accepted in lowerCamelCase and snake_case (`scopeLogs`, `scope_logs`).
/// Both spellings are string literals: a key is a compile-time constant (no lazy initialisation on each use of a
/// `static let`), and copying or matching one touches no reference counts.
struct StaticKey: Sendable, BitwiseCopyable {
    let camel: StaticString
    let snake: StaticString

    /// `snake` is `camel` in snake_case, written out so that the key stays a constant (checked in debug builds).
    init(_ camel: StaticString, _ snake: StaticString) {
        self.camel = camel
        self.snake = snake
        assert(Self.snakeCase("\(camel)") == "\(snake)", "StaticKey(\"\(camel)\"): snake_case is '\(Self.snakeCase("\(camel)"))'")
    }

    /// A key without capitals: both spellings are the same.
    init(_ key: StaticString) { self.init(key, key) }

    /// `scopeLogs` → `scope_logs`.
    static func snakeCase(_ camel: String) -> String {
        var s = ""
        for c in camel {
            if c.isASCII, c.isUppercase { s.append("_"); s.append(Character(c.lowercased())) } else { s.append(c) }
        }
        return s
    }

    @inline(__always) func matches(_ tape: JSONTape, _ t: Int) -> Bool {
        let tok = tape.toks[t]
        let len = Int(tok.end &- tok.start)
        let p: UnsafePointer<UInt8>
        if len == camel.utf8CodeUnitCount { p = camel.utf8Start } else if len == snake.utf8CodeUnitCount { p = snake.utf8Start } else {
            return tok.flags & Tok.escaped != 0 && escapedMatches(tape, t)
        }
        if tok.flags & Tok.escaped != 0 { return escapedMatches(tape, t) }
        let line = UnsafeRawPointer(tape.bytes.baseAddress! + Int(tok.start))
        return ByteTable.equal(line, UnsafeRawPointer(p), count: len)
    }

    /// A key written with escapes (`"scope\u004Cogs"`): compared after unescaping.
    @inline(never) private func escapedMatches(_ tape: JSONTape, _ t: Int) -> Bool {
        let text = JSONText.unescape(tape.raw(t))
        return text.withUnsafeBytes { u in
            bytesEqual(u, UnsafeRawBufferPointer(start: camel.utf8Start, count: camel.utf8CodeUnitCount))
                || bytesEqual(u, UnsafeRawBufferPointer(start: snake.utf8Start, count: snake.utf8CodeUnitCount))
        }
    }
}


/// A decimal number (`-1.5e3`, `42`) as a double, without making a `String`; nil unless the bytes are one number.
func parseDouble(_ raw: UnsafeRawBufferPointer) -> Double? {
    let n = raw.count
    guard n > 0, n < 64 else { return n == 0 ? nil : Double(String(decoding: raw, as: UTF8.self)) }
    if let exact = exactDouble(raw) { return exact }
    for c in raw {
        guard (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2B || c == 0x2E || c == 0x65 || c == 0x45 else {
            return nil
        }
    }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buffer -> Double? in
        let p = buffer.baseAddress!
        UnsafeMutableRawPointer(p).copyMemory(from: raw.baseAddress!, byteCount: n)
        p[n] = 0
        var end: UnsafeMutablePointer<CChar>?
        let value = strtod(p, &end)
        return end == p + n ? value : nil
    }
}

/// Clinger's fast path for `parseDouble`: a plain decimal (`[+-]digits[.digits][(e|E)[+-]digits]`) of at most 15
/// digits whose decimal exponent lies within ±22 is one exactly representable integer times or divided by an exactly
/// representable power of ten, so a single correctly rounded IEEE operation gives what `strtod` gives. Nil for
/// anything else (then `strtod` decides).
@inline(__always) private func exactDouble(_ raw: UnsafeRawBufferPointer) -> Double? {
    let n = raw.count
    var i = 0
    var negative = false
    if raw[0] == 0x2D || raw[0] == 0x2B { negative = raw[0] == 0x2D; i = 1 }
    var mantissa: Int64 = 0, digits = 0, fraction = 0
    while i < n, raw[i] &- 0x30 < 10 { mantissa = mantissa &* 10 &+ Int64(raw[i] &- 0x30); digits &+= 1; i &+= 1 }
    if i < n, raw[i] == 0x2E {
        i &+= 1
        while i < n, raw[i] &- 0x30 < 10 {
            mantissa = mantissa &* 10 &+ Int64(raw[i] &- 0x30); digits &+= 1; fraction &+= 1; i &+= 1
        }
    }
    guard digits > 0, digits <= 15 else { return nil }
    var exponent = 0
    if i < n, raw[i] | 0x20 == 0x65 {
        i &+= 1
        var negativeExponent = false
        if i < n, raw[i] == 0x2D || raw[i] == 0x2B { negativeExponent = raw[i] == 0x2D; i &+= 1 }
        let start = i
        while i < n, raw[i] &- 0x30 < 10, i &- start < 4 { exponent = exponent &* 10 &+ Int(raw[i] &- 0x30); i &+= 1 }
        guard i > start else { return nil }
        if negativeExponent { exponent = -exponent }
    }
    guard i == n else { return nil }
    let scale = exponent &- fraction
    if mantissa == 0 { return negative ? -0.0 : 0 }
    guard scale >= -22, scale <= 22 else { return nil }
    // 10^k for k <= 22 is a Double exactly, and so is each step of the product.
    var power = 1.0
    for _ in 0..<(scale < 0 ? -scale : scale) { power *= 10 }
    let value = scale >= 0 ? Double(mantissa) * power : Double(mantissa) / power
    return negative ? -value : value
}

@inline(__always) func isHex(_ c: UInt8) -> Bool {
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
}

@inline(__always) func hexValue(_ c: UInt8) -> UInt8 {
    if c >= 0x30 && c <= 0x39 { return c - 0x30 }
    if c >= 0x41 && c <= 0x46 { return c - 0x41 + 10 }
    if c >= 0x61 && c <= 0x66 { return c - 0x61 + 10 }
    return 0
}

/// The value of the eight ASCII digits at `p`, nil unless all eight are digits (SWAR: the digits are combined in
/// pairs, fours and eights by three multiplications).
@inline(__always) func eightDigits(_ p: UnsafeRawPointer) -> UInt64? {
    let w = p.loadUnaligned(as: UInt64.self).littleEndian
    // Each byte 0x30...0x39: high nibble 3, and adding 6 does not carry into the high nibble.
    guard (w & 0xF0F0_F0F0_F0F0_F0F0) | (((w &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4)
        == 0x3333_3333_3333_3333 else { return nil }
    // (Swift's shifts bind tighter than its multiplications.)
    var v = ((w & 0x0F0F_0F0F_0F0F_0F0F) &* 2561) >> 8
    v = ((v & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16
    return ((v & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32
}

/// A decimal integer (`-42`, `1769743850441635577`) without making a `String`, as `Int64(String)` reads it and the
/// Collector's OTLP/JSON reader reads int64 strings (`pdata/internal/json`: `strconv.ParseInt(s, 10, 64)`): a sign,
/// leading zeros, `Int64.min` included; nil for anything else (spaces, a fraction, an exponent) or out of range.
func parseInt(_ raw: UnsafeRawBufferPointer) -> Int64? {
    let n = raw.count
    guard n > 0, let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
    let negative = base[0] == 0x2D
    var i = negative || base[0] == 0x2B ? 1 : 0
    guard i < n else { return nil }
    // Leading zeros do not count towards the 19 digits an Int64 can need.
    while i < n &- 1, base[i] == 0x30 { i &+= 1 }
    guard n &- i <= 19 else { return nil }
    // 19 digits stay below 10^19 < 2^64: no overflow in the magnitude.
    var v: UInt64 = 0
    // Eight digits a step (OTLP times are 19-digit strings), then one at a time.
    while i &+ 8 <= n, let eight = eightDigits(UnsafeRawPointer(base + i)) {
        v = v &* 100_000_000 &+ eight
        i &+= 8
    }
    while i < n {
        let d = base[i] &- 0x30
        guard d < 10 else { return nil }
        v = v &* 10 &+ UInt64(d)
        i &+= 1
    }
    if negative { return v <= UInt64(Int64.max) &+ 1 ? Int64(bitPattern: 0 &- v) : nil }
    return v <= UInt64(Int64.max) ? Int64(v) : nil
}
