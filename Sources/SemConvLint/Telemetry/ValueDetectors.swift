#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SemConvModel

/// Detectors for personal data and credentials in any string value, and masking for reports.
///
/// The structural detectors (e-mail address, bearer token, JWT, phone number, URL user info, an e-mail address in a
/// URL's query) need no vocabulary. Which query keys carry credentials, and which value marks one as already
/// redacted, is what the registry says (`SensitiveVocabulary`: the `url.full` / `url.query` notes of the semantic
/// conventions plus `registry_policy.sensitive_query_keys`); the detector is built once per registry. Keys match
/// ignoring ASCII case and percent-encoding (`%73ig`, `SIG`): the notes ask instrumentations to redact
/// case-sensitively, but a detector looking for leaked credentials treats `SIG=...` like `sig=...`.
///
/// Everything runs on the value's UTF-8 bytes: no `String`, no allocation, no Foundation.
public struct ValueDetector: Sendable {
    /// Sensitive query keys, lowercased.
    private let queryKeys: ByteTable
    private let longestKey: Int
    private let keyShapes: KeyShapes
    /// The redaction placeholder (`REDACTED`); empty when the registry prescribes none.
    private let placeholder: [UInt8]

    /// A detector for a registry's vocabulary; without one, only the structural detectors.
    public init(vocabulary: SensitiveVocabulary = SensitiveVocabulary()) {
        let keys = Set(vocabulary.queryKeys.map { Self.lowercasedASCII($0) }.filter { !$0.isEmpty })
        let table = ByteTable(capacity: keys.count)
        for (i, key) in keys.sorted().enumerated() { table.insert(key, i) }
        queryKeys = table
        longestKey = keys.map(\.utf8.count).max() ?? 0
        keyShapes = KeyShapes(keys)
        placeholder = Array((vocabulary.redactedValue ?? "").utf8)
    }

    /// The detector for `registry`'s sensitive-value vocabulary.
    public init(registry: Registry) { self.init(vocabulary: registry.policy.sensitiveValues) }

