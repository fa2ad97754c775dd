import Foundation
import SemConvModel
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A complete HTTP request, body read and within the limit.
struct HTTPRequest: Sendable {
    var head: HTTPRequestHead
    var body: [UInt8]

    /// The path without query string.
    var path: String { HTTPRequest.path(of: head) }

    static func path(of head: HTTPRequestHead) -> String {
        String(head.uri.prefix { $0 != "?" && $0 != "#" })
    }
}

struct HTTPResponse: Sendable {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders = HTTPHeaders()
    var body: [UInt8] = []
    /// Close the connection once this response is written.
    var close = false

    static func text(_ status: HTTPResponseStatus, _ text: String, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var h = headers
        h.replaceOrAdd(name: "content-type", value: "text/plain; charset=utf-8")
        return HTTPResponse(status: status, headers: h, body: Array(text.utf8))
    }
}

/// The protocol side of an HTTP listener (OTLP/HTTP or Faro); `HTTPListener` does the transport: limits, timeouts,
/// keep-alive and shutdown. Everything is called on the connection's event loop.
protocol HTTPEndpoint: Sendable {
    /// Looks at a request head: a response to send without reading the body (unknown path, wrong method or content
    /// type, a CORS preflight, a missing API key, ...), or nil to read the body and call `respond(to:on:)`.
    func respond(toHead head: HTTPRequestHead) -> HTTPResponse?
    /// Answers a complete request; may wait for the checker.
    func respond(to request: HTTPRequest, on eventLoop: any EventLoop) -> EventLoopFuture<HTTPResponse>
    /// How this endpoint reports a transport-level failure (body too large, slow request, memory budget).
    func failure(_ status: LiveStatus, head: HTTPRequestHead) -> HTTPResponse
    /// Whether the request waits for the stop itself (`POST /stop`), so stopping must not wait for it.
    func awaitsStop(_ head: HTTPRequestHead) -> Bool
    /// Reports a telemetry request refused before its records were read (`live-request-rejected`).
    func rejected(_ status: LiveStatus, head: HTTPRequestHead)
}

extension HTTPEndpoint {
    func awaitsStop(_ head: HTTPRequestHead) -> Bool { false }
}

/// Requests being read or answered, across listeners: stopping waits for them (bounded) before the checker
/// takes its last request, so a request in flight when SIGINT, SIGTERM or `POST /stop` arrives is still checked.
final class InFlightRequests: Sendable {
    private let count = NIOLockedValueBox(0)

    func begin() { count.withLockedValue { $0 += 1 } }
    func end() { count.withLockedValue { $0 -= 1 } }
    var current: Int { count.withLockedValue { $0 } }

    /// Returns when no request is in flight, or after `timeout` seconds.
    func drained(timeout: Double) async {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        while current > 0 && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
    }
}

/// One HTTP/1.1 listener (swift-nio): the server channel, its open connections, and their shared limits.
final class HTTPListener: Sendable {
    let listener: LiveListener
    let channel: any Channel
    private let connections: ConnectionCount

    private init(listener: LiveListener, channel: any Channel, connections: ConnectionCount) {
        self.listener = listener
        self.channel = channel
        self.connections = connections
    }

    /// The bound address (with the port the system picked for port 0).
    var boundAddress: String { Self.describe(channel.localAddress) }

    /// `127.0.0.1:4318` or `[::1]:4318`.
    static func describe(_ address: SocketAddress?) -> String {
        guard let a = address, let port = a.port else { return "?" }
        let ip = a.ipAddress ?? "?"
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }

    /// Binds and starts accepting.
    static func bind(_ listener: LiveListener, at address: ListenAddress, endpoint: any HTTPEndpoint,
                     limits: HTTPLimits, budget: ByteBudget, inFlight: InFlightRequests,
                     group: any EventLoopGroup) async throws -> HTTPListener {
        let open = ConnectionCount()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                guard open.admit(channel, limit: limits.maxConnections, evictIdle: true) else { return channel.close() }
                return channel.eventLoop.makeCompletedFuture {
                    let timer = ConnectionTimer(limits: limits, connections: open)
                    try channel.pipeline.syncOperations.addHandler(timer)
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        HTTPConnectionHandler(endpoint: endpoint, limits: limits, budget: budget, timer: timer,
                                              inFlight: inFlight))
                }
            }
            .bind(host: address.host, port: address.port)
            .get()
        return HTTPListener(listener: listener, channel: channel, connections: open)
    }

    /// Stops accepting; open connections close once their current response is written (after `timeout` seconds
    /// the rest are closed).
    func shutdown(timeout: Double) async {
        await connections.quiesce(server: channel, timeout: timeout)
    }

    /// Closes the connections still open (idle or slow clients) once the last responses had time to flush.
    func closeRemaining(after seconds: Double) { connections.closeAll(after: seconds, on: channel.eventLoop) }
}

