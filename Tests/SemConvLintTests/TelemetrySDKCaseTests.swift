import Foundation
@testable import SemConvLint
import SemConvModel
import XCTest

/// Real SDK output that the lint got wrong (`Fixtures/telemetry/sdk-cases`, see its README): each test pins the
/// kind of fault down on the real input, next to the rule examples that state the behaviour.
final class TelemetrySDKCaseTests: XCTestCase {
    typealias T = TelemetryTestSupport

    static let dir = T.fixtures.appendingPathComponent("sdk-cases")

    static func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    static func lint(_ name: String, input: InputKind = .auto, rules: [String: RuleSetting] = [:],
                     jobs: Int = 1) -> LintReport {
        Linter.run(paths: [path(name)], options: T.options(input: input, rules: rules, jobs: jobs))
    }

    static func sessions(_ report: LintReport) -> JSONValue? { JSONValue.object(report.extraSummary)["sessions"] }

    static func lines(_ report: LintReport, _ rule: String) -> [Int] {
        report.diagnostics.filter { $0.rule == rule }.map(\.location.line)
    }

    // MARK: 1. order

    /// A session also ends when a later session names it as previous, whichever is read first.
    func testContinuationEndsThePreviousSessionInEitherOrder() {
        let ab = Self.lint("continued-ab.ndjson"), ba = Self.lint("continued-ba.ndjson")
        for report in [ab, ba] {
            let after = report.diagnostics.filter { $0.rule == "session-telemetry-after-end" }
            XCTAssertEqual(after.map(\.session), ["A"])
            XCTAssertTrue(after.first?.message.contains("10m 0s after it ended") ?? false)
        }
        XCTAssertEqual(Self.sessions(ab)?.rendered(), Self.sessions(ba)?.rendered())
        XCTAssertEqual(Self.sessions(ba)?["listed"]?.arrayValue?[0]["endSeen"], .bool(true))
        for name in ["faro.ndjson", "faro-reversed.ndjson"] {
            XCTAssertEqual(Self.sessions(Self.lint(name))?.rendered(), Self.sessions(Self.lint("faro.ndjson"))?.rendered(),
                           name)
        }
    }

    /// Property: any order of the units (within the lateness bound) gives the same judgments and summary. Each
    /// fixture's lines are shuffled with a fixed seed; findings are compared by rule, the text of the line they
    /// land on, column, attribute and session, and the summary as a whole.
    func testAnyOrderOfUnitsGivesTheSameJudgment() throws {
        let fixtures = ["sdk-retry.ndjson", "continued-ab.ndjson", "three-after-end.ndjson", "seven.ndjson",
                        "android-lazy.ndjson", "faro.ndjson", "faro-edge.ndjson", "backend.ndjson", "time.ndjson"]
        var rng = SplitMix(seed: 13)
        for name in fixtures {
            let text = try String(contentsOfFile: Self.path(name), encoding: .utf8)
            let lines = text.split(separator: "\n").map(String.init)
            let reference = judgment(lines)
            XCTAssertFalse(reference.summary.isEmpty)
            for round in 0..<12 {
                let shuffled = lines.shuffled(using: &rng)
                let other = judgment(shuffled)
                XCTAssertEqual(other.findings, reference.findings, "\(name), order \(round): \(shuffled.map { lines.firstIndex(of: $0)! + 1 })")
                XCTAssertEqual(other.summary, reference.summary, "\(name), order \(round)")
            }
        }
    }

    /// Findings keyed by the text of their line (positions move with the shuffle), sorted; the summary rendered.
    private func judgment(_ lines: [String]) -> (findings: [String], summary: String) {
        let report = Linter.lint(telemetry: Array(lines.joined(separator: "\n").utf8), file: "t.ndjson",
                                 options: T.options())
        let findings = report.diagnostics.map { d in
            "\(d.rule) \(d.location.column) \(d.attribute ?? "-") \(d.session ?? "-") \(d.path ?? "-") \(lines[d.location.line - 1].hashValue)"
        }.sorted()
        var summary = report.extraSummary
        summary.removeAll { $0.0 == "lines" }
        return (findings, JSONValue.object(summary).rendered())
    }

