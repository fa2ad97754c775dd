import SemConvModel

/// Value detectors for personal data and credentials in any string, and masking for reports.
enum ValueDetectors {
    /// What a string looks like, when it looks sensitive.
    /// Byte classes for the detectors' single pass (written once at first use, read-only afterwards).
    nonisolated(unsafe) static let classTable: UnsafePointer<UInt8> = {
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        t.initialize(repeating: 0, count: 256)
        for c in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(c)] = letter }
        for c in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(c)] = letter }
        for c in 0x80...0xFF { t[c] = letter }
        t[0x40] = atSign; t[0x3F] = question; t[0x20] = space; t[0x3A] = colon; t[0x2B] = plusParen
        t[0x28] = plusParen; t[0x2D] = dash; t[0x29] = dash; t[0x2E] = dot
        return UnsafePointer(t)
    }()
    static let letter: UInt8 = 1, atSign: UInt8 = 2, question: UInt8 = 4, space: UInt8 = 8, colon: UInt8 = 16
    static let plusParen: UInt8 = 32, dash: UInt8 = 64, dot: UInt8 = 128

    /// What a string looks like, when it looks sensitive.
    static func detect(_ p: UnsafeRawBufferPointer) -> String? {
        let n = p.count
        guard n >= 6, let base = p.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        if isPlainWordOrID(base, n) { return nil }
        let table = classTable
        var mask: UInt8 = 0
        for i in 0..<n { mask |= table[Int(base[i])] }
        // Plain words, ids, hex and numbers: nothing to look at.
        if mask & (atSign | colon | space | plusParen | dot | dash) == 0 { return nil }
        if mask & (atSign | colon | space | plusParen) == 0 && mask & letter != 0 && mask & dot == 0 { return nil }
        var digits = 0, dots = 0, separators = 0
        for i in 0..<n {
            let c = base[i]
            digits &+= (c &- 0x30) < 10 ? 1 : 0
            dots &+= c == 0x2E ? 1 : 0
            separators &+= (c == 0x20 || c == 0x2D || c == 0x28 || c == 0x29) ? 1 : 0
        }
        if mask & (atSign | colon | space | plusParen) == 0 && dots < 2 && separators < 2 { return nil }
        let hasScheme = mask & colon != 0 && containsScheme(p)
        let hasQuery = mask & question != 0
        let spaces = mask & space != 0 ? 1 : 0
        let phoneStart = mask & plusParen != 0
        let letters = mask & letter != 0 ? 1 : 0
        let at = mask & atSign != 0 ? 1 : -1
        if hasScheme {
            if hasQuery, urlQueryIsSensitive(p) { return "a URL whose query carries credentials or an e-mail address" }
            if urlHasUserInfo(p) { return "a URL with user credentials" }
            return nil
        }
        if at > 0, isEmail(p) { return "an e-mail address" }
        if n > 7, spaces > 0, containsBearer(p) { return "a bearer token" }
        if n > 20, dots >= 2, containsJWT(p) { return "a JWT" }
        if digits >= 8, phoneStart || (letters == 0 && dots == 0 && separators >= 2), containsPhone(p) {
            return "a phone number"
        }
        return nil
    }

    /// Eight bytes at a time: whether every byte is a digit, a dash, or at least 0x41 (letters, `_`, non-ASCII),
    /// with at least one of the latter unless there is no dash. No detector can fire on such a value: e-mail, URL, bearer, JWT and
    /// `+`/`(` phone numbers need a byte outside that set, and a whole-value phone number needs digits and
    /// separators only.
    @inline(__always) static func isPlainWordOrID(_ base: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, high: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        var wordy: UInt64 = 0, dashes: UInt64 = 0
        while i &+ 8 <= n {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let w7 = w & low7
            // Per byte, exactly (no carries cross bytes on 7-bit values): >= 0x41, a digit, a dash, non-ASCII.
            let upper = (w7 &+ 0x3F3F_3F3F_3F3F_3F3F) | w
            let digit = (w7 &+ 0x5050_5050_5050_5050) & ~(w7 &+ 0x4646_4646_4646_4646)
            let x = w ^ 0x2D2D_2D2D_2D2D_2D2D
            let dash = ~((((x & low7) &+ low7) | x))
            if (upper | digit | dash) & high != high { return false }
            wordy |= upper
            dashes |= dash
            i &+= 8
        }
        while i < n {
            let c = base[i]
            if c >= 0x41 { wordy |= high } else if c == 0x2D { dashes |= high } else if (c &- 0x30) >= 10 { return false }
            i &+= 1
        }
        // Digits and dashes only could be a phone number (202-555-0143); digits only cannot.
        return wordy & high != 0 || dashes & high == 0
    }

    /// `scheme://user:password@host`: an `@` in the authority (before the first `/`, `?` or `#` after `://`).
    static func urlHasUserInfo(_ p: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i + 2 < p.count, !(p[i] == 0x3A && p[i + 1] == 0x2F && p[i + 2] == 0x2F) { i += 1 }
        guard i + 2 < p.count else { return false }
        var j = i + 3
        var colon = false
        while j < p.count {
            let c = p[j]
            if c == 0x2F || c == 0x3F || c == 0x23 || c == 0x20 { return false }
            if c == 0x3A { colon = true }
            if c == 0x40 { return colon && j > i + 3 }
            j += 1
        }
        return false
    }

    static func containsScheme(_ p: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i + 2 < p.count {
            if p[i] == 0x3A, p[i + 1] == 0x2F, p[i + 2] == 0x2F { return true }
            i += 1
        }
        return false
    }

    /// `Bearer <token>` anywhere (case-insensitive).
    static func containsBearer(_ p: UnsafeRawBufferPointer) -> Bool {
        let word = Array("bearer ".utf8)
        guard p.count > word.count + 8 else { return false }
        var i = 0
        while i + word.count < p.count {
            if p[i] | 0x20 == 0x62, (i == 0 || !isWordByte(p[i - 1])) {
                var k = 1
                while k < word.count, p[i + k] | 0x20 == word[k] | 0x20 { k += 1 }
                if k == word.count {
                    var j = i + k, len = 0
                    while j < p.count, isTokenByte(p[j]) { j += 1; len += 1 }
                    if len >= 8 { return true }
                }
            }
            i += 1
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
        var i = 0
        while i < p.count {
            let c = p[i]
            if (c == 0x2B || c == 0x28) && (i == 0 || !isWordByte(p[i - 1])) {
                var j = i + 1, digits = 0, seps = 0
                while j < p.count {
                    let d = p[j]
                    if d >= 0x30 && d <= 0x39 { digits += 1 } else if d == 0x20 || d == 0x2D || d == 0x28 || d == 0x29 { seps += 1 } else { break }
                    j += 1
                }
                if digits >= 8, digits <= 15, j == p.count || !isWordByte(p[j]) || p[j] == 0x2E {
                    if c == 0x2B || seps >= 2 { return true }
                }
            }
            i += 1
        }
        // Whole value: (202) 555-0143, 202-555-0143.
        var digits = 0, seps = 0, other = 0
        for c in p {
            if c >= 0x30 && c <= 0x39 { digits += 1 } else if c == 0x20 || c == 0x2D || c == 0x28 || c == 0x29 { seps += 1 } else { other += 1 }
        }
        return other == 0 && digits >= 10 && digits <= 15 && seps >= 2 && !(p.count == 10 && p[4] == 0x2D)
    }

    @inline(__always) static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || c == 0x5F
    }

    @inline(__always) static func isTokenByte(_ c: UInt8) -> Bool {
        isWordByte(c) || c == 0x2D || c == 0x2E || c == 0x7E || c == 0x2B || c == 0x2F || c == 0x3D
    }

    static func startsWithIgnoringCase(_ p: UnsafeRawBufferPointer, _ s: String) -> Bool {
        let b = Array(s.utf8)
        guard p.count >= b.count else { return false }
        for k in 0..<b.count where p[k] | 0x20 != b[k] | 0x20 { return false }
        return true
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

    static let sensitiveParams: Set<String> = [
        "token", "access_token", "id_token", "refresh_token", "auth", "authorization", "apikey", "api_key", "key",
        "password", "passwd", "pwd", "secret", "client_secret", "session", "sessionid", "sig", "signature", "email",
        "mail", "e-mail", "code", "jwt",
    ]

    static func urlQueryIsSensitive(_ p: UnsafeRawBufferPointer) -> Bool {
        let s = String(decoding: p, as: UTF8.self)
        guard let q = s.firstIndex(of: "?") else { return false }
        let query = s[s.index(after: q)...].split(separator: "#", maxSplits: 1).first ?? ""
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let name = parts.first.map { String($0).lowercased() } ?? ""
            let value = parts.count > 1 ? String(parts[1]) : ""
            if sensitiveParams.contains(name) && !value.isEmpty { return true }
            let decoded = value.replacingOccurrences(of: "%40", with: "@").replacingOccurrences(of: "%40", with: "@")
            if decoded.contains("@"), Array(decoded.utf8).withUnsafeBytes({ isEmail($0) }) { return true }
        }
        return false
    }

    /// A value shown in a report without revealing it: its first two characters and its length.
    static func mask(_ value: String) -> String {
        let chars = Array(value)
        if chars.count <= 4 { return "'***' (\(chars.count) characters)" }
        return "'\(String(chars.prefix(2)))***' (\(chars.count) characters)"
    }
}
