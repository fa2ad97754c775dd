import Foundation
import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix
@testable import SemConvLint
import SemConvModel
import XCTest

@testable import SemConvLive

/// The Collector's gRPC Export services, called over HTTP/2 as gRPC clients call them (the Python SDK's grpcio
/// client runs against them in Tests/ci-live.sh).
final class OTLPGRPCTests: XCTestCase {
    func testExportMatchesTheFileLinter() async throws {
        let live = try await RunningServer(LiveTest.configuration([.otlpGRPC]))
        let port = try XCTUnwrap(live.ports[.otlpGRPC])
        let (protobuf, json) = OTLPSample.logs(email: "jane.doe@example.com")
        let plain = try await GRPCTestClient.call(port: port, message: protobuf)
        XCTAssertEqual(plain.status, 0, plain.message ?? "")
        XCTAssertEqual(plain.headers.first(name: "content-type"), "application/grpc")
        XCTAssertEqual(plain.data, [0, 0, 0, 0, 0], "one empty Export*ServiceResponse")
        let gzipped = try await GRPCTestClient.call(port: port, message: protobuf, gzip: true)
        XCTAssertEqual(gzipped.status, 0, "gzip-compressed messages are accepted: \(gzipped.message ?? "")")
        let empty = try await GRPCTestClient.call(port: port, message: [])
        XCTAssertEqual(empty.status, 0, "an empty request is a success")
        let outcome = await live.stop()
        let expected = LiveTest.lintReport([json, json], as: .otlpGRPC)
        func rules(_ ds: [Diagnostic]) -> [String] { ds.map { "\($0.location.line) \($0.rule) \($0.attribute ?? "-")" }.sorted() }
        XCTAssertFalse(expected.diagnostics.isEmpty)
        XCTAssertEqual(rules(outcome.report.diagnostics), rules(expected.diagnostics))
        XCTAssertFalse(outcome.rendered.text.contains("jane.doe@example.com"))
    }

    func testGarbageIsInvalidArgument() async throws {
        let live = try await RunningServer(LiveTest.configuration([.otlpGRPC]))
        let response = try await GRPCTestClient.call(port: try XCTUnwrap(live.ports[.otlpGRPC]), message: [0x0A, 0x7F, 0x01])
        XCTAssertEqual(response.status, 3)
        XCTAssertTrue(response.message?.hasPrefix("otlp-grpc: message 1, byte 1 of the message: ") ?? false,
                      response.message ?? "")
        _ = await live.stop()
    }

    func testOversizedMessagesAreResourceExhaustedWithoutRetry() async throws {
        var configuration = LiveTest.configuration([.otlpGRPC])
        configuration.maxBodySize = 4096
        let live = try await RunningServer(configuration)
        let port = try XCTUnwrap(live.ports[.otlpGRPC])
        for size in [6000, 1 << 20] {
            let big = [UInt8](repeating: 0x20, count: size)
            let plain = try await GRPCTestClient.call(port: port, message: big)
            XCTAssertEqual(plain.status, 8, "\(size) bytes")
            XCTAssertNil(plain.details, "no RetryInfo: the client must not retry")
            // Small compressed, large decompressed: the same.
            let bomb = try await GRPCTestClient.call(port: port, message: big, gzip: true)
            XCTAssertEqual(bomb.status, 8, "\(size) bytes gzip")
        }
        let after = try await GRPCTestClient.call(port: port, message: [0xFF])
        XCTAssertEqual(after.status, 3, "the server lives on")
        _ = await live.stop()
    }

