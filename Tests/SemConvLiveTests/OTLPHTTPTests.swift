import Foundation
import SemConvLint
import SemConvModel
import XCTest

@testable import SemConvLive

/// OTLP/HTTP as the specification and the Collector answer it, and the findings of `semconv lint`.
final class OTLPHTTPTests: XCTestCase {
    /// Sending a recording's lines as requests, one by one, gives exactly the file linter's findings and summary
    /// (request numbers are line numbers).
    func testRequestsGiveTheFileLintersReport() async throws {
        for fixture in ["otlp-logs.ndjson", "mixed-logs-traces.ndjson", "otlp-examples.ndjson"] {
            let lines = try LiveTest.lines(fixture)
            let expected = LiveTest.lintReport(lines, as: .otlpHTTP)
            let live = try await RunningServer(LiveTest.configuration())
            for (n, line) in lines.enumerated() {
                let path = line.contains("\"resourceSpans\"") ? "/v1/traces"
                    : line.contains("\"resourceMetrics\"") ? "/v1/metrics" : "/v1/logs"
                let response = try HTTP.postJSON(port: live.port, path: path, line)
                XCTAssertEqual(response.header("content-type"), "application/json")
                // A line the file linter cannot read at all is a 400 here, with the same finding.
                let unreadable = expected.diagnostics.contains { $0.location.line == n + 1 && $0.rule == "invalid-json" }
                XCTAssertEqual(response.status, unreadable ? 400 : 200, "\(fixture):\(n + 1): \(response.text)")
                if !unreadable { XCTAssertEqual(response.text, "{}") }
            }
            let outcome = await live.stop()
            // The upstream OTLP examples are clean (backend records, no session); the other two have findings.
            XCTAssertEqual(expected.diagnostics.isEmpty, fixture == "otlp-examples.ndjson", fixture)
            XCTAssertEqual(outcome.report.diagnostics, expected.diagnostics, fixture)
            XCTAssertEqual(JSONValue.object(outcome.report.extraSummary), JSONValue.object(expected.extraSummary), fixture)
            XCTAssertEqual(outcome.report.files, lines.count, "files counts requests")
            XCTAssertEqual(Set(live.streamedFindings), Set(outcome.report.diagnostics), "\(fixture): every finding is streamed")
        }
    }

