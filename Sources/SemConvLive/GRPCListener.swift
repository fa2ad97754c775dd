import Foundation
import SemConvModel
import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix
import SemConvLint

/// OTLP/gRPC: the Collector's three `Export` services (opentelemetry/proto/collector/*/v1/*_service.proto) as unary
/// gRPC calls over swift-nio-http2. gRPC's own layer for unary calls is small — a length-prefixed message in, the
/// empty `Export*ServiceResponse` or a status out (gRPC "PROTOCOL-HTTP2") — and doing it here keeps TLS stacks
/// (and two copies of BoringSSL) out of the build; HTTP/2 itself (framing, HPACK, flow control, stream limits) is
/// swift-nio-http2's. Status codes as the OTLP specification maps them ("OTLP/gRPC Response", "Failures",
/// "Throttling"): INVALID_ARGUMENT for a message that does not decode, RESOURCE_EXHAUSTED with `RetryInfo` in
/// `grpc-status-details-bin` under backpressure, RESOURCE_EXHAUSTED without it over the size limit (also after
/// gzip), UNAVAILABLE while stopping, UNIMPLEMENTED for other methods and encodings.
final class GRPCListener: Sendable {
    let channel: any Channel
    private let connections: ConnectionCount

    static let services: [String: OTLPSignal] = [
        "/opentelemetry.proto.collector.logs.v1.LogsService/Export": .logs,
        "/opentelemetry.proto.collector.trace.v1.TraceService/Export": .traces,
        "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export": .metrics,
    ]

    private init(channel: any Channel, connections: ConnectionCount) {
        self.channel = channel
        self.connections = connections
    }

    var boundAddress: String { HTTPListener.describe(channel.localAddress) }

    static func bind(at address: ListenAddress, intake: LiveIntake, limits: HTTPLimits,
                     group: any EventLoopGroup) async throws -> GRPCListener {
        let open = ConnectionCount()
        let connection = {
            var c = NIOHTTP2Handler.ConnectionConfiguration()
            c.initialSettings = [
                HTTP2Setting(parameter: .maxConcurrentStreams, value: 100),
                HTTP2Setting(parameter: .maxHeaderListSize, value: 16 << 10),
            ]
            return c
        }()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                // A connection without a call in progress is evictable: idle connections cannot hold every slot.
                guard open.admit(channel, limit: limits.maxConnections, evictIdle: true) else { return channel.close() }
                let calls = CallCount(connection: channel, connections: open)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        IdleStateHandler(readTimeout: ConnectionTimer.amount(limits.idleTimeout)))
                    try channel.pipeline.syncOperations.addHandler(IdleCloser())
                    _ = try channel.pipeline.syncOperations.configureHTTP2Pipeline(
                        mode: .server, connectionConfiguration: connection,
                        streamConfiguration: NIOHTTP2Handler.StreamConfiguration()
                    ) { stream in
                        calls.opened(stream)
                        return stream.eventLoop.makeCompletedFuture {
                            try stream.pipeline.syncOperations.addHandler(GRPCStreamHandler(intake: intake, limits: limits))
                        }
                    }
                }
            }
            .bind(host: address.host, port: address.port)
            .get()
        return GRPCListener(channel: channel, connections: open)
    }

    /// Stops accepting; HTTP/2 connections get GOAWAY once their calls are answered (or are closed after
    /// `timeout` seconds with the event loops).
    func shutdown(timeout: Double) async {
        await connections.quiesce(server: channel, timeout: timeout)
    }

    /// Closes the connections still open once the last responses had time to flush.
    func closeRemaining(after seconds: Double) { connections.closeAll(after: seconds, on: channel.eventLoop) }
}

/// The calls (HTTP/2 streams) open on one connection: with none, the connection can be evicted at the
/// connection limit (`ConnectionCount`). Used on the connection's event loop only.
final class CallCount: @unchecked Sendable {
    private let connection: any Channel
    private let connections: ConnectionCount
    private var open = 0

    init(connection: any Channel, connections: ConnectionCount) {
        self.connection = connection
        self.connections = connections
    }

