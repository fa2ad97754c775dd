import Foundation
import SemConvLint
import SemConvModel
import XCTest

/// Realistic recordings (see Fixtures/telemetry/make_recordings.py) diffed against committed expected findings,
/// robustness on awkward bytes, determinism across job counts, and the reporters on telemetry findings.
final class TelemetryRecordingTests: XCTestCase {
    typealias T = TelemetryTestSupport

    static let recordings = ["otlp-logs", "mixed-logs-traces", "flat-events", "faro", "otlp-examples"]

    func lintFixture(_ name: String, jobs: Int = 1, parallelMinBytes: Int = 256 << 10) -> LintReport {
        let path = T.fixtures.appendingPathComponent(name + ".ndjson").path
        return Linter.run(paths: [path], options: T.options(jobs: jobs, parallelMinBytes: parallelMinBytes))
    }

    func testRecordingsMatchExpectedFindings() throws {
        for name in Self.recordings {
            let actual = T.compact(lintFixture(name).diagnostics)
            let expectedURL = T.fixtures.appendingPathComponent(name + ".expected")
            if ProcessInfo.processInfo.environment["UPDATE_EXPECTED"] == "1" {
                try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
            }
            let expected = try String(contentsOf: expectedURL, encoding: .utf8)
            if actual != expected {
                let a = actual.split(separator: "\n"), e = expected.split(separator: "\n")
                let missing = e.filter { !a.contains($0) }, extra = a.filter { !e.contains($0) }
                XCTFail("\(name): missing \(missing), unexpected \(extra)")
            }
        }
    }

    func testJobsDoNotChangeOutput() {
        for name in Self.recordings {
            let one = lintFixture(name, jobs: 1)
            for jobs in [2, 3] {
                let many = lintFixture(name, jobs: jobs, parallelMinBytes: 1)
                XCTAssertEqual(one.diagnostics, many.diagnostics, "\(name) with \(jobs) jobs")
                XCTAssertEqual(JSONValue.object(one.extraSummary).rendered(), JSONValue.object(many.extraSummary).rendered())
            }
        }
    }

    /// Several 4 MiB chunks (lines crossing chunk boundaries, an over-long line skipped across a boundary): the
    /// same findings and summary for 1, 2 and 3 jobs, i.e. with and without reading ahead.
    func testMultiChunkInputIsTheSameForEveryJobCount() throws {
        let recording = try String(contentsOf: T.fixtures.appendingPathComponent("otlp-logs.ndjson"), encoding: .utf8)
        let lines = recording.split(separator: "\n").map(String.init)
        var all: [String] = []
        while all.joined(separator: "\n").utf8.count < 10 << 20 { all += lines }
        let longAt = all.count / 2
        all.insert("{\"resourceLogs\":[{\"x\":\"" + String(repeating: "x", count: 3 << 20) + "\"}]}", at: longAt)
        let path = T.temp("multi-chunk.ndjson", Data(all.joined(separator: "\n").utf8))
        let reports = [1, 2, 3].map { jobs in
            Linter.run(paths: [path], options: T.options(jobs: jobs, parallelMinBytes: 1, maxLineLength: 1 << 20))
        }
        XCTAssertEqual(reports[0].diagnostics.filter { $0.rule == "line-too-long" }.map(\.location.line), [longAt + 1])
        XCTAssertEqual(JSONValue.object(reports[0].extraSummary)["lines"], .int(all.count))
        for report in reports.dropFirst() {
            XCTAssertEqual(report.diagnostics, reports[0].diagnostics)
            XCTAssertEqual(JSONValue.object(report.extraSummary).rendered(), JSONValue.object(reports[0].extraSummary).rendered())
        }
    }

    /// The in-memory entry point reports exactly what linting a file with the same bytes reports.
    func testInMemoryLintMatchesFileLint() throws {
        for name in Self.recordings {
            let path = T.fixtures.appendingPathComponent(name + ".ndjson").path
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            for jobs in [1, 2] {
                let fromFile = lintFixture(name, jobs: jobs, parallelMinBytes: 1)
                let fromMemory = Linter.lint(telemetry: bytes, file: path,
                                              options: T.options(jobs: jobs, parallelMinBytes: 1))
                XCTAssertEqual(fromFile.diagnostics, fromMemory.diagnostics, "\(name) with \(jobs) jobs")
                XCTAssertEqual(JSONValue.object(fromFile.extraSummary).rendered(),
                               JSONValue.object(fromMemory.extraSummary).rendered())
            }
        }
        XCTAssertEqual(Linter.lint(telemetry: [], options: T.options()).diagnostics, [])
    }

