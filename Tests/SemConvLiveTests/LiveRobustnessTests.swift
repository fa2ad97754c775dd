import Foundation
import SemConvLint
import SemConvModel
import XCTest

@testable import SemConvLive

/// Bounded memory, the wall-clock watermark, connection slots and stopping: what keeps live-check safe to leave
/// running next to a real app.
final class LiveRobustnessTests: XCTestCase {
    let line = (try? LiveTest.lines("otlp-logs.ndjson")[0]) ?? "{}"

    /// An OTLP/JSON logs request with one event of `session` at `time` (ns since the epoch).
    static func event(_ name: String, session: String, device: String = "dev-w", time: Int64) -> String {
        """
        {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop-ios"}},\
        {"key":"device.id","value":{"stringValue":"\(device)"}}]},"scopeLogs":[{"scope":{"name":"t"},"logRecords":[\
        {"timeUnixNano":"\(time)","eventName":"\(name)","attributes":[{"key":"session.id","value":{"stringValue":"\(session)"}}]}]}]}]}
        """
    }

    static var now: Int64 { Int64(Date().timeIntervalSince1970 * 1e9) }

    /// The checker's queue lets go of a request body once the body is taken (taken items used to stay in the
    /// queue until it was compacted, 1024 items later: 190 MB of 260 KB bodies under sustained load).
    func testCheckedBodiesAreNotRetained() async throws {
        let live = try await RunningServer(LiveTest.configuration())
        for _ in 0..<20 { XCTAssertEqual(try HTTP.postJSON(port: live.port, line).status, 200) }
        XCTAssertEqual(live.server.checker.queuedBodyBytes, 0)
        _ = await live.stop()
    }

    /// A device that stops sending still has its sessions judged while live-check runs: the event clock runs on
    /// with the wall clock, so the watermark passes the session after `--max-lateness`.
    func testWatermarkAdvancesWithTheWallClock() async throws {
        var options = LiveTest.options
        options.maxLateness = 1
        let live = try await RunningServer(LiveTest.configuration(), options: options)
        XCTAssertEqual(try HTTP.postJSON(port: live.port, Self.event("session.end", session: "w1", time: Self.now)).status, 200)
        let deadline = Date().addingTimeInterval(6)
        while Date() < deadline, !live.streamedFindings.contains(where: { $0.rule == "session-end-without-start" }) {
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        XCTAssertTrue(live.streamedFindings.contains { $0.rule == "session-end-without-start" },
                      "judged while running: \(live.streamedFindings.map(\.rule))")
        let outcome = await live.stop()
        XCTAssertEqual(outcome.report.diagnostics.filter { $0.rule == "session-end-without-start" }.count, 1)
    }
}

extension LiveRobustnessTests {
    /// A request in flight when the stop arrives (SIGINT, SIGTERM, `POST /stop`) is still read, checked and
    /// answered 200, and it is in the final report.
    func testRequestInFlightAtStopIsChecked() async throws {
        let live = try await RunningServer(LiveTest.configuration())
        let body = Array(line.utf8)
        let socket = try TestSocket(port: live.port)
        try socket.send(HTTP.raw("POST", path: "/v1/logs", body: Array(body[..<10]), headers: [
            ("Content-Type", "application/json"), ("Content-Length", String(body.count))]))
        try await Task.sleep(nanoseconds: 100_000_000)
        let stopping = Task { await live.stop(.signal) }
        try await Task.sleep(nanoseconds: 300_000_000)
        try socket.send(Array(body[10...]))
        XCTAssertEqual(try socket.readResponse().status, 200)
        let outcome = await stopping.value
        XCTAssertEqual(outcome.reason, .signal)
        XCTAssertEqual(outcome.report.files, 1, "the request in flight was checked")
    }
}

extension LiveRobustnessTests {
    /// Requests refused before their records were read are findings (`live-request-rejected`, at the listener and
    /// request number), and a run that received no record at all says so (`no-telemetry`), so CI cannot pass on a
    /// misconfigured exporter.
    func testRejectedRequestsAndNoTelemetryAreFindings() async throws {
        var configuration = LiveTest.configuration()
        configuration.maxBodySize = 2048
        let live = try await RunningServer(configuration)
        XCTAssertEqual(try HTTP.request(port: live.port, path: "/v1/logs", body: Array("{}".utf8),
                                        headers: [("Content-Type", "text/plain")]).status, 415)
        XCTAssertEqual(try HTTP.postJSON(port: live.port, String(repeating: " ", count: 4096)).status, 413)
        XCTAssertEqual(try HTTP.request(port: live.port, path: "/v1/logs", body: Array("not gzip".utf8),
                                        headers: [("Content-Type", "application/json"), ("Content-Encoding", "gzip")]).status, 400)
        XCTAssertEqual(try HTTP.request("GET", port: live.port, path: "/health").status, 200)
        let outcome = await live.stop()
        let rejected = outcome.report.diagnostics.filter { $0.rule == "live-request-rejected" }
        XCTAssertEqual(rejected.map(\.location.line), [1, 2, 3], "\(rejected)")
        XCTAssertEqual(Set(rejected.map(\.location.file)), ["otlp-http"])
        XCTAssertTrue(rejected[0].message.contains("415") && rejected[0].message.contains("text/plain"), rejected[0].message)
        XCTAssertTrue(rejected[1].message.contains("413"), rejected[1].message)
        XCTAssertTrue(rejected[2].message.contains("400"), rejected[2].message)
        XCTAssertEqual(outcome.report.diagnostics.filter { $0.rule == "no-telemetry" }.count, 1)
        XCTAssertEqual(Set(live.streamedFindings), Set(outcome.report.diagnostics), "rejections are streamed too")
    }

