import Foundation
import SemConvLint
import SemConvModel
import XCTest

/// Session lifecycle in event time: the five scenarios of issue 13 (wire order is not time order), lateness,
/// memory caps, and identical output for every job count and for unit-by-unit streaming.
final class TelemetryLifecycleTests: XCTestCase {
    typealias T = TelemetryTestSupport

    static let t0 = 1_772_359_200.0 // 2026-03-01T10:00:00Z
    static let resource = #"{"attributes":[{"key":"device.id","value":{"stringValue":"dev-1"}},{"key":"service.version","value":{"stringValue":"1.0"}},{"key":"os.name","value":{"stringValue":"iOS"}}]}"#

    static func ns(_ offset: Double) -> String { String(Int64((t0 + offset) * 1e9)) }

    /// An OTLP log record of session `id` at `t0 + offset` seconds.
    static func rec(_ id: String, _ offset: Double, event: String? = nil, previous: String? = nil) -> String {
        var attrs = [OTLP.attr("session.id", OTLP.s(id))]
        if let previous { attrs.append(OTLP.attr("session.previous_id", OTLP.s(previous))) }
        return #"{"timeUnixNano":"\#(ns(offset))""# + (event.map { #","eventName":"\#($0)""# } ?? "")
            + #","attributes":[\#(attrs.joined(separator: ","))]}"#
    }

