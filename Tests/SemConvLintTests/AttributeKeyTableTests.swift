@testable import SemConvLint
import SemConvModel
import XCTest

/// `AttributeKeyTable`: the memo in front of its table answers exactly as the table does. Keys that share a memo
/// slot (same length, same bytes where the slot is chosen from) get their own entries; keys longer than the memo
/// holds still resolve; after the table forgets everything (at `limit` distinct keys) the memo names no entry of
/// before.
final class AttributeKeyTableTests: XCTestCase {
    typealias T = TelemetryTestSupport

    func entry(_ table: AttributeKeyTable, _ key: String) -> (entry: Int32, decision: KeyDecision) {
        Array(key.utf8).withUnsafeBytes { table.entry($0) }
    }

    func testMemoAnswersAsTheTableDoes() {
        let index = RegistryIndex(T.registry)
        let table = AttributeKeyTable(index: index)
        // "session.id" and "sessiom.id": the same length and the same bytes where `memoSlot` looks (one memo slot).
        let keys = ["session.id", "sessiom.id", "device.id", "os.name", "x", "a.key.longer.than.thirty.two.bytes.in.all",
                    "session.id", "sessiom.id", "a.key.longer.than.thirty.two.bytes.in.all", "x", "device.id"]
        var first: [String: Int32] = [:]
        for key in keys {
            let (e, decision) = entry(table, key)
            if let known = first[key] { XCTAssertEqual(e, known, key) } else { first[key] = e }
            XCTAssertEqual(decision.id, Array(key.utf8).withUnsafeBytes { index.attributeID($0) }.map(Int32.init) ?? -1, key)
        }
        XCTAssertEqual(Set(first.values).count, first.count, "one entry per distinct key")
        XCTAssertGreaterThanOrEqual(entry(table, "session.id").decision.id, 0)
        XCTAssertEqual(entry(table, "sessiom.id").decision.id, -1)
    }

    func testMemoForgetsWithTheTable() {
        let index = RegistryIndex(T.registry)
        let table = AttributeKeyTable(index: index)
        let session = entry(table, "session.id")
        XCTAssertGreaterThanOrEqual(session.decision.id, 0)
        // Fill the table to its limit with other keys, too long for the memo (which keeps "session.id"): the
        // table starts over, numbering entries again from 0.
        for i in 0..<AttributeKeyTable.limit { _ = entry(table, "a.filler.key.longer.than.the.memo.holds.\(i)") }
        let reused = entry(table, "k-after-reset")
        XCTAssertLessThan(reused.entry, 4, "the table started over")
        let again = entry(table, "session.id")
        XCTAssertEqual(again.decision.id, session.decision.id, "the memo does not answer with an entry of before")
        XCTAssertNotEqual(again.entry, reused.entry)
        XCTAssertEqual(entry(table, "k-after-reset").entry, reused.entry)
    }
}
