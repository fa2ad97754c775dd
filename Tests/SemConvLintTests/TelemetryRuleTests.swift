import Foundation
import SemConvLint
import SemConvModel
import XCTest

/// One clean and one violating input per rule; findings asserted by rule id and line.
final class TelemetryRuleTests: XCTestCase {
    typealias T = TelemetryTestSupport

    /// Asserts that `rule` is reported exactly on `lines` of `bad`, and nowhere in `clean`.
    func assertRule(_ rule: String, clean: [String], bad: [String], lines: [Int], input: InputKind = .auto,
                    rules: [String: RuleSetting] = [:], file: StaticString = #filePath, line: UInt = #line) {
        let good = T.lint(clean, input: input, rules: rules).diagnostics.filter { $0.rule == rule }
        XCTAssertEqual(good.map(\.location.line), [], "clean input reported \(rule): \(good.map(\.message))",
                       file: file, line: line)
        let found = T.lint(bad, input: input, rules: rules).diagnostics.filter { $0.rule == rule }
        XCTAssertEqual(found.map(\.location.line), lines, "\(rule): \(found.map(\.message))", file: file, line: line)
    }

    let start = OTLP.session("s1", event: "session.start")

    func testInvalidJSON() {
        assertRule("invalid-json", clean: [start], bad: [start, "{\"resourceLogs\": [", "{'a': 1}", start], lines: [2, 3])
        let d = T.lint(["{\"a\": tru}"]).diagnostics.first { $0.rule == "invalid-json" }
        XCTAssertEqual(d?.location.column, 7)
    }

