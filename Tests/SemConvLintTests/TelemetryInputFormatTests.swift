import Foundation
import SemConvLint
import SemConvModel
import XCTest

/// Pretty-printed JSON documents, `--input` on input of another kind, and keys one edit away from registry names.
final class TelemetryInputFormatTests: XCTestCase {
    typealias T = TelemetryTestSupport

    /// A pretty-printed OTLP document with a forbidden attribute on its 9th line.
    static let pretty = """
        {
          "resourceLogs": [
            {
              "resource": {
                "attributes": [
                  {"key": "device.id", "value": {"stringValue": "d1"}},
                  {"key": "service.version", "value": {"stringValue": "1.0"}},
                  {"key": "os.name", "value": {"stringValue": "Android"}},
                  {"key": "user.email", "value": {"stringValue": "ü@example.com"}}
                ]
              },
              "scopeLogs": [
                {
                  "logRecords": [
                    {
                      "timeUnixNano": "1772359200000000000",
                      "eventName": "session.start",
                      "attributes": [{"key": "session.id", "value": {"stringValue": "s1"}}]
                    }
                  ]
                }
              ]
            }
          ]
        }

        """

    func testPrettyPrintedDocumentIsOneDocument() {
        // The second document starts the same session again, 5 minutes later (a copy with the same time would be
        // a redelivery, not a second start).
        let again = Self.pretty.replacingOccurrences(of: "1772359200000000000", with: "1772359500000000000")
        let report = T.lint([Self.pretty, again])
        XCTAssertEqual(report.diagnostics.filter { $0.rule == "invalid-json" }, [])
        XCTAssertEqual(report.diagnostics.filter { $0.rule == "forbidden-attribute" }.map { "\($0.location.line):\($0.location.column)" },
                       ["9:11", "35:11"])
        let duplicate = report.diagnostics.filter { $0.rule == "session-duplicate-start" }
        XCTAssertEqual(duplicate.map(\.location.line), [41], "the second document's record, on its own line")
        XCTAssertEqual(duplicate.first?.location.column, 13)
        let summary = JSONValue.object(report.extraSummary)
        XCTAssertEqual(summary["inputs"]?["otlp"], .int(2))
        XCTAssertEqual(summary["records"], .int(2))
        XCTAssertEqual(summary["lines"], .int(51))
    }

    /// An unclosed pretty-printed document is one `invalid-json`, and the documents after it are still read: a
    /// line starting with `{` inside an indented document marks the next one (it hid all of them before).
    func testAnUnclosedPrettyDocumentDoesNotHideTheNext() {
        let unclosed = String(Self.pretty.dropLast(2)) + "\n"  // without its final "}"
        let lines = unclosed.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        let report = T.lint([unclosed, Self.pretty, Self.pretty])
        XCTAssertEqual(report.diagnostics.filter { $0.rule == "invalid-json" }.map(\.location.line), [lines + 2],
                       "one finding, where the next document starts")
        XCTAssertEqual(report.diagnostics.filter { $0.rule == "forbidden-attribute" }.map(\.location.line),
                       [lines + 10, lines + 36], "the next two documents are checked")
        // A bracket at a line start inside an unindented document is not taken for a new one.
        let flat = "{\n\"resourceLogs\": [\n{\n\"resource\": {}\n}\n]\n}\n"
        XCTAssertEqual(T.lint([flat]).diagnostics.filter { $0.rule == "invalid-json" }, [])
    }

    func testUpstreamPrettyPrintedExamples() throws {
        let dir = URL(fileURLWithPath: try SharedData.require("otlp", "the upstream OTLP/JSON examples"))
        for name in ["logs.json", "trace.json", "metrics.json", "events.json"] {
            let report = Linter.run(paths: [dir.appendingPathComponent(name).path], options: T.options())
            XCTAssertEqual(report.diagnostics.filter { $0.severity == .error }.map(\.message), [], name)
            XCTAssertEqual(JSONValue.object(report.extraSummary)["inputs"]?["otlp"], .int(1), name)
        }
    }

    func testOversizedPrettyDocumentIsOneFinding() {
        var big = "{\n  \"resourceLogs\": [\n"
        for i in 0..<200 { big += "    {\"resource\": {\"attributes\": [{\"key\": \"k\(i)\", \"value\": {\"stringValue\": \"\(String(repeating: "x", count: 40))\"}}]}},\n" }
        big += "    {}\n  ]\n}\n"
        let path = T.temp("big.json", Data(big.utf8))
        let report = Linter.run(paths: [path], options: T.options(maxLineLength: 2048))
        XCTAssertEqual(report.diagnostics.map(\.rule), ["line-too-long"])
        XCTAssertTrue(report.diagnostics.first?.fix?.contains("jq -c") ?? false)
    }

