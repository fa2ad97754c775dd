import Foundation
@testable import SemConvLint
import SemConvModel
import XCTest

@testable import SemConvLive

/// Sessions are judged per device, so live-check instances behind the Collector's `loadbalancing` exporter (routing
/// key: the `device.id` resource attribute) each judge whole sessions, and `semconv report merge` of their reports is
/// the report of one instance that saw everything.
final class ShardingTests: XCTestCase {
    /// A recording of several devices with interleaved sessions, clean and faulty.
    static func recording() throws -> [String] {
        var lines = try LiveTest.lines("otlp-logs.ndjson") + LiveTest.lines("mixed-logs-traces.ndjson")
        for k in 0..<6 {
            let device = "dev-\(k)"
            func record(_ session: String, _ event: String?, _ offset: Double, _ attrs: [(String, String)] = []) -> String {
                let all = [("session.id", session)] + attrs
                return OTLPJSON.log(event: event ?? "app.screen", time: UInt64((1_772_359_200 + offset + Double(k)) * 1e9),
                                    attrs: all, resource: [("device.id", device), ("service.version", "1.0"), ("os.name", "iOS")])
            }
            lines.append(record("s-\(k)-a", "session.start", 0))
            lines.append(record("s-\(k)-a", nil, 30, k % 2 == 0 ? [("user.email", "u\(k)@example.com")] : []))
            lines.append(record("s-\(k)-a", "session.end", 60))
            if k % 3 == 0 { lines.append(record("s-\(k)-a", nil, 90)) }  // after the end
            lines.append(record("s-\(k)-b", "session.start", 4000, [("session.previous_id", "s-\(k)-a")]))
        }
        // Only requests that carry device.id: the loadbalancing exporter sends records without it to one backend,
        // where a session that has them on other requests too would be split.
        lines = lines.filter { !device(of: $0).isEmpty }
        // Interleave devices as a collector would see them.
        return lines.enumerated().sorted { ($0.offset % 5, $0.offset) < ($1.offset % 5, $1.offset) }.map(\.element)
    }

    static func device(of line: String) -> String {
        guard let data = line.data(using: .utf8),
              let doc = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let resources = (doc["resourceLogs"] ?? doc["resourceSpans"]) as? [[String: Any]],
              let attributes = (resources.first?["resource"] as? [String: Any])?["attributes"] as? [[String: Any]],
              let id = attributes.first(where: { $0["key"] as? String == "device.id" }),
              let value = (id["value"] as? [String: Any])?["stringValue"] as? String
        else { return "" }
        return value
    }

    func testShardsMergeIntoTheSingleInstanceReport() async throws {
        let lines = try Self.recording()
        let devices = Set(lines.map { Self.device(of: $0) }).sorted()
        XCTAssertGreaterThan(devices.count, 4)
        func shard(_ line: String) -> Int { devices.firstIndex(of: Self.device(of: line))! % 2 }

        let single = try await RunningServer(LiveTest.configuration())
        let shards = [try await RunningServer(LiveTest.configuration()), try await RunningServer(LiveTest.configuration())]
        // Which original line each shard's k-th request was.
        var origin: [[Int]] = [[], []]
        for (n, line) in lines.enumerated() {
            let path = line.contains("resourceSpans") ? "/v1/traces" : "/v1/logs"
            _ = try HTTP.postJSON(port: single.port, path: path, line)
            let s = shard(line)
            _ = try HTTP.postJSON(port: shards[s].port, path: path, line)
            origin[s].append(n + 1)
        }
        XCTAssertFalse(origin[0].isEmpty || origin[1].isEmpty)
        let whole = await single.stop()
        var parts: [(name: String, bytes: [UInt8])] = []
        for (s, live) in shards.enumerated() {
            parts.append(("shard-\(s).json", Array(await live.stop().rendered.text.utf8)))
        }
        let merged = try ReportMerge.merge(parts)
        let expected = try ReportMerge.parse(Array(whole.rendered.text.utf8), name: "single")
        XCTAssertGreaterThan(whole.report.diagnostics.count, 10)

        // Summaries: identical.
        XCTAssertEqual(merged["summary"]?.rendered(indent: 2), expected["summary"]?.rendered(indent: 2))
        // Findings: identical once each shard's request number is mapped back to the recording's line.
        var mapped: [JSONValue] = []
        for (s, part) in parts.enumerated() {
            let doc = try ReportMerge.parse(part.bytes, name: part.name)
            let findings = doc["findings"]?.arrayValue ?? []
            let numbers = origin[s]
            func original(_ n: Int) -> Int { numbers[n - 1] }
            for f in findings {
                var g = f.updating(["line"]) { (line: JSONValue) -> JSONValue in .int(original(line.intValue!)) }
                // Related places name lines of the same shard.
                g = g.updating(["related"]) { (related: JSONValue) -> JSONValue in
                    .array((related.arrayValue ?? []).map { r in
                        // "otlp-http:N" or "otlp-http:N:COLUMN"
                        var parts = (r.stringValue ?? "").split(separator: ":").map(String.init)
                        guard parts.count >= 2, let n = Int(parts[1]) else { return r }
                        parts[1] = String(original(n))
                        return .string(parts.joined(separator: ":"))
                    })
                }
                // Messages that name another request ("first start on line N") name one of the same shard.
                g = g.updating(["message"]) { (message: JSONValue) -> JSONValue in
                    let text = message.stringValue ?? ""
                    guard let range = text.range(of: #"on line [0-9]+"#, options: .regularExpression),
                          let n = Int(text[range].dropFirst("on line ".count)) else { return message }
                    return .string(text.replacingCharacters(in: range, with: "on line \(original(n))"))
                }
                mapped.append(g)
            }
        }
        mapped.sort(by: ReportMerge.findingOrder)
        XCTAssertEqual(JSONValue.array(mapped).rendered(indent: 2), expected["findings"]?.rendered(indent: 2))
        XCTAssertEqual(merged["findings"]?.arrayValue?.count, expected["findings"]?.arrayValue?.count)
    }
}
