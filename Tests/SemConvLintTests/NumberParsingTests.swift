import Foundation
@testable import SemConvLint
import XCTest

/// `parseDouble` takes Clinger's exact fast path for short decimals and `strtod` for the rest: both must give
/// exactly what `strtod` gives (bit for bit, signed zero included), and nil for anything that is not one number.
final class NumberParsingTests: XCTestCase {
    static func reference(_ text: String) -> Double? {
        guard !text.isEmpty else { return nil }
        return text.withCString { p -> Double? in
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(p, &end)
            guard end == UnsafeMutablePointer(mutating: p) + strlen(p) else { return nil }
            // strtod also reads hex, inf and nan; parseDouble reads decimals only.
            return text.allSatisfy({ "0123456789+-.eE".contains($0) }) ? value : nil
        }
    }

    static func parsed(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBytes { parseDouble($0) }
    }

    func check(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let expected = Self.reference(text), actual = Self.parsed(text)
        XCTAssertEqual(actual?.bitPattern, expected?.bitPattern, "'\(text)': \(String(describing: actual)) vs strtod \(String(describing: expected))",
                       file: file, line: line)
    }

    func testEdgeCasesAgreeWithStrtod() {
        for text in ["0", "-0", "-0.0", "+0", "1", "-1", "1.", ".5", "-.5", "1.5e3", "1.5E-3", "1e22", "1e23", "1e-22",
                     "1e-23", "123456789012345", "1234567890123456", "9007199254740993", "0.1", "0.30000000000000004",
                     "4.35", "1e", "1e+", "-", "+", ".", "e5", "1.2.3", "1e5e5", "00012", "1e0000005", "1e-00022",
                     "999999999999999e22", "0.000000000000000000001", "12abc", " 1", "1 ", "0x10", "inf", "nan",
                     "2.2250738585072014e-308", "1.7976931348623157e308", "1e400", "-1e-400", "3.14159265358979"] {
            check(text)
        }
    }

    func testRandomDecimalsAgreeWithStrtod() {
        var rng = SplitMix(seed: 42)
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...18, using: &rng)
            var text = Bool.random(using: &rng) ? "-" : ""
            let point = Int.random(in: 0...digits, using: &rng)
            for k in 0..<digits {
                if k == point, k > 0 { text += "." }
                text += String(Int.random(in: 0...9, using: &rng))
            }
            if Bool.random(using: &rng) { text += "e" + String(Int.random(in: -30...30, using: &rng)) }
            check(text)
        }
    }
}

