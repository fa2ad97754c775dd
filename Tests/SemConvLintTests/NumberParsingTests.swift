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

    // MARK: integers

    /// `parseInt` reads eight digits a step where it can: it must agree with `Int64(String)` everywhere, including
    /// a non-digit in any of the eight places (bytes just below '0' and above '9' too), 19 digits, leading zeros,
    /// overflow and either sign.
    func testIntegersAgreeWithInt64() {
        func check(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
            let actual = Array(text.utf8).withUnsafeBytes { parseInt($0) }
            let expected = Int64(text)
            XCTAssertEqual(actual, expected, "'\(text)'", file: file, line: line)
        }
        for text in ["0", "-0", "7", "-", "12345678", "123456789", "1234567890123456", "12345678901234567",
                     "123456789012345678", "1769743850441635577", "9223372036854775807", "9223372036854775808",
                     "-9223372036854775807", "-9223372036854775808", "99999999999999999999", "00000000000000000001",
                     "+12345678", "+", "+-1", "-+1", "1234567/", "1234567:", "/2345678", ":2345678", "12345678 ", "1234 5678",
                     "1769743850441635577x", "17697438504416355a7", "176974385044163557", ""] {
            check(text)
        }
        var rng = SplitMix(seed: 7)
        let alphabet = Array("0123456789/:-+a ")
        for _ in 0..<50_000 {
            let count = Int.random(in: 1...20, using: &rng)
            var text = ["", "", "-", "+"].randomElement(using: &rng)!
            for _ in 0..<count {
                // Mostly digits, sometimes a byte next to them in ASCII (or a sign, a letter, a space).
                text.append(Int.random(in: 0..<30, using: &rng) == 0 ? alphabet.randomElement(using: &rng)!
                                                                      : alphabet[Int.random(in: 0...9, using: &rng)])
            }
            check(text)
        }
    }
}