/// Open connections of a listener: the connection limit, and what to close when shutting down takes too long.
///
/// Idle connections cannot use up the limit: a connection is *evictable* while it has no request head in
/// progress (just opened, headers still arriving, or waiting on keep-alive). When the limit is reached, a new
/// connection closes the evictable connection idle longest instead of being refused; only connections whose
/// request is being read or answered count as busy.
final class ConnectionCount: Sendable {
    private struct Entry {
        var channel: any Channel
        var evictable: Bool
        var since: NIODeadline
    }

    private let open = NIOLockedValueBox<[ObjectIdentifier: Entry]>([:])

    /// Admits `channel` unless `limit` connections are open already; with `evictIdle`, the evictable connection
    /// idle longest is closed to make room (the channel then starts evictable). It leaves when it closes.
    func admit(_ channel: any Channel, limit: Int, evictIdle: Bool = false) -> Bool {
        let (admitted, evicted) = open.withLockedValue { channels -> (Bool, (any Channel)?) in
            var evicted: (any Channel)?
            if channels.count >= limit {
                guard evictIdle,
                      let oldest = channels.filter({ $0.value.evictable }).min(by: { $0.value.since < $1.value.since })
                else { return (false, nil) }
                channels.removeValue(forKey: oldest.key)
                evicted = oldest.value.channel
            }
            channels[ObjectIdentifier(channel)] = Entry(channel: channel, evictable: evictIdle, since: .now())
            return (true, evicted)
        }
        evicted?.close(promise: nil)
        if admitted {
            channel.closeFuture.whenComplete { [open] _ in open.withLockedValue { _ = $0.removeValue(forKey: ObjectIdentifier(channel)) } }
        }
        return admitted
    }

    /// Closes every open connection after `seconds`.
    func closeAll(after seconds: Double, on loop: any EventLoop) {
        loop.scheduleTask(in: ConnectionTimer.amount(seconds)) { [open] in
            for entry in open.withLockedValue({ Array($0.values) }) { entry.channel.close(promise: nil) }
        }
    }

    /// Marks `channel` busy (a request head arrived) or evictable again (its response was sent).
    func setEvictable(_ channel: any Channel, _ evictable: Bool) {
        open.withLockedValue { channels in
            guard channels[ObjectIdentifier(channel)] != nil else { return }
            channels[ObjectIdentifier(channel)]!.evictable = evictable
            channels[ObjectIdentifier(channel)]!.since = .now()
        }
    }

    /// Closes the server channel, asks every open connection to finish (`ChannelShouldQuiesceEvent`: HTTP/1 closes
    /// after the response in progress, HTTP/2 sends GOAWAY and closes when its streams are done) and returns when
    /// all are closed; those still open after `timeout` seconds are closed.
    func quiesce(server: any Channel, timeout: Double) async {
        try? await server.close()
        let channels = open.withLockedValue { $0.values.map(\.channel) }
        for channel in channels { channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent()) }
        let loop = server.eventLoop
        let deadline = loop.scheduleTask(in: ConnectionTimer.amount(timeout)) {
            for channel in channels { channel.close(promise: nil) }
        }
        try? await EventLoopFuture.andAllComplete(channels.map(\.closeFuture), on: loop).get()
        deadline.cancel()
    }
}

/// Per-connection limits shared by every HTTP listener.
struct HTTPLimits: Sendable {
    var maxBodySize: Int
    var maxConnections: Int
    /// Seconds from a request's first byte to its last.
    var requestTimeout: Double
    /// Seconds a new connection may take to send a complete request head, and a request from its first byte to
    /// the end of its head.
    var headerTimeout: Double
    /// Seconds an idle keep-alive connection stays open.
    var idleTimeout: Double
}