    func testUpstreamOTLPExamplesAreRead() throws {
        _ = try SharedData.require("otlp", "the upstream OTLP/JSON examples")
        let report = lintFixture("otlp-examples")
        let summary = JSONValue.object(report.extraSummary)
        XCTAssertEqual(summary["lines"], .int(4))
        XCTAssertEqual(summary["inputs"]?["otlp"], .int(4))
        XCTAssertFalse(report.diagnostics.contains { $0.severity == .error })
    }

    func testAwkwardBytes() {
        let line = OTLP.session("s1", event: "session.start")
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data((line + "\r\n\r\n\n   \n" + OTLP.session("s1", at: 1) + "\r\n").utf8))
        data.append(Data(OTLP.session("s1", at: 2).dropLast(3).utf8))  // truncated last line, no newline
        let path = T.temp("awkward.ndjson", data)
        let report = Linter.run(paths: [path], options: T.options())
        XCTAssertEqual(report.diagnostics.filter { $0.severity == .error }.map { "\($0.location.line) \($0.rule)" },
                       ["6 invalid-json"])
        XCTAssertEqual(JSONValue.object(report.extraSummary)["lines"], .int(6))
    }

    func testEmptyFileAndBinaryGarbage() {
        let empty = Linter.run(paths: [T.temp("empty.ndjson", Data())], options: T.options())
        XCTAssertEqual(empty.diagnostics, [])
        XCTAssertFalse(empty.inputUnusable)
        var garbage = Data()
        for i in 0..<50_000 { garbage.append(UInt8(truncatingIfNeeded: i &* 7919 &+ 13)) }
        let report = Linter.run(paths: [T.temp("garbage.bin", garbage)], options: T.options())
        XCTAssertFalse(report.diagnostics.isEmpty)
        XCTAssertTrue(report.diagnostics.allSatisfy { ["invalid-json", "nesting-too-deep", "unknown-input", "line-too-long"].contains($0.rule) })
    }

    func testGzipInput() throws {
        let plain = T.fixtures.appendingPathComponent("otlp-logs.ndjson").path
        let gz = T.temp("otlp-logs.ndjson.gz", Data()) // path only
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "gzip -c '\(plain)' > '\(gz)'"]
        try p.run(); p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw XCTSkip("gzip not found on PATH (apt-get install gzip)") }
        let a = Linter.run(paths: [plain], options: T.options()).diagnostics.map { T.compact([$0]) }
        let b = Linter.run(paths: [gz], options: T.options()).diagnostics.map { T.compact([$0]) }
        XCTAssertEqual(a, b)
        // A corrupt gzip file is a clear error, not a crash.
        var bad = Data([0x1F, 0x8B, 0x08, 0x00]); bad.append(Data(repeating: 0x41, count: 64))
        let corrupt = Linter.run(paths: [T.temp("bad.gz", bad)], options: T.options())
        XCTAssertTrue(corrupt.inputUnusable)
        XCTAssertTrue(corrupt.diagnostics.contains { $0.rule == "input-unreadable" })
    }

    func testSummary() {
        let summary = JSONValue.object(lintFixture("otlp-logs").extraSummary)
        XCTAssertEqual(summary["lines"], .int(7))
        XCTAssertEqual(summary["events"]?["session.start"], .int(7))
        XCTAssertNotNil(summary["sessions"]?["listed"]?.arrayValue?.first { $0["id"] == .string("sA1") })
        XCTAssertEqual(summary["findingsPerRule"]?["forbidden-attribute"], .int(2))
        XCTAssertEqual(summary["coverage"]?["events"]?["seen"], .array([.string("session.end"), .string("session.start")]))
    }

    func testReporters() throws {
        let report = lintFixture("otlp-logs")
        let context = ReportContext(files: 1, extraSummary: report.extraSummary)
        let sarif = SARIFReporter().render(report.diagnostics, context: context)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        XCTAssertEqual(doc["version"] as? String, "2.1.0")
        let run = try XCTUnwrap((doc["runs"] as? [[String: Any]])?.first)
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        XCTAssertEqual(results.count, report.diagnostics.count)
        let rules = try XCTUnwrap(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        for r in results {
            let index = try XCTUnwrap(r["ruleIndex"] as? Int)
            XCTAssertEqual(rules[index]["id"] as? String, r["ruleId"] as? String)
            XCTAssertTrue(["error", "warning", "note"].contains(r["level"] as? String ?? ""))
        }
        let github = GitHubReporter().render(report.diagnostics, context: context)
        let first = try XCTUnwrap(github.split(separator: "\n").first)
        XCTAssertTrue(first.hasPrefix("::error file="), String(first))
        XCTAssertTrue(first.contains(",line=2,col="), String(first))
        XCTAssertFalse(github.contains("jane.doe@example.com"))
        let json = JSONReporter().render(report.diagnostics, context: context)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(json.utf8)))
        XCTAssertFalse(json.contains("jane.doe@example.com"))
        XCTAssertFalse(json.contains("abc123def456"))
    }
}

