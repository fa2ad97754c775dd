import GRPCCore
import GRPCNIOTransportHTTP2Posix
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SemConvLint

/// The Collector's three gRPC `Export` services (opentelemetry/proto/collector/*/v1/*_service.proto). Request
/// messages arrive as raw bytes and go to our own protobuf decoder through `LiveIntake`; no generated code is
/// needed because every response is tiny: the empty `Export*ServiceResponse`, or an error status. Status codes as
/// the OTLP specification ("OTLP/gRPC Response", "Failures", "OTLP/gRPC Throttling") maps them: INVALID_ARGUMENT
/// for an undecodable message, RESOURCE_EXHAUSTED with `RetryInfo` (in `grpc-status-details-bin`) when busy,
/// RESOURCE_EXHAUSTED without it over the size limit (the transport's, also after gzip), UNAVAILABLE while stopping.
@available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
struct OTLPGRPCService: RegistrableRPCService {
    let intake: LiveIntake

    static let services: [(String, OTLPSignal)] = [
        ("opentelemetry.proto.collector.logs.v1.LogsService", .logs),
        ("opentelemetry.proto.collector.trace.v1.TraceService", .traces),
        ("opentelemetry.proto.collector.metrics.v1.MetricsService", .metrics),
    ]

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        for (service, signal) in Self.services {
            let intake = self.intake
            router.registerHandler(
                forMethod: MethodDescriptor(fullyQualifiedService: service, method: "Export"),
                deserializer: RawBytes(), serializer: RawBytes()
            ) { request, _ in
                let single = try await ServerRequest(stream: request)
                guard single.message.count <= intake.maxBodySize else {
                    throw Self.error(.tooLarge(intake.maxBodySize))
                }
                switch await intake.check(single.message, format: .otlpProtobuf(signal), listener: .otlpGRPC) {
                case let .failed(status):
                    throw Self.error(status)
                case let .checked(reply):
                    if let bad = reply.result.undecodable { throw Self.error(.undecodable(bad.redacted())) }
                    // An empty Export*ServiceResponse: full success.
                    return StreamingServerResponse(single: ServerResponse(message: []))
                }
            }
        }
    }

    /// The gRPC error for `status`; with retry advice, the whole `google.rpc.Status` (code, message, `RetryInfo`)
    /// rides in `grpc-status-details-bin`, where gRPC clients and the OTLP exporters look for it.
    static func error(_ status: LiveStatus) -> RPCError {
        var metadata: Metadata = [:]
        if status.retryAfter != nil {
            metadata.addBinary(StatusMessage.grpcDetails(status), forKey: "grpc-status-details-bin")
        }
        return RPCError(code: RPCError.Code(status.grpc), message: status.message, metadata: metadata)
    }
}

@available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
extension RPCError.Code {
    init(_ code: GRPCStatusCode) {
        switch code {
        case .ok, .internalError: self = .internalError
        case .invalidArgument: self = .invalidArgument
        case .notFound: self = .notFound
        case .resourceExhausted: self = .resourceExhausted
        case .unimplemented: self = .unimplemented
        case .unavailable: self = .unavailable
        case .unauthenticated: self = .unauthenticated
        }
    }
}

/// Messages as raw bytes both ways: our decoders read the request, responses are hand-encoded.
@available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
struct RawBytes: MessageSerializer, MessageDeserializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }

    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
        serializedMessageBytes.withUnsafeBytes { Array($0) }
    }
}

/// The gRPC listener: a `GRPCServer` on the HTTP/2 NIO transport with gzip/deflate accepted.
@available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
final class GRPCListener: Sendable {
    let server: GRPCServer<HTTP2ServerTransport.Posix>
    let task: Task<Void, any Error>
    let boundAddress: String

    private init(server: GRPCServer<HTTP2ServerTransport.Posix>, task: Task<Void, any Error>, boundAddress: String) {
        self.server = server
        self.task = task
        self.boundAddress = boundAddress
    }

    static func bind(at address: ListenAddress, intake: LiveIntake, maxBodySize: Int, maxConnections: Int,
                     idleTimeout: Double, group: MultiThreadedEventLoopGroup) async throws -> GRPCListener {
        let open = ConnectionCount()
        let config = HTTP2ServerTransport.Posix.Config.defaults { config in
            config.compression.enabledAlgorithms = .all
            // Up to twice the limit the message reaches our handler, which answers RESOURCE_EXHAUSTED as the OTLP
            // specification asks; beyond that grpc-swift's transport resets the stream (clients see UNAVAILABLE),
            // which still bounds memory, decompressed or not.
            config.rpc.maxRequestPayloadSize = maxBodySize * 2
            config.connection.maxIdleTime = .milliseconds(Int64(idleTimeout * 1000))
            config.http2.maxConcurrentStreams = 100
            config.channelDebuggingCallbacks.onAcceptTCPConnection = { channel in
                guard open.admit(limit: maxConnections) else { return channel.close() }
                channel.closeFuture.whenComplete { _ in open.leave() }
                return channel.eventLoop.makeSucceededVoidFuture()
            }
        }
        let transport = HTTP2ServerTransport.Posix(
            address: address.isIPv6 ? .ipv6(host: address.host, port: address.port)
                : .ipv4(host: address.host, port: address.port),
            transportSecurity: .plaintext, config: config, eventLoopGroup: group)
        let server = GRPCServer(transport: transport, services: [OTLPGRPCService(intake: intake)])
        let task = Task { try await server.serve() }
        do {
            let bound = try await transport.listeningAddress
            let text: String
            if let v4 = bound.ipv4 { text = "\(v4.host):\(v4.port)" }
            else if let v6 = bound.ipv6 { text = "[\(v6.host)]:\(v6.port)" }
            else { text = "\(bound)" }
            return GRPCListener(server: server, task: task, boundAddress: text)
        } catch {
            task.cancel()
            // serve() holds the reason the address could not be bound.
            if case let .failure(reason) = await task.result { throw reason }
            throw error
        }
    }

    /// Stops taking calls; calls in flight finish (or are cancelled after `timeout` seconds).
    func shutdown(timeout: Double) async {
        server.beginGracefulShutdown()
        let task = self.task
        let watchdog = Task {
            try await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
            task.cancel()
        }
        _ = await task.result
        watchdog.cancel()
    }
}