    /// One OTLP logs request: scopes of records.
    static func request(_ scopes: [[String]]) -> String {
        let s = scopes.map { #"{"scope":{"name":"app"},"logRecords":[\#($0.joined(separator: ","))]}"# }
        return #"{"resourceLogs":[{"resource":\#(resource),"scopeLogs":[\#(s.joined(separator: ","))]}]}"#
    }

    static func spans(_ id: String, start: Double, end: Double) -> String {
        #"{"resourceSpans":[{"resource":\#(resource),"scopeSpans":[{"scope":{"name":"net"},"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"GET /cart","startTimeUnixNano":"\#(ns(start))","endTimeUnixNano":"\#(ns(end))","attributes":[{"key":"session.id","value":{"stringValue":"\#(id)"}}]}]}]}]}"#
    }

    func findings(_ lines: [String], jobs: Int = 1, configure: (inout LintOptions) -> Void = { _ in }) -> LintReport {
        var options = T.options(jobs: jobs, parallelMinBytes: 1)
        configure(&options)
        return Linter.lint(telemetry: Array(lines.joined(separator: "\n").utf8), file: "t.ndjson", options: options)
    }

    func assertClean(_ lines: [String], file: StaticString = #filePath, line: UInt = #line) {
        for jobs in [1, 2] {
            let report = findings(lines, jobs: jobs)
            XCTAssertEqual(report.diagnostics.map { "\($0.location.line) \($0.rule): \($0.message)" }, [],
                           "jobs \(jobs)", file: file, line: line)
        }
    }

    /// A library caller's absurd worker count is clamped (`LintOptions.maxJobs`): the same report as one job, not
    /// one parse state per requested worker (gigabytes) or a crash.
    func testJobsBeyondTheMaximumAreClamped() {
        let lines = (0..<20).map { i in Self.request([[Self.rec("s\(i / 4)", Double(i * 60), event: i % 4 == 0 ? "session.start" : nil)]]) }
        let one = findings(lines, jobs: 1)
        XCTAssertFalse(one.diagnostics.isEmpty)
        for jobs in [Int.max, 99_999_999_999, 0, -5] {
            let report = findings(lines, jobs: jobs)
            XCTAssertEqual(report.diagnostics, one.diagnostics, "jobs \(jobs)")
            XCTAssertEqual(JSONValue.object(report.extraSummary).rendered(), JSONValue.object(one.extraSummary).rendered(),
                           "jobs \(jobs)")
        }
    }

    // MARK: the five scenarios

    /// 1. One request: scope B holds a record 3 minutes earlier than scope A's `session.end` of the same session.
    func testScopeOrderIsNotTimeOrder() {
        assertClean([Self.request([
            [Self.rec("s1", 0, event: "session.start"), Self.rec("s1", 600, event: "session.end")],
            [Self.rec("s1", 420)],
        ])])
    }

    /// 2. A span ending 2 s before `session.end`, written two lines after it.
    func testSpanWrittenAfterTheEnd() {
        assertClean([
            Self.request([[Self.rec("s1", 0, event: "session.start"), Self.rec("s1", 60, event: "session.end")]]),
            Self.request([[Self.rec("s9", 61, event: "session.start")]]).replacingOccurrences(of: "dev-1", with: "dev-9"),
            Self.spans("s1", start: 50, end: 58),
        ])
    }

    /// 3. A device's 10:00–10:20 session (ended, then continued at 11:00 with `session.previous_id`) uploaded after
    /// the 11:00–11:10 records of its successor.
    func testEarlierSessionUploadedLate() {
        let lines = [
            Self.request([[Self.rec("s2", 3600, event: "session.start", previous: "s1"), Self.rec("s2", 4200)]]),
            Self.request([[Self.rec("s1", 0, event: "session.start"), Self.rec("s1", 600),
                           Self.rec("s1", 1200, event: "session.end")]]),
        ]
        assertClean(lines)
        // With a lateness bound shorter than the delay the records arrive late: counted, still judged right.
        let report = findings(lines) { $0.maxLateness = 60 }
        XCTAssertEqual(report.diagnostics, [])
        XCTAssertEqual(JSONValue.object(report.extraSummary)["sessions"]?["lateRecords"], .int(3))
    }

    /// 4. A record timestamped 5 minutes after its session's end, written before the end line.
    func testRecordAfterTheEndWrittenBeforeIt() {
        let lines = [
            Self.request([[Self.rec("s1", 0, event: "session.start")]]),
            Self.request([[Self.rec("s1", 900)]]),
            Self.request([[Self.rec("s1", 600, event: "session.end")]]),
        ]
        for jobs in [1, 2] {
            let report = findings(lines, jobs: jobs)
            XCTAssertEqual(report.diagnostics.map { "\($0.location.line) \($0.rule)" }, ["2 session-telemetry-after-end"])
            XCTAssertEqual(report.diagnostics.first?.path, "resourceLogs[0].scopeLogs[0].logRecords[0]")
        }
    }

    /// Related locations in length-prefixed input name the message and the byte offset, as the finding's own
    /// location does, never a message number shown as a line (`t.bin:1`); in another file too.
    func testRelatedLocationsInBinaryInputNameTheMessageAndTheByte() {
        func frame(_ m: String) -> [UInt8] { withUnsafeBytes(of: UInt32(m.utf8.count).bigEndian, Array.init) + Array(m.utf8) }
        let messages = [
            Self.request([[Self.rec("s1", 0, event: "session.start")]]),
            Self.request([[Self.rec("s1", 60)]]),
            Self.request([[Self.rec("s2", 120, event: "session.start")]]),
        ]
        for jobs in [1, 2] {
            let report = Linter.lint(telemetry: messages.flatMap(frame), file: "t.bin",
                                     options: T.options(jobs: jobs, parallelMinBytes: 1))
            let concurrent = report.diagnostics.filter { $0.rule == "session-concurrent" }
            XCTAssertEqual(concurrent.count, 1, "jobs \(jobs)")
            guard let finding = concurrent.first, let byte = finding.location.byte else {
                return XCTFail("jobs \(jobs): no binary session-concurrent finding: \(report.diagnostics)")
            }
            XCTAssertEqual(finding.location.line, 3)
            // Message 1 holds s1's start where message 3 holds s2's (the same layout).
            XCTAssertEqual(finding.related, [SourceLocation(file: "t.bin", message: 1, byte: byte.offset, of: byte.space)],
                           "jobs \(jobs)")
            XCTAssertEqual(finding.related.map(\.description), ["t.bin: message 1, byte \(byte.offset) of the message"])
        }
    }

    /// 5. Two `session.start` of one id, the later-timestamped written first.
    func testDuplicateStartIsTheLaterTimestamped() {
        let lines = [
            Self.request([[Self.rec("s1", 120, event: "session.start")]]),
            Self.request([[Self.rec("s1", 0, event: "session.start")]]),
        ]
        for jobs in [1, 2] {
            let report = findings(lines, jobs: jobs)
            XCTAssertEqual(report.diagnostics.map { "\($0.location.line) \($0.rule)" }, ["1 session-duplicate-start"])
            XCTAssertEqual(report.diagnostics.first?.related.map(\.line), [2])
        }
    }

    // MARK: lateness and memory

    /// A record later than the bound for a session already judged is judged against what is remembered.
    func testLateRecordsAreJudgedAgainstTheRememberedSession() {
        // Four other devices 3 hours on (the watermark follows the 4th newest device, see below).
        let others = (2...5).map { d in
            Self.request([[Self.rec("x\(d)", 3 * 3600, event: "session.start")]]).replacingOccurrences(of: "dev-1", with: "dev-\(d)")
        }
        let lines = [
            Self.request([[Self.rec("s1", 0, event: "session.start"), Self.rec("s1", 60, event: "session.end")]]),
            others.joined(separator: "\n"),
            Self.request([[Self.rec("s1", 30)]]),
            Self.request([[Self.rec("s1", 7200)]]),
        ]
        let report = findings(lines) { $0.maxLateness = 600 }
        XCTAssertEqual(report.diagnostics.map { "\($0.location.line) \($0.rule)" }, ["7 session-telemetry-after-end"])
        XCTAssertEqual(JSONValue.object(report.extraSummary)["sessions"]?["lateRecords"], .int(2))
        // With the default bound (18 h) nothing is late.
        XCTAssertEqual(JSONValue.object(findings(lines).extraSummary)["sessions"]?["lateRecords"], .int(0))
    }

    /// Open sessions beyond the cap are judged early (counted), and the output stays deterministic.
    func testOpenSessionCapJudgesEarlyAndCounts() {
        var lines: [String] = []
        for d in 0..<6 {
            lines.append(Self.request([[Self.rec("s\(d)", Double(d), event: "session.start")]])
                .replacingOccurrences(of: "dev-1", with: "dev-\(d)"))
        }
        for d in 0..<6 {
            lines.append(Self.request([[Self.rec("s\(d)", 100 + Double(d))]]).replacingOccurrences(of: "dev-1", with: "dev-\(d)"))
        }
        let reports = [1, 2].map { jobs in findings(lines, jobs: jobs) { $0.maxOpenSessions = 2 } }
        let sessions = JSONValue.object(reports[0].extraSummary)["sessions"]
        XCTAssertEqual(sessions?["count"], .int(6))
        // s0…s3 are judged early as s2…s5 open; their later records are judged against what is remembered.
        XCTAssertEqual(sessions?["judgedEarly"], .int(4))
        XCTAssertEqual(reports[0].diagnostics, reports[1].diagnostics)
        XCTAssertEqual(JSONValue.object(reports[0].extraSummary).rendered(), JSONValue.object(reports[1].extraSummary).rendered())
        var buffered = T.options()
        buffered.maxBufferedRecords = 3
        let capped = Linter.lint(telemetry: Array(lines.joined(separator: "\n").utf8), options: buffered)
        XCTAssertNotEqual(JSONValue.object(capped.extraSummary)["sessions"]?["judgedEarly"], .int(0))
    }

    /// Many sessions over several chunks: the same findings and summary for every job count.
    func testLifecycleIsTheSameForEveryJobCount() {
        var lines: [String] = []
        for i in 0..<3000 {
            let d = i % 40, s = "s\(i / 7)"
            let kind: String? = i % 7 == 0 ? "session.start" : (i % 7 == 6 ? "session.end" : nil)
            // Shuffled in time within each session, a duplicate start now and then, gaps and late ends.
            let offset = Double((i / 7) * 400 + (i % 7) * (i % 3 == 0 ? 700 : 20))
            lines.append(Self.request([[Self.rec(s, offset, event: i % 97 == 0 ? "session.start" : kind)]])
                .replacingOccurrences(of: "dev-1", with: "dev-\(d)"))
        }
        lines.reverse()
        let reports = [1, 2, 3].map { jobs in findings(lines, jobs: jobs) { $0.maxOpenSessions = 50 } }
        XCTAssertFalse(reports[0].diagnostics.isEmpty)
        for r in reports.dropFirst() {
            XCTAssertEqual(r.diagnostics, reports[0].diagnostics)
            XCTAssertEqual(JSONValue.object(r.extraSummary).rendered(), JSONValue.object(reports[0].extraSummary).rendered())
        }
    }

    // MARK: times at the limits

    /// A flat event of `session` on `device`; `time` as written in JSON (a quoted RFC 3339 time or a number).
    static func flat(_ event: String, _ session: String, device: String = "d1", at time: String) -> String {
        #"{"event":"\#(event)","timestamp":\#(time),"session_id":"\#(session)","device_id":"\#(device)","os_name":"Android","app_version":"1"}"#
    }

    /// Three sessions of 99 years each (1971 to 2070), each longer than a third of what `Int64` nanoseconds hold.
    static let centurySessions = (1...3).flatMap { i in
        [flat("session_start", "s\(i)", device: "d\(i)", at: #""1971-01-01T00:00:00Z""#),
         flat("app_tap", "s\(i)", device: "d\(i)", at: #""2070-01-01T00:00:00Z""#)]
    }

    /// The summary's total duration is summed without wrapping: 3 x 3,124,224,000 s, not a negative number.
    func testSummedDurationsBeyondInt64Nanoseconds() {
        let sessions = JSONValue.object(findings(Self.centurySessions).extraSummary)["sessions"]
        XCTAssertEqual(sessions?["totalDurationSeconds"], .double(3 * 3_124_224_000))
        guard case let .array(listed)? = sessions?["listed"] else { return XCTFail("no listed sessions") }
        XCTAssertEqual(listed.map { $0["durationSeconds"] }, Array(repeating: .double(3_124_224_000), count: 3))
    }

    /// Times at the end of what `Int64` nanoseconds hold (2262): the tolerance after an end, a session's close and
    /// the watermark do not wrap. A record a minute into a session that ends in 2262 is inside it.
    func testTimesNearTheInt64Limit() {
        let max = String(Int64.max)
        let lines = [Self.flat("session_start", "s1", at: #""2026-03-01T10:00:00Z""#),
                     Self.flat("app_tap", "s1", at: #""2026-03-01T10:01:00Z""#),
                     Self.flat("session_end", "s1", at: max),
                     Self.flat("session_start", "s2", device: "d2", at: String(Int64.max - 7)),
                     Self.flat("app_tap", "s2", device: "d2", at: max)]
        for jobs in [1, 2] {
            let report = findings(lines, jobs: jobs)
            XCTAssertEqual(report.diagnostics.map { "\($0.location.line) \($0.rule): \($0.message)" }, [], "jobs \(jobs)")
            XCTAssertEqual(JSONValue.object(report.extraSummary)["sessions"]?["count"], .int(2))
        }
    }

    /// Policy durations beyond what `Int64` nanoseconds hold are never reached and print: a 99-year session under
    /// `max_duration: 1e30` and an infinite inactivity timeout is no finding (it was a trap on the message).
    func testPolicyDurationsBeyondInt64Nanoseconds() {
        let report = findings(Self.centurySessions) {
            $0.registry.policy.session?.maxDuration = 1e30
            $0.registry.policy.session?.inactivityTimeout = .infinity
        }
        XCTAssertEqual(report.diagnostics.map(\.rule).filter { $0.hasPrefix("session-") }, [])
        let bounded = findings(Self.centurySessions) { $0.registry.policy.session?.maxDuration = 1e9 }
        XCTAssertEqual(bounded.diagnostics.filter { $0.rule == "session-too-long" }.map(\.message).first,
                       "session 's1' has lasted 867840h 0m (maximum 277777h 46m)")
    }

    // MARK: streaming

    /// Feeding a file's units one by one gives exactly the findings and report of linting the file.
    func testStreamingUnitsEqualsLintingTheFile() throws {
        for name in TelemetryRecordingTests.recordings {
            let path = T.fixtures.appendingPathComponent(name + ".ndjson").path
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let fileReport = Linter.run(paths: [path], options: T.options())
            let stream = TelemetryStream(options: T.options())
            var streamed: [Diagnostic] = []
            var records = 0
            var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }
            for (i, line) in lines.enumerated() {
                let result = Array(line).withUnsafeBytes {
                    stream.check(unit: $0, format: .auto, source: path, number: i + 1)
                }
                streamed += result.findings
                records += result.records
                if let u = result.undecodable { XCTAssertTrue(result.findings.contains(u) || u.rule == "invalid-json") }
            }
            let (remaining, report) = stream.finish()
            streamed += remaining
            XCTAssertEqual(streamed.sorted(by: Diagnostic.reportOrder), fileReport.diagnostics, name)
            XCTAssertEqual(report.diagnostics, fileReport.diagnostics, name)
            XCTAssertEqual(JSONValue.object(report.extraSummary).rendered(), JSONValue.object(fileReport.extraSummary).rendered(), name)
            XCTAssertEqual(JSONValue.object(report.extraSummary)["records"], .int(records), name)
        }
    }

    func testStreamUndecodableUnits() {
        let stream = TelemetryStream(options: T.options())
        let bad = Array("{\"resourceLogs\": [".utf8).withUnsafeBytes {
            stream.check(unit: $0, format: .otlpJSON, source: "otlp-http", number: 1)
        }
        XCTAssertEqual(bad.undecodable?.rule, "invalid-json")
        XCTAssertEqual(bad.undecodable?.location.file, "otlp-http")
        XCTAssertEqual(bad.records, 0)
        let flat = Array("{\"event\":\"x\"}".utf8).withUnsafeBytes {
            stream.check(unit: $0, format: .otlpJSON, source: "otlp-http", number: 2)
        }
        XCTAssertEqual(flat.undecodable?.rule, "unknown-input", "not OTLP though OTLP/JSON was declared")
        // A resource block whose length runs past the end of the message.
        let proto = [UInt8]([0x0A, 0x05, 0x0A]).withUnsafeBytes {
            stream.check(unit: $0, format: .otlpProtobuf(.logs), source: "otlp-grpc", number: 1)
        }
        XCTAssertEqual(proto.undecodable?.rule, "invalid-frame")
        let good = Array(Self.request([[Self.rec("s1", 0, event: "session.start")]]).utf8).withUnsafeBytes {
            stream.check(unit: $0, format: .otlpJSON, source: "otlp-http", number: 3)
        }
        XCTAssertNil(good.undecodable)
        XCTAssertEqual(good.records, 1)
        XCTAssertEqual(stream.finish().report.files, 2)
    }
}

/// Absent means absent: JSON null, an OTLP AnyValue without a value and a missing key are the same for every rule;
/// a present empty string is a value.
final class TelemetryAbsenceTests: XCTestCase {
    typealias T = TelemetryTestSupport

    func rules(_ line: String, _ rule: String) -> [Int] {
        T.lint([line]).diagnostics.filter { $0.rule == rule }.map(\.location.line)
    }

    func testFlatEvents() {
        let base = #""event":"session_start","device_id":"d1","app_version":"1","platform":"ios","timestamp":"2026-03-01T10:00:00Z""#
        XCTAssertEqual(rules("{\(base),\"session_id\":null}", "required-attribute-missing"), [1])
        XCTAssertEqual(rules("{\(base)}", "required-attribute-missing"), [1])
        XCTAssertEqual(rules("{\(base),\"session_id\":\"\"}", "required-attribute-missing"), [])
        XCTAssertEqual(rules(#"{"event":"screen_view","session_id":"s","device_id":null,"app_version":"1","platform":"ios"}"#,
                             "session-context-missing"), [1])
        XCTAssertEqual(rules(#"{"event":"screen_view","session_id":"s","crash_count":null}"#, "attribute-type-mismatch"), [])
        XCTAssertEqual(rules(#"{"event":"screen_view","session_id":"s","user_email":null}"#, "forbidden-attribute"), [])
    }

    func testOTLP() {
        func line(_ value: String?) -> String {
            OTLP.log(event: "session.start", attrs: value.map { [OTLP.attr("session.id", $0)] } ?? [])
        }
        XCTAssertEqual(rules(line("{}"), "required-attribute-missing"), [1])
        XCTAssertEqual(rules(line("null"), "required-attribute-missing"), [1])
        XCTAssertEqual(rules(line(#"{"stringValue":null}"#), "required-attribute-missing"), [1])
        XCTAssertEqual(rules(line(nil), "required-attribute-missing"), [1])
        XCTAssertEqual(rules(line(OTLP.s("")), "required-attribute-missing"), [])
        XCTAssertEqual(rules(OTLP.log(event: "screen.view", attrs: [OTLP.attr("session_id", "{}")]), "attribute-alias"), [])
        XCTAssertEqual(rules(OTLP.session("s1", extra: [OTLP.attr("session.crash_count", "{}")]), "attribute-type-mismatch"), [])
        let noDevice = OTLP.log(event: "screen.view", attrs: [OTLP.attr("session.id", OTLP.s("s1"))],
                                resource: [OTLP.attr("device.id", "{}"), OTLP.attr("service.version", OTLP.s("1")),
                                           OTLP.attr("os.name", OTLP.s("iOS"))])
        XCTAssertEqual(T.lint([noDevice]).diagnostics.filter { $0.rule == "session-context-missing" }.compactMap(\.attribute),
                       ["device.id"])
    }

    func testFaro() {
        func payload(_ session: String) -> String {
            #"{"meta":{"session":{"id":\#(session)}},"events":[{"name":"session_start","timestamp":"2026-03-01T10:00:00Z"}]}"#
        }
        XCTAssertEqual(rules(payload("null"), "required-attribute-missing"), [1])
        XCTAssertEqual(rules(payload("\"\""), "required-attribute-missing"), [])
        XCTAssertEqual(rules(payload("\"w1\""), "required-attribute-missing"), [])
    }

    /// Case 14: `"previous_session_id": null` on a device that had an earlier session is the same as leaving it out.
    func testNullPreviousIDIsMissing() {
        let lines = [
            #"{"event":"session_start","timestamp":"2026-11-01T10:02:00Z","session_id":"aaaa","device_id":"dev1"}"#,
            #"{"event":"session_end","timestamp":"2026-11-01T10:31:00Z","session_id":"aaaa","device_id":"dev1"}"#,
            #"{"event":"session_start","timestamp":"2026-11-01T10:50:00Z","session_id":"bbbb","previous_session_id":null,"device_id":"dev1"}"#,
            #"{"event":"session_start","timestamp":"2026-11-01T11:50:00Z","session_id":"cccc","device_id":"dev1"}"#,
        ]
        XCTAssertEqual(T.lint(lines).diagnostics.filter { $0.rule == "conditionally-required-missing" }.map(\.location.line), [3, 4])
    }

    /// A session with no timed record is neither earlier nor later than the device's other sessions (they are
    /// ordered by timestamp): its start without the previous id is `conditionally-required-unknown`, not a missing
    /// previous id "after" a session that may well have come later, in either order of the lines.
    func testUntimedSessionHasNoEarlierSession() {
        let untimed = #"{"event":"session_start","session_id":"b","device_id":"d","version":"1","os_name":"iOS"}"#
        let timed = #"{"event":"session_start","timestamp":"2026-03-01T10:00:00Z","session_id":"a","device_id":"d","version":"1","os_name":"iOS"}"#
        let unknown = "conditionally-required-unknown: session 'b' lacks 'session.previous_id' and has no timestamp: whether the same device's session 'a' was earlier is unknown"
        for (lines, line) in [([untimed, timed], 1), ([timed, untimed], 2)] {
            for jobs in [1, 2] {
                let report = Linter.lint(telemetry: Array(lines.joined(separator: "\n").utf8), file: "t.ndjson",
                                         options: T.options(jobs: jobs, parallelMinBytes: 1))
                XCTAssertEqual(report.diagnostics.filter { $0.rule.hasPrefix("conditionally-required") }
                    .map { "\($0.location.line) \($0.rule): \($0.message)" }, ["\(line) \(unknown)"], "jobs \(jobs)")
            }
        }
        // Alone on its device, an untimed session has no earlier session to miss.
        XCTAssertEqual(T.lint([untimed]).diagnostics.map(\.rule), ["timestamp-missing"])
        // A session whose start has no time is ordered by its first timed record: 09:00, before 'a'.
        let tap = #"{"event":"app_tap","timestamp":"2026-03-01T09:00:00Z","session_id":"b","device_id":"d","version":"1","os_name":"iOS"}"#
        XCTAssertEqual(T.lint([untimed, tap, timed]).diagnostics.filter { $0.rule.hasPrefix("conditionally-required") }
            .map { "\($0.location.line) \($0.rule): \($0.message)" },
                       ["3 conditionally-required-missing: session 'a' lacks 'session.previous_id', but the same device had an earlier session ('b')"])
    }
}

/// Faro sessions as the Faro Web SDK records them: `session_extend` starts a session continuing
/// `meta.session.attributes.previousSession`; `session_resume` is a plain record.
final class TelemetryFaroSessionTests: XCTestCase {
    typealias T = TelemetryTestSupport

    static func faro(_ id: String, previous: String? = nil, event: String? = nil, log: String? = nil, at time: String) -> String {
        let attrs = previous.map { #","attributes":{"previousSession":"\#($0)"}"# } ?? ""
        let items = event.map { #""events":[{"name":"\#($0)","domain":"browser","timestamp":"\#(time)"}]"# }
            ?? #""logs":[{"message":"\#(log ?? "x")","level":"info","timestamp":"\#(time)"}]"#
        return #"{"meta":{"app":{"name":"shop","version":"1.0.0"},"session":{"id":"\#(id)"\#(attrs)},"browser":{"os":"Ubuntu"}},\#(items)}"#
    }

    func testSessionExtendStartsAContinuingSession() {
        let lines = [
            Self.faro("A", event: "session_start", at: "2024-11-30T10:00:00.000Z"),
            Self.faro("A", log: "cart opened", at: "2024-11-30T10:05:00.000Z"),
            Self.faro("B", previous: "A", event: "session_extend", at: "2024-11-30T10:40:00.000Z"),
            Self.faro("A", log: "second tab", at: "2024-11-30T10:45:00.000Z"),
        ]
        let report = T.lint(lines)
        let lifecycle = report.diagnostics.filter { $0.rule.hasPrefix("session-") && $0.rule != "session-context-missing" }
        XCTAssertEqual(lifecycle.map { "\($0.location.line) \($0.rule)" }, ["4 session-telemetry-after-end"])
        let summary = JSONValue.object(report.extraSummary)
        XCTAssertEqual(summary["events"]?["session.start"], .int(2))
        let listed = summary["sessions"]?["listed"]?.arrayValue ?? []
        XCTAssertEqual(listed.first { $0["id"] == .string("B") }?["startSeen"], .bool(true))
        XCTAssertEqual(listed.first { $0["id"] == .string("A") }?["endSeen"], .bool(true))
    }

    func testSessionResumeIsAPlainRecord() {
        let lines = [
            Self.faro("A", event: "session_start", at: "2024-11-30T10:00:00.000Z"),
            Self.faro("A", event: "session_resume", at: "2024-11-30T10:10:00.000Z"),
            Self.faro("A", log: "hello", at: "2024-11-30T10:12:00.000Z"),
        ]
        let report = T.lint(lines)
        XCTAssertEqual(report.diagnostics.filter { ($0.rule.hasPrefix("session-") && $0.rule != "session-context-missing")
            || $0.rule == "unknown-event" }.map(\.rule), [])
        XCTAssertEqual(JSONValue.object(report.extraSummary)["events"]?["session.start"], .int(1))
        XCTAssertEqual(JSONValue.object(report.extraSummary)["events"]?["session_resume"], .int(1))
    }
}
