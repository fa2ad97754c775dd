#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// URL parsing on raw UTF-8 bytes for the value detectors (RFC 3986 section 3 component boundaries; query pairs as
/// `application/x-www-form-urlencoded` writes them): no `String`, no allocation. Tested against Foundation's
/// `URLComponents`.
enum URLBytes {
    /// Where the components of one URL lie in a buffer, as byte offsets. `authority` is empty for a relative reference.
    struct Parts {
        var authority: Range<Int>
        /// Between `?` and `#` (or the end), without the `?`; nil when there is no `?`.
        var query: Range<Int>?
        /// After `#`, without it; nil when there is no `#`.
        var fragment: Range<Int>?
        /// Where the URL ends: the end of the buffer, or the first byte that cannot be part of a URL in text
        /// (space, control byte, `"`, `<`, `>`).
        var end: Int
    }

    /// Bytes that end a URL written inside free text.
    @inline(__always) static func endsURL(_ c: UInt8) -> Bool {
        c <= 0x20 || c == 0x22 || c == 0x3C || c == 0x3E || c == 0x7F
    }

    /// The offset just after the next `://` at or after `from`, or nil. Hops from colon to colon (`memchr`).
    static func nextAuthority(_ p: UnsafeRawBufferPointer, from: Int) -> Int? {
        var i = from
        while i &+ 2 < p.count, let colon = nextByte(0x3A, in: p, from: i, to: p.count &- 2) {
            if p[colon &+ 1] == 0x2F, p[colon &+ 2] == 0x2F { return colon &+ 3 }
            i = colon &+ 1
        }
        return nil
    }

    /// The offset of the first `byte` in `p[from..<end]`, or nil (`memchr`: many bytes a step).
    @inline(__always) static func nextByte(_ byte: UInt8, in p: UnsafeRawBufferPointer, from: Int, to end: Int) -> Int? {
        guard from < end, let base = p.baseAddress, let hit = memchr(base + from, Int32(byte), end &- from) else {
            return nil
        }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    /// The components of the URL whose authority starts at `authorityStart` (just after `://`), or of a relative
    /// reference starting at `authorityStart` when `relative` (no authority).
    static func parts(_ p: UnsafeRawBufferPointer, authorityStart: Int, relative: Bool = false) -> Parts {
        let n = p.count
        var i = authorityStart
        if !relative { i = nextStop(p, from: i, slash: true, query: true, fragment: true) }
        let authority = authorityStart..<(relative ? authorityStart : i)
        var query: Range<Int>?
        var queryStart = -1
        while true {
            i = nextStop(p, from: i, slash: false, query: queryStart < 0, fragment: true)
            guard i < n, !endsURL(p[i]) else { break }
            if p[i] == 0x3F {
                queryStart = i &+ 1
                i = queryStart
                continue
            }
            // '#'
            if queryStart >= 0 { query = queryStart..<i }
            let fragmentStart = i &+ 1
            let end = nextStop(p, from: fragmentStart, slash: false, query: false, fragment: false)
            return Parts(authority: authority, query: query, fragment: fragmentStart..<end, end: end)
        }
        if queryStart >= 0 { query = queryStart..<i }
        return Parts(authority: authority, query: query, fragment: nil, end: i)
    }

    /// The offset of the first byte at or after `from` that ends a URL in text (`endsURL`) or, where asked, is a
    /// `/`, `?` or `#`; `p.count` when there is none. Eight bytes a step (`stopBytes`), then byte by byte.
    @inline(__always) static func nextStop(_ p: UnsafeRawBufferPointer, from: Int, slash: Bool, query: Bool,
                                           fragment: Bool) -> Int {
        let n = p.count
        var i = from
        guard let base = p.baseAddress else { return n }
        while i &+ 8 <= n {
            let t = stopBytes(base.loadUnaligned(fromByteOffset: i, as: UInt64.self), slash: slash, query: query,
                              fragment: fragment)
            if t != 0 { return i &+ t.trailingZeroBitCount &>> 3 }
            i &+= 8
        }
        while i < n {
            let c = p[i]
            if endsURL(c) || (slash && c == 0x2F) || (query && c == 0x3F) || (fragment && c == 0x23) { return i }
            i &+= 1
        }
        return n
    }

    /// The high bit of each byte of the little-endian word `w` that `nextStop` stops at. Only the lowest flagged
    /// byte is certain (borrows spill upwards only), which is the one `nextStop` uses.
    @inline(__always) static func stopBytes(_ w: UInt64, slash: Bool, query: Bool, fragment: Bool) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        @inline(__always) func equal(_ byte: UInt64) -> UInt64 {
            let t = w ^ (byte &* ones)
            return (t &- ones) & ~t
        }
        // Below 0x21 (space and control bytes); bytes >= 0x80 are never flagged here.
        var hits = (w &- 0x21 &* ones) & ~w
        hits |= equal(0x22) | equal(0x3C) | equal(0x3E) | equal(0x7F)
        if slash { hits |= equal(0x2F) }
        if query { hits |= equal(0x3F) }
        if fragment { hits |= equal(0x23) }
        return hits & 0x8080_8080_8080_8080
    }

