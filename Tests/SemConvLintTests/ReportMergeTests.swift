import SemConvModel
import XCTest

@testable import SemConvLint

final class ReportMergeTests: XCTestCase {
    func report(_ findings: String, records: Int, keys: [String], seen: [String], unseen: [String],
                sessions: String = "[]", perRule: String = "{}") -> (name: String, bytes: [UInt8]) {
        let json = """
            {"findings":[\(findings)],"summary":{"files":2,"errors":1,"warnings":0,"infos":0,"records":\(records),
            "sessions":{"count":1,"totalDurationSeconds":1.5,"maxLatenessSeconds":\(records),"listed":\(sessions)},"findingsPerRule":\(perRule),
            "coverage":{"attributes":{"seen":\(keys.count),"total":10,"keys":\(list(keys))},"events":{"seen":\(list(seen)),"unseen":\(list(unseen))}}}}
            """
        return ("r\(records).json", Array(json.utf8))
    }

    func list(_ names: [String]) -> String { "[" + names.map { "\"\($0)\"" }.joined(separator: ",") + "]" }

    func testSumsUnitesAndSorts() throws {
        let a = report(#"{"rule":"b-rule","severity":"error","message":"m","file":"otlp-http","line":3,"column":1}"#,
                       records: 5, keys: ["a.x", "c.z"], seen: ["e1"], unseen: ["e2", "e3"],
                       sessions: #"[{"id":"s2","startUnixNano":5,"records":3}]"#, perRule: #"{"b-rule":1}"#)
        let b = report(#"{"rule":"a-rule","severity":"error","message":"m","file":"otlp-http","line":3,"column":1}"#,
                       records: 7, keys: ["b.y", "a.x"], seen: ["e2"], unseen: ["e1", "e3"],
                       sessions: #"[{"id":"s3","startUnixNano":1,"records":4},{"id":"s1","records":1}]"#, perRule: #"{"a-rule":1,"b-rule":2}"#)
        let merged = try ReportMerge.merge([a, b])
        XCTAssertEqual(merged["findings"]?.arrayValue?.compactMap { $0["rule"]?.stringValue }, ["a-rule", "b-rule"])
        let summary = try XCTUnwrap(merged["summary"])
        XCTAssertEqual(summary["files"], .int(4))
        XCTAssertEqual(summary["errors"], .int(2))
        XCTAssertEqual(summary["records"], .int(12))
        XCTAssertEqual(summary["sessions"]?["count"], .int(2))
        XCTAssertEqual(summary["sessions"]?["totalDurationSeconds"], .double(3))
        XCTAssertEqual(summary["sessions"]?["maxLatenessSeconds"], .int(7), "max, not sum")
        XCTAssertEqual(summary["sessions"]?["listed"]?.arrayValue?.compactMap { $0["id"]?.stringValue }, ["s1", "s3", "s2"],
                       "by start time (none first), then id")
        XCTAssertEqual(summary["findingsPerRule"], .object([("a-rule", .int(1)), ("b-rule", .int(3))]), "name order kept")
        let coverage = try XCTUnwrap(summary["coverage"])
        XCTAssertEqual(coverage["attributes"]?["keys"], .array(["a.x", "b.y", "c.z"].map { .string($0) }))
        XCTAssertEqual(coverage["attributes"]?["seen"], .int(3))
        XCTAssertEqual(coverage["attributes"]?["total"], .int(10))
        XCTAssertEqual(coverage["events"]?["seen"], .array([.string("e1"), .string("e2")]))
        XCTAssertEqual(coverage["events"]?["unseen"], .array([.string("e3")]))
    }

    func testRefusesWhatIsNotAJSONReport() {
        XCTAssertThrowsError(try ReportMerge.merge([("x.txt", Array("0 errors".utf8))])) { error in
            XCTAssertTrue("\(error)".hasPrefix("x.txt: invalid JSON"), "\(error)")
        }
        XCTAssertThrowsError(try ReportMerge.merge([("x.sarif", Array(#"{"version":"2.1.0","runs":[]}"#.utf8))]))
        var other = report("", records: 1, keys: [], seen: [], unseen: [])
        other.bytes = Array(String(decoding: other.bytes, as: UTF8.self).replacingOccurrences(of: "\"total\":10", with: "\"total\":11").utf8)
        XCTAssertThrowsError(try ReportMerge.merge([report("", records: 1, keys: [], seen: [], unseen: []), other])) { error in
            XCTAssertTrue("\(error)".contains("different registries"), "\(error)")
        }
    }
}
