import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SemConvLint
import SemConvModel

/// A report rendered in the configured `--reporter` format.
public struct RenderedReport: Sendable {
    public var text: String
    public var contentType: String
}

/// What ended a live check.
public enum StopReason: String, Sendable {
    case signal = "signal"
    case stopRequest = "POST /stop"
    case duration = "--duration"
    case idle = "--idle-timeout"
}

/// The end of a live check: the final report (the same JSON summary as `lint`, `files` counting requests) and why
/// it stopped.
public struct LiveCheckOutcome: Sendable {
    public var report: LintReport
    public var rendered: RenderedReport
    public var reason: StopReason
}

/// A listener that could not be opened (exit status 2).
public struct LiveCheckError: Error, CustomStringConvertible {
    public var listener: LiveListener
    public var address: ListenAddress
    public var reason: String

    public var description: String {
        "\(listener.flag) \(address): \(reason); pass another address (port 0 picks a free one) or '\(listener.flag) off'"
    }
}

/// `semconv live-check` as a library: opens the configured listeners, feeds every request body through the
/// telemetry linter's decoders, rules and session lifecycle (one `TelemetryStream`, one thread), streams findings
/// as they are decided, and on stop (signal, `POST /stop`, `--duration`, `--idle-timeout`) drains what was
/// accepted and renders the final report. Quiet: findings and snapshots go to the callbacks, nothing is printed.
public final class LiveCheckServer: Sendable {
    private let configuration: LiveCheckConfiguration
    let checker: UnitChecker
    private let intake: LiveIntake
    private let control: LiveControl
    private let group: MultiThreadedEventLoopGroup
    private let pool: NIOThreadPool
    private let inFlight = InFlightRequests()
    private let onSnapshot: (@Sendable (LintReport, RenderedReport) -> Void)?
    private let state: NIOLockedValueBox<State>
    private let stopStream: AsyncStream<StopReason>
    private let stopContinuation: AsyncStream<StopReason>.Continuation

    private struct State {
        var http: [HTTPListener] = []
        var grpc: GRPCListener?
        var lastActivity = ContinuousClock.now
        var stopReason: StopReason?
    }

    /// - Parameters:
    ///   - onFindings: findings as they are decided, in the checker's order (called on the checker's thread).
    ///   - onNotice: a line for the stream when a rule reaches the per-rule cap of listed findings (later findings
    ///     of that rule are counted in the report, not listed or streamed).
    ///   - onSnapshot: the report so far, every `reportEvery` seconds.
    public init(configuration: LiveCheckConfiguration, options: LintOptions,
                onFindings: @escaping @Sendable ([Diagnostic]) -> Void,
                onNotice: (@Sendable (String) -> Void)? = nil,
                onSnapshot: (@Sendable (LintReport, RenderedReport) -> Void)? = nil) {
        self.configuration = configuration
        self.onSnapshot = onSnapshot
        let caps = FindingCap(limit: options.maxFindingsPerRule)
        checker = UnitChecker(options: options, capacity: configuration.maxPending, onFindings: { findings in
            onFindings(findings)
            for notice in caps.reached(findings) { onNotice?(notice) }
        })
        group = MultiThreadedEventLoopGroup(numberOfThreads: min(2, System.coreCount))
        pool = NIOThreadPool(numberOfThreads: 2)
        let state = NIOLockedValueBox(State())
        self.state = state
        intake = LiveIntake(checker: checker, budget: ByteBudget(limit: configuration.maxBufferedBytes),
                            maxBodySize: configuration.maxBodySize, retryAfter: configuration.retryAfter, pool: pool,
                            activity: { state.withLockedValue { $0.lastActivity = .now } })
        (stopStream, stopContinuation) = AsyncStream.makeStream(of: StopReason.self)
        control = LiveControl()
        control.requestStop = { [stopContinuation] reason in stopContinuation.yield(reason) }
    }

