import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SemConvLint
import SemConvModel
import XCTest

@testable import SemConvLive

/// The Collector's gRPC Export services, called with grpc-swift-2's client.
@available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
final class OTLPGRPCTests: XCTestCase {
    static let logsExport = MethodDescriptor(fullyQualifiedService: "opentelemetry.proto.collector.logs.v1.LogsService",
                                             method: "Export")

    /// Calls Export with raw message bytes; returns the error, if any.
    static func export(_ message: [UInt8], port: Int, method: MethodDescriptor = logsExport,
                compression: CompressionAlgorithm? = nil) async throws -> RPCError? {
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext,
            config: .defaults { $0.compression.enabledAlgorithms = .all })
        return try await withGRPCClient(transport: transport) { client in
            var options = CallOptions.defaults
            options.compression = compression
            options.timeout = .seconds(10)
            return try await client.unary(request: ClientRequest(message: message), descriptor: method,
                                          serializer: RawBytes(), deserializer: RawBytes(), options: options) { response in
                switch response.accepted {
                case .success: return nil
                case let .failure(error): return error
                }
            }
        }
    }

    func testExportMatchesTheFileLinter() async throws {
        let live = try await RunningServer(LiveTest.configuration([.otlpGRPC]))
        let port = try XCTUnwrap(live.ports[.otlpGRPC])
        let (protobuf, json) = OTLPSample.logs(email: "jane.doe@example.com")
        let plain = try await Self.export(protobuf, port: port)
        XCTAssertNil(plain, "\(String(describing: plain))")
        let gzipped = try await Self.export(protobuf, port: port, compression: .gzip)
        XCTAssertNil(gzipped, "gzip-compressed messages are accepted: \(String(describing: gzipped))")
        let empty = try await Self.export([], port: port)
        XCTAssertNil(empty, "an empty request is a success")
        let outcome = await live.stop()
        let expected = LiveTest.lintReport([json, json], as: .otlpGRPC)
        func rules(_ ds: [Diagnostic]) -> [String] { ds.map { "\($0.location.line) \($0.rule) \($0.attribute ?? "-")" }.sorted() }
        XCTAssertFalse(expected.diagnostics.isEmpty)
        XCTAssertEqual(rules(outcome.report.diagnostics), rules(expected.diagnostics))
        XCTAssertFalse(outcome.rendered.text.contains("jane.doe@example.com"))
    }

    func testGarbageIsInvalidArgument() async throws {
        let live = try await RunningServer(LiveTest.configuration([.otlpGRPC]))
        let error = try await Self.export([0x0A, 0x7F, 0x01], port: try XCTUnwrap(live.ports[.otlpGRPC]))
        XCTAssertEqual(error?.code, .invalidArgument)
        XCTAssertTrue(error?.message.hasPrefix("otlp-grpc:1") ?? false, error?.message ?? "")
        _ = await live.stop()
    }

    func testOversizedMessagesAreResourceExhaustedWithoutRetry() async throws {
        var configuration = LiveTest.configuration([.otlpGRPC])
        configuration.maxBodySize = 4096
        let live = try await RunningServer(configuration)
        let port = try XCTUnwrap(live.ports[.otlpGRPC])
        let big = [UInt8](repeating: 0x20, count: 6000)
        let error = try await Self.export(big, port: port)
        XCTAssertEqual(error?.code, .resourceExhausted)
        XCTAssertNil(error?.metadata[binaryValues: "grpc-status-details-bin"].first(where: { _ in true }),
                     "no RetryInfo: the client must not retry")
        // Small compressed, large decompressed: the same.
        let bomb = try await Self.export(big, port: port, compression: .gzip)
        XCTAssertEqual(bomb?.code, .resourceExhausted)
        // Far over the limit the transport resets the stream; the server lives on.
        let huge = try await Self.export([UInt8](repeating: 0x20, count: 1 << 20), port: port, compression: .gzip)
        XCTAssertNotNil(huge)
        let after = try await Self.export([0xFF], port: port)
        XCTAssertEqual(after?.code, .invalidArgument)
        _ = await live.stop()
    }

    func testBackpressureIsResourceExhaustedWithRetryInfo() async throws {
        var configuration = LiveTest.configuration([.otlpGRPC])
        configuration.maxPending = 1
        configuration.retryAfter = 3
        let live = try await RunningServer(configuration)
        let port = try XCTUnwrap(live.ports[.otlpGRPC])
        live.server.checker.hold()
        let first = Task { try await OTLPGRPCTests.export([], port: port) }
        for _ in 0..<50 where live.server.checker.requestCounts[.otlpGRPC] != 1 {
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        let busy = try await Self.export([], port: port)
        XCTAssertEqual(busy?.code, .resourceExhausted)
        let details = busy?.metadata[binaryValues: "grpc-status-details-bin"].first { _ in true }
        let status = try XCTUnwrap(details)
        XCTAssertEqual(status, StatusMessage.protobuf(.rejected(.queueFull, retryAfter: 3)))
        XCTAssertNotNil(TestSocket.find(Array(StatusMessage.retryInfoType.utf8), in: status))
        live.server.checker.release()
        let firstError = try await first.value
        XCTAssertNil(firstError)
        _ = await live.stop()
    }

    func testUnknownMethodIsUnimplemented() async throws {
        let live = try await RunningServer(LiveTest.configuration([.otlpGRPC]))
        let error = try await Self.export([], port: try XCTUnwrap(live.ports[.otlpGRPC]),
                                     method: MethodDescriptor(fullyQualifiedService: "x.Y", method: "Z"))
        XCTAssertEqual(error?.code, .unimplemented)
        _ = await live.stop()
    }
}