/// `--input` forcing and per-line detection in one file.
final class TelemetryInputKindTests: XCTestCase {
    typealias T = TelemetryTestSupport

    func testPerLineDetectionAndForcing() {
        let otlp = OTLP.session("s1", event: "session.start")
        let flat = "{\"event\":\"session_start\",\"session_id\":\"s2\",\"device_id\":\"d\",\"app_version\":\"1\",\"platform\":\"ios\",\"timestamp\":\"2026-03-01T10:00:00Z\"}"
        let faro = "{\"meta\":{\"session\":{\"id\":\"w1\"}},\"events\":[{\"name\":\"session_start\",\"timestamp\":\"2026-03-01T10:00:00Z\"}]}"
        let auto = JSONValue.object(T.lint([otlp, flat, faro]).extraSummary)
        XCTAssertEqual(auto["inputs"], .object([("events", .int(1)), ("faro", .int(1)), ("otlp", .int(1))]))
        XCTAssertEqual(auto["events"]?["session.start"], .int(3))
        // Forced: every line is read as a flat event (the OTLP line then has no known keys but is still an event-less record).
        let forced = JSONValue.object(T.lint([otlp, flat], input: .events).extraSummary)
        XCTAssertEqual(forced["inputs"], .object([("events", .int(2))]))
        XCTAssertEqual(forced["events"]?["session.start"], .int(1))
    }

    func testCharacterDeviceReadsAsEmpty() {
        let report = Linter.run(paths: ["/dev/null"], options: T.options())
        XCTAssertEqual(report.diagnostics, [])
        XCTAssertEqual(JSONValue.object(report.extraSummary)["lines"], .int(0))
    }
}

/// The per-rule cap keeps memory bounded on huge, dirty inputs while the summary still counts everything.
final class TelemetryCapTests: XCTestCase {
    typealias T = TelemetryTestSupport

    func testFindingsAreCappedPerRuleButCounted() {
        let start = OTLP.session("s1", event: "session.start")
        let lines = [start] + (1...6).map { OTLP.session("s1", event: "session.start", at: Double($0),
                                                         extra: [OTLP.attr("session.idd", OTLP.s("x"))]) }
        let path = T.temp("cap.ndjson", Data(lines.joined(separator: "\n").utf8))
        for jobs in [1, 2] {
            var options = T.options(jobs: jobs, parallelMinBytes: 1)
            options.maxFindingsPerRule = 2
            let report = Linter.run(paths: [path], options: options)
            XCTAssertEqual(report.diagnostics.filter { $0.rule == "unknown-attribute" }.map(\.location.line), [2, 3])
            XCTAssertEqual(report.diagnostics.filter { $0.rule == "session-duplicate-start" }.map(\.location.line), [2, 3])
            let summary = JSONValue.object(report.extraSummary)
            XCTAssertEqual(summary["findingsPerRule"]?["unknown-attribute"], .int(6))
            XCTAssertEqual(summary["findingsPerRule"]?["session-duplicate-start"], .int(6))
            XCTAssertEqual(summary["findingsNotListed"], .int(8))
        }
    }
}