    /// Opens every configured listener (OTLP/HTTP, OTLP/gRPC, Faro, in that order) and returns their bound
    /// addresses. On failure nothing stays open.
    public func start() async throws -> [(LiveListener, String)] {
        signal(SIGPIPE, SIG_IGN)
        pool.start()
        checker.start()
        var bound: [(LiveListener, String)] = []
        let limits = HTTPLimits(maxBodySize: configuration.maxBodySize, maxConnections: configuration.maxConnections,
                                requestTimeout: configuration.requestTimeout, headerTimeout: configuration.headerTimeout,
                                idleTimeout: configuration.idleConnectionTimeout)
        do {
            for listener in LiveListener.allCases {
                guard let address = configuration.listeners[listener] else { continue }
                do {
                    switch listener {
                    case .otlpHTTP, .faro:
                        let endpoint: any HTTPEndpoint = listener == .faro
                            ? FaroEndpoint(intake: intake, control: control,
                                           allowedOrigins: configuration.faroAllowedOrigins,
                                           apiKey: configuration.faroAPIKey)
                            : OTLPHTTPEndpoint(intake: intake, control: control,
                                               cors: CORSPolicy(allowedOrigins: configuration.otlpHTTPAllowedOrigins,
                                                                allowedHeaders: nil, exposedHeaders: ["retry-after"]),
                                               stopToken: configuration.stopToken, loopback: address.isLoopback)
                        let http = try await HTTPListener.bind(listener, at: address, endpoint: endpoint, limits: limits,
                                                               budget: intake.budget, inFlight: inFlight, group: group)
                        state.withLockedValue { $0.http.append(http) }
                        bound.append((listener, http.boundAddress))
                    case .otlpGRPC:
                        let grpc = try await GRPCListener.bind(at: address, intake: intake, limits: limits, group: group)
                        state.withLockedValue { $0.grpc = grpc }
                        bound.append((listener, grpc.boundAddress))
                    }
                } catch let error as LiveCheckError {
                    throw error
                } catch {
                    throw LiveCheckError(listener: listener, address: address, reason: Self.describe(error))
                }
            }
        } catch {
            await closeListeners()
            _ = checker.finish()
            try? await pool.shutdownGracefully()
            try? await group.shutdownGracefully()
            throw error
        }
        state.withLockedValue { $0.lastActivity = .now }
        control.markReady()
        return bound
    }

    /// Asks the server to stop; the first reason wins. Safe from any thread (e.g. a signal handler's queue).
    public func stop(_ reason: StopReason) {
        stopContinuation.yield(reason)
    }

    /// Waits for a stop, then drains: listeners stop accepting, queued requests are checked, the stream is
    /// finished, `POST /stop` gets the report, connections close.
    public func run() async -> LiveCheckOutcome {
        let timers = Task { await self.runTimers() }
        var reason = StopReason.signal
        for await r in stopStream {
            reason = r
            break
        }
        timers.cancel()
        state.withLockedValue { $0.stopReason = reason }
        control.beginStopping()
        let (final, rendered) = await drain()
        // The pool's work completes on the event loops: stop it first.
        try? await pool.shutdownGracefully()
        try? await group.shutdownGracefully()
        return LiveCheckOutcome(report: final, rendered: rendered, reason: reason)
    }

    // MARK: internals

