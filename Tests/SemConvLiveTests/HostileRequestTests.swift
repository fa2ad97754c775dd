import Foundation
import SemConvLint
import SemConvModel
import XCTest

@testable import SemConvLive

/// Malformed, truncated, slow and oversized requests never crash live-check nor stall other clients.
final class HostileRequestTests: XCTestCase {
    let line = (try? LiveTest.lines("otlp-logs.ndjson")[0]) ?? "{}"

    func testGarbageIsA400AndOthersAreServed() async throws {
        let live = try await RunningServer(LiveTest.configuration())
        for garbage in ["\u{0}\u{1}\u{2}\u{3}\r\n\r\n", "GET\r\n\r\n", "POST /v1/logs HTTP/9.9\r\n\r\n",
                        "POST /v1/logs HTTP/1.1\r\nContent-Length: -5\r\n\r\n"] {
            let socket = try TestSocket(port: live.port)
            try socket.send(garbage)
            let response = try? socket.readResponse()
            XCTAssertTrue(response == nil || response!.status == 400, "\(garbage.debugDescription): \(response?.status ?? 0)")
            XCTAssertTrue(socket.closedByServer(), garbage.debugDescription)
        }
        XCTAssertEqual(try HTTP.postJSON(port: live.port, line).status, 200)
        _ = await live.stop()
    }

    func testTruncatedBodiesAreDropped() async throws {
        let live = try await RunningServer(LiveTest.configuration())
        for _ in 0..<20 {
            let socket = try TestSocket(port: live.port)
            try socket.send("POST /v1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"resourceLogs\"")
        }
        XCTAssertEqual(try HTTP.postJSON(port: live.port, line).status, 200)
        let outcome = await live.stop()
        XCTAssertEqual(outcome.report.files, 1, "only the complete request was checked")
        XCTAssertEqual(live.server.checker.requestCounts[.otlpHTTP], 1)
    }

    /// A client that trickles its headers (or body) is cut off after the request timeout, and others are served
    /// meanwhile.
    func testSlowClientsAreCutOffWithoutStallingOthers() async throws {
        var configuration = LiveTest.configuration()
        configuration.requestTimeout = 1
        configuration.headerTimeout = 1
        let live = try await RunningServer(configuration)
        let slowHeaders = try TestSocket(port: live.port, timeout: 5)
        let slowBody = try TestSocket(port: live.port, timeout: 5)
        try slowBody.send("POST /v1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        let started = Date()
        var served = 0
        for step in 0..<8 {
            try? slowHeaders.send(step == 0 ? "POST /v1/logs HTTP/1.1\r\n" : "X-Slow-\(step): y\r\n")
            try? slowBody.send(" ")
            let t = Date()
            XCTAssertEqual(try HTTP.postJSON(port: live.port, line).status, 200)
            XCTAssertLessThan(Date().timeIntervalSince(t), 2, "a slow client stalled another one")
            served += 1
            try await Task.sleep(nanoseconds: 250_000_000)
        }
        XCTAssertEqual(served, 8)
        XCTAssertTrue(slowHeaders.closedByServer())
        let response = try? slowBody.readResponse()
        XCTAssertEqual(response?.status, 408)
        XCTAssertLessThan(Date().timeIntervalSince(started), 8)
        _ = await live.stop()
    }

    /// At the connection limit, busy connections (a request head in) are kept and the fifth is refused...
    func testConnectionLimit() async throws {
        var configuration = LiveTest.configuration()
        configuration.maxConnections = 4
        let live = try await RunningServer(configuration)
        let held = try (0..<4).map { _ in try TestSocket(port: live.port) }
        let body = Array(line.utf8)
        for socket in held {
            try socket.send(HTTP.raw("POST", path: "/v1/logs", body: [], headers: [
                ("Content-Type", "application/json"), ("Content-Length", String(body.count))]))
        }
        try await Task.sleep(nanoseconds: 200_000_000)
        let extra = try TestSocket(port: live.port, timeout: 3)
        XCTAssertTrue(extra.closedByServer(), "the fifth connection is closed at once")
        // The held connections still work.
        try held[0].send(body)
        XCTAssertEqual(try held[0].readResponse().status, 200)
        _ = await live.stop()
    }

    /// ...but connections that send nothing (or trickle their headers) cannot hold the slots: a new connection
    /// evicts the one idle longest, and a silent connection is closed after the header timeout.
    func testIdleConnectionsCannotExhaustTheLimit() async throws {
        var configuration = LiveTest.configuration()
        configuration.maxConnections = 4
        configuration.headerTimeout = 2
        let live = try await RunningServer(configuration)
        let idle = try (0..<3).map { _ in try TestSocket(port: live.port, timeout: 4) }
        let trickling = try TestSocket(port: live.port, timeout: 4)
        try trickling.send("POST /v1/logs HTTP/1.1\r\n")
        try await Task.sleep(nanoseconds: 200_000_000)
        for _ in 0..<4 {
            XCTAssertEqual(try HTTP.postJSON(port: live.port, line).status, 200, "a real sender gets a slot")
        }
        XCTAssertTrue(idle[0].closedByServer(), "the connection idle longest was evicted")
        let silent = try TestSocket(port: live.port, timeout: 5)
        let opened = Date()
        XCTAssertTrue(silent.closedByServer(), "a silent connection is closed")
        XCTAssertLessThan(Date().timeIntervalSince(opened), 4, "after the header timeout")
        _ = (idle, trickling)
        _ = await live.stop()
    }

    func testKeepAliveAndPipelining() async throws {
        let live = try await RunningServer(LiveTest.configuration())
        let socket = try TestSocket(port: live.port)
        let request = HTTP.raw("POST", path: "/v1/logs", body: Array(line.utf8), headers: [("Content-Type", "application/json")])
        try socket.send(request + request + request)
        for _ in 0..<3 { XCTAssertEqual(try socket.readResponse().status, 200) }
        try socket.send(request)
        XCTAssertEqual(try socket.readResponse().status, 200)
        let outcome = await live.stop()
        XCTAssertEqual(outcome.report.files, 4)
    }

    func testHugeHeadersAreRefused() async throws {
        let live = try await RunningServer(LiveTest.configuration())
        let socket = try TestSocket(port: live.port)
        try? socket.send("POST /v1/logs HTTP/1.1\r\nX-Big: " + String(repeating: "a", count: 200_000) + "\r\n\r\n")
        XCTAssertTrue(socket.closedByServer())
        XCTAssertEqual(try HTTP.postJSON(port: live.port, line).status, 200)
        _ = await live.stop()
    }

    /// Personal data in an undecodable body is not echoed in the error response.
    func testErrorsDoNotEchoPersonalData() async throws {
        let live = try await RunningServer(LiveTest.configuration())
        let response = try HTTP.postJSON(port: live.port, "{\"resourceLogs\":[{\"x\": \"jane.doe@example.com\" ")
        XCTAssertEqual(response.status, 400)
        XCTAssertFalse(response.text.contains("jane.doe@example.com"), response.text)
        let outcome = await live.stop()
        XCTAssertFalse(outcome.rendered.text.contains("jane.doe@example.com"))
    }
}