    func testARunWithRecordsHasNoNoTelemetryFinding() async throws {
        let live = try await RunningServer(LiveTest.configuration())
        XCTAssertEqual(try HTTP.postJSON(port: live.port, line).status, 200)
        let outcome = await live.stop()
        XCTAssertFalse(outcome.report.diagnostics.contains { $0.rule == "no-telemetry" })
    }
}

extension LiveRobustnessTests {
    /// `{}` is a valid, empty ExportLogsServiceRequest (the Collector answers 200); it carries no record.
    func testEmptyJSONRequestIsAccepted() async throws {
        let live = try await RunningServer(LiveTest.configuration())
        for path in ["/v1/logs", "/v1/traces", "/v1/metrics"] {
            let response = try HTTP.postJSON(port: live.port, path: path, "{}")
            XCTAssertEqual(response.status, 200, "\(path): \(response.text)")
            XCTAssertEqual(response.text, "{}")
        }
        XCTAssertEqual(try HTTP.postJSON(port: live.port, "{\"event\":\"x\"}").status, 400, "another format is still refused")
        let outcome = await live.stop()
        XCTAssertEqual(outcome.report.diagnostics.filter { $0.rule != "no-telemetry" }.map(\.location.line), [4])
    }

    /// A pretty-printed body: `line` is the request number, `column` the position in the whole body (a newline
    /// counting as one character), as the README says.
    func testPositionsInAMultiLineBody() async throws {
        let live = try await RunningServer(LiveTest.configuration())
        XCTAssertEqual(try HTTP.postJSON(port: live.port, line).status, 200)
        let body = "{\n  \"resourceLogs\": [{\"scopeLogs\": [{\"logRecords\": [\n    {\"eventName\": \"session.start\",\n"
            + "     \"attributes\": [{\"key\": \"bogus.attr\", \"value\": {\"stringValue\": \"x\"}}]}]}]}]\n}\n"
        XCTAssertEqual(try HTTP.postJSON(port: live.port, body).status, 200)
        let outcome = await live.stop()
        let second = outcome.report.diagnostics.filter { $0.location.line == 2 }
        XCTAssertFalse(second.isEmpty)
        XCTAssertTrue(outcome.report.diagnostics.allSatisfy { $0.location.line <= 2 }, "\(outcome.report.diagnostics.map(\.location))")
        let missing = try XCTUnwrap(second.first { $0.rule == "required-attribute-missing" }, "\(second)")
        let record = body.range(of: "{\"eventName\"")!.lowerBound
        let offset = body.unicodeScalars.distance(from: body.unicodeScalars.startIndex,
                                                  to: record.samePosition(in: body.unicodeScalars)!)
        XCTAssertEqual(missing.location.column, offset + 1, "the column counts from the start of the body")
    }
}

extension LiveRobustnessTests {
    /// Browser senders: OTLP/HTTP answers CORS preflights for allowed origins (any requested header), and actual
    /// responses (successes and failures) carry the origin and expose Retry-After; the Faro receiver exposes it too.
    func testCORSForBrowserSenders() async throws {
        var configuration = LiveTest.configuration([.otlpHTTP, .faro])
        configuration.otlpHTTPAllowedOrigins = ["http://localhost:3000"]
        configuration.faroAllowedOrigins = ["*"]
        let live = try await RunningServer(configuration)
        let otlp = live.ports[.otlpHTTP]!, faro = live.ports[.faro]!
        let preflight = try HTTP.request("OPTIONS", port: otlp, path: "/v1/traces", headers: [
            ("Origin", "http://localhost:3000"), ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type, x-tenant")])
        XCTAssertEqual(preflight.status, 204)
        XCTAssertEqual(preflight.header("access-control-allow-origin"), "http://localhost:3000")
        XCTAssertEqual(preflight.header("access-control-allow-headers"), "content-type, x-tenant")
        let other = try HTTP.request("OPTIONS", port: otlp, path: "/v1/logs", headers: [
            ("Origin", "http://evil.example"), ("Access-Control-Request-Method", "POST")])
        XCTAssertNil(other.header("access-control-allow-origin"))

        let origin = [("Origin", "http://localhost:3000")]
        let ok = try HTTP.postJSON(port: otlp, line, headers: origin)
        XCTAssertEqual(ok.status, 200)
        XCTAssertEqual(ok.header("access-control-allow-origin"), "http://localhost:3000")
        XCTAssertEqual(ok.header("access-control-expose-headers"), "retry-after")
        let bad = try HTTP.postJSON(port: otlp, "{\"resourceLogs\":[", headers: origin)
        XCTAssertEqual(bad.status, 400)
        XCTAssertEqual(bad.header("access-control-allow-origin"), "http://localhost:3000", "failures readable too")

        let faroPreflight = try HTTP.request("OPTIONS", port: faro, path: "/collect", headers: [
            ("Origin", "http://app.example"), ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type,x-faro-session-id,traceparent,tracestate")])
        XCTAssertEqual(faroPreflight.header("access-control-allow-origin"), "*")
        let payload = try LiveTest.lines("faro.ndjson")[0]
        let accepted = try HTTP.request(port: faro, path: "/collect", body: Array(payload.utf8),
                                        headers: [("Content-Type", "application/json"), ("Origin", "http://app.example")])
        XCTAssertEqual(accepted.status, 202)
        XCTAssertEqual(accepted.header("access-control-expose-headers"), "retry-after, x-faro-session-status")
        _ = await live.stop()
    }
}

extension LiveRobustnessTests {
    /// When a rule reaches the cap of listed findings the stream says so once: later findings are counted, not
    /// printed.
    func testStreamSaysWhenARuleReachesTheCap() async throws {
        var options = LiveTest.options
        options.maxFindingsPerRule = 2
        let live = try await RunningServer(LiveTest.configuration(), options: options)
        for n in 0..<4 {
            _ = try HTTP.postJSON(port: live.port, Self.event("session.start", session: "", device: "d\(n)", time: Self.now))
        }
        let outcome = await live.stop()
        let counts = Dictionary(grouping: live.streamedFindings, by: \.rule).mapValues(\.count)
        let capped = counts.filter { $0.value == 2 }.keys.sorted()
        XCTAssertFalse(capped.isEmpty, "\(counts)")
        XCTAssertEqual(live.notices.count, capped.count, "\(live.notices)")
        for rule in capped { XCTAssertTrue(live.notices.contains { $0.contains("'\(rule)' reached 2 listed findings") }) }
        XCTAssertNotNil(outcome.report.extraSummary.first { $0.0 == "findingsNotListed" })
    }
}

extension LiveRobustnessTests {
    /// On a non-loopback listener `POST /stop` is refused without a token; with `--stop-token` it needs the token.
    func testStopNeedsATokenOffLoopback() async throws {
        var configuration = LiveTest.configuration()
        configuration.listeners[.otlpHTTP] = ListenAddress(host: "0.0.0.0", port: 0)
        let open = try await RunningServer(configuration)
        let refused = try HTTP.request(port: open.port, path: "/stop")
        XCTAssertEqual(refused.status, 403, refused.text)
        XCTAssertTrue(refused.text.contains("--stop-token"))
        XCTAssertEqual(try HTTP.request("GET", port: open.port, path: "/health").status, 200, "still running")
        _ = await open.stop()

        configuration.stopToken = "s3cret"
        let guarded = try await RunningServer(configuration)
        XCTAssertEqual(try HTTP.request(port: guarded.port, path: "/stop", headers: [("Authorization", "Bearer nope")]).status, 401)
        let stopped = try HTTP.request(port: guarded.port, path: "/stop", headers: [("Authorization", "Bearer s3cret")])
        XCTAssertEqual(stopped.status, 200)
        let outcome = try await guarded.outcome(within: 10)
        XCTAssertEqual(outcome.reason, .stopRequest)
    }

    func testStopOnLoopbackNeedsNoToken() async throws {
        let live = try await RunningServer(LiveTest.configuration())
        XCTAssertEqual(try HTTP.request(port: live.port, path: "/stop").status, 200)
        let outcome = try await live.outcome(within: 10)
        XCTAssertEqual(outcome.reason, .stopRequest)
    }
}

extension LiveRobustnessTests {
    /// OTLP/gRPC: connections without a call in progress cannot hold every slot either.
    func testIdleGRPCConnectionsCannotExhaustTheLimit() async throws {
        var configuration = LiveTest.configuration([.otlpGRPC])
        configuration.maxConnections = 2
        let live = try await RunningServer(configuration)
        let port = try XCTUnwrap(live.ports[.otlpGRPC])
        var idle: [TestSocket] = []
        for _ in 0..<2 {
            idle.append(try TestSocket(port: port, timeout: 3))
            try await Task.sleep(nanoseconds: 150_000_000)  // distinct ages on either event loop
        }
        let response = try await GRPCTestClient.call(port: port, message: [])
        XCTAssertEqual(response.status, 0, "a real sender gets a slot")
        XCTAssertTrue(idle[0].closedByServer(), "the connection idle longest was evicted")
        _ = await live.stop()
    }
}
