import Foundation
@testable import SemConvLint
import XCTest

/// The tape's string scan reads sixteen bytes a step, then eight, then one: a special byte (quote, backslash,
/// control character, non-ASCII) must be found at every position of every step, and the line's end in any of them.
/// Checked against Foundation's `JSONSerialization` on the same lines.
final class JSONTapeScannerTests: XCTestCase {
    func testEverySpecialByteAtEveryPositionAgreesWithFoundation() throws {
        let tape = JSONTape()
        let specials: [(name: String, bytes: [UInt8])] = [
            ("escaped quote", Array(#"\""#.utf8)), ("escaped backslash", Array(#"\\"#.utf8)),
            ("\\u escape", Array(#"\u00e9"#.utf8)), ("two-byte UTF-8", Array("é".utf8)),
            ("four-byte UTF-8", Array("𝄞".utf8)), ("raw tab", [0x09]), ("raw NUL", [0x00]), ("DEL", [0x7F]),
            ("bad escape", Array(#"\x"#.utf8)), ("lone backslash at the end", Array(#"\"#.utf8)),
        ]
        var checked = 0
        for length in 0...40 {
            for position in 0...length {
                for special in specials {
                    var text = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    text.insert(contentsOf: special.bytes, at: position)
                    // The string as a value and as a key; closed, and cut at its end (no closing quote).
                    for line in [Array(#"{"k":""#.utf8) + text + Array(#""}"#.utf8),
                                 Array(#"{""#.utf8) + text + Array(#"":1}"#.utf8),
                                 Array(#"[""#.utf8) + text] {
                        let expected = try? JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed])
                        let failure = line.withUnsafeBytes { tape.parse($0) }
                        let what = "\(special.name) at \(position) of \(length): \(String(decoding: line, as: UTF8.self).debugDescription)"
                        XCTAssertEqual(failure == nil, expected != nil, what)
                        if failure == nil, let expected {
                            // The scanned string (the last string token) decodes to what Foundation read.
                            let strings = (0..<tape.count).filter { tape.kind($0) == .string }
                            let object = expected as? [String: Any]
                            XCTAssertEqual(strings.count, object?["k"] != nil ? 2 : 1, what)
                            let want = object?["k"] as? String ?? object?.keys.first ?? ""
                            XCTAssertEqual(strings.last.map(tape.string), want, what)
                            XCTAssertEqual(tape.hasNonASCII, special.bytes.contains { $0 >= 0x80 }, what)
                        }
                        checked += 1
                    }
                }
            }
        }
        XCTAssertEqual(checked, 861 * 10 * 3)
    }
}