    /// Stops accepting at once (connections close after their current response, see `HTTPListener.shutdown`),
    /// checks what was queued, ends the stream and answers `POST /stop`. The listeners are gone when this returns,
    /// before the event loops stop: their quiescing helpers complete a promise on those loops when released.
    private func drain() async -> (LintReport, RenderedReport) {
        let listeners = state.withLockedValue { s in
            defer { s.http = []; s.grpc = nil }
            return (http: s.http, grpc: s.grpc)
        }
        async let quiesced: Void = Self.quiesce(listeners.http, listeners.grpc)
        // Requests in flight (being received or checked) finish first: at most `stopGrace` seconds.
        await inFlight.drained(timeout: Self.stopGrace)
        let checker = self.checker
        let (_, report) = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: checker.finish()) }
        }
        let final = finalReport(report)
        let rendered = render(final)
        control.finish(with: rendered)
        // What is still open now is idle or a slow client: a second for the last responses (POST /stop's report),
        // then close it rather than wait for the quiescing deadline.
        for listener in listeners.http { listener.closeRemaining(after: 1) }
        listeners.grpc?.closeRemaining(after: 1)
        await quiesced
        return (final, rendered)
    }

    /// Seconds stopping waits for requests in flight.
    static let stopGrace = 5.0

    private static func quiesce(_ http: [HTTPListener], _ grpc: GRPCListener?) async {
        for listener in http { await listener.shutdown(timeout: stopGrace + 2) }
        await grpc?.shutdown(timeout: stopGrace + 2)
    }

    /// `--duration`, `--idle-timeout` and `--report-every`.
    private func runTimers() async {
        let start = ContinuousClock.now
        var nextSnapshot = configuration.reportEvery.map { start + .milliseconds(Int64($0 * 1000)) }
        while !Task.isCancelled {
            let now = ContinuousClock.now
            if let d = configuration.duration, now >= start + .milliseconds(Int64(d * 1000)) {
                stop(.duration)
                return
            }
            if let idle = configuration.idleTimeout, idle > 0 {
                let last = state.withLockedValue { $0.lastActivity }
                if now >= last + .milliseconds(Int64(idle * 1000)) {
                    stop(.idle)
                    return
                }
            }
            if let due = nextSnapshot, now >= due, let every = configuration.reportEvery, let onSnapshot {
                nextSnapshot = due + .milliseconds(Int64(every * 1000))
                checker.snapshot { [self] report in
                    let r = finalReport(report)
                    onSnapshot(r, render(r))
                }
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    private func closeListeners() async {
        let listeners = state.withLockedValue { s in
            defer { s.http = []; s.grpc = nil }
            return (http: s.http, grpc: s.grpc)
        }
        await Self.quiesce(listeners.http, listeners.grpc)
    }

    /// The stream's report with `files` counting the requests taken (what merging sums across shards).
    private func finalReport(_ report: LintReport) -> LintReport {
        var r = report
        r.files = checker.requestCounts.values.reduce(0, +)
        return r
    }

    private func render(_ report: LintReport) -> RenderedReport {
        var context = configuration.reportContext
        context.files = report.files
        context.extraSummary = report.extraSummary
        let text = configuration.reporter.reporter.render(report.diagnostics, context: context)
        let json = configuration.reporter == .json || configuration.reporter == .sarif
        return RenderedReport(text: text, contentType: json ? "application/json" : "text/plain; charset=utf-8")
    }

    static func describe(_ error: any Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)).lowercased() }
        let text = String(describing: error)
        if text.contains("Address already in use") { return "address already in use" }
        return text
    }
}

/// What endpoints may ask of the server: readiness, and `POST /stop`.
final class LiveControl: Sendable {
    private struct State {
        var ready = false
        var stopping = false
        var report: RenderedReport?
        var waiters: [EventLoopPromise<RenderedReport>] = []
        var requestStop: (@Sendable (StopReason) -> Void)?
    }

    private let state = NIOLockedValueBox(State())

    var requestStop: (@Sendable (StopReason) -> Void)? {
        get { state.withLockedValue { $0.requestStop } }
        set { state.withLockedValue { $0.requestStop = newValue } }
    }

    /// `GET /health` says 200 from when every listener is open until stopping begins.
    var isReady: Bool { state.withLockedValue { $0.ready && !$0.stopping } }

    func markReady() { state.withLockedValue { $0.ready = true } }

    func beginStopping() { state.withLockedValue { $0.stopping = true } }

    /// Stops the server and completes with the final report once it is rendered.
    func stopAndReport(on eventLoop: any EventLoop) -> EventLoopFuture<RenderedReport> {
        let promise = eventLoop.makePromise(of: RenderedReport.self)
        let (done, stop) = state.withLockedValue { s -> (RenderedReport?, (@Sendable (StopReason) -> Void)?) in
            if let report = s.report { return (report, nil) }
            s.waiters.append(promise)
            return (nil, s.requestStop)
        }
        if let done { promise.succeed(done) }
        stop?(.stopRequest)
        return promise.futureResult
    }

    func finish(with report: RenderedReport) {
        let waiters = state.withLockedValue { s in
            s.report = report
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.succeed(report) }
    }
}

/// Findings streamed per rule, to say once when a rule reaches the cap of listed findings.
final class FindingCap: @unchecked Sendable {
    private let limit: Int
    private var streamed: [String: Int] = [:]
    private let lock = NSLock()

    init(limit: Int) { self.limit = limit }

    /// Notices for the rules whose streamed findings reached the cap with `findings`.
    func reached(_ findings: [Diagnostic]) -> [String] {
        lock.lock()
        defer { lock.unlock() }
        var notices: [String] = []
        for d in findings {
            let n = streamed[d.rule, default: 0] + 1
            streamed[d.rule] = n
            if n == limit {
                notices.append("note: '\(d.rule)' reached \(limit) listed findings; later '\(d.rule)' findings are "
                               + "counted in the report (findingsPerRule, findingsNotListed) but not printed")
            }
        }
        return notices
    }
}