    func testBackpressureIsResourceExhaustedWithRetryInfo() async throws {
        var configuration = LiveTest.configuration([.otlpGRPC])
        configuration.maxPending = 1
        configuration.retryAfter = 3
        let live = try await RunningServer(configuration)
        let port = try XCTUnwrap(live.ports[.otlpGRPC])
        live.server.checker.hold()
        let first = Task { try await GRPCTestClient.call(port: port, message: []) }
        for _ in 0..<50 where live.server.checker.requestCounts[.otlpGRPC] != 1 {
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        let busy = try await GRPCTestClient.call(port: port, message: [])
        XCTAssertEqual(busy.status, 8)
        XCTAssertEqual(busy.details, StatusMessage.protobuf(.rejected(.queueFull, retryAfter: 3)))
        XCTAssertNotNil(TestSocket.find(Array(StatusMessage.retryInfoType.utf8), in: busy.details ?? []))
        live.server.checker.release()
        let firstStatus = try await first.value.status
        XCTAssertEqual(firstStatus, 0)
        _ = await live.stop()
    }

    func testUnknownMethodsEncodingsAndContentTypes() async throws {
        let live = try await RunningServer(LiveTest.configuration([.otlpGRPC]))
        let port = try XCTUnwrap(live.ports[.otlpGRPC])
        let unknown = try await GRPCTestClient.call(port: port, path: "/x.Y/Z", message: [])
        XCTAssertEqual(unknown.status, 12)
        let brotli = try await GRPCTestClient.call(port: port, message: [], extra: [("grpc-encoding", "br")])
        XCTAssertEqual(brotli.status, 12)
        XCTAssertEqual(brotli.headers.first(name: "grpc-accept-encoding"), "gzip,zstd,identity")
        let notGRPC = try await GRPCTestClient.call(port: port, message: [], extra: [("content-type", "application/json")])
        XCTAssertEqual(notGRPC.headers.first(name: ":status"), "415")
        let outcome = await live.stop()
        XCTAssertEqual(outcome.report.files, 0, "none of them reached the checker")
        // The report says what the gRPC client saw, and what a gRPC client can change.
        let brotliFinding = try XCTUnwrap(outcome.report.diagnostics.first { $0.message.contains("'br'") })
        XCTAssertEqual(brotliFinding.rule, "live-request-rejected")
        XCTAssertTrue(brotliFinding.message.hasPrefix("request rejected with gRPC status UNIMPLEMENTED (logs)"), brotliFinding.message)
        XCTAssertEqual(brotliFinding.fix, "send uncompressed, gzip- or zstd-compressed messages (grpc-encoding identity, gzip or zstd)")
    }
}

/// A minimal gRPC client over swift-nio-http2 for one unary call.
enum GRPCTestClient {
    static let logsExport = "/opentelemetry.proto.collector.logs.v1.LogsService/Export"

    struct Response {
        var headers: HPACKHeaders = [:]
        var data: [UInt8] = []
        var trailers: HPACKHeaders?

        private var final: HPACKHeaders { trailers ?? headers }
        var status: Int? { final.first(name: "grpc-status").flatMap(Int.init) }
        var message: String? { final.first(name: "grpc-message")?.removingPercentEncoding }
        var details: [UInt8]? {
            guard var text = final.first(name: "grpc-status-details-bin") else { return nil }
            while text.count % 4 != 0 { text += "=" }
            return Data(base64Encoded: text).map(Array.init)
        }
    }

    static func call(port: Int, path: String = logsExport, message: [UInt8], gzip compress: Bool = false,
                     extra: [(String, String)] = []) async throws -> Response {
        let payload = compress ? try gzip(message) : message
        // The HTTP/2 handler is in the pipeline before the connection opens, so the server's preface is never missed.
        let multiplexer = MultiplexerBox()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    multiplexer.value = try channel.pipeline.syncOperations.configureHTTP2Pipeline(
                        mode: .client, connectionConfiguration: .init(), streamConfiguration: .init()
                    ) { $0.eventLoop.makeSucceededVoidFuture() }
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        defer { channel.close(promise: nil) }
        let promise = channel.eventLoop.makePromise(of: Response.self)
        let stream = try await channel.eventLoop.flatSubmit { () -> EventLoopFuture<any Channel> in
            multiplexer.value!.createStreamChannel { stream in
                stream.eventLoop.makeCompletedFuture {
                    try stream.pipeline.syncOperations.addHandler(Collector(promise: promise))
                }
            }
        }.get()
        var headers: HPACKHeaders = [":method": "POST", ":scheme": "http", ":path": path, ":authority": "127.0.0.1",
                                     "te": "trailers"]
        if !extra.contains(where: { $0.0 == "content-type" }) { headers.add(name: "content-type", value: "application/grpc") }
        if compress { headers.add(name: "grpc-encoding", value: "gzip") }
        for (name, value) in extra { headers.add(name: name, value: value) }
        var body = ByteBuffer()
        body.writeInteger(UInt8(compress ? 1 : 0))
        body.writeInteger(UInt32(payload.count))
        body.writeBytes(payload)
        let frames: [HTTP2Frame.FramePayload] = [.headers(.init(headers: headers)), .data(.init(data: .byteBuffer(body), endStream: true))]
        for frame in frames { stream.write(frame, promise: nil) }
        stream.flush()
        let timeout = channel.eventLoop.scheduleTask(in: .seconds(10)) { promise.fail(SocketError(description: "gRPC call timed out")) }
        defer { timeout.cancel() }
        return try await promise.futureResult.get()
    }

    /// The connection's stream multiplexer, set on its event loop by the channel initializer.
    final class MultiplexerBox: @unchecked Sendable {
        var value: NIOHTTP2Handler.StreamMultiplexer?
    }