    func testNestingTooDeep() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        assertRule("nesting-too-deep", clean: [start], bad: [start, deep, "{\"a\":" + String(repeating: "{\"b\":", count: 5000)],
                   lines: [2, 3])
    }

    func testLineTooLong() {
        let long = "{\"event\":\"x\",\"pad\":\"" + String(repeating: "a", count: 5000) + "\"}"
        let path = T.temp("long.ndjson", Data(([start, long, start]).joined(separator: "\n").utf8))
        let report = Linter.run(paths: [path], options: T.options(maxLineLength: 2048))
        XCTAssertEqual(report.diagnostics.filter { $0.rule == "line-too-long" }.map(\.location.line), [2])
        // A line longer than the whole read buffer is skipped without loading it.
        let huge = String(repeating: "x", count: 6 << 20)
        let path2 = T.temp("huge.ndjson", Data(([start, huge, start]).joined(separator: "\n").utf8))
        let report2 = Linter.run(paths: [path2], options: T.options(maxLineLength: 1 << 20))
        XCTAssertEqual(report2.diagnostics.filter { $0.rule == "line-too-long" }.map(\.location.line), [2])
        XCTAssertEqual(report2.diagnostics.filter { $0.rule == "invalid-json" }.count, 0)
    }

    func testInvalidUTF8() {
        var data = Data("{\"event\":\"x\",\"session_id\":\"a".utf8)
        data.append(contentsOf: [0xFF, 0xFE])
        data.append(contentsOf: Array("\"}\n".utf8))
        let path = T.temp("utf8.ndjson", data)
        let report = Linter.run(paths: [path], options: T.options())
        XCTAssertEqual(report.diagnostics.filter { $0.rule == "invalid-utf8" }.map(\.location.line), [1])
    }

    func testUnknownInput() {
        assertRule("unknown-input", clean: [start, "{\"event\":\"x\"}"], bad: ["[1,2]", "{\"foo\":1}"], lines: [1, 2])
    }

    func testRequiredAttributeMissing() {
        assertRule("required-attribute-missing", clean: [start],
                   bad: [OTLP.log(event: "session.start", attrs: []), start], lines: [1])
    }

    func testConditionallyRequired() {
        // Same device, earlier session, no previous id: the condition is knowable and holds.
        let second = OTLP.session("s2", event: "session.start", at: 3600)
        assertRule("conditionally-required-missing",
                   clean: [start, OTLP.session("s2", event: "session.start", at: 3600, previous: "s1")],
                   bad: [start, second], lines: [2])
        let noDevice = OTLP.log(event: "session.start", attrs: [OTLP.attr("session.id", OTLP.s("s9"))], resource: [])
        assertRule("conditionally-required-unknown", clean: [start], bad: [noDevice], lines: [1])
    }

    func testRecommendedOffByDefault() {
        let end = OTLP.session("s1", event: "session.end", at: 10)
        XCTAssertEqual(T.lint([start, end]).diagnostics.filter { $0.rule == "recommended-attribute-missing" }.count, 0)
        let on = T.lint([start, end], rules: ["recommended-attribute-missing": .warning]).diagnostics
            .filter { $0.rule == "recommended-attribute-missing" }
        XCTAssertEqual(on.map(\.location.line), [2, 2, 2])
        XCTAssertEqual(Set(on.compactMap(\.attribute)), ["session.foreground_duration", "session.background_duration", "session.crash_count"])
        XCTAssertTrue(on.allSatisfy { $0.severity == .warning })
    }

    func testTypeMismatch() {
        let good = OTLP.session("s1", extra: [OTLP.attr("session.crash_count", "{\"intValue\":\"2\"}"),
                                              OTLP.attr("session.foreground_duration", "{\"doubleValue\":1.5}")])
        let bad1 = OTLP.session("s1", extra: [OTLP.attr("session.crash_count", OTLP.s("2"))])
        let bad2 = OTLP.session("s1", extra: [OTLP.attr("session.id", "{\"arrayValue\":{\"values\":[{\"stringValue\":\"a\"}]}}")])
        assertRule("attribute-type-mismatch", clean: [good], bad: [good, bad1, bad2], lines: [2, 3])
    }

    func testEnumValues() {
        let good = OTLP.session("s1", extra: [OTLP.attr("network.connection.type", OTLP.s("wifi"))])
        let bad = OTLP.session("s1", extra: [OTLP.attr("network.connection.type", OTLP.s("wify"))])
        assertRule("enum-value-unknown", clean: [good], bad: [good, bad], lines: [2])
        let d = T.lint([bad]).diagnostics.first { $0.rule == "enum-value-unknown" }
        XCTAssertEqual(d?.severity, .info)
        XCTAssertTrue(d?.message.contains("did you mean 'wifi'") ?? false, d?.message ?? "")
    }

    func testUnknownAttribute() {
        let bad = OTLP.session("s1", extra: [OTLP.attr("session.idd", OTLP.s("x"))])
        // Standard attributes outside owned namespaces are not findings.
        let clean = OTLP.session("s1", extra: [OTLP.attr("service.instance.id", OTLP.s("x")),
                                               OTLP.attr("telemetry.sdk.name", OTLP.s("x")), OTLP.attr("shop.cart.size", "{\"intValue\":3}")])
        assertRule("unknown-attribute", clean: [clean], bad: [clean, bad], lines: [2])
        let d = T.lint([bad]).diagnostics.first { $0.rule == "unknown-attribute" }
        XCTAssertEqual(d?.path, "resourceLogs[0].scopeLogs[0].logRecords[0].attributes[\"session.idd\"]")
        XCTAssertTrue(d?.message.contains("did you mean 'session.id'") ?? false)
    }

    func testUnknownEvent() {
        assertRule("unknown-event", clean: [start, OTLP.session("s1", event: "shop.checkout")],
                   bad: [OTLP.session("s1", event: "session.restart")], lines: [1])
    }

    func testAttributeAliasInOTLP() {
        let bad = OTLP.log(event: "screen.view", attrs: [OTLP.attr("session_id", OTLP.s("s1"))])
        assertRule("attribute-alias", clean: [start, "{\"event\":\"screen_view\",\"session_id\":\"s1\"}"], bad: [bad], lines: [1])
    }

    func testForbiddenAttribute() {
        let bad = OTLP.log(event: "screen.view", attrs: [OTLP.attr("session.id", OTLP.s("s1"))],
                           resource: OTLP.context + [OTLP.attr("user.email", OTLP.s("a@b.example"))])
        assertRule("forbidden-attribute", clean: [start], bad: [start, bad, "{\"event\":\"x\",\"userEmail\":\"x\"}"], lines: [2, 3])
        let d = T.lint([bad]).diagnostics.first { $0.rule == "forbidden-attribute" }
        XCTAssertEqual(d?.path, "resourceLogs[0].resource.attributes[\"user.email\"]")
        XCTAssertFalse(d?.message.contains("a@b.example") ?? true)
        // The value is not reported a second time by the value detectors.
        XCTAssertEqual(T.lint([bad]).diagnostics.filter { $0.rule == "sensitive-value" }.count, 0)
    }

    func testSensitiveValues() {
        let values = ["jane@example.com", "https://bob:hunter2@db.example/x", "Bearer abcdefghijkl123", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc-def_ghi",
                      "+1 202 555 0143", "https://x.example/cb?token=secret123", "https://x.example/a?to=jo%40example.com"]
        let bad = values.map { OTLP.session("s1", extra: [OTLP.attr("shop.note", OTLP.s($0))]) }
        let cleanValues = ["2026-03-01", "1.2.3", "https://x.example/a?page=2", "00112233-4455-6677-8899-aabbccddeeff",
                           "1544712660300000000", "hello world", "https://host.example:8443/@someone", "192.168.10.20",
                           "2026-03-01 10:00:00", "@grafana/faro-web-sdk", "ping @bob.smith"]
        let clean = cleanValues.map { OTLP.session("s1", extra: [OTLP.attr("shop.note", OTLP.s($0))]) }
        assertRule("sensitive-value", clean: clean, bad: bad, lines: [1, 2, 3, 4, 5, 6, 7])
        let messages = T.lint(bad).diagnostics.filter { $0.rule == "sensitive-value" }.map(\.message)
        for (v, m) in zip(values, messages) { XCTAssertFalse(m.contains(v), "value printed whole: \(m)") }
        // Inside a body map too, with a path into the body.
        let body = OTLP.log(event: "screen.view", attrs: [OTLP.attr("session.id", OTLP.s("s1"))],
                            body: "{\"kvlistValue\":{\"values\":[{\"key\":\"mail\",\"value\":{\"stringValue\":\"x@y.example\"}}]}}")
        let d = T.lint([body]).diagnostics.first { $0.rule == "sensitive-value" }
        XCTAssertEqual(d?.path, "resourceLogs[0].scopeLogs[0].logRecords[0].body.kvlistValue.values[\"mail\"]")
        // A flat event's strings are all looked at, also under a time key that holds an object or an array (the
        // one place the flat walker leaves strings for the decoder's sweep of what no walker read).
        for (time, column) in [(#"{"by":"jane@example.com"}"#, 50), (#"["jane@example.com"]"#, 45)] {
            let flat = T.lint([#"{"event":"x","session_id":"s1","timestamp":\#(time)}"#]).diagnostics
            XCTAssertEqual(flat.filter { $0.rule == "sensitive-value" }.map(\.location.column), [column], time)
        }
    }

    func testSessionContextMissing() {
        let bad = OTLP.log(event: "screen.view", attrs: [OTLP.attr("session.id", OTLP.s("s1"))], resource: [])
        let found = T.lint([start, bad]).diagnostics.filter { $0.rule == "session-context-missing" }
        XCTAssertEqual(found.map(\.location.line), [2, 2, 2])
        XCTAssertEqual(Set(found.compactMap(\.attribute)), ["device.id", "service.version", "os.name"])
        // Plain logs outside any session are not session records.
        assertRule("session-context-missing", clean: [start, OTLP.log(attrs: [], resource: [])], bad: [bad], lines: [1, 1, 1])
    }

    func testTimestampMissing() {
        assertRule("timestamp-missing", clean: ["{\"event\":\"session_start\",\"session_id\":\"a\",\"timestamp\":\"2026-03-01T10:00:00Z\"}"],
                   bad: ["{\"event\":\"session_start\",\"session_id\":\"a\"}"], lines: [1])
    }

    func testPreviousIDEqualsID() {
        assertRule("session-previous-id-equals-id", clean: [start],
                   bad: [OTLP.session("s1", event: "session.start", previous: "s1")], lines: [1])
    }

    func testDuplicateStart() {
        assertRule("session-duplicate-start", clean: [start, OTLP.session("s1", at: 1)],
                   bad: [start, OTLP.session("s1", at: 1), OTLP.session("s1", event: "session.start", at: 2)], lines: [3])
    }

    func testEndWithoutStart() {
        assertRule("session-end-without-start", clean: [start, OTLP.session("s1", event: "session.end", at: 5)],
                   bad: [OTLP.session("s1", event: "session.end", at: 5)], lines: [1])
    }

    /// "After end" means timestamped after the end beyond the clock-skew tolerance (5 s): 6 s and 7 s after a
    /// 5 s end are within it; 16 s and 17 s are not (one finding per session, on the earliest such record).
    func testTelemetryAfterEnd() {
        let end = OTLP.session("s1", event: "session.end", at: 5)
        assertRule("session-telemetry-after-end",
                   clean: [start, OTLP.session("s1", at: 1), end, OTLP.session("s1", at: 6), OTLP.session("s1", at: 7)],
                   bad: [start, end, OTLP.session("s1", at: 17), OTLP.session("s1", at: 16)], lines: [4])
    }

    func testTooLong() {
        let lines = stride(from: 0.0, through: 5 * 3600, by: 1200).map { OTLP.session("s1", at: $0) }
        assertRule("session-too-long", clean: [start] + lines.prefix(10), bad: [start] + lines, lines: [15])
    }

    func testInactivityGap() {
        assertRule("session-inactivity-gap", clean: [start, OTLP.session("s1", at: 1700)],
                   bad: [start, OTLP.session("s1", at: 1000), OTLP.session("s1", at: 3000)], lines: [3])
    }

    func testConcurrent() {
        assertRule("session-concurrent",
                   clean: [start, OTLP.session("s1", event: "session.end", at: 5), OTLP.session("s2", event: "session.start", at: 6, previous: "s1"),
                           OTLP.session("x1", event: "session.start", at: 7, device: "other")],
                   bad: [start, OTLP.session("s1", at: 5), OTLP.session("s2", event: "session.start", at: 6)], lines: [3])
    }

    /// Redefined on event time (was `session-timestamp-backwards`, which compared with the previous line): a record
    /// timestamped before its session's start beyond the tolerance. Going back in file order is no finding.
    func testTelemetryBeforeStart() {
        let late = OTLP.session("s1", event: "session.start", at: 10)
        assertRule("session-telemetry-before-start",
                   clean: [start, OTLP.session("s1", at: 10), OTLP.session("s1", at: 2), OTLP.session("s1", at: -3)],
                   bad: [OTLP.session("s1", at: 12), late, OTLP.session("s1", at: 2)], lines: [3])
        // The old id still works in --rules files.
        let off = T.lint([late, OTLP.session("s1", at: 2)], rules: ["session-timestamp-backwards": .off]).diagnostics
        XCTAssertEqual(off.filter { $0.rule == "session-telemetry-before-start" }.count, 0)
        XCTAssertTrue(Linter.ruleIDs.contains("session-timestamp-backwards"))
    }

    func testPreviousUnknown() {
        assertRule("session-previous-unknown",
                   clean: [start, OTLP.session("s1", event: "session.end", at: 1), OTLP.session("s2", event: "session.start", at: 2, previous: "s1")],
                   bad: [OTLP.session("s2", event: "session.start", previous: "nope")], lines: [1])
    }

    func testInputUnreadable() {
        let report = Linter.run(paths: ["/nonexistent/file.ndjson"], options: T.options())
        XCTAssertTrue(report.inputUnusable)
        XCTAssertEqual(report.diagnostics.map(\.rule), ["input-unreadable"])
        // A directory is read as Alloy reads one (its .alloy files); one without any is unusable input.
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("semconv-empty-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let dir = Linter.run(paths: [empty.path], options: T.options())
        XCTAssertTrue(dir.inputUnusable)
        XCTAssertEqual(dir.diagnostics.map(\.rule), ["config-unreadable"])
    }

    func testRuleOverrides() {
        let bad = OTLP.session("s1", extra: [OTLP.attr("session.idd", OTLP.s("x"))])
        XCTAssertEqual(T.lint([bad], rules: ["unknown-attribute": .off]).diagnostics.filter { $0.rule == "unknown-attribute" }.count, 0)
        XCTAssertEqual(T.lint([bad], rules: ["unknown-attribute": .error]).diagnostics.first { $0.rule == "unknown-attribute" }?.severity, .error)
    }

    func testEveryRuleIsTestedAndKnown() {
        for id in TelemetryLinter.ruleIDs {
            XCTAssertTrue(Linter.ruleIDs.contains(id), id)
        }
        XCTAssertEqual(Set(TelemetryLinter.ruleIDs).count, TelemetryLinter.ruleIDs.count)
    }
}

/// Rules that need the upstream registry (`--registry` semconv v1.40.0) loaded next to the bundled one.
final class TelemetryUpstreamTests: XCTestCase {
    typealias T = TelemetryTestSupport

    static let upstream: Registry? = {
        let dir = SharedData.root + "/" + SharedData.upstreamModel
        guard FileManager.default.fileExists(atPath: dir) else { return nil }
        let result = RegistryLoader.load(roots: [dir, T.packageRoot.appendingPathComponent("model").path], checks: false)
        return result.inputUnusable ? nil : result.registry
    }()

    /// Skips the whole class without the shared data, before any test body runs (an XCTSkip thrown inside an
    /// assertion's expression would count as a failure).
    override func setUpWithError() throws {
        _ = try SharedData.require(SharedData.upstreamModel, "the upstream registry (semantic-conventions v1.40.0)")
    }

    func lint(_ lines: [String]) throws -> [Diagnostic] {
        let registry = try XCTUnwrap(Self.upstream, "the upstream registry does not load")
        let path = T.temp("upstream.ndjson", Data(lines.joined(separator: "\n").utf8))
        return Linter.run(paths: [path], options: LintOptions(registry: registry)).diagnostics
    }

    func testDeprecatedAttribute() throws {
        let bad = OTLP.session("s1", extra: [OTLP.attr("http.method", OTLP.s("GET"))])
        let good = OTLP.session("s1", extra: [OTLP.attr("http.request.method", OTLP.s("GET"))])
        XCTAssertEqual(try lint([good]).filter { $0.rule == "deprecated-attribute" }.count, 0)
        let found = try lint([good, bad]).filter { $0.rule == "deprecated-attribute" }
        XCTAssertEqual(found.map(\.location.line), [2])
        XCTAssertEqual(found.first?.fix, "use 'http.request.method'")
    }

    func testEventBodyFields() throws {
        func vital(_ fields: [String]) -> String {
            OTLP.log(event: "browser.web_vital", attrs: [OTLP.attr("session.id", OTLP.s("s1"))],
                     body: "{\"kvlistValue\":{\"values\":[\(fields.joined(separator: ","))]}}")
        }
        let name = OTLP.attr("name", OTLP.s("cls")), value = OTLP.attr("value", "{\"doubleValue\":0.1}")
        let delta = OTLP.attr("delta", "{\"doubleValue\":0.1}"), id = OTLP.attr("id", OTLP.s("v3-1"))
        let clean = try lint([vital([name, value, delta, id])])
        XCTAssertEqual(clean.filter { ["required-attribute-missing", "attribute-type-mismatch", "enum-value-unknown"].contains($0.rule) }.map(\.rule), [])
        let bad = try lint([vital([OTLP.attr("name", OTLP.s("ttfb")), OTLP.attr("value", OTLP.s("0.1")), delta])])
        let rules = bad.filter { ["required-attribute-missing", "attribute-type-mismatch", "enum-value-unknown"].contains($0.rule) }
        XCTAssertEqual(rules.map(\.rule).sorted(), ["attribute-type-mismatch", "enum-value-unknown", "required-attribute-missing"])
        XCTAssertEqual(rules.first { $0.rule == "required-attribute-missing" }?.attribute, "body.id")
        XCTAssertEqual(rules.first { $0.rule == "attribute-type-mismatch" }?.path,
                       "resourceLogs[0].scopeLogs[0].logRecords[0].body.kvlistValue.values[\"value\"]")
    }

    func testUpstreamNamespacesAreOwned() throws {
        let bad = OTLP.session("s1", extra: [OTLP.attr("http.request.methd", OTLP.s("GET"))])
        let found = try lint([bad]).filter { $0.rule == "unknown-attribute" }
        XCTAssertEqual(found.map(\.attribute), ["http.request.methd"])
        XCTAssertTrue(found.first?.message.contains("did you mean 'http.request.method'") ?? false)
        // App-specific namespaces stay free.
        XCTAssertEqual(try lint([OTLP.session("s1", extra: [OTLP.attr("shop.cart.size", "{\"intValue\":\"3\"}")])])
            .filter { $0.rule == "unknown-attribute" }.count, 0)
    }
}

/// Forbidden keys nested where no attribute walker looks: body maps, kvlist values, nested flat objects.
final class TelemetryNestedForbiddenTests: XCTestCase {
    typealias T = TelemetryTestSupport

    func testForbiddenKeysInsideBodiesAndNestedObjects() {
        let body = "{\"kvlistValue\":{\"values\":[{\"key\":\"screen\",\"value\":{\"stringValue\":\"cart\"}},{\"key\":\"access_token\",\"value\":{\"stringValue\":\"abc\"}}]}}"
        let otlp = OTLP.log(event: "screen.view", attrs: [OTLP.attr("session.id", OTLP.s("s1"))], body: body)
        let flat = "{\"event\":\"x\",\"session_id\":\"s1\",\"props\":{\"cart\":{\"user_email\":\"x\"}}}"
        let clean = OTLP.log(event: "screen.view", attrs: [OTLP.attr("session.id", OTLP.s("s1"))],
                             body: "{\"kvlistValue\":{\"values\":[{\"key\":\"screen\",\"value\":{\"stringValue\":\"cart\"}}]}}")
        XCTAssertEqual(T.lint([clean]).diagnostics.filter { $0.rule == "forbidden-attribute" }.count, 0)
        let found = T.lint([otlp, flat]).diagnostics.filter { $0.rule == "forbidden-attribute" }
        XCTAssertEqual(found.map(\.location.line), [1, 2])
        XCTAssertEqual(found.map(\.attribute), ["user.auth_token", "user.email"])
        XCTAssertEqual(found.first?.path, "resourceLogs[0].scopeLogs[0].logRecords[0].body.kvlistValue.values[\"access_token\"]")
        XCTAssertEqual(found.last?.path, "props.cart.user_email")
    }
}

/// Older SDKs put the event name in an `event.name` attribute.
final class TelemetryEventNameAttributeTests: XCTestCase {
    func testEventNameAttribute() {
        let line = OTLP.log(attrs: [OTLP.attr("event.name", OTLP.s("session.start"))])
        let found = TelemetryTestSupport.lint([line]).diagnostics.filter { $0.rule == "required-attribute-missing" }
        XCTAssertEqual(found.map(\.event), ["session.start"])
        XCTAssertEqual(found.map(\.attribute), ["session.id"])
    }
}
