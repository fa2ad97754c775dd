@testable import SemConvLint
import SemConvModel
import XCTest

/// `DeviceSessionIndex` against the scan and sort it replaces, and the lifecycle rules it serves on a device with
/// many sessions.
final class DeviceSessionIndexTests: XCTestCase {
    typealias T = TelemetryTestSupport

    /// Random sessions on three devices are added, moved (new first time, activity, previous id), changed in place
    /// (only the activity), moved to another device and removed; after every change both lookups give what a scan of all sessions sorted by (first, id)
    /// gives, for random times and exclusions. Ties on the first time are frequent, so the id order is checked too.
    func testLookupsMatchASortedScan() {
        var rng = SplitMix(seed: 42)
        var index = DeviceSessionIndex()
        var plain: [Int32: (device: Int32, entry: DeviceSessionIndex.Entry)] = [:]
        func time() -> Int64 { Int64.random(in: 0...60, using: &rng) }
        for step in 0..<4000 {
            let id = Int32.random(in: 0..<300, using: &rng)
            if Int.random(in: 0..<5, using: &rng) == 0 {
                index.remove(id)
                plain[id] = nil
            } else if let kept = plain[id], Bool.random(using: &rng) {
                // The usual change: a later record moves only how long the session stays active (up or down,
                // its first time and device as they were), which the index applies in place.
                let entry = DeviceSessionIndex.Entry(first: kept.entry.first,
                                                     activeUntil: kept.entry.first + Int64.random(in: -5...30, using: &rng),
                                                     previous: kept.entry.previous)
                index.set(id, device: kept.device, entry)
                plain[id] = (kept.device, entry)
            } else {
                let device = Int32.random(in: 0..<3, using: &rng)
                let first = time()
                let entry = DeviceSessionIndex.Entry(first: first, activeUntil: first + Int64.random(in: -5...30, using: &rng),
                                                     previous: Bool.random(using: &rng) ? Int32.random(in: 0..<300, using: &rng) : -1)
                index.set(id, device: device, entry)
                plain[id] = (device, entry)
            }
            let device = Int32.random(in: 0..<4, using: &rng), at = time()
            let except = Int32.random(in: 0..<300, using: &rng), previous = Int32.random(in: 0..<300, using: &rng)
            let sorted = plain.filter { $0.value.device == device }
                .sorted { ($0.value.entry.first, $0.key) < ($1.value.entry.first, $1.key) }
            // Sessions begun at `at` itself are left to `include` (here: those with an even id).
            func include(_ id: Int32, _ p: Int32, _ first: Int64) -> Bool {
                id != except && id != previous && p != except && (first < at || id % 2 == 0)
            }
            let active = sorted.first { s in
                s.value.entry.first <= at && s.value.entry.activeUntil >= at
                    && include(s.key, s.value.entry.previous, s.value.entry.first)
            }?.key
            XCTAssertEqual(index.earliestActive(of: device, at: at, where: include), active, "step \(step)")
            let latest = sorted.last { $0.value.entry.first < at && $0.key != except }?.key
            XCTAssertEqual(index.latestBefore(of: device, at, except: except), latest, "step \(step)")
        }
    }

    /// Two sessions of one device begun at the same instant run at once: exactly one `session-concurrent`, on the
    /// start of the session whose id sorts later, whichever is read first (the lookup once took only sessions begun
    /// strictly before, and found neither). Neither is earlier than the other, so neither lacks a previous id.
    func testSessionsBegunAtTheSameInstantAreConcurrent() {
        func line(_ event: String, _ id: String, _ time: String) -> String {
            #"{"event":"\#(event)","session_id":"\#(id)","device_id":"d1","os_name":"Android","app_version":"1","timestamp":"2026-03-01T\#(time)Z"}"#
        }
        let a = [line("session_start", "a", "10:00:00"), line("session_end", "a", "10:30:00")]
        let b = [line("session_start", "b", "10:00:00"), line("session_end", "b", "10:30:00")]
        for (order, lines) in [("a first", a + b), ("b first", b + a), ("interleaved", [b[0], a[0], a[1], b[1]])] {
            let report = Linter.lint(telemetry: Array(lines.joined(separator: "\n").utf8), file: "t.ndjson",
                                     options: T.options())
            let found = report.diagnostics.map { "\($0.location.line) \($0.rule)" }
            let startOfB = lines.firstIndex(of: b[0])! + 1
            XCTAssertEqual(found, ["\(startOfB) session-concurrent"], order)
            XCTAssertEqual(report.diagnostics.first?.message,
                           "device 'd1' begins session 'b' at the same instant as session 'a'", order)
            XCTAssertEqual(report.diagnostics.first?.related.map(\.description), ["t.ndjson:\(lines.firstIndex(of: a[0])! + 1):1"],
                           order)
        }
    }

