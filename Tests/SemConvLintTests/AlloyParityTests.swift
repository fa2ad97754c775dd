import Foundation
import XCTest
@testable import SemConvLint

/// Runs our Alloy parser on Alloy's own syntax test data (Fixtures/AlloySyntax, see SOURCE.md there) and holds it to
/// the same standard Alloy's `syntax/parser/error_test.go` does: every `/* ERROR "rx" */` marker gets an error at its
/// position whose message matches `rx`, and no other error is reported.
final class AlloyParityTests: XCTestCase {
    static let root = ConfigLintTests.packageRoot + "/Tests/SemConvLintTests/Fixtures/AlloySyntax/parser"

    struct Expected: Hashable {
        var line: Int
        var column: Int
        var pattern: String
    }

    /// The markers of a file: each sits on the token before the comment, or right after that token with `HERE`.
    static func expectedErrors(_ bytes: [UInt8]) throws -> [Expected] {
        let marker = try NSRegularExpression(pattern: #"/\* *ERROR *(HERE)? *"([^"]*)" *\*/"#)
        let text = String(decoding: bytes, as: UTF8.self)
        let ns = text as NSString
        var lexer = AlloyLexer(bytes)
        var tokens: [AlloyToken] = []
        while true {
            let token = lexer.next()
            if token.kind == .eof { break }
            if token.kind != .terminator { tokens.append(token) }
        }
        var result: [Expected] = []
        for match in marker.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let offset = ns.substring(to: match.range.location).utf8.count
            guard let previous = tokens.last(where: { $0.end <= offset }) else { continue }
            let here = match.range(at: 1).location != NSNotFound
            let length = String(decoding: bytes[previous.start..<previous.end], as: UTF8.self).unicodeScalars.count
            result.append(Expected(line: previous.pos.line, column: previous.pos.column + (here ? length : 0),
                                   pattern: ns.substring(with: match.range(at: 2))))
        }
        return result
    }

    func files(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".alloy") }.sorted()
            .map { directory + "/" + $0 }
    }

    func testEveryErrorMarkerIsMatchedAndNothingElseIsReported() throws {
        var markers = 0
        for path in try files(Self.root) {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            var expected = try Self.expectedErrors(bytes)
            XCTAssertFalse(expected.isEmpty, path)
            markers += expected.count
            let name = (path as NSString).lastPathComponent
            for error in AlloyParser.parse(bytes).errors {
                let at = expected.firstIndex { $0.line == error.pos.line && $0.column == error.pos.column }
                guard let at else {
                    XCTFail("\(name):\(error.pos.line):\(error.pos.column): unexpected error: \(error.message)")
                    continue
                }
                // Go's regexp reads a '{' that starts no repetition as itself; NSRegularExpression needs it escaped.
                let goPattern = expected[at].pattern.replacingOccurrences(of: #"\{(?!\d)"#, with: #"\\{"#,
                                                                          options: .regularExpression)
                let pattern = try NSRegularExpression(pattern: goPattern)
                let range = NSRange(error.message.startIndex..., in: error.message)
                XCTAssertNotNil(pattern.firstMatch(in: error.message, range: range),
                                "\(name):\(error.pos.line):\(error.pos.column): '\(error.message)' does not match '\(expected[at].pattern)'")
                expected.remove(at: at)
            }
            for missing in expected {
                XCTFail("\(name):\(missing.line):\(missing.column): error not reported: \(missing.pattern)")
            }
        }
        XCTAssertEqual(markers, 13, "markers in Alloy's parser test data")
    }

    func testValidFilesParseWithoutErrors() throws {
        let paths = try files(Self.root + "/valid")
        XCTAssertEqual(paths.count, 5)
        for path in paths {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            XCTAssertEqual(AlloyParser.parse(bytes).errors.map { "\($0.pos.line):\($0.pos.column) \($0.message)" }, [],
                           path)
        }
    }

    /// Inputs Go's fuzzer found for Alloy's parser: reported as errors, no crash.
    func testFuzzCorpusInputs() throws {
        let directory = Self.root + "/fuzz"
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        XCTAssertEqual(names.count, 3)
        for name in names {
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            // `go test fuzz v1` then `[]byte("...")` with Go escapes (only \" occurs in these files).
            guard let open = text.range(of: "[]byte(\""), let close = text.range(of: "\")", options: .backwards) else {
                return XCTFail("unexpected corpus format in \(name)")
            }
            let input = String(text[open.upperBound..<close.lowerBound]).replacingOccurrences(of: "\\\"", with: "\"")
            let file = AlloyParser.parse(input)
            XCTAssertFalse(file.errors.isEmpty, "\(name): \(input)")
        }
    }

    /// Alloy's `syntax/scanner/scanner_test.go` `errorTests`: input, byte offset of the error, message.
    func testScannerErrors() {
        let cases: [(String, Int, String?)] = [
            ("\u{07}", 0, "illegal character U+0007"),
            ("…", 0, "illegal character U+2026 '…'"),
            ("..", 0, nil),
            ("'illegal string'", 0, "illegal single-quoted string; use double quotes"),
            ("\"\"", 0, nil),
            ("\"abc", 0, "string literal not terminated"),
            ("\"abc\n", 0, "string literal not terminated"),
            ("\"abc\n   ", 0, "string literal not terminated"),
            ("\"abc\u{0}def\"", 4, "illegal character NUL"),
            ("\u{FEFF}\u{FEFF}", 3, "illegal byte order mark"),
            ("//\u{FEFF}", 2, "illegal byte order mark"),
            ("\"abc\u{FEFF}def\"", 4, "illegal byte order mark"),
            ("abc\u{0}def", 3, "illegal character NUL"),
            ("abc\u{0}", 3, "illegal character NUL"),
            ("10E", 0, "exponent has no digits"),
        ]
        for (input, offset, message) in cases {
            XCTAssertEqual(scan(Array(input.utf8)), message.map { [column(Array(input.utf8), offset) + " " + $0] } ?? [],
                           input.debugDescription)
        }
        // Invalid UTF-8 inside a string literal.
        let invalid: [UInt8] = Array("\"abc".utf8) + [0x80] + Array("def\"".utf8)
        XCTAssertEqual(scan(invalid), ["1:5 illegal UTF-8 encoding"])
    }

    func scan(_ bytes: [UInt8]) -> [String] {
        var lexer = AlloyLexer(bytes)
        while lexer.next().kind != .eof {}
        return lexer.errors.map { "\($0.pos.line):\($0.pos.column) \($0.message)" }
    }

    /// `line:column` of a byte offset in a one-line input, columns in Unicode scalars after a leading BOM.
    func column(_ bytes: [UInt8], _ offset: Int) -> String {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let scalars = String(decoding: bytes[start..<offset], as: UTF8.self).unicodeScalars.count
        return "1:\(scalars + 1)"
    }
}