    func testStatusCodesAndBodies() async throws {
        let live = try await RunningServer(LiveTest.configuration())
        let port = live.port
        let health = try HTTP.request("GET", port: port, path: "/health")
        XCTAssertEqual(health.status, 200)

        let text = try HTTP.request(port: port, path: "/v1/logs", body: Array("{}".utf8), headers: [("Content-Type", "text/plain")])
        XCTAssertEqual(text.status, 415)
        XCTAssertTrue(text.text.contains("application/x-protobuf"), text.text)

        let brotli = try HTTP.request(port: port, path: "/v1/logs", body: Array("{}".utf8),
                                      headers: [("Content-Type", "application/json"), ("Content-Encoding", "br")])
        XCTAssertEqual(brotli.status, 415)

        XCTAssertEqual(try HTTP.request("GET", port: port, path: "/v1/logs").status, 405)
        XCTAssertEqual(try HTTP.request(port: port, path: "/v2/logs", body: [1]).status, 404)

        // Undecodable JSON: 400 with a google.rpc.Status in the request's encoding, naming request and position.
        let bad = try HTTP.postJSON(port: port, "{\"resourceLogs\": [")
        XCTAssertEqual(bad.status, 400)
        XCTAssertEqual(bad.header("content-type"), "application/json")
        let status = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(bad.body)) as? [String: Any])
        XCTAssertEqual(status["code"] as? Int, 3)
        // Request 3: the two 415s before it were numbered too (they are `live-request-rejected` findings).
        XCTAssertTrue((status["message"] as? String ?? "").hasPrefix("otlp-http:3:"), "\(status)")

        // Content-Type parameters and case do not matter.
        let charset = try HTTP.request(port: port, path: "/v1/logs", body: Array("{\"resourceLogs\":[]}".utf8),
                                       headers: [("Content-Type", "Application/JSON; charset=utf-8")])
        XCTAssertEqual(charset.status, 200)

        let outcome = await live.stop()
        XCTAssertEqual(outcome.report.files, 2, "the two requests that reached the checker")
    }

    func testProtobufErrorStatusIsProtobuf() async throws {
        let live = try await RunningServer(LiveTest.configuration())
        // A length-delimited field whose length runs past the end: not a protobuf message.
        let response = try HTTP.request(port: live.port, path: "/v1/traces", body: [0x0A, 0x7F, 0x01],
                                        headers: [("Content-Type", "application/x-protobuf")])
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(response.header("content-type"), "application/x-protobuf")
        XCTAssertEqual(Array(response.body.prefix(2)), [0x08, 0x03], "Status.code = INVALID_ARGUMENT")
        _ = await live.stop()
    }

    func testGzipBodiesAndBombs() async throws {
        var configuration = LiveTest.configuration()
        configuration.maxBodySize = 1 << 20
        let live = try await RunningServer(configuration)
        let line = try LiveTest.lines("otlp-logs.ndjson")[0]
        let ok = try HTTP.request(port: live.port, path: "/v1/logs", body: try gzip(Array(line.utf8)),
                                  headers: [("Content-Type", "application/json"), ("Content-Encoding", "gzip")])
        XCTAssertEqual(ok.status, 200, ok.text)

        // 10 MiB of zeros is ~10 KiB compressed: the limit applies after decompression.
        let bomb = try gzip([UInt8](repeating: 0x20, count: 10 << 20))
        XCTAssertLessThan(bomb.count, 1 << 20)
        let refused = try HTTP.request(port: live.port, path: "/v1/logs", body: bomb,
                                       headers: [("Content-Type", "application/json"), ("Content-Encoding", "gzip")])
        XCTAssertEqual(refused.status, 413)

        let corrupt = try HTTP.request(port: live.port, path: "/v1/logs", body: [0x1F, 0x8B, 0x08, 0, 1, 2, 3],
                                       headers: [("Content-Type", "application/json"), ("Content-Encoding", "gzip")])
        XCTAssertEqual(corrupt.status, 400)
        let outcome = await live.stop()
        XCTAssertEqual(outcome.report.diagnostics.filter { $0.rule != "live-request-rejected" },
                       LiveTest.lintReport([line], as: .otlpHTTP).diagnostics)
        XCTAssertEqual(outcome.report.diagnostics.filter { $0.rule == "live-request-rejected" }.map(\.location.line), [2, 3],
                       "the bomb (413) and the corrupt body (400) are findings")
    }

    func testZstdBodies() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/zstd") else {
            throw XCTSkip("no /usr/bin/zstd to compress the test body with")
        }
        let live = try await RunningServer(LiveTest.configuration())
        let line = try LiveTest.lines("otlp-logs.ndjson")[1]
        let response = try HTTP.request(port: live.port, path: "/v1/logs", body: try compress(Array(line.utf8), with: "zstd"),
                                        headers: [("Content-Type", "application/json"), ("Content-Encoding", "zstd")])
        XCTAssertEqual(response.status, 200, response.text)
        let outcome = await live.stop()
        XCTAssertEqual(outcome.report.diagnostics, LiveTest.lintReport([line], as: .otlpHTTP).diagnostics)
        XCTAssertFalse(outcome.report.diagnostics.isEmpty)
    }

    func testBodyLimit() async throws {
        var configuration = LiveTest.configuration()
        configuration.maxBodySize = 4096
        let live = try await RunningServer(configuration)
        // Declared too large: refused before a byte of the body is read, and the connection closed.
        let socket = try TestSocket(port: live.port)
        try socket.send("POST /v1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n")
        XCTAssertEqual(try socket.readResponse().status, 413)
        XCTAssertTrue(socket.closedByServer())
        // Chunked, growing past the limit.
        let chunked = try TestSocket(port: live.port)
        try chunked.send("POST /v1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        let chunk = String(repeating: "a", count: 3000)
        try chunked.send("bb8\r\n\(chunk)\r\nbb8\r\n\(chunk)\r\n")
        XCTAssertEqual(try chunked.readResponse().status, 413)
        _ = await live.stop()
    }

    /// Backpressure is a response: with the queue full, clients get 429 and Retry-After at once.
    func testFullQueueAnswers429WithRetryAfter() async throws {
        var configuration = LiveTest.configuration()
        configuration.maxPending = 1
        configuration.retryAfter = 2
        let live = try await RunningServer(configuration)
        live.server.checker.hold()
        let line = try LiveTest.lines("otlp-logs.ndjson")[0]
        let first = try TestSocket(port: live.port)
        try first.send(HTTP.raw("POST", path: "/v1/logs", body: Array(line.utf8), headers: [("Content-Type", "application/json")]))
        // The first request waits in the queue; give it time to get there.
        try await Task.sleep(nanoseconds: 300_000_000)
        let busy = try HTTP.postJSON(port: live.port, line)
        XCTAssertEqual(busy.status, 429)
        XCTAssertEqual(busy.header("retry-after"), "2")
        let status = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(busy.body)) as? [String: Any])
        XCTAssertEqual(status["code"] as? Int, 8)
        XCTAssertNotNil((status["details"] as? [[String: Any]])?.first { $0["@type"] as? String == StatusMessage.retryInfoType })
        live.server.checker.release()
        XCTAssertEqual(try first.readResponse().status, 200)
        let outcome = await live.stop()
        XCTAssertEqual(outcome.report.files, 1)
    }

    func testStopEndpointAnswersWithTheReport() async throws {
        let live = try await RunningServer(LiveTest.configuration())
        let lines = try LiveTest.lines("otlp-logs.ndjson")
        for line in lines { XCTAssertEqual(try HTTP.postJSON(port: live.port, line).status, 200) }
        let stop = try HTTP.request(port: live.port, path: "/stop")
        XCTAssertEqual(stop.status, 200)
        XCTAssertEqual(stop.header("content-type"), "application/json")
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(stop.body)) as? [String: Any])
        let summary = try XCTUnwrap(report["summary"] as? [String: Any])
        XCTAssertEqual(summary["files"] as? Int, lines.count)
        XCTAssertNotNil(summary["records"])
        let outcome = try await live.outcome(within: 10)
        XCTAssertEqual(outcome.reason, .stopRequest)
        XCTAssertEqual(outcome.rendered.text, stop.text)
        // Stopped: the port no longer accepts.
        XCTAssertThrowsError(try HTTP.request("GET", port: live.port, path: "/health"))
    }

    func testIdleTimeoutAndDurationStop() async throws {
        var idle = LiveTest.configuration()
        idle.idleTimeout = 0.3
        let a = try await RunningServer(idle)
        let idleOutcome = try await a.outcome(within: 10)
        XCTAssertEqual(idleOutcome.reason, .idle)

        var limited = LiveTest.configuration()
        limited.duration = 0.3
        let b = try await RunningServer(limited)
        let durationOutcome = try await b.outcome(within: 10)
        XCTAssertEqual(durationOutcome.reason, .duration)
    }

    func testReportEverySnapshots() async throws {
        var configuration = LiveTest.configuration()
        configuration.reportEvery = 0.2
        let snapshots = SnapshotBox()
        let live = try await RunningServer(configuration, onSnapshot: { report, rendered in snapshots.add(report.files, rendered.text) })
        let line = try LiveTest.lines("otlp-logs.ndjson")[0]
        XCTAssertEqual(try HTTP.postJSON(port: live.port, line).status, 200)
        for _ in 0..<50 where snapshots.latestFiles < 1 { try await Task.sleep(nanoseconds: 100_000_000) }
        XCTAssertEqual(snapshots.latestFiles, 1)
        XCTAssertTrue(snapshots.latestText.contains("\"summary\""))
        _ = await live.stop()
    }

    func testAddressInUseNamesTheFlag() async throws {
        let first = try await RunningServer(LiveTest.configuration())
        var configuration = LiveTest.configuration()
        configuration.listeners[.otlpHTTP] = ListenAddress(host: "127.0.0.1", port: first.port)
        let second = LiveCheckServer(configuration: configuration, options: LiveTest.options, onFindings: { _ in })
        do {
            _ = try await second.start()
            XCTFail("the second server bound a port in use")
        } catch let error as LiveCheckError {
            XCTAssertEqual(error.listener, .otlpHTTP)
            XCTAssertTrue(error.description.hasPrefix("--otlp-http 127.0.0.1:\(first.port): address already in use"),
                          error.description)
        }
        _ = await first.stop()
    }
}

final class SnapshotBox: @unchecked Sendable {
    private let lock = NSLock()
    private var files = 0
    private var text = ""

    func add(_ files: Int, _ text: String) {
        lock.lock()
        self.files = files
        self.text = text
        lock.unlock()
    }

    var latestFiles: Int { lock.lock(); defer { lock.unlock() }; return files }
    var latestText: String { lock.lock(); defer { lock.unlock() }; return text }
}
