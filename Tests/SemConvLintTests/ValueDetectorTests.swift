import Foundation
@testable import SemConvLint
import SemConvModel
import XCTest

/// The value detectors: every detector with values that trigger it and values that must not, the sensitive-value
/// vocabulary read from the registry (upstream's `url.full` / `url.query` notes, `registry_policy`), and the
/// byte-level URL query parser against Foundation's `URLComponents`.
final class ValueDetectorTests: XCTestCase {
    typealias T = TelemetryTestSupport

    static let upstreamKeys = ["AWSAccessKeyId", "Signature", "X-Goog-Signature", "sig"]

    /// The detector of the bundled registry, as `semconv lint` builds it.
    let bundled = ValueDetector(registry: T.registry)

    func assertFinds(_ what: String, in values: [String], by detector: ValueDetector? = nil,
                     file: StaticString = #filePath, line: UInt = #line) {
        for v in values {
            XCTAssertEqual((detector ?? bundled).detect(v), what, "value: \(v)", file: file, line: line)
        }
    }

    func assertClean(_ values: [String], by detector: ValueDetector? = nil, file: StaticString = #filePath, line: UInt = #line) {
        for v in values {
            XCTAssertNil((detector ?? bundled).detect(v), "value: \(v)", file: file, line: line)
        }
    }

    static let query = "a URL whose query carries credentials or an e-mail address"
    static let userInfo = "a URL with user credentials"

    // MARK: vocabulary from the registry

    func testBundledVocabularyHasUpstreamKeysFromTheNotesAndOurOwn() {
        let v = T.registry.policy.sensitiveValues
        XCTAssertEqual(v.redactedValue, "REDACTED")
        for key in Self.upstreamKeys + ["token", "access_token", "api_key", "password", "email", "X-Amz-Signature"] {
            XCTAssertTrue(v.queryKeys.contains(key), key)
        }
        XCTAssertEqual(v.queryKeys, v.queryKeys.sorted())
    }

    func testUpstreamRegistryAloneGivesItsNoteList() throws {
        let model = try SharedData.require(SharedData.upstreamModel, "the upstream registry (semantic-conventions v1.40.0)")
        let registry = RegistryLoader.load(roots: [model], checks: false).registry
        XCTAssertEqual(registry.policy.sensitiveValues, SensitiveVocabulary(queryKeys: Self.upstreamKeys, redactedValue: "REDACTED"))
        let upstream = ValueDetector(registry: registry)
        assertFinds(Self.query, in: ["https://x.example/a?sig=abc123", "https://x.example/a?X-Goog-Signature=00ff"], by: upstream)
        // Keys only our model adds are not upstream's.
        assertClean(["https://x.example/a?token=abc123", "https://x.example/a?sig=REDACTED"], by: upstream)
    }

    func testNoteListParsing() {
        let note = """
            Some text.

            Query string values for the following keys SHOULD be redacted by default and replaced by the
            value `HIDDEN`:

            * [`alpha`](https://example.com/a)
            * `Beta-Key`

            This list is subject to change over time.
            """
        let list = SensitiveVocabulary.redactionList(inNote: note)
        XCTAssertEqual(list?.keys, ["alpha", "Beta-Key"])
        XCTAssertEqual(list?.redactedValue, "HIDDEN")
        XCTAssertNil(SensitiveVocabulary.redactionList(inNote: "Sensitive content SHOULD be scrubbed."))
    }