    /// NDJSON whose first line is a complete document is not mistaken for a pretty-printed one.
    func testNDJSONStaysLineByLine() {
        let report = T.lint([#"{"event":"x"}"#, "{", #"{"event":"y"}"#])
        XCTAssertEqual(report.diagnostics.filter { $0.rule == "invalid-json" }.map(\.location.line), [2])
    }

    func testForcedOTLPOnOtherInputSaysSo() {
        let lines = [#"{"event":"session_start","session_id":"s1"}"#, #"{"event":"screen_view","session_id":"s1"}"#]
        let report = T.lint(lines, input: .otlp)
        XCTAssertEqual(report.diagnostics.filter { $0.rule == "no-telemetry" }.count, 1)
        XCTAssertEqual(report.diagnostics.first { $0.rule == "no-telemetry" }?.severity, .error)
        XCTAssertEqual(report.diagnostics.filter { $0.rule == "unknown-input" }.map(\.location.line), [1, 2])
        XCTAssertEqual(JSONValue.object(report.extraSummary)["records"], .int(0))
        // OTLP input under --input otlp: no such finding.
        XCTAssertEqual(T.lint([OTLP.session("s1", event: "session.start")], input: .otlp).diagnostics
            .filter { $0.rule == "no-telemetry" || $0.rule == "unknown-input" }, [])
    }

    /// A forced kind with nothing at all (an empty file, blank lines) is `no-telemetry` too; without `--input` an
    /// empty input stays a clean run.
    func testForcedKindOnEmptyInputIsNoTelemetry() {
        for lines in [[""], ["", "", ""]] {
            let forced = T.lint(lines, input: .otlp)
            XCTAssertEqual(forced.diagnostics.map(\.rule), ["no-telemetry"])
            XCTAssertTrue(forced.diagnostics.first?.message.contains("empty") ?? false)
            XCTAssertEqual(T.lint(lines).diagnostics, [])
        }
    }

    /// `--input faro` (or `events`) on OTLP protobuf messages does not read them as OTLP silently: each message is
    /// `unknown-input`, the file `no-telemetry`.
    func testForcedFaroOnProtobufSaysSo() throws {
        let path = BinaryInputTests.dir.appendingPathComponent("sdk-proto.bin").path
        let report = Linter.run(paths: [path], options: T.options(input: .faro))
        XCTAssertEqual(report.diagnostics.filter { $0.rule == "no-telemetry" }.count, 1)
        XCTAssertEqual(report.diagnostics.filter { $0.rule == "unknown-input" }.map(\.location.line), Array(1...7))
        XCTAssertTrue(report.diagnostics.first { $0.rule == "unknown-input" }?.message.contains("OTLP protobuf") ?? false)
        XCTAssertEqual(JSONValue.object(report.extraSummary)["records"], .int(0))
    }

    /// Issue 17: a flat key one separator or one edit away from a registry key or alias is reported, not dropped.
    func testNearMissKeysGetDidYouMean() {
        let report = T.lint([
            #"{"event":"session_start","session_id":"s2","session_previous_id":"s1","devise_id":"d1","shop_cart":"x"}"#,
        ])
        let found = report.diagnostics.filter { $0.rule == "unknown-attribute" }
        XCTAssertEqual(found.map(\.attribute), ["session_previous_id", "devise_id"])
        XCTAssertTrue(found.first?.message.contains("did you mean 'session.previous_id'") ?? false, found.first?.message ?? "")
        XCTAssertTrue(found.last?.message.contains("did you mean 'device_id'") ?? false, found.last?.message ?? "")
    }

    /// Findings beyond the per-rule cap are counted, not listed; with a cap of 0 nothing is listed at all.
    func testCapZeroCountsEverything() {
        var options = T.options()
        options.maxFindingsPerRule = 0
        let lines = (0..<5).map { OTLP.session("s\($0)", extra: [OTLP.attr("session.idd", OTLP.s("x"))]) }
        let report = Linter.lint(telemetry: Array(lines.joined(separator: "\n").utf8), options: options)
        XCTAssertEqual(report.diagnostics, [])
        XCTAssertEqual(JSONValue.object(report.extraSummary)["findingsPerRule"]?["unknown-attribute"], .int(5))
    }
}