    /// Calls `body` with the key and value ranges of each `&`-separated pair in `range` (the value nil when the pair
    /// has no `=`), until `body` returns true; returns whether it did. An empty range has no pairs. `&amp;` (an
    /// HTML-escaped separator, common in URLs copied from pages) separates pairs too.
    static func firstPair(_ p: UnsafeRawBufferPointer, in range: Range<Int>,
                          where body: (Range<Int>, Range<Int>?) -> Bool) -> Bool {
        guard !range.isEmpty else { return false }
        var start = range.lowerBound
        while true {
            var i = start, equals = -1
            while i < range.upperBound, p[i] != 0x26 {
                if p[i] == 0x3D, equals < 0 { equals = i }
                i &+= 1
            }
            let found = equals < 0 ? body(start..<i, nil) : body(start..<equals, (equals &+ 1)..<i)
            if found { return true }
            if i >= range.upperBound { return false }
            start = i &+ 1
            if htmlEscapedAmpersand(p, at: start, end: range.upperBound) { start &+= 4 }
        }
    }

    /// Whether `amp;` follows at `i` (the rest of an `&amp;`).
    @inline(__always) static func htmlEscapedAmpersand(_ p: UnsafeRawBufferPointer, at i: Int, end: Int) -> Bool {
        i &+ 4 <= end && p[i] == 0x61 && p[i &+ 1] == 0x6D && p[i &+ 2] == 0x70 && p[i &+ 3] == 0x3B
    }

    @inline(__always) static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c &- 0x30
        case 0x41...0x46: c &- 0x37
        case 0x61...0x66: c &- 0x57
        default: nil
        }
    }

    /// `p[range]` percent-decoded into `out` (`%41` -> `A`; a `%` not followed by two hex digits stays as it is;
    /// `+` stays `+`), ASCII letters lowered when `lowercase`. Returns the decoded length, or nil when it would
    /// exceed `capacity`.
    static func percentDecode(_ p: UnsafeRawBufferPointer, _ range: Range<Int>, into out: UnsafeMutablePointer<UInt8>,
                              capacity: Int, lowercase: Bool = false) -> Int? {
        var i = range.lowerBound, count = 0
        while i < range.upperBound {
            guard count < capacity else { return nil }
            var c = p[i]
            if c == 0x25, i &+ 2 < range.upperBound, let hi = hexValue(p[i &+ 1]), let lo = hexValue(p[i &+ 2]) {
                c = hi << 4 | lo
                i &+= 3
            } else {
                i &+= 1
            }
            if lowercase, c >= 0x41, c <= 0x5A { c |= 0x20 }
            out[count] = c
            count &+= 1
        }
        return count
    }
}