    /// Bringing the device index up to date whenever the list of changed sessions is full gives the same report,
    /// however small the list: sessions on one device that overlap, continue each other, and then arrive a second
    /// time (every record of the second copy is a late record of a remembered session, each listed again).
    func testChangedSessionListBoundKeepsResults() {
        let t0 = 1_772_359_200
        var lines: [String] = []
        for i in 0..<400 {
            let start = i % 10 == 9 ? t0 + (i - 1) * 120 + 30 : t0 + i * 120
            let previous = i == 0 || i % 10 == 9 ? "" : #","previous_session_id":"s\#(i - 1)""#
            let common = #""session_id":"s\#(i)","device_id":"d\#(i / 100)","os_name":"Android","app_version":"1""#
            lines.append(#"{"event":"session_start","timestamp":\#(start),\#(common)\#(previous)}"#)
            lines.append(#"{"event":"screen_view","timestamp":\#(start + 20),\#(common)}"#)
            lines.append(#"{"event":"session_end","timestamp":\#(start + 60),\#(common)}"#)
        }
        let text = Array((lines + lines).joined(separator: "\n").utf8)
        func lint() -> String {
            let report = Linter.lint(telemetry: text, file: "t.ndjson", options: T.options())
            return T.compact(report.diagnostics) + "\n" + "\(JSONValue.object(report.extraSummary))"
        }
        let expected = lint()
        let saved = SessionLifecycle.maxChangedListed
        defer { SessionLifecycle.maxChangedListed = saved }
        for bound in [1, 2, 7] {
            SessionLifecycle.maxChangedListed = bound
            XCTAssertEqual(lint(), expected, "bound \(bound)")
        }
        XCTAssertTrue(expected.contains("session-concurrent"), expected)
    }

    /// 50,000 sessions on one device, each continuing the one before except every tenth, which starts while the one
    /// before is still active: one `session-concurrent` and one missing previous id for each of those 5,000, none
    /// for the rest (the lookups were a scan and a sort of the device's sessions per judged session: quadratic).
    func testManySessionsOnOneDevice() {
        let t0 = 1_772_359_200 // 2026-03-01T10:00:00Z
        var lines: [String] = []
        lines.reserveCapacity(100_000)
        for i in 0..<50_000 {
            let start = i % 10 == 9 ? t0 + (i - 1) * 120 + 30 : t0 + i * 120
            let previous = i == 0 || i % 10 == 9 ? "" : #","previous_session_id":"s\#(i - 1)""#
            let common = #""session_id":"s\#(i)","device_id":"d1","os_name":"Android","app_version":"1""#
            lines.append(#"{"event":"session_start","timestamp":\#(start),\#(common)\#(previous)}"#)
            lines.append(#"{"event":"session_end","timestamp":\#(start + 60),\#(common)}"#)
        }
        let report = Linter.lint(telemetry: Array(lines.joined(separator: "\n").utf8), file: "t.ndjson",
                                 options: T.options())
        let summary = JSONValue.object(report.extraSummary)
        XCTAssertEqual(summary["sessions"]?["count"], .int(50_000))
        XCTAssertEqual(summary["findingsPerRule"], .object([("conditionally-required-missing", .int(5000)),
                                                            ("session-concurrent", .int(5000))]))
        let concurrent = report.diagnostics.filter { $0.rule == "session-concurrent" }
        XCTAssertEqual(concurrent.first?.message, "device 'd1' runs session 's9' while session 's8' is still active")
        XCTAssertEqual(concurrent.first?.related.map(\.line), [17])
        XCTAssertEqual(concurrent.last?.message, "device 'd1' runs session 's49999' while session 's49998' is still active")
    }

    /// A late record (its session judged already) whose device id is spelled like its previous session id, both new:
    /// the two are one interned id, looked at and dropped once, not twice (the second drop looked for an id no
    /// longer in the table forever: a fuzzed 61 KB file never finished). The file lints and the sessions count.
    func testLateRecordWithDeviceSpelledLikeItsPreviousSession() {
        var lines = [#"{"event":"session_start","timestamp":"2026-03-01T10:00:00Z","session_id":"a","device_id":"d1"}"#,
                     #"{"event":"session_end","timestamp":"2026-03-01T10:05:00Z","session_id":"a","device_id":"d1"}"#]
        for (s, d) in [("b", "d2"), ("c", "d3"), ("e", "d4"), ("f", "d5")] {
            lines.append(#"{"event":"session_start","timestamp":"2026-03-02T10:00:00Z","session_id":"\#(s)","device_id":"\#(d)"}"#)
        }
        lines.append(#"{"event":"app_tap","timestamp":"2026-03-01T10:01:00Z","session_id":"a","device_id":"x","previous_session_id":"x"}"#)
        lines.append(#"{"event":"app_tap","timestamp":"2026-03-02T10:01:00Z","session_id":"b","device_id":"x","previous_session_id":"x"}"#)
        let report = Linter.lint(telemetry: Array(lines.joined(separator: "\n").utf8), file: "t.ndjson",
                                 options: T.options())
        let summary = JSONValue.object(report.extraSummary)
        XCTAssertEqual(summary["sessions"]?["count"], .int(5))
        XCTAssertEqual(summary["records"], .int(8))
    }
}
