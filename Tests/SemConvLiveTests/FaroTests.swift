import Foundation
import SemConvLint
import SemConvModel
import XCTest

@testable import SemConvLive

/// `POST /collect` as Alloy's faro.receiver answers it.
final class FaroTests: XCTestCase {
    func testPayloadsGiveTheFileLintersReport() async throws {
        let lines = try LiveTest.lines("faro.ndjson")
        let live = try await RunningServer(LiveTest.configuration([.faro]))
        for line in lines {
            let response = try HTTP.request(port: live.port, path: "/collect", body: Array(line.utf8),
                                            headers: [("Content-Type", "application/json")])
            XCTAssertEqual(response.status, 202)
            XCTAssertEqual(response.text, "ok")
        }
        let outcome = await live.stop()
        let expected = LiveTest.lintReport(lines, as: .faro, input: .faro)
        XCTAssertFalse(expected.diagnostics.isEmpty)
        XCTAssertEqual(outcome.report.diagnostics, expected.diagnostics)
        XCTAssertEqual(JSONValue.object(outcome.report.extraSummary), JSONValue.object(expected.extraSummary))
    }

    func testAPIKeyAndBadPayloads() async throws {
        var configuration = LiveTest.configuration([.faro])
        configuration.faroAPIKey = "s3cret"
        let live = try await RunningServer(configuration)
        let line = try LiveTest.lines("faro.ndjson")[0]
        let missing = try HTTP.request(port: live.port, path: "/collect", body: Array(line.utf8))
        XCTAssertEqual(missing.status, 401)
        let wrong = try HTTP.request(port: live.port, path: "/collect", body: Array(line.utf8), headers: [("x-api-key", "nope")])
        XCTAssertEqual(wrong.status, 401)
        let good = try HTTP.request(port: live.port, path: "/collect", body: Array(line.utf8), headers: [("X-API-Key", "s3cret")])
        XCTAssertEqual(good.status, 202)
        let garbage = try HTTP.request(port: live.port, path: "/collect", body: Array("{\"meta\":".utf8),
                                       headers: [("x-api-key", "s3cret")])
        XCTAssertEqual(garbage.status, 400)
        XCTAssertEqual(try HTTP.request("GET", port: live.port, path: "/-/ready").status, 200)
        XCTAssertEqual(try HTTP.request(port: live.port, path: "/v1/logs", body: [1]).status, 404)
        _ = await live.stop()
    }

    func testCORS() async throws {
        var configuration = LiveTest.configuration([.faro])
        configuration.faroAllowedOrigins = ["http://localhost:3000"]
        let live = try await RunningServer(configuration)
        let allowed = try HTTP.request("OPTIONS", port: live.port, path: "/collect", headers: [
            ("Origin", "http://localhost:3000"), ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type, x-faro-session-id"),
        ])
        XCTAssertEqual(allowed.status, 204)
        XCTAssertEqual(allowed.header("access-control-allow-origin"), "http://localhost:3000")
        XCTAssertEqual(allowed.header("access-control-allow-methods"), "POST")
        XCTAssertEqual(allowed.header("access-control-allow-headers"), "content-type, x-faro-session-id")

        let otherOrigin = try HTTP.request("OPTIONS", port: live.port, path: "/collect", headers: [
            ("Origin", "https://evil.example"), ("Access-Control-Request-Method", "POST"),
        ])
        XCTAssertEqual(otherOrigin.status, 204)
        XCTAssertNil(otherOrigin.header("access-control-allow-origin"))

        let odd = try HTTP.request("OPTIONS", port: live.port, path: "/collect", headers: [
            ("Origin", "http://localhost:3000"), ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "x-secret-header"),
        ])
        XCTAssertNil(odd.header("access-control-allow-origin"))

        let line = try LiveTest.lines("faro.ndjson")[0]
        let post = try HTTP.request(port: live.port, path: "/collect", body: Array(line.utf8),
                                    headers: [("Origin", "http://localhost:3000"), ("Content-Type", "application/json")])
        XCTAssertEqual(post.status, 202)
        XCTAssertEqual(post.header("access-control-allow-origin"), "http://localhost:3000")
        _ = await live.stop()
    }
}