    func testRegistryPolicyDeclaresExtraKeys() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("semconv-vocab-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try """
            groups:
              - id: registry.shop
                type: attribute_group
                brief: Shop.
                annotations:
                  registry_policy:
                    sensitive_query_keys: [voucher, Promo-Secret]
                attributes:
                  - id: shop.note
                    type: string
                    stability: development
                    brief: A note.
                    examples: ["x"]
            """.write(to: dir.appendingPathComponent("shop.yaml"), atomically: true, encoding: .utf8)
        let result = RegistryLoader.load(roots: [dir.path], checks: false)
        XCTAssertEqual(result.diagnostics.filter { $0.severity == .error }.map(\.message), [])
        XCTAssertEqual(result.registry.policy.sensitiveValues, SensitiveVocabulary(queryKeys: ["Promo-Secret", "voucher"]))
        let d = ValueDetector(registry: result.registry)
        assertFinds(Self.query, in: ["https://shop.example/c?voucher=X1", "https://shop.example/c?promo-secret=1"], by: d)
        // No note prescribes a placeholder here, so `REDACTED` is a value like any other.
        assertFinds(Self.query, in: ["https://shop.example/c?voucher=REDACTED"], by: d)
        assertClean(["https://shop.example/c?token=abc123"], by: d)
    }

    // MARK: URL query keys

    func testSensitiveQueryKeysWithRealValues() {
        assertFinds(Self.query, in: [
            "https://x.example/cb?token=secret123",
            "https://cdn.example.com/a.png?w=100&X-Amz-Signature=7f3a9c&X-Amz-Credential=REDACTED",
            "https://store.example/b?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1",
            "https://x.example/p?color=blue&sig=abc",
            // Percent-encoded and mixed-case keys.
            "https://x.example/p?%73ig=abc", "https://x.example/p?S%49G=abc", "https://x.example/p?SIG=abc",
            "https://x.example/p?Access_Token=abc", "https://x.example/p?x-goog-signature=00ff",
            // HTML-escaped separators, fragments (OAuth implicit flow), relative references, URLs inside text.
            "https://x.example/p?a=1&amp;token=abc", "https://app.example/cb#access_token=eyJx&token_type=bearer",
            "/v1/login?user=x&password=hunter2", "GET https://api.example.com/v1/x?api_key=abc -> 200",
            "from https://a.example/x?page=1 to https://b.example/y?token=abc",
            // An e-mail address in any query value, percent-encoded or not.
            "https://x.example/a?to=jo%40example.com", "https://x.example/a?to=jo@example.com",
        ])
    }

    func testRedactedOrBenignQueriesAreClean() {
        assertClean([
            // Exactly as the semantic conventions prescribe (case 11).
            "https://www.example.com/path?color=blue&sig=REDACTED",
            "https://cdn.example.com/a.png?w=100&X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED",
            "https://x.example/cb?token=REDACTED", "https://x.example/cb?%73ig=REDACTED#top",
            // Sensitive keys without a value, benign keys, keys that only contain a sensitive word.
            "https://x.example/cb?token=", "https://x.example/cb?token", "https://x.example/a?page=2&sort=asc",
            "https://x.example/a?tokenizer=bpe&signed=1&keyboard=de", "https://x.example/a?q=sig%3Dabc",
            "https://x.example/a#section-2", "https://x.example/a?q=a%40b", "/v1/products?page=2",
            "https://x.example/a?amp;token", "https://host.example:8443/@someone",
        ])
        // A placeholder is only the exact value.
        assertFinds(Self.query, in: ["https://x.example/cb?token=redacted", "https://x.example/cb?token=REDACTED1"])
    }

    func testUserInfo() {
        assertFinds(Self.userInfo, in: ["https://bob:hunter2@db.example/x", "ftp://REDACTED:pw@files.example/",
                                        "https://bob:REDACTED@db.example/", "see https://u:p@h.example/ now"])
        assertClean(["https://REDACTED:REDACTED@www.example.com/", "https://git@github.example/x",
                     "https://h.example/a?next=@x", "https://h.example/a@b:c"])
    }

    func testWithoutVocabularyOnlyStructuralDetectors() {
        let plain = ValueDetector()
        assertClean(["https://x.example/cb?token=secret123", "https://x.example/cb?sig=abc"], by: plain)
        assertFinds(Self.query, in: ["https://x.example/a?to=jo%40example.com"], by: plain)
        // Without a placeholder, redacted user info is still user info.
        assertFinds(Self.userInfo, in: ["https://REDACTED:REDACTED@www.example.com/"], by: plain)
    }

    // MARK: structural detectors

    func testEmail() {
        assertFinds("an e-mail address", in: ["jane@example.com", "mail jane.doe+x@mail.example.org now", "a_b@c-d.example"])
        assertClean(["@grafana/faro-web-sdk", "ping @bob.smith", "user@localhost", "x@y.z", "name@domain"])
    }

    func testBearer() {
        assertFinds("a bearer token", in: ["Bearer abcdefghijkl123", "authorization: bearer abc.def-ghi_jkl"])
        assertClean(["Bearer short", "the bearer of bad news", "Bearerabcdefghijkl123"])
    }

    func testJWT() {
        assertFinds("a JWT", in: ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc-def_ghi", "token eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbC"])
        assertClean(["eyJhbGciOiJIUzI1NiJ9", "eyJ.a.b", "keyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc"])
    }

    func testPhone() {
        assertFinds("a phone number", in: ["+1 202 555 0143", "call +49 30 1234567", "(202) 555-0143", "202-555-0143",
                                           "+1 (415) 555-0100"])
        assertClean(["2026-03-01", "1544712660300000000", "192.168.10.20", "2026-03-01 10:00:00", "1.2.3",
                     "00112233-4455-6677-8899-aabbccddeeff", "v+12"])
    }

    /// Dates, dashed ids with a year prefix, ISBN-13s and UUID groups are digits and separators like phone numbers
    /// written without `+` or `(`, and are not phone numbers.
    func testPhoneNotDatesOrNumericIDs() {
        assertFinds("a phone number", in: ["+1 415 555 0100", "(415) 555-0100", "+44 20 7946 0958", "0049 30 1234567",
                                           "1-800-555-0100", "020 7946 0958", "06 12 34 56 78", "415-555-0100"])
        assertClean(["2026-03-01-123456", "1999-12-31-000042", "2026-03-01 1234567", "01-03-2026-123456",
                     "31 12 1999 12345", "978-3-16-148410-0", "979-10-90636-07-1", "9783161484100", "978 3 16 148410 0",
                     "0-306-40615-2", "000123-0-12345678", "000123-1-87654321", "123456-0-12345678",
                     "1234-5678-9012", "5678-1234-123456789012"])
        // An ISBN-13 with a wrong check digit, grouped like a phone number, is still looked at as one.
        assertFinds("a phone number", in: ["978 316 148 4101"])
    }

    func testMask() {
        XCTAssertEqual(ValueDetector.mask("jane@example.com"), "'ja***' (16 characters)")
        XCTAssertEqual(ValueDetector.mask("abc"), "'***' (3 characters)")
    }

    // MARK: the whole rule, case 11

    func testCase11RedactedURLsAreCleanAndRealOnesAreErrors() throws {
        func line(_ url: String) -> String {
            OTLP.session("s1", event: "app.image.load", extra: [OTLP.attr("url.full", OTLP.s(url))])
        }
        let redacted = ["https://REDACTED:REDACTED@www.example.com/", "https://www.example.com/path?color=blue&sig=REDACTED",
                        "https://cdn.example.com/a.png?w=100&X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED",
                        "https://www.example.com/?token=REDACTED"]
        let start = OTLP.session("s1", event: "session.start")
        XCTAssertEqual(T.lint([start] + redacted.map(line)).diagnostics.map(\.rule), [])
        let real = ["https://bob:hunter2@www.example.com/", "https://www.example.com/path?color=blue&sig=abc123",
                    "https://cdn.example.com/a.png?w=100&X-Amz-Signature=7f3a&X-Amz-Credential=REDACTED",
                    "https://www.example.com/?token=abc123"]
        let found = T.lint([start] + real.map(line)).diagnostics
        XCTAssertEqual(found.map(\.rule), Array(repeating: "sensitive-value", count: 4))
        XCTAssertEqual(found.map(\.location.line), [2, 3, 4, 5])
        XCTAssertEqual(found.map(\.severity), Array(repeating: .error, count: 4))
        // The shared case's own input, when ../shared is there.
        let input = T.packageRoot.appendingPathComponent("../shared/cases/11-url-redacted-placeholder/redacted.ndjson").standardized
        guard FileManager.default.fileExists(atPath: input.path) else { return }
        XCTAssertEqual(Linter.run(paths: [input.path], options: T.options()).diagnostics.map(\.rule), [])
    }

    func testReportersMaskWithTheRegistryVocabulary() {
        let d = Diagnostic(.warning, rule: "x", message: "session 'https://x.example/?token=abc123' again",
                           at: SourceLocation(file: "f"))
        XCTAssertEqual(d.redacted(by: bundled).message, "session 'ht***' again")
        XCTAssertEqual(d.redacted().message, d.message)
        let clean = Diagnostic(.warning, rule: "x", message: "session 'https://x.example/?sig=REDACTED' again",
                               at: SourceLocation(file: "f"))
        XCTAssertEqual(clean.redacted(by: bundled), clean)
    }

    /// Arbitrary bytes rich in URL punctuation: no trap (debug builds check every buffer access), the same answer
    /// twice, and the clean-value memo answers exactly as the detector does.
    func testArbitraryValuesAgreeWithTheMemoAndNeverTrap() {
        var rng = SplitMix(seed: 7)
        let pieces = ["https://", "://", "?", "&", "&amp;", "=", "#", "@", ":", "%", "%7", "%73", "%40", "sig", "SIG",
                      "REDACTED", "token", "/", " ", "+1", "(", ")", "-", ".", "eyJ", "Bearer ", "a", "Z", "9", "é", "\u{0}"]
        let cache = CleanValueCache(detector: bundled)
        var flagged = 0
        for _ in 0..<5000 {
            let value = (0..<rng.next(24)).map { _ in pieces[rng.next(pieces.count)] }.joined()
            let direct = bundled.detect(value)
            XCTAssertEqual(bundled.detect(value), direct, value)
            var bytes = Array(value.utf8)
            for _ in 0..<2 {  // the second time from the memo when the value was clean
                XCTAssertEqual(bytes.withUnsafeMutableBytes { cache.detect(UnsafeRawBufferPointer($0)) }, direct, value)
            }
            flagged += direct == nil ? 0 : 1
        }
        XCTAssertGreaterThan(flagged, 20)
    }

    // MARK: byte-level query parser against Foundation

    /// The query pairs as the detector sees them (keys and values percent-decoded), or nil without a query.
    static func pairs(_ url: String) -> [(String, String?)]? {
        var bytes = Array(url.utf8)
        return bytes.withUnsafeMutableBytes { raw in
            let p = UnsafeRawBufferPointer(raw)
            guard let start = URLBytes.nextAuthority(p, from: 0) else { return nil }
            let parts = URLBytes.parts(p, authorityStart: start)
            guard let query = parts.query else { return nil }
            var result: [(String, String?)] = []
            func decoded(_ r: Range<Int>) -> String {
                var out = [UInt8](repeating: 0, count: r.count)
                let n = out.withUnsafeMutableBufferPointer { URLBytes.percentDecode(p, r, into: $0.baseAddress!, capacity: r.count) }!
                return String(decoding: out[..<n], as: UTF8.self)
            }
            _ = URLBytes.firstPair(p, in: query) { key, value in
                result.append((decoded(key), value.map(decoded)))
                return false
            }
            return result
        }
    }

    /// `URLBytes.parts` (eight bytes a step) against the byte-by-byte reading of RFC 3986 boundaries it replaced,
    /// on random text dense with the bytes it stops at, at every start and across word boundaries.
    func testURLPartsMatchTheByteByByteReading() {
        func reference(_ p: [UInt8], _ start: Int, relative: Bool) -> (Range<Int>, Range<Int>?, Range<Int>?, Int) {
            func ends(_ c: UInt8) -> Bool { c <= 0x20 || c == 0x22 || c == 0x3C || c == 0x3E || c == 0x7F }
            var i = start
            if !relative { while i < p.count, !(p[i] == 0x2F || p[i] == 0x3F || p[i] == 0x23 || ends(p[i])) { i += 1 } }
            let authority = start..<(relative ? start : i)
            var queryStart = -1
            while i < p.count, !ends(p[i]) {
                if p[i] == 0x23 {
                    let f = i + 1
                    var j = f
                    while j < p.count, !ends(p[j]) { j += 1 }
                    return (authority, queryStart >= 0 ? queryStart..<i : nil, f..<j, j)
                }
                if p[i] == 0x3F, queryStart < 0 { queryStart = i + 1 }
                i += 1
            }
            return (authority, queryStart >= 0 ? queryStart..<i : nil, nil, i)
        }
        var rng = SplitMix(seed: 7)
        let alphabet: [UInt8] = Array("ab/?#=&:%\"<> \u{7F}\t".utf8) + [0x00, 0xC3, 0xA9, 0x80, 0xFF, 0x21, 0x7E]
        for _ in 0..<3_000 {
            let bytes = (0..<rng.next(40)).map { _ in rng.next(3) == 0 ? alphabet[rng.next(alphabet.count)] : 0x61 }
            bytes.withUnsafeBytes { p in
                for start in 0...min(bytes.count, 9) {
                    for relative in [false, true] {
                        let parts = URLBytes.parts(p, authorityStart: start, relative: relative)
                        let expected = reference(bytes, start, relative: relative)
                        XCTAssertTrue(parts.authority == expected.0 && parts.query == expected.1
                                      && parts.fragment == expected.2 && parts.end == expected.3,
                                      "\(bytes) from \(start), relative \(relative)")
                    }
                }
            }
        }
    }

    func testQueryParserMatchesURLComponents() throws {
        var rng = SplitMix(seed: 42)
        let keys = "abcXYZ019_-.~".map { String($0) } + ["%73", "%41", "%20", "%3D", "%26", "+"]
        let values = keys + ["=", "?", "/", ":", "@", "%40", "%2F", "%25"]
        func word(_ alphabet: [String], max: Int) -> String {
            (0..<rng.next(max + 1)).map { _ in alphabet[rng.next(alphabet.count)] }.joined()
        }
        var compared = 0
        for _ in 0..<400 {
            let host = ["x.example", "bob:pw@h.example:8080", "[::1]", "h.example"][rng.next(4)]
            let path = ["", "/", "/a/b", "/a%20b/c.png"][rng.next(4)]
            var url = "https://\(host)\(path)"
            if rng.next(8) > 0 {
                let pairs = (0..<rng.next(6)).map { _ -> String in
                    let k = word(keys, max: 6)
                    switch rng.next(4) {
                    case 0: return k
                    case 1: return k + "="
                    default: return k + "=" + word(values, max: 10)
                    }
                }
                url += "?" + pairs.joined(separator: "&")
            }
            if rng.next(4) == 0 { url += "#" + word(values, max: 8) }
            guard let components = URLComponents(string: url) else { continue }
            compared += 1
            let expected = components.queryItems?.map { ($0.name, $0.value) }
            let actual = Self.pairs(url)
            XCTAssertEqual(actual?.map(\.0), expected?.map(\.0), url)
            XCTAssertEqual(actual?.map(\.1), expected?.map(\.1), url)
        }
        XCTAssertGreaterThan(compared, 300)
    }
}

extension SplitMix {
    /// A number in `0..<bound`.
    mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