    // MARK: 2. every record after the end, a second end

    func testEveryRecordAfterTheEndIsCounted() {
        let report = Self.lint("three-after-end.ndjson")
        let after = report.diagnostics.filter { $0.rule == "session-telemetry-after-end" }
        XCTAssertEqual(after.count, 1, "one finding per session")
        XCTAssertTrue(after[0].message.contains("(and 2 more records after the end, the last 16m 0s after it)"),
                      after[0].message)
        XCTAssertEqual(after[0].related.count, 2)
        XCTAssertEqual(Self.sessions(report)?["recordsAfterEnd"], .int(3))
    }

    func testSecondEndIsADuplicateEnd() {
        let report = Self.lint("seven.ndjson", rules: ["session-duplicate-start": .off])
        XCTAssertEqual(report.diagnostics.map(\.rule), ["session-telemetry-before-start", "session-duplicate-end"])
        XCTAssertTrue(report.diagnostics[0].message.contains("(and 1 more record before the start)"))
        XCTAssertTrue(report.diagnostics[1].message.contains("ended again (first end on line 1)"))
        XCTAssertEqual(Self.sessions(report)?["recordsBeforeStart"], .int(2))
    }

    // MARK: 3. redelivery

    /// The resent logs batch (line 6) repeats line 1 byte for byte: no second start, no extra records.
    func testExporterRetryIsARedelivery() {
        let report = Self.lint("sdk-retry.ndjson")
        XCTAssertEqual(Self.lines(report, "session-duplicate-start"), [])
        let sessions = Self.sessions(report)
        XCTAssertEqual(sessions?["redeliveries"], .int(6))
        XCTAssertEqual(sessions?["listed"]?.arrayValue?[1]["records"], .int(8))
        // A redelivered record is not a restart even when the copy is the only start read before the judgment.
        let line1 = try? String(contentsOfFile: Self.path("sdk-retry.ndjson"), encoding: .utf8).split(separator: "\n")[0]
        let twice = Linter.lint(telemetry: Array("\(line1!)\n\(line1!)".utf8), options: T.options())
        XCTAssertEqual(Self.lines(twice, "session-duplicate-start"), [])
        XCTAssertEqual(Self.sessions(twice)?["redeliveries"], .int(6))
    }

    // MARK: 4. lazy end

    /// opentelemetry-android emits `session.end` at the next lookup after expiry (6 hours of silence here; one
    /// lookup after the 4-hour maximum for the second session): no too-long, no gap, durations end at the last
    /// activity when the end came after more than the inactivity timeout.
    func testLazyEndOfAnExpiredSessionIsNotFlagged() {
        let report = Self.lint("android-lazy.ndjson")
        XCTAssertEqual(report.diagnostics.map(\.rule), [])
        let first = Self.sessions(report)?["listed"]?.arrayValue?.first
        XCTAssertEqual(first?["id"], .string("and-sess-1"))
        XCTAssertEqual(first?["durationSeconds"], .double(600))
        XCTAssertEqual(first?["endSeen"], .bool(true))
        // Activity past the maximum is still too long.
        let flat = [
            #"{"event":"session_start","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}"#,
        ] + (1...17).map { i in
            #"{"event":"screen_view","session_id":"s1","timestamp":"2026-03-01T\#(String(format: "%02d:%02d", 10 + i * 15 / 60, i * 15 % 60)):00Z"}"#
        }
        XCTAssertEqual(T.lint(flat).diagnostics.filter { $0.rule == "session-too-long" }.count, 1)
    }

    // MARK: 5. session records