/// One OTLP logs request, as protobuf bytes and as the equivalent OTLP/JSON line.
enum OTLPSample {
    static func logs(email: String) -> (protobuf: [UInt8], json: String) {
        let time: UInt64 = 1_772_359_200_000_000_000
        func kv(_ key: String, _ value: String) -> [UInt8] {
            var any = Proto()
            any.string(1, value)
            var pair = Proto()
            pair.string(1, key)
            pair.message(2, any.bytes)
            return pair.bytes
        }
        var resource = Proto()
        for (k, v) in [("device.id", "dev-1"), ("service.version", "1.0"), ("os.name", "iOS")] { resource.message(1, kv(k, v)) }
        var record = Proto()
        record.fixed64(1, time)
        record.message(6, kv("session.id", "s-1"))
        record.message(6, kv("user.email", email))
        record.string(12, "screen.view")
        var scope = Proto()
        scope.string(1, "t")
        var scopeLogs = Proto()
        scopeLogs.message(1, scope.bytes)
        scopeLogs.message(2, record.bytes)
        var resourceLogs = Proto()
        resourceLogs.message(1, resource.bytes)
        resourceLogs.message(2, scopeLogs.bytes)
        var request = Proto()
        request.message(1, resourceLogs.bytes)
        let json = OTLPJSON.log(event: "screen.view", time: time,
                                attrs: [("session.id", "s-1"), ("user.email", email)],
                                resource: [("device.id", "dev-1"), ("service.version", "1.0"), ("os.name", "iOS")])
        return (request.bytes, json)
    }
}

enum OTLPJSON {
    static func log(event: String, time: UInt64, attrs: [(String, String)], resource: [(String, String)]) -> String {
        func list(_ pairs: [(String, String)]) -> String {
            pairs.map { "{\"key\":\"\($0.0)\",\"value\":{\"stringValue\":\"\($0.1)\"}}" }.joined(separator: ",")
        }
        return "{\"resourceLogs\":[{\"resource\":{\"attributes\":[\(list(resource))]},\"scopeLogs\":[{\"scope\":{\"name\":\"t\"},"
            + "\"logRecords\":[{\"timeUnixNano\":\"\(time)\",\"eventName\":\"\(event)\",\"attributes\":[\(list(attrs))]}]}]}]}"
    }
}

/// A protobuf writer for test messages.
struct Proto {
    var bytes: [UInt8] = []

    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 { bytes.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }

    mutating func message(_ field: Int, _ value: [UInt8]) {
        varint(UInt64(field << 3 | 2))
        varint(UInt64(value.count))
        bytes += value
    }

    mutating func string(_ field: Int, _ value: String) { message(field, Array(value.utf8)) }

    mutating func fixed64(_ field: Int, _ value: UInt64) {
        varint(UInt64(field << 3 | 1))
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }
}