    final class Collector: ChannelInboundHandler {
        typealias InboundIn = HTTP2Frame.FramePayload
        let promise: EventLoopPromise<Response>
        var response = Response()
        var sawHeaders = false

        init(promise: EventLoopPromise<Response>) { self.promise = promise }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case let .headers(frame):
                if sawHeaders { response.trailers = frame.headers } else { response.headers = frame.headers }
                sawHeaders = true
                if frame.endStream { promise.succeed(response) }
            case let .data(frame):
                if case let .byteBuffer(b) = frame.data { response.data += Array(b.readableBytesView) }
                if frame.endStream { promise.succeed(response) }
            default: break
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.fail(SocketError(description: "stream closed before the response ended"))
        }
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

/// The OpenTelemetry Python SDK's recording as the Collector's file exporter writes it with `format: proto`
/// (length-prefixed `Export*ServiceRequest` messages, logs, traces and metrics): sent message by message over
/// OTLP/gRPC and OTLP/HTTP (protobuf), it gives exactly the findings of `semconv lint` on the file.
final class ProtobufRecordingTests: XCTestCase {
    static let file = LiveTest.fixtures.appendingPathComponent("binary/sdk-proto.bin")

    /// The messages of a length-prefixed file (4-byte big-endian length, then the message).
    static func messages() throws -> [[UInt8]] {
        let bytes = Array(try Data(contentsOf: file))
        var out: [[UInt8]] = []
        var i = 0
        while i + 4 <= bytes.count {
            let n = Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            out.append(Array(bytes[(i + 4)..<(i + 4 + n)]))
            i += 4 + n
        }
        return out
    }

    static func expected(as listener: LiveListener) -> [Diagnostic] {
        Linter.run(paths: [file.path], options: LiveTest.options).diagnostics.map { d in
            var d = d
            d.location.file = listener.rawValue
            return d
        }
    }

    func testGRPCMessagesGiveTheFileLintersFindings() async throws {
        let messages = try Self.messages()
        XCTAssertGreaterThan(messages.count, 2)
        let live = try await RunningServer(LiveTest.configuration([.otlpGRPC]))
        let port = try XCTUnwrap(live.ports[.otlpGRPC])
        let expected = Self.expected(as: .otlpGRPC)
        for (n, message) in messages.enumerated() {
            let signal = Self.signal(of: message)
            let path = "/opentelemetry.proto.collector.\(signal == .traces ? "trace" : signal.rawValue).v1."
                + "\(signal == .traces ? "Trace" : signal.rawValue.capitalized)Service/Export"
            let response = try await GRPCTestClient.call(port: port, path: path, message: message, gzip: true)
            // A message the file linter cannot read (the recording has one) is INVALID_ARGUMENT, with its finding.
            XCTAssertEqual(response.status, Self.unreadable(n + 1, in: expected) ? 3 : 0, response.message ?? "")
        }
        let outcome = await live.stop()
        XCTAssertFalse(expected.isEmpty)
        Self.assertSame(outcome.report.diagnostics, expected)
    }

    func testHTTPProtobufGivesTheFileLintersFindings() async throws {
        let live = try await RunningServer(LiveTest.configuration([.otlpHTTP]))
        let expected = Self.expected(as: .otlpHTTP)
        for (n, message) in try Self.messages().enumerated() {
            let signal = Self.signal(of: message)
            let response = try HTTP.request(port: live.port, path: "/v1/\(signal.rawValue)", body: message,
                                            headers: [("Content-Type", "application/x-protobuf")])
            let unreadable = Self.unreadable(n + 1, in: expected)
            XCTAssertEqual(response.status, unreadable ? 400 : 200)
            XCTAssertEqual(response.header("content-type"), "application/x-protobuf")
            if !unreadable { XCTAssertEqual(response.body, [], "the empty Export*ServiceResponse") }
        }
        let outcome = await live.stop()
        Self.assertSame(outcome.report.diagnostics, expected)
    }

    /// The signal the file linter reads a message as (`MessageUnit`, as for length-prefixed files).
    static func signal(of message: [UInt8]) -> OTLPSignal {
        let outcome = message.withUnsafeBytes { MessageUnit.format(of: $0, limit: 1 << 20) }
        if case let .unit(.otlpProtobuf(signal), _) = outcome { return signal }
        return .logs
    }

    static func unreadable(_ number: Int, in findings: [Diagnostic]) -> Bool {
        findings.contains { $0.location.line == number && $0.rule == "invalid-frame" }
    }

    static func assertSame(_ actual: [Diagnostic], _ expected: [Diagnostic], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, file: file, line: line)
        for (a, e) in zip(actual, expected) where a != e {
            XCTFail("\(a)\n  is not\n\(e)", file: file, line: line)
            return
        }
    }
}