    func testBackendSpanEventsAreNotSessionRecords() {
        let report = Self.lint("backend.ndjson")
        XCTAssertEqual(report.diagnostics.map(\.rule), [])
        XCTAssertEqual(Self.sessions(report)?["count"], .int(0))
    }

    /// `client_attributes` is policy: without it (a registry whose policy names none) a client log without a
    /// session id is no session record either.
    func testClientAttributesAreThePolicys() {
        XCTAssertEqual(T.registry.policy.session?.clientAttributes, ["device.id"])
        let noSession = OTLP.log(event: "app.tap", attrs: [])
        let report = T.lint([noSession])
        XCTAssertEqual(report.diagnostics.filter { $0.rule == "session-context-missing" }.map(\.attribute), ["session.id"])
        let server = OTLP.log(event: "app.tap", attrs: [], resource: [OTLP.attr("service.name", OTLP.s("api"))])
        XCTAssertEqual(T.lint([server]).diagnostics.filter { $0.rule == "session-context-missing" }, [])
    }

    // MARK: 6. generic aliases

    func testGenericWordsAreNotForbiddenKeys() {
        let report = Self.lint("alias.ndjson")
        XCTAssertEqual(report.diagnostics.filter { $0.rule == "forbidden-attribute" || $0.rule == "attribute-alias" }, [])
        // Registry keys and specific aliases stay forbidden everywhere; generic aliases count where the producer
        // names attributes its own way (flat event keys, Faro attributes).
        let lines = [
            OTLP.log(attrs: [OTLP.attr("token", OTLP.s("csrf-check-passed")), OTLP.attr("login", OTLP.s("ok"))],
                     body: #"{"kvlistValue":{"values":[{"key":"name","value":{"stringValue":"checkout button"}},{"key":"user_email","value":{"stringValue":"x"}}]}}"#),
            #"{"event":"signin","session_id":"s1","login":"jdoe","token":"abc"}"#,
        ]
        let mixed = T.lint(lines)
        XCTAssertEqual(mixed.diagnostics.filter { $0.rule == "forbidden-attribute" }.map { "\($0.location.line) \($0.attribute!)" },
                       ["1 user.email", "2 user.name", "2 user.auth_token"])
    }

    // MARK: 7, 8. Faro

    func testFaroTracesAreSpans() {
        let report = Self.lint("faro-traces.ndjson")
        let forbidden = report.diagnostics.filter { $0.rule == "forbidden-attribute" }
        XCTAssertEqual(forbidden.map(\.attribute), ["user.email"])
        XCTAssertEqual(forbidden.first?.path, #"traces.resourceSpans[0].scopeSpans[0].spans[0].attributes["user.email"]"#)
        XCTAssertEqual(Self.sessions(report)?["listed"]?.arrayValue?[0]["id"], .string("T1"))
        XCTAssertEqual(JSONValue.object(report.extraSummary)["records"], .int(1))
    }

    func testFaroExtendWithoutPreviousSessionSaysSo() {
        let report = Self.lint("faro-edge.ndjson", rules: ["session-context-missing": .off])
        let line9 = report.diagnostics.filter { $0.location.line == 9 }
        XCTAssertEqual(line9.map(\.rule), ["conditionally-required-missing"])
        XCTAssertEqual(line9.first?.message, "'session_extend' continues an earlier session, but lacks 'session.previous_id'")
        XCTAssertEqual(line9.first?.event, "session_extend")
        let line8 = report.diagnostics.filter { $0.location.line == 8 }
        XCTAssertEqual(line8.map(\.event), ["session_extend"], "the event is named as written")
    }

    // MARK: 9. metrics

    func testUnboundedDataPointAttributes() {
        let report = Self.lint("metrics.ndjson")
        let found = report.diagnostics.filter { $0.rule == "metric-attribute-unbounded" }
        XCTAssertEqual(found.map(\.attribute), ["session.id", "user.id", "url.full", "session.id", "user.email"])
        XCTAssertTrue(found[0].message.contains("metric 'app.screen.views'"), found[0].message)
        XCTAssertTrue(found[0].message.contains("(5 data points in this request)"), found[0].message)
        XCTAssertFalse(found.contains { $0.attribute == "http.request.method" })
    }

    // MARK: 10. owned namespaces

    /// Only `owned_namespaces` make unknown keys findings; the upstream registry declares none.
    func testUpstreamNamespacesAreNotOwned() throws {
        let upstream = T.packageRoot.appendingPathComponent("../shared/data/semconv-v1.40.0/model").standardized
        guard FileManager.default.fileExists(atPath: upstream.path) else { throw XCTSkip("shared upstream registry absent") }
        let loaded = RegistryLoader.load(roots: [upstream.path, T.packageRoot.appendingPathComponent("model").path],
                                         checks: false)
        let report = Linter.run(paths: [Self.path("unknown-keys.ndjson")], options: LintOptions(registry: loaded.registry))
        XCTAssertEqual(report.diagnostics.filter { $0.rule == "unknown-attribute" }.map(\.attribute), ["session.foo"])
        let enumHint = report.diagnostics.first { $0.rule == "enum-value-unknown" }
        XCTAssertEqual(enumHint?.message.contains("did you mean"), false, enumHint?.message ?? "")
    }

    // MARK: 11. summary durations

    func testTotalDurationIsTheSumOfTheListedDurations() {
        for name in ["faro.ndjson", "sdk-retry.ndjson", "android-lazy.ndjson"] {
            let sessions = Self.sessions(Self.lint(name))
            guard case let .array(listed)? = sessions?["listed"], case let .double(total)? = sessions?["totalDurationSeconds"] else {
                return XCTFail(name)
            }
            let sum = listed.compactMap { s -> Double? in if case let .double(d)? = s["durationSeconds"] { d } else { nil } }
                .reduce(0, +)
            XCTAssertEqual(total, sum, accuracy: 1e-6, name)
        }
    }

    // MARK: 12. pretty-printed documents

    /// Documents are limited one by one, not by the file's size; positions stay exact.
    func testPrettyDocumentsAreLimitedOneByOne() {
        let docs = (0..<40).map { i in
            TelemetryInputFormatTests.pretty.replacingOccurrences(of: "\"s1\"", with: "\"s\(i)\"")
        }
        let path = T.temp("many.pretty.json", Data(docs.joined().utf8))
        let document = TelemetryInputFormatTests.pretty.utf8.count
        let report = Linter.run(paths: [path], options: T.options(maxLineLength: 2 * document))
        XCTAssertEqual(report.diagnostics.filter { $0.rule == "line-too-long" }, [])
        let perDocument = TelemetryInputFormatTests.pretty.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        XCTAssertEqual(Self.lines(report, "forbidden-attribute"), (0..<40).map { 9 + $0 * perDocument })
        XCTAssertEqual(JSONValue.object(report.extraSummary)["records"], .int(40))
        // One document over the limit: one finding on its first line, the others read.
        let big = docs[0] + TelemetryInputFormatTests.pretty.replacingOccurrences(of: "ü@example.com",
                                                                                   with: String(repeating: "x", count: 3 * document)) + docs[2]
        let mixed = Linter.run(paths: [T.temp("big.pretty.json", Data(big.utf8))], options: T.options(maxLineLength: 2 * document))
        XCTAssertEqual(Self.lines(mixed, "line-too-long"), [1 + perDocument])
        XCTAssertEqual(Self.lines(mixed, "forbidden-attribute"), [9, 9 + 2 * perDocument])
    }

    // MARK: 13. a bare protobuf request

    func testBareProtobufRequestIsOneMessage() throws {
        // Ordered by byte offset in the message, as text findings are by column.
        let expected = ["1 forbidden-attribute", "1 attribute-type-mismatch"]
        for name in ["body.v1_logs.bin", "body.v1_logs.bin.gz"] {
            for input in [InputKind.auto, .otlp] {
                let report = Self.lint(name, input: input)
                XCTAssertEqual(report.diagnostics.map { "\($0.location.line) \($0.rule)" }, expected, "\(name) \(input)")
                XCTAssertTrue(report.diagnostics.allSatisfy { $0.location.byte?.space == .message })
                XCTAssertEqual(JSONValue.object(report.extraSummary)["records"], .int(2))
            }
        }
        let bytes = [UInt8](try Data(contentsOf: Self.dir.appendingPathComponent("body.v1_logs.bin")))
        XCTAssertEqual(Linter.lint(telemetry: bytes, file: "-", options: T.options()).diagnostics.map(\.rule),
                       ["forbidden-attribute", "attribute-type-mismatch"])
        XCTAssertEqual(JSONValue.object(Self.lint("body.v1_traces.bin").extraSummary)["records"], .int(1))
        // Text that starts with newlines is still text.
        let text = T.lint(["", "", "", #"{"event":"x","session_id":"s1","timestamp":"2026-03-01T10:00:00Z"}"#])
        XCTAssertEqual(JSONValue.object(text.extraSummary)["inputs"]?["events"], .int(1))
    }

    // MARK: 15. messages

    func testTruncatedGzipIsOneFinding() {
        let report = Self.lint("truncated.ndjson.gz")
        XCTAssertEqual(report.diagnostics.map(\.rule), ["invalid-frame"])
        XCTAssertEqual(report.diagnostics.first?.location.line, 3, "the line the data was cut in")
    }

    func testInvalidTimeIsNotAMissingTime() {
        let report = Self.lint("time.ndjson")
        let times = report.diagnostics.filter { $0.rule == "timestamp-missing" }
        XCTAssertEqual(times.map { "\($0.location.line) \($0.message)" },
                       ["3 event 'session.start' has an invalid timestamp", "4 event 'session.start' has an invalid timestamp",
                        "5 event 'session.start' has no timestamp"])
    }

    func testConditionTextIsNotDoubled() {
        XCTAssertEqual(RequirementLevelRules.conditionText("Required if the operation failed."), "if the operation failed.")
        XCTAssertEqual(RequirementLevelRules.conditionText(" If a previous session existed."), "if a previous session existed.")
    }

    func testEnumSuggestionsNeedAShareOfTheValue() {
        let members = ["h2", "mysql", "wifi"]
        XCTAssertEqual(Suggestions.didYouMean("v", in: members, threshold: Suggestions.memberThreshold("v")), "")
        XCTAssertEqual(Suggestions.didYouMean("wify", in: members, threshold: Suggestions.memberThreshold("wify")),
                       " (did you mean 'wifi'?)")
        XCTAssertEqual(Suggestions.didYouMean("v", in: members), "", "a candidate sharing nothing is no suggestion")
    }

    /// A duplicate start in protobuf input names the first start's message, and compressed frames say their byte
    /// offsets count in the decompressed message.
    func testBinaryPositionsNameMessages() throws {
        let first = Proto.logsRequest(session: "p1", event: "session.start", time: 1_772_359_200)
        let again = Proto.logsRequest(session: "p1", event: "session.start", time: 1_772_359_500)
        var file: [UInt8] = []
        for m in [first, again] {
            let n = UInt32(m.count)
            file += [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + m
        }
        let report = Linter.lint(telemetry: file, file: "p.bin", options: T.options(rules: ["session-context-missing": .off]))
        let duplicate = report.diagnostics.first { $0.rule == "session-duplicate-start" }
        XCTAssertEqual(duplicate?.location.line, 2)
        XCTAssertTrue(duplicate?.message.contains("(first start on message 1)") ?? false, duplicate?.message ?? "")
        let frames = Linter.run(paths: [BinaryInputTests.dir.appendingPathComponent("sdk-proto-zstd-frames.bin").path],
                                options: T.options())
        let email = try XCTUnwrap(frames.diagnostics.first { $0.rule == "forbidden-attribute" })
        XCTAssertEqual(email.location.byte?.space, .decompressedMessage)
        XCTAssertTrue(email.location.description.contains(", byte \(email.location.byte?.offset ?? -1) of the decompressed message"),
                      email.location.description)
    }

    // MARK: watermark

    /// A device whose clock runs 3 days ahead does not judge the other devices' sessions early: their late start
    /// (written after it, within the lateness bound of their own time) is still their start.
    func testDeviceFarAheadDoesNotMoveTheWatermark() {
        func rec(_ session: String, _ device: String, _ offset: Double, _ event: String? = nil) -> String {
            OTLP.session(session, event: event, at: offset, device: device)
        }
        var lines: [String] = []
        for d in 1...4 { lines += [rec("s\(d)", "dev-\(d)", 300), rec("s\(d)", "dev-\(d)", 1200, "session.end")] }
        lines.append(rec("far", "dev-far", 3 * 86_400, "session.start"))
        for d in 1...4 { lines.append(rec("s\(d)", "dev-\(d)", 0, "session.start")) }
        for jobs in [1, 2] {
            var options = T.options(jobs: jobs, parallelMinBytes: 1)
            options.maxLateness = 3600
            let report = Linter.lint(telemetry: Array(lines.joined(separator: "\n").utf8), options: options)
            XCTAssertEqual(report.diagnostics.filter { $0.rule.hasPrefix("session-") }.map(\.rule), [], "jobs \(jobs)")
            XCTAssertEqual(Self.sessions(report)?["lateRecords"], .int(0))
        }
        // Four devices ahead are the watermark's 4th newest: then the others' starts are late, and judged as such.
        var ahead = lines
        ahead.insert(contentsOf: (1...3).map { rec("far\($0)", "dev-far\($0)", 3 * 86_400, "session.start") }, at: 8)
        var options = T.options()
        options.maxLateness = 3600
        let late = Linter.lint(telemetry: Array(ahead.joined(separator: "\n").utf8), options: options)
        XCTAssertEqual(Self.sessions(late)?["lateRecords"], .int(4))
    }
}

/// Shuffles use the suite's deterministic generator.
extension SplitMix: RandomNumberGenerator {}

/// Minimal OTLP protobuf requests for tests (wire format by hand: tags, varints, lengths).
enum Proto {
    static func varint(_ v: UInt64) -> [UInt8] {
        var v = v, out: [UInt8] = []
        repeat {
            out.append(UInt8(v & 0x7F) | (v > 0x7F ? 0x80 : 0))
            v >>= 7
        } while v > 0
        return out
    }

    static func field(_ number: Int, _ bytes: [UInt8]) -> [UInt8] {
        varint(UInt64(number << 3 | 2)) + varint(UInt64(bytes.count)) + bytes
    }

    static func string(_ number: Int, _ text: String) -> [UInt8] { field(number, Array(text.utf8)) }

    static func attribute(_ key: String, _ value: String) -> [UInt8] {
        string(1, key) + field(2, string(1, value))
    }

    /// An `ExportLogsServiceRequest` with one log record: `event_name`, `session.id`, time in seconds.
    static func logsRequest(session: String, event: String, time: Int64) -> [UInt8] {
        var ns = UInt64(time) * 1_000_000_000
        var fixed: [UInt8] = []
        for _ in 0..<8 { fixed.append(UInt8(ns & 0xFF)); ns >>= 8 }
        let record = [0x09] + fixed + field(6, attribute("session.id", session)) + string(12, event)
        let resource = field(1, field(1, attribute("device.id", "dev-p")))
        return field(1, resource + field(2, field(2, record)))
    }
}