    func opened(_ stream: any Channel) {
        open += 1
        if open == 1 { connections.setEvictable(connection, false) }
        stream.closeFuture.whenComplete { [self] _ in
            open -= 1
            if open == 0 { connections.setEvictable(connection, true) }
        }
    }
}

/// Closes a connection that has read nothing for the idle timeout (no calls, no pings).
final class IdleCloser: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent { context.close(promise: nil) } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}

/// One gRPC call on one HTTP/2 stream: headers, one length-prefixed message, end of stream; then the answer.
final class GRPCStreamHandler: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame.FramePayload
    typealias OutboundOut = HTTP2Frame.FramePayload

    private enum State {
        case awaitingHeaders
        case receiving(OTLPSignal, Decompression.Format?, ByteBuffer)
        case answered
    }

    private let intake: LiveIntake
    private let limits: HTTPLimits
    private var state = State.awaitingHeaders
    private var deadline: Scheduled<Void>?

    init(intake: LiveIntake, limits: HTTPLimits) {
        self.intake = intake
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // A call must arrive whole within the request timeout (slow clients do not hold a stream forever).
        let seconds = Int(limits.requestTimeout)
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: ConnectionTimer.amount(limits.requestTimeout)) {
            [weak self] in
            guard let self else { return }
            if case .answered = self.state { return }
            self.fail(LiveStatus(http: 408, grpc: .deadlineExceeded, message: "the request did not arrive within \(seconds)s"),
                      context: context)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        releaseBudget()
    }

    /// Received bytes held in the shared budget.
    private var reserved = 0

    private func releaseBudget() {
        if reserved > 0 { intake.budget.release(reserved) }
        reserved = 0
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .headers(frame):
            if case .awaitingHeaders = state {
                start(frame.headers, context: context)
            }
            if frame.endStream { finish(context: context) }
        case let .data(frame):
            guard case .receiving(let signal, let compression, var body) = state, case var .byteBuffer(chunk) = frame.data
            else { return }
            // One message: a 5-byte prefix and at most the limit (compressed or not; decompressed, see LiveIntake).
            guard body.readableBytes + chunk.readableBytes <= intake.maxBodySize + 5 else {
                intake.rejected(.tooLarge(intake.maxBodySize), listener: .otlpGRPC, request: signal.rawValue)
                fail(.tooLarge(intake.maxBodySize), context: context)
                return
            }
            guard intake.budget.reserve(chunk.readableBytes) else {
                fail(.rejected(.overMemory, retryAfter: intake.retryAfter), context: context)
                return
            }
            reserved += chunk.readableBytes
            state = .answered  // no copy-on-write of `body` while appending
            body.writeBuffer(&chunk)
            state = .receiving(signal, compression, body)
            if frame.endStream { finish(context: context) }
        default:
            break
        }
    }

    private func start(_ headers: HPACKHeaders, context: ChannelHandlerContext) {
        guard headers.first(name: ":method") == "POST",
              (headers.first(name: "content-type") ?? "").hasPrefix("application/grpc")
        else {
            // Not gRPC at all: plain HTTP/2 status, as the gRPC HTTP/2 protocol says for a wrong content-type.
            state = .answered
            let response: HPACKHeaders = [":status": "415", "content-type": "text/plain"]
            context.writeAndFlush(wrapOutboundOut(.headers(.init(headers: response, endStream: true))), promise: nil)
            return
        }
        guard let signal = GRPCListener.services[headers.first(name: ":path") ?? ""] else {
            fail(LiveStatus(http: 404, grpc: .unimplemented,
                            message: "unknown method \(headers.first(name: ":path") ?? "?"); live-check serves the OTLP Export services"),
                 context: context)
            return
        }
        let compression: Decompression.Format?
        switch headers.first(name: "grpc-encoding") ?? "identity" {
        case "identity": compression = nil
        case "gzip": compression = .gzip
        case "zstd": compression = .zstd
        case let other:
            let status = LiveStatus(http: 415, grpc: .unimplemented, message: "grpc-encoding '\(other)' is not supported")
            intake.rejected(status, listener: .otlpGRPC, request: signal.rawValue)
            fail(status, context: context, extra: ["grpc-accept-encoding": "gzip,zstd,identity"])
            return
        }
        state = .receiving(signal, compression, context.channel.allocator.buffer(capacity: 0))
    }

    private func finish(context: ChannelHandlerContext) {
        guard case .receiving(let signal, let compression, var body) = state else { return }
        state = .answered
        deadline?.cancel()
        // Unary: exactly one message (none is an empty request, which OTLP counts as a success).
        var message: [UInt8] = []
        var compressed = false
        if body.readableBytes > 0 {
            guard let flag = body.readInteger(as: UInt8.self), let length = body.readInteger(as: UInt32.self),
                  Int(length) == body.readableBytes, flag <= 1
            else {
                let status = LiveStatus(http: 400, grpc: .internalError, message: "expected one length-prefixed gRPC message")
                intake.rejected(status, listener: .otlpGRPC, request: signal.rawValue)
                return fail(status, context: context)
            }
            compressed = flag == 1
            if compressed && compression == nil {
                let status = LiveStatus(http: 400, grpc: .internalError, message: "a compressed message without grpc-encoding")
                intake.rejected(status, listener: .otlpGRPC, request: signal.rawValue)
                return fail(status, context: context)
            }
            message = body.readBytes(length: Int(length)) ?? []
        }
        let encoding: BodyEncoding = compressed ? .compressed(compression!) : .identity
        intake.check(message, encoding: encoding, format: .otlpProtobuf(signal), listener: .otlpGRPC,
                     on: context.eventLoop).assumeIsolated().whenSuccess { result in
            self.releaseBudget()
            switch result {
            case let .failed(status): self.fail(status, context: context)
            case let .checked(reply):
                if let bad = reply.result.undecodable { return self.fail(.undecodable(bad.redacted()), context: context) }
                self.succeed(context: context)
            }
        }
    }

    /// `:status 200`, the empty `Export*ServiceResponse` as one uncompressed message, `grpc-status: 0`.
    private func succeed(context: ChannelHandlerContext) {
        let headers: HPACKHeaders = [":status": "200", "content-type": "application/grpc"]
        context.write(wrapOutboundOut(.headers(.init(headers: headers))), promise: nil)
        var message = context.channel.allocator.buffer(capacity: 5)
        message.writeInteger(UInt8(0))
        message.writeInteger(UInt32(0))
        context.write(wrapOutboundOut(.data(.init(data: .byteBuffer(message)))), promise: nil)
        let trailers: HPACKHeaders = ["grpc-status": "0"]
        context.writeAndFlush(wrapOutboundOut(.headers(.init(headers: trailers, endStream: true))), promise: nil)
    }

    /// A trailers-only response: `grpc-status`, `grpc-message` and, with retry advice, the whole
    /// `google.rpc.Status` with `RetryInfo` in `grpc-status-details-bin` (where gRPC clients and OTLP exporters look).
    private func fail(_ status: LiveStatus, context: ChannelHandlerContext, extra: HPACKHeaders = [:]) {
        state = .answered
        deadline?.cancel()
        releaseBudget()
        var headers: HPACKHeaders = [":status": "200", "content-type": "application/grpc",
                                     "grpc-status": String(status.grpc.rawValue),
                                     "grpc-message": Self.percentEncoded(status.message)]
        if status.retryAfter != nil {
            headers.add(name: "grpc-status-details-bin", value: Self.base64(StatusMessage.protobuf(status)))
        }
        headers.add(contentsOf: extra)
        context.writeAndFlush(wrapOutboundOut(.headers(.init(headers: headers, endStream: true))), promise: nil)
    }

    /// gRPC's `grpc-message` encoding: printable ASCII except `%` as is, everything else `%XX` of its UTF-8 bytes.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if byte >= 0x20 && byte <= 0x7E && byte != 0x25 { out.append(Character(UnicodeScalar(byte))) } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// Base64 without padding, as gRPC sends binary metadata.
    static func base64(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }
}