    private static func lowercasedASCII(_ s: String) -> String {
        String(decoding: s.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// What `value` looks like, when it looks sensitive (see `detect(_:)` on bytes).
    public func detect(_ value: String) -> String? {
        var copy = value
        return copy.withUTF8 { detect(UnsafeRawBufferPointer($0)) }
    }

    /// What a string looks like, when it looks sensitive: "an e-mail address", "a URL with user credentials", ...
    public func detect(_ p: UnsafeRawBufferPointer) -> String? {
        let n = p.count
        guard n >= 6, let base = p.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        if Self.isPlainWordOrID(base, n) { return nil }
        // One pass: the classes present (OR) and the digits, dots and separators counted (one tally word, a
        // 21-bit field each, summed per chunk of at most 2^20 bytes so no field overflows).
        let table = Self.classTable, tallies = Self.tallyTable
        var mask: UInt16 = 0
        var digits = 0, dots = 0, separators = 0
        var chunk = 0
        while chunk < n {
            let end = min(n, chunk &+ (1 << 20))
            var tally: UInt64 = 0
            for i in chunk..<end {
                let c = Int(base[i])
                mask |= table[c]
                tally &+= tallies[c]
            }
            digits &+= Int(tally & 0x1F_FFFF)
            dots &+= Int((tally >> 21) & 0x1F_FFFF)
            separators &+= Int(tally >> 42)
            chunk = end
        }
        let strong = mask & (Self.atSign | Self.colon | Self.space | Self.plusParen) != 0
        let relativeURL = base[0] == 0x2F && mask & Self.question != 0
        // Plain words, ids, hex and numbers: nothing to look at.
        if !strong && !relativeURL && mask & Self.letter != 0 && mask & Self.dot == 0 { return nil }
        if mask & Self.colon != 0 || relativeURL,
           let what = urlFinding(p, relative: relativeURL, mayHoldEmail: mask & (Self.atSign | Self.percent) != 0) {
            return what == .clean ? nil : what.description
        }
        if mask & Self.atSign != 0, Self.isEmail(p) { return "an e-mail address" }
        if n > 7, mask & Self.space != 0, Self.containsBearer(p) { return "a bearer token" }
        // Versions, dates and plain numbers.
        if !strong && !relativeURL && dots < 2 && separators < 2 { return nil }
        if n > 20, dots >= 2, Self.containsJWT(p) { return "a JWT" }
        if digits >= 8, mask & Self.plusParen != 0 || (mask & Self.letter == 0 && dots == 0 && separators >= 2),
           Self.containsPhone(p) {
            return "a phone number"
        }
        return nil
    }

    /// What the URLs in a value show.
    enum URLFinding: Equatable, CustomStringConvertible {
        /// The value holds URLs, none sensitive (the other detectors do not look at it).
        case clean
        case credentialsInQuery, userInfo

        var description: String {
            switch self {
            case .clean: "nothing"
            case .credentialsInQuery: "a URL whose query carries credentials or an e-mail address"
            case .userInfo: "a URL with user credentials"
            }
        }
    }

    /// Looks at every `scheme://` URL in the value (up to the first byte that ends a URL in text) and, for a value
    /// starting with `/`, at the value as a relative reference. Nil when the value holds no URL.
    /// `mayHoldEmail`: whether the value has an `@` or a `%` at all.
    func urlFinding(_ p: UnsafeRawBufferPointer, relative: Bool, mayHoldEmail: Bool) -> URLFinding? {
        var found: URLFinding?
        if relative {
            let parts = URLBytes.parts(p, authorityStart: 0, relative: true)
            if hasSensitivePair(p, parts, mayHoldEmail: mayHoldEmail) { return .credentialsInQuery }
            found = .clean
        }
        var from = 0
        while let start = URLBytes.nextAuthority(p, from: from) {
            let parts = URLBytes.parts(p, authorityStart: start)
            if hasSensitivePair(p, parts, mayHoldEmail: mayHoldEmail) { return .credentialsInQuery }
            if hasUserInfo(p, parts.authority) { return .userInfo }
            found = .clean
            from = max(parts.end, start)
        }
        return found
    }

    /// A query or fragment pair whose key is a sensitive key with a real value (not empty, not the placeholder), or
    /// whose value holds an e-mail address (percent-decoded).
    private func hasSensitivePair(_ p: UnsafeRawBufferPointer, _ parts: URLBytes.Parts, mayHoldEmail: Bool) -> Bool {
        func sensitive(_ key: Range<Int>, _ value: Range<Int>?) -> Bool {
            guard let value, !value.isEmpty else { return false }
            if isSensitiveKey(p, key), !isPlaceholder(p, value) { return true }
            return mayHoldEmail && Self.holdsEmail(p, value)
        }
        if let query = parts.query, URLBytes.firstPair(p, in: query, where: sensitive) { return true }
        if let fragment = parts.fragment, URLBytes.firstPair(p, in: fragment, where: sensitive) { return true }
        return false
    }

    private func isSensitiveKey(_ p: UnsafeRawBufferPointer, _ key: Range<Int>) -> Bool {
        guard longestKey > 0, !key.isEmpty, key.count <= 3 * longestKey else { return false }
        // Most keys are plain: their length and first letter rule them out without decoding or hashing.
        if key.count < 64, !keyShapes.mayMatch(length: key.count, first: p[key.lowerBound]), !p[key].contains(0x25) {
            return false
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: longestKey) { buffer in
            guard let base = buffer.baseAddress,
                  let n = URLBytes.percentDecode(p, key, into: base, capacity: longestKey, lowercase: true)
            else { return false }
            return queryKeys.lookup(UnsafeRawBufferPointer(start: base, count: n)) != nil
        }
    }

    private func isPlaceholder(_ p: UnsafeRawBufferPointer, _ value: Range<Int>) -> Bool {
        guard !placeholder.isEmpty, value.count == placeholder.count else { return false }
        return placeholder.withUnsafeBytes { memcmp($0.baseAddress!, p.baseAddress! + value.lowerBound, value.count) == 0 }
    }

    /// `user:password@` in an authority, unless both parts are the redaction placeholder (`REDACTED:REDACTED@`).
    private func hasUserInfo(_ p: UnsafeRawBufferPointer, _ authority: Range<Int>) -> Bool {
        var colon = -1, i = authority.lowerBound
        while i < authority.upperBound {
            let c = p[i]
            if c == 0x3A, colon < 0 { colon = i }
            if c == 0x40 {
                guard colon >= 0, i > authority.lowerBound else { return false }
                return !(isPlaceholder(p, authority.lowerBound..<colon) && isPlaceholder(p, (colon + 1)..<i))
            }
            i &+= 1
        }
        return false
    }

    /// Whether a query value, percent-decoded, holds an e-mail address (`jo%40example.com`).
    private static func holdsEmail(_ p: UnsafeRawBufferPointer, _ value: Range<Int>) -> Bool {
        var at = false, i = value.lowerBound
        while i < value.upperBound, !at {
            at = p[i] == 0x40 || p[i] == 0x25 && i &+ 2 < value.upperBound && p[i &+ 1] == 0x34 && p[i &+ 2] == 0x30
            i &+= 1
        }
        guard at else { return false }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: value.count) { buffer in
            guard let base = buffer.baseAddress,
                  let n = URLBytes.percentDecode(p, value, into: base, capacity: value.count) else { return false }
            return isEmail(UnsafeRawBufferPointer(start: base, count: n))
        }
    }

    /// Which (length, first byte) pairs the sensitive keys have: per length below 64, a 128-bit set of lowercased
    /// first bytes (ASCII; a non-ASCII first byte always "may match").
    struct KeyShapes: Sendable {
        private var bits = [(UInt64, UInt64)](repeating: (0, 0), count: 64)

        init(_ lowercasedKeys: Set<String>) {
            for key in lowercasedKeys {
                let b = Array(key.utf8)
                guard b.count < 64 else { continue }  // longer keys always take the full lookup
                if b[0] < 64 { bits[b.count].0 |= 1 << UInt64(b[0]) } else if b[0] < 128 { bits[b.count].1 |= 1 << UInt64(b[0] - 64) }
            }
        }

        @inline(__always) func mayMatch(length: Int, first: UInt8) -> Bool {
            let c = first >= 0x41 && first <= 0x5A ? first | 0x20 : first
            if c >= 128 { return true }
            let (low, high) = bits[length]
            return c < 64 ? low & (1 << UInt64(c)) != 0 : high & (1 << UInt64(c - 64)) != 0
        }
    }

    // MARK: structural detectors

    /// Byte classes for the detectors' single pass (written once at first use, read-only afterwards).
    nonisolated(unsafe) static let classTable: UnsafePointer<UInt16> = {
        let t = UnsafeMutablePointer<UInt16>.allocate(capacity: 256)
        t.initialize(repeating: 0, count: 256)
        for c in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(c)] = letter }
        for c in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(c)] = letter }
        for c in 0x80...0xFF { t[c] = letter }
        t[0x40] = atSign; t[0x3F] = question; t[0x20] = space; t[0x3A] = colon; t[0x2B] = plusParen
        t[0x28] = plusParen; t[0x2D] = dash; t[0x29] = dash; t[0x2E] = dot; t[0x25] = percent
        return UnsafePointer(t)
    }()
    /// Per byte, what it adds to the tally of `detect`: 1 for a digit, 1 << 21 for a dot, 1 << 42 for a separator
    /// (space, dash, parenthesis).
    nonisolated(unsafe) static let tallyTable: UnsafePointer<UInt64> = {
        let t = UnsafeMutablePointer<UInt64>.allocate(capacity: 256)
        t.initialize(repeating: 0, count: 256)
        for c in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(c)] = 1 }
        t[0x2E] = 1 << 21
        for c in [0x20, 0x2D, 0x28, 0x29] { t[c] = 1 << 42 }
        return UnsafePointer(t)
    }()
    static let letter: UInt16 = 1, atSign: UInt16 = 2, question: UInt16 = 4, space: UInt16 = 8, colon: UInt16 = 16
    static let plusParen: UInt16 = 32, dash: UInt16 = 64, dot: UInt16 = 128, percent: UInt16 = 256

    /// Eight bytes at a time: whether every byte is a digit, a dash, or at least 0x41 (letters, `_`, non-ASCII),
    /// with at least one of the latter unless there is no dash. No detector can fire on such a value: e-mail, URL,
    /// bearer, JWT and `+`/`(` phone numbers need a byte outside that set, and a whole-value phone number needs
    /// digits and separators only.
    @inline(__always) static func isPlainWordOrID(_ base: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let high: UInt64 = 0x8080_8080_8080_8080
        var wordy: UInt64 = 0, dashes: UInt64 = 0
        // Eight bytes a step; the last step reads the final eight bytes (overlapping the previous step) and a value
        // under eight bytes is read as two overlapping halves: classes only accumulate, so bytes read twice are fine.
        if n >= 8 {
            var i = 0
            while true {
                let at = i < n &- 8 ? i : n &- 8
                let w = UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self)
                guard plainBytes(w, wordy: &wordy, dashes: &dashes) else { return false }
                i &+= 8
                if i >= n { break }
            }
        } else if n >= 4 {
            let w = UInt64(UnsafeRawPointer(base).loadUnaligned(as: UInt32.self))
                | UInt64(UnsafeRawPointer(base + (n &- 4)).loadUnaligned(as: UInt32.self)) << 32
            guard plainBytes(w, wordy: &wordy, dashes: &dashes) else { return false }
        } else {
            for i in 0..<n {
                guard plainBytes(UInt64(base[i]) &* 0x0101_0101_0101_0101, wordy: &wordy, dashes: &dashes) else {
                    return false
                }
            }
        }
        // Digits and dashes only could be a phone number (202-555-0143); digits only cannot.
        return wordy & high != 0 || dashes & high == 0
    }

    /// `isPlainWordOrID` on eight bytes: false when one is not a digit, a dash or at least 0x41; else accumulates
    /// the high bit of each byte that is at least 0x41 into `wordy` and of each dash into `dashes`.
    @inline(__always) private static func plainBytes(_ w: UInt64, wordy: inout UInt64, dashes: inout UInt64) -> Bool {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, high: UInt64 = 0x8080_8080_8080_8080
        let w7 = w & low7
        // Per byte, exactly (no carries cross bytes on 7-bit values): >= 0x41, a digit, a dash, non-ASCII.
        let upper = (w7 &+ 0x3F3F_3F3F_3F3F_3F3F) | w
        let digit = (w7 &+ 0x5050_5050_5050_5050) & ~(w7 &+ 0x4646_4646_4646_4646)
        let x = w ^ 0x2D2D_2D2D_2D2D_2D2D
        let dash = ~((((x & low7) &+ low7) | x))
        if (upper | digit | dash) & high != high { return false }
        wordy |= upper
        dashes |= dash
        return true
    }

    /// `Bearer <token>` anywhere (case-insensitive), the token at least 8 bytes. Looked for at each space (`memchr`):
    /// the six bytes before it must spell `bearer`.
    static func containsBearer(_ p: UnsafeRawBufferPointer) -> Bool {
        guard p.count > 15 else { return false }
        var s = 6
        while let space = URLBytes.nextByte(0x20, in: p, from: s, to: p.count &- 1) {
            let i = space &- 6
            if p[i] | 0x20 == 0x62, p[i &+ 1] | 0x20 == 0x65, p[i &+ 2] | 0x20 == 0x61, p[i &+ 3] | 0x20 == 0x72,
               p[i &+ 4] | 0x20 == 0x65, p[i &+ 5] | 0x20 == 0x72, i == 0 || !isWordByte(p[i &- 1]) {
                var j = space &+ 1
                while j < p.count, isTokenByte(p[j]) { j &+= 1 }
                if j &- (space &+ 1) >= 8 { return true }
            }
            s = space &+ 1
        }
        return false
    }

    /// `eyJ<b64url>.<b64url>.<b64url>` anywhere.
    static func containsJWT(_ p: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i + 3 < p.count {
            if p[i] == 0x65, p[i + 1] == 0x79, p[i + 2] == 0x4A, i == 0 || !isWordByte(p[i - 1]) {
                var j = i, parts = 1, partLen = 0, ok = true
                while j < p.count {
                    let c = p[j]
                    if c == 0x2E { if partLen == 0 { ok = false; break }; parts += 1; partLen = 0 }
                    else if isWordByte(c) || c == 0x2D { partLen += 1 }
                    else { break }
                    j += 1
                }
                if ok, parts == 3, partLen > 0 { return true }
            }
            i += 1
        }
        return false
    }

    /// A phone-number-like run: `+` then 8 to 15 digits with spaces, dashes, dots or parentheses; or a whole value
    /// of 10+ digits grouped by separators.
    static func containsPhone(_ p: UnsafeRawBufferPointer) -> Bool {
        guard let base = p.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        let n = p.count
        if hasPhoneRun(p, after: 0x2B) || hasPhoneRun(p, after: 0x28) { return true }
        // Whole value: (202) 555-0143, 202-555-0143.
        var digits = 0, seps = 0
        for k in 0..<n {
            let c = base[k]
            if c >= 0x30 && c <= 0x39 { digits &+= 1 } else if c == 0x20 || c == 0x2D || c == 0x28 || c == 0x29 { seps &+= 1 } else { return false }
        }
        return digits >= 10 && digits <= 15 && seps >= 2 && !isDateOrNumericID(p)
    }

    /// Whether a `lead` byte (`+` or `(`, found with `memchr`) not preceded by a word byte starts a phone-number run:
    /// 8 to 15 digits with spaces, dashes and parentheses, ending the word; after `(`, with two separators or more.
    private static func hasPhoneRun(_ p: UnsafeRawBufferPointer, after lead: UInt8) -> Bool {
        guard let base = p.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        let n = p.count
        var from = 0
        while let i = URLBytes.nextByte(lead, in: p, from: from, to: n) {
            from = i &+ 1
            guard i == 0 || !isWordByte(base[i &- 1]) else { continue }
            var j = i &+ 1, digits = 0, seps = 0
            while j < n {
                let d = base[j]
                if d >= 0x30 && d <= 0x39 { digits &+= 1 } else if d == 0x20 || d == 0x2D || d == 0x28 || d == 0x29 { seps &+= 1 } else { break }
                j &+= 1
            }
            if digits >= 8, digits <= 15, j == n || !isWordByte(base[j]) || base[j] == 0x2E {
                if lead == 0x2B || seps >= 2 { return true }
            }
        }
        return false
    }

    /// Whether a value of digits and separators only is a date or a numeric id rather than a phone number written
    /// without `+` or `(`: a date or an id with a year prefix (`2026-03-01`, `2026-03-01-123456`, `01-03-2026 0930`),
    /// an ISBN-13 with a valid check digit (`978-3-16-148410-0`), the digits-only groups of a UUID (`8-4-4-4-12`, a
    /// run of at least three), a one-digit group anywhere but first (ISBN groups, `000123-0-12345678`; dialled
    /// numbers group their digits in twos to fours after the country or trunk prefix), or a leading `000` (no
    /// dialling prefix is followed by a zero: `00` then a country code 1–9).
    static func isDateOrNumericID(_ p: UnsafeRawBufferPointer) -> Bool {
        // Digit groups: (start, length), and whether every separator run is one dash.
        var groups: [(start: Int, length: Int)] = []
        var dashesOnly = true
        var i = 0
        while i < p.count {
            if p[i] >= 0x30 && p[i] <= 0x39 {
                let start = i
                while i < p.count, p[i] >= 0x30 && p[i] <= 0x39 { i += 1 }
                groups.append((start, i - start))
            } else {
                let start = i
                while i < p.count, !(p[i] >= 0x30 && p[i] <= 0x39) { i += 1 }
                if i - start != 1 || p[start] != 0x2D { dashesOnly = false }
            }
        }
        guard let first = groups.first else { return false }
        func number(_ g: (start: Int, length: Int)) -> Int {
            var n = 0
            for k in g.start..<(g.start + g.length) { n = n * 10 + Int(p[k] &- 0x30) }
            return n
        }
        func isYear(_ g: (start: Int, length: Int)) -> Bool { g.length == 4 && (1900...2099).contains(number(g)) }
        // A year first, or a date (year-month-day, day-month-year) among the groups.
        if isYear(first), p.count > first.length, p[first.length] == 0x2D { return true }
        if groups.count >= 3 {
            for k in 0...(groups.count - 3) {
                let (a, b, c) = (groups[k], groups[k + 1], groups[k + 2])
                if isYear(a), b.length <= 2, c.length <= 2, (1...12).contains(number(b)), (1...31).contains(number(c)) { return true }
                if isYear(c), a.length <= 2, b.length <= 2, (1...31).contains(number(a)), (1...12).contains(number(b)) { return true }
            }
        }
        if groups.dropFirst().contains(where: { $0.length == 1 }) { return true }
        if first.length >= 3, p[0] == 0x30, p[1] == 0x30, p[2] == 0x30 { return true }
        // ISBN-13: 978/979, weights 1 and 3, the sum a multiple of 10.
        var digits: [Int] = []
        for g in groups { for k in g.start..<(g.start + g.length) { digits.append(Int(p[k] &- 0x30)) } }
        if digits.count == 13, digits[0] == 9, digits[1] == 7, digits[2] == 8 || digits[2] == 9 {
            var sum = 0
            for (k, d) in digits.enumerated() { sum += k % 2 == 0 ? d : 3 * d }
            if sum % 10 == 0 { return true }
        }
        // A run of UUID groups (8-4-4-4-12) of at least three, dash-separated.
        if dashesOnly, groups.count >= 3 {
            let layout = [8, 4, 4, 4, 12]
            let lengths = groups.map(\.length)
            for offset in 0...(layout.count - 1) where offset + lengths.count <= layout.count {
                if Array(layout[offset..<(offset + lengths.count)]) == lengths { return true }
            }
        }
        return false
    }

    @inline(__always) static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || c == 0x5F
    }

    @inline(__always) static func isTokenByte(_ c: UInt8) -> Bool {
        isWordByte(c) || c == 0x2D || c == 0x2E || c == 0x7E || c == 0x2B || c == 0x2F || c == 0x3D
    }

    /// `local@domain.tld` anywhere in the string (a word).
    static func isEmail(_ p: UnsafeRawBufferPointer) -> Bool {
        func isLocal(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || c == 0x2E || c == 0x5F || c == 0x2D || c == 0x2B || c == 0x25
        }
        var i = 0
        while i < p.count {
            if p[i] == 0x40, i > 0, isLocal(p[i - 1]) {
                var j = i + 1, dot = -1
                while j < p.count, isLocal(p[j]) && p[j] != 0x2B && p[j] != 0x25 { if p[j] == 0x2E { dot = j }; j += 1 }
                if dot > i + 1, j - dot > 2 { return true }
            }
            i += 1
        }
        return false
    }

    /// A value shown in a report without revealing it: its first two characters and its length.
    public static func mask(_ value: String) -> String {
        let chars = Array(value)
        if chars.count <= 4 { return "'***' (\(chars.count) characters)" }
        return "'\(String(chars.prefix(2)))***' (\(chars.count) characters)"
    }
}