/// First in each connection's pipeline, below the HTTP decoder: sees raw bytes, so it knows when a request
/// starts (its first byte) even while its headers trickle in. Slowloris defence: a new connection must deliver
/// a complete request head within `headerTimeout`, a request its head within `headerTimeout` of its first byte
/// and its body within `requestTimeout`; an idle keep-alive connection is closed after `idleTimeout`; until its
/// head is in, a connection can be evicted by a new one at the connection limit (`ConnectionCount`).
/// `HTTPConnectionHandler` tells it when a head and a request were read and when the response was sent.
final class ConnectionTimer: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Fired down the pipeline when a request takes too long to arrive.
    struct RequestTimedOut {}

    private let limits: HTTPLimits
    private let connections: ConnectionCount
    private var context: ChannelHandlerContext?
    private var requestTimer: Scheduled<Void>?
    private var idleTimer: Scheduled<Void>?
    /// A request is being received (its first byte arrived, its end not yet).
    private var receiving = false
    /// The connection waits for the checker or writes a response: no timeout applies.
    private var busy = false

    init(limits: HTTPLimits, connections: ConnectionCount) {
        self.limits = limits
        self.connections = connections
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        armIdle(min(limits.headerTimeout, limits.idleTimeout))
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        requestTimer?.cancel()
        idleTimer?.cancel()
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !receiving && !busy {
            receiving = true
            idleTimer?.cancel()
            idleTimer = nil
            armRequestTimer(limits.headerTimeout)
        }
        context.fireChannelRead(data)
    }

    private func armRequestTimer(_ seconds: Double) {
        guard let context else { return }
        requestTimer?.cancel()
        requestTimer = context.eventLoop.assumeIsolated().scheduleTask(in: Self.amount(seconds)) { [weak self] in
            guard let self, self.receiving, let context = self.context else { return }
            context.fireUserInboundEventTriggered(RequestTimedOut())
        }
    }

    /// The request head is in: the connection is busy (not evictable) and has `requestTimeout` for its body.
    func headReceived() {
        guard let context else { return }
        connections.setEvictable(context.channel, false)
        if receiving { armRequestTimer(limits.requestTimeout) }
    }

    /// The whole request is in: the checker's time does not count against the client.
    func requestReceived() {
        receiving = false
        busy = true
        requestTimer?.cancel()
        requestTimer = nil
    }

    /// The response is written; the connection waits for the next request.
    func responseSent() {
        busy = false
        if let context { connections.setEvictable(context.channel, true) }
        armIdle(limits.idleTimeout)
    }

    private func armIdle(_ seconds: Double) {
        guard let context else { return }
        idleTimer?.cancel()
        let loop = context.eventLoop.assumeIsolated()
        idleTimer = loop.scheduleTask(in: Self.amount(seconds)) { [weak self] in
            guard let self, !self.receiving, !self.busy, let context = self.context else { return }
            context.close(promise: nil)
        }
    }

    static func amount(_ seconds: Double) -> TimeAmount { .milliseconds(Int64(max(0.001, seconds) * 1000)) }
}

