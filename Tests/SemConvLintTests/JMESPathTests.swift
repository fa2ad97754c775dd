import Foundation
import XCTest
@testable import SemConvLint

/// The JMESPath validator against the reference implementation, and the keys expressions read.
final class JMESPathTests: XCTestCase {
    /// Fixtures/JMESPath/differential.json: 450 expressions (the forms configs use, their near misses, random token
    /// sequences) with jmespath.py's verdict (`make_fixture.py`). Ours must agree on every one.
    func testValidatorAgreesWithTheReferenceImplementation() throws {
        struct Fixture: Decodable {
            struct Case: Decodable {
                var expression: String
                var valid: Bool
            }
            var cases: [Case]
        }
        let path = ConfigLintTests.packageRoot + "/Tests/SemConvLintTests/Fixtures/JMESPath/differential.json"
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(fixture.cases.count, 450)
        XCTAssertGreaterThan(fixture.cases.filter(\.valid).count, 150)
        XCTAssertGreaterThan(fixture.cases.filter { !$0.valid }.count, 150)
        for c in fixture.cases {
            let problem = JMESPath.validate(c.expression, dialect: .reference)
            XCTAssertEqual(problem == nil, c.valid, "\(c.expression.debugDescription): \(problem ?? "valid")")
        }
    }

    /// Alloy compiles with the jmespath-community edition (v1.1.1): arithmetic, `$`, variables, `let`; a backquoted
    /// literal must be JSON there and in go-jmespath (Promtail), unlike in the reference.
    func testDialects() {
        for expression in ["thumbs-up", "a + b", "a * b", "a / b", "a // b", "a % b", "-a", "$", "$.a", "a[?b == $x]",
                           "let $x = a in $x", "let $x = a, $y = b in [$x, $y]"] {
            XCTAssertNil(JMESPath.validate(expression, dialect: .alloy), expression)
            XCTAssertNotNil(JMESPath.validate(expression, dialect: .promtail), expression)
        }
        for expression in ["`foo`", "`NaN`"] {
            XCTAssertNil(JMESPath.validate(expression, dialect: .reference), expression)
            XCTAssertNotNil(JMESPath.validate(expression, dialect: .promtail), expression)
            XCTAssertNotNil(JMESPath.validate(expression, dialect: .alloy), expression)
        }
        for expression in ["a..b", "attributes.'session.id'", "let $x = a in", "$x.", "a +"] {
            XCTAssertNotNil(JMESPath.validate(expression, dialect: .alloy), expression)
        }
    }

    /// JMESPath as Loki resolves it: quoted dotted keys, nested paths, indexes; brackets, unclosed quotes, raw
    /// strings after a dot and empty steps are invalid with the spelling meant; the rest unknown.
    func testSourceKeys() {
        func key(_ e: String, _ dialect: JMESPath.Dialect = .promtail) -> String {
            switch JMESPath.sourceKey(e, dialect: dialect) {
            case .key(let k, let path): "\(k) \(path)"
            case .unknown: "unknown"
            case .invalid(_, let k, _, let suggestion): "invalid \(k ?? "-") \(suggestion ?? "-")"
            }
        }
        XCTAssertEqual(key(#""session.id""#), #"session.id ["session.id"]"#)
        XCTAssertEqual(key(#"attributes."session.id""#), #"session.id ["attributes", "session.id"]"#)
        XCTAssertEqual(key("attributes.session_id"), #"session_id ["attributes", "session_id"]"#)
        XCTAssertEqual(key("session.id"), #"id ["session", "id"]"#)
        XCTAssertEqual(key("tags[0]"), #"tags ["tags"]"#)
        XCTAssertEqual(key(#" a . "b\"c" "#), #"b"c ["a", "b\"c"]"#)
        XCTAssertEqual(key("attributes['session.id']"), #"invalid session.id attributes."session.id""#)
        XCTAssertEqual(key(#"attributes["session.id"]"#), #"invalid session.id attributes."session.id""#)
        XCTAssertEqual(key(#"attributes."session.id"#), #"invalid session.id attributes."session.id""#)
        XCTAssertEqual(key("attributes.'session.id'"), #"invalid session.id attributes."session.id""#)
        XCTAssertEqual(key("attr..x"), "invalid x attr.x")
        XCTAssertEqual(key("'session.id'"), #"invalid session.id "session.id""#)
        XCTAssertEqual(key("thumbs-up", .alloy), "unknown")
        XCTAssertEqual(key("thumbs-up", .promtail), #"invalid thumbs-up "thumbs-up""#)
        for outside in ["to_string(a)", "a | b", "a[*].b", "a[?x == 'y']", "{a: b}", "`1`", "@", "a.", ""] {
            XCTAssertFalse(key(outside).hasPrefix("session"), outside)
            XCTAssertTrue(key(outside).hasPrefix("unknown") || key(outside).hasPrefix("invalid"), outside)
        }
    }

    /// Arbitrary text through every hand-written reader of config strings (JMESPath in three dialects, templates,
    /// content detection, positions in literals): each returns, whatever the input.
    func testArbitraryInputIsReadToTheEnd() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab.\"'`[]{}()|&!=<>*?@,:-+$%/\\ \n0123456789é{{}}")
        for _ in 0..<3000 {
            let text = String((0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            for dialect in [JMESPath.Dialect.reference, .promtail, .alloy] {
                _ = JMESPath.sourceKey(text, dialect: dialect)
            }
            _ = StageTemplate(text)
            _ = ConfigContent.detect(Array(text.utf8)[...])
            _ = LiteralPosition.locate(3, inLiteralAt: 1, column: 1, of: Array(text.utf8), style: .doubleQuoted)
            _ = OTTLCall(text)
        }
    }
}
