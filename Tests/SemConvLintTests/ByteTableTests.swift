@testable import SemConvLint
import XCTest

/// The byte-keyed tables of the hot path against their plain counterparts.
final class ByteTableTests: XCTestCase {
    /// `ByteTable.equal` agrees with `==` on arrays for every length from 1 to 40 and a difference at every position.
    func testEqualMatchesArrayEquality() {
        var rng = SplitMix(seed: 15)
        for n in 1...40 {
            let a = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            var cases = [a]
            for i in 0..<n {
                var b = a
                b[i] ^= 1 << UInt8(i % 8)
                cases.append(b)
            }
            for b in cases {
                let same = a.withUnsafeBytes { p in
                    b.withUnsafeBytes { q in ByteTable.equal(p.baseAddress!, q.baseAddress!, count: n) }
                }
                XCTAssertEqual(same, a == b, "length \(n)")
            }
        }
    }

    /// `ByteTable.hash` reads the bytes after the last full word with a few wide loads: the same hash as the
    /// definition, which folds them in one at a time, little-endian.
    func testHashMatchesItsBytewiseDefinition() {
        func reference(_ bytes: [UInt8]) -> Int {
            var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
            var i = 0
            while i + 8 <= bytes.count {
                var word: UInt64 = 0
                for k in 0..<8 { word |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
                h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
                h ^= h >> 32
                i += 8
            }
            if i < bytes.count {
                var tail: UInt64 = 0
                for k in i..<bytes.count { tail |= UInt64(bytes[k]) << (8 * UInt64(k - i)) }
                h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
            }
            return Int(truncatingIfNeeded: h ^ (h >> 29))
        }
        var rng = SplitMix(seed: 15)
        for n in 1...40 {
            for _ in 0..<20 {
                let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
                XCTAssertEqual(bytes.withUnsafeBytes { ByteTable.hash($0) }, reference(bytes), "length \(n)")
            }
        }
    }

    /// The session lifecycle's id table against a dictionary, through enough removals and additions that its byte
    /// arena is compacted and grown several times.
    func testMatchesADictionaryThroughCompactions() {
        let table = IDTable()
        var model: [String: Int32] = [:]
        var rng = SplitMix(seed: 15)
        func intern(_ s: String) -> Int32 { Array(s.utf8).withUnsafeBytes { table.intern($0) } }
        func lookup(_ s: String) -> Int32? { Array(s.utf8).withUnsafeBytes { table.lookup($0) } }
        for round in 0..<20 {
            // Add a batch of ids of varied lengths (the empty id included), one reference each.
            for n in 0..<300 {
                let s = n == 0 && round == 0 ? "" : "session-\(round)-\(n)-" + String(repeating: "x", count: Int.random(in: 0..<40, using: &rng))
                let id = intern(s)
                if let known = model[s] { XCTAssertEqual(id, known, s) } else { table.retain(id); model[s] = id }
            }
            // Remove about half of everything held.
            for s in model.keys.sorted() where Bool.random(using: &rng) {
                table.release(model[s]!)
                model[s] = nil
            }
            XCTAssertEqual(table.count, model.count)
            for (s, id) in model {
                XCTAssertEqual(lookup(s), id, s)
                XCTAssertEqual(table.text(id), s)
            }
            XCTAssertNil(lookup("session-\(round)-absent"))
        }
    }

    /// `intern` answers from the last two ids it returned when the bytes match: a removed id is never answered,
    /// even when its number is reused at once for other bytes (of the same length too).
    func testRecentIDsDoNotOutliveRemoval() {
        let table = IDTable()
        func intern(_ s: String) -> Int32 { Array(s.utf8).withUnsafeBytes { table.intern($0) } }
        func lookup(_ s: String) -> Int32? { Array(s.utf8).withUnsafeBytes { table.lookup($0) } }
        let a = intern("session-a"), device = intern("device-1")
        table.retain(a)
        table.retain(device)
        XCTAssertEqual(intern("session-a"), a)
        XCTAssertEqual(intern("device-1"), device)
        XCTAssertEqual(intern("session-a"), a)
        table.release(a)
        XCTAssertNil(lookup("session-a"))
        let b = intern("session-b")
        table.retain(b)
        XCTAssertEqual(b, a, "the removed id's number is reused")
        XCTAssertEqual(table.text(b), "session-b")
        let again = intern("session-a")
        XCTAssertNotEqual(again, b)
        XCTAssertEqual(intern("session-b"), b)
        XCTAssertEqual(intern("device-1"), device)
        XCTAssertNotEqual(intern("session-c"), b)
        XCTAssertEqual(table.count, 4)
        // The empty id, remembered and then removed.
        let empty = intern("")
        table.retain(empty)
        XCTAssertEqual(intern(""), empty)
        table.release(empty)
        XCTAssertNil(lookup(""))
        let emptyAgain = intern("")
        XCTAssertEqual(lookup(""), emptyAgain, "interned again, the empty id is in the table")
        XCTAssertEqual(lookup("session-b"), b)
    }
}