/// Reads one request at a time (pipelined requests wait in `HTTPServerPipelineHandler`), enforces the body limit
/// and the memory budget, and writes the endpoint's response.
final class HTTPConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case idle
        /// Reading the body of a request the endpoint wants.
        case reading(HTTPRequestHead, ByteBuffer)
        /// Reading to the end of a request that has already been answered (no body: keep the connection).
        case answered(HTTPRequestHead, HTTPResponse)
        /// The response is on its way (or the connection is closing): ignore the rest.
        case responding
    }

    private let endpoint: any HTTPEndpoint
    private let limits: HTTPLimits
    private let budget: ByteBudget
    private let timer: ConnectionTimer
    private let inFlight: InFlightRequests
    /// The current request counts in `inFlight`.
    private var counted = false
    private var state = State.idle
    /// Body bytes taken from the shared budget for the current request.
    private var reserved = 0

    init(endpoint: any HTTPEndpoint, limits: HTTPLimits, budget: ByteBudget, timer: ConnectionTimer,
         inFlight: InFlightRequests) {
        self.endpoint = endpoint
        self.inFlight = inFlight
        self.limits = limits
        self.budget = budget
        self.timer = timer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(head):
            guard case .idle = state else { return }
            timer.headReceived()
            if let early = endpoint.respond(toHead: head) {
                if Self.hasBody(head) {
                    var response = early
                    response.close = true
                    respond(response, head: head, context: context)
                } else {
                    state = .answered(head, early)
                }
                return
            }
            if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > limits.maxBodySize {
                endpoint.rejected(.tooLarge(limits.maxBodySize), head: head)
                respond(closing: endpoint.failure(.tooLarge(limits.maxBodySize), head: head), head: head, context: context)
                return
            }
            state = .reading(head, context.channel.allocator.buffer(capacity: 0))
            if !endpoint.awaitsStop(head) {
                counted = true
                inFlight.begin()
            }
        case var .body(chunk):
            guard case .reading(let head, var body) = state else { return }
            if body.readableBytes + chunk.readableBytes > limits.maxBodySize {
                endpoint.rejected(.tooLarge(limits.maxBodySize), head: head)
                respond(closing: endpoint.failure(.tooLarge(limits.maxBodySize), head: head), head: head, context: context)
                return
            }
            guard budget.reserve(chunk.readableBytes) else {
                respond(closing: endpoint.failure(.rejected(.overMemory, retryAfter: 1), head: head), head: head,
                        context: context)
                return
            }
            reserved += chunk.readableBytes
            state = .responding  // avoid a copy-on-write of `body` while it is appended to
            body.writeBuffer(&chunk)
            state = .reading(head, body)
        case .end:
            timer.requestReceived()
            switch state {
            case let .answered(head, response):
                respond(response, head: head, context: context)
            case let .reading(head, body):
                state = .responding
                let request = HTTPRequest(head: head, body: Array(body.readableBytesView))
                endpoint.respond(to: request, on: context.eventLoop).assumeIsolated().whenComplete { result in
                    switch result {
                    case let .success(response): self.respond(response, head: head, context: context)
                    case .failure:
                        self.respond(closing: self.endpoint.failure(.rejected(.stopping, retryAfter: 1), head: head),
                                     head: head, context: context)
                    }
                }
            case .idle, .responding:
                break
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ConnectionTimer.RequestTimedOut else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        switch state {
        case let .reading(head, _), let .answered(head, _):
            let status = LiveStatus(http: 408, grpc: .unavailable,
                                    message: "the request did not arrive within \(Int(limits.headerTimeout))s (head) "
                                        + "and \(Int(limits.requestTimeout))s (body)")
            respond(closing: endpoint.failure(status, head: head), head: head, context: context)
        case .idle:
            // Headers are still trickling in: no request head to answer, just hang up.
            context.close(promise: nil)
        case .responding:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        releaseBudget()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        releaseBudget()
        context.close(promise: nil)
    }

    private func releaseBudget() {
        if reserved > 0 { budget.release(reserved) }
        reserved = 0
        if counted {
            counted = false
            inFlight.end()
        }
    }

    private func respond(closing response: HTTPResponse, head: HTTPRequestHead, context: ChannelHandlerContext) {
        var r = response
        r.close = true
        respond(r, head: head, context: context)
    }

    private func respond(_ response: HTTPResponse, head: HTTPRequestHead, context: ChannelHandlerContext) {
        releaseBudget()
        let close = response.close || !head.isKeepAlive
        // Ready for the next request before `.end` is written: `HTTPServerPipelineHandler` hands over a pipelined
        // request as soon as it sees the end of this response.
        state = close ? .responding : .idle
        if !close { timer.responseSent() }
        var headers = response.headers
        headers.replaceOrAdd(name: "content-length", value: String(response.body.count))
        if close { headers.replaceOrAdd(name: "connection", value: "close") }
        var buffer = context.channel.allocator.buffer(capacity: response.body.count)
        buffer.writeBytes(response.body)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: response.status,
                                                             headers: headers))), promise: nil)
        if head.method != .HEAD { context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil) }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if close { written.assumeIsolated().whenComplete { _ in context.close(promise: nil) } }
    }

    /// Whether the request announces a body.
    static func hasBody(_ head: HTTPRequestHead) -> Bool {
        if head.headers.contains(name: "transfer-encoding") { return true }
        return (head.headers.first(name: "content-length").flatMap(Int.init) ?? 0) > 0
    }
}
