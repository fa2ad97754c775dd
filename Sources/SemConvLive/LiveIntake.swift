import NIOCore
import NIOPosix
import SemConvLint
import SemConvModel

/// `Content-Encoding` (HTTP) of a request body.
enum BodyEncoding: Sendable, Equatable {
    case identity
    case compressed(Decompression.Format)

    /// Parses the header; nil for an encoding live-check does not take (415).
    init?(header: String?) {
        switch header?.trimmingCharacters(in: .whitespaces).lowercased() ?? "" {
        case "", "identity": self = .identity
        case "gzip", "x-gzip": self = .compressed(.gzip)
        case "zstd": self = .compressed(.zstd)
        default: return nil
        }
    }

    static let supported = "gzip, zstd or none"
}

/// What became of a request body.
enum IntakeResult: Sendable {
    case checked(CheckReply)
    case failed(LiveStatus)
}

/// The path every request body takes, whatever the listener: decompression (off the event loops, bounded by the
/// body limit, so a gzip bomb is a 413), the shared memory budget, then the checker's queue (backpressure).
final class LiveIntake: Sendable {
    let checker: UnitChecker
    let budget: ByteBudget
    let maxBodySize: Int
    let retryAfter: Int
    private let pool: NIOThreadPool
    /// Called for every request body (the `--idle-timeout` clock).
    private let activity: @Sendable () -> Void

    init(checker: UnitChecker, budget: ByteBudget, maxBodySize: Int, retryAfter: Int, pool: NIOThreadPool,
         activity: @escaping @Sendable () -> Void) {
        self.checker = checker
        self.budget = budget
        self.maxBodySize = maxBodySize
        self.retryAfter = retryAfter
        self.pool = pool
        self.activity = activity
    }

    /// Reports a request refused before its records were read (413, 415, decompression failure) as a
    /// `live-request-rejected` finding numbered in the listener's request sequence.
    func rejected(_ status: LiveStatus, listener: LiveListener, request: String? = nil) {
        // Said in the caller's protocol: what a gRPC client saw is a status code, not an HTTP one.
        let grpc = listener == .otlpGRPC
        let answer = grpc ? "gRPC status \(status.grpc.name)" : "\(status.http)"
        checker.reject(listener: listener,
                       message: "request rejected with \(answer)\(request.map { " (\($0))" } ?? ""): \(status.message)",
                       fix: status.http == 413 ? "send smaller batches (e.g. a smaller max export batch size)"
                           : status.http == 415 ? (grpc ? "send uncompressed, gzip- or zstd-compressed messages (grpc-encoding identity, gzip or zstd)"
                                                        : "send application/x-protobuf or application/json, uncompressed, gzip or zstd")
                           : "check the exporter's compression")
    }

    /// Checks one body; completes on `eventLoop`.
    func check(_ body: [UInt8], encoding: BodyEncoding, format: TelemetryUnitFormat, listener: LiveListener,
               on eventLoop: any EventLoop) -> EventLoopFuture<IntakeResult> {
        activity()
        guard case let .compressed(compression) = encoding else {
            return submit(body, extra: 0, format: format, listener: listener, on: eventLoop)
        }
        let limit = maxBodySize
        return pool.runIfActive(eventLoop: eventLoop) { () -> Result<[UInt8], LiveStatus> in
            do throws(DecompressionError) {
                return .success(try Decompression.decompress(body, format: compression, limit: limit))
            } catch {
                return .failure(Self.status(for: error, limit: limit))
            }
        }.flatMap { decoded in
            switch decoded {
            case let .failure(status):
                self.rejected(status, listener: listener)
                return eventLoop.makeSucceededFuture(.failed(status))
            case let .success(bytes): return self.submit(bytes, extra: bytes.count, format: format, listener: listener, on: eventLoop)
            }
        }
    }

    /// `extra`: bytes beyond the received body (the decompressed copy) to hold in the budget meanwhile.
    private func submit(_ bytes: [UInt8], extra: Int, format: TelemetryUnitFormat, listener: LiveListener,
                        on eventLoop: any EventLoop) -> EventLoopFuture<IntakeResult> {
        guard budget.reserve(extra) else {
            return eventLoop.makeSucceededFuture(.failed(.rejected(.overMemory, retryAfter: retryAfter)))
        }
        let promise = eventLoop.makePromise(of: IntakeResult.self)
        let budget = self.budget
        if let rejection = checker.submit(bytes, format: format, listener: listener, reply: { reply in
            budget.release(extra)
            promise.succeed(.checked(reply))
        }) {
            budget.release(extra)
            promise.succeed(.failed(.rejected(rejection, retryAfter: retryAfter)))
        }
        return promise.futureResult
    }

    static func status(for error: DecompressionError, limit: Int) -> LiveStatus {
        switch error.kind {
        case .tooLarge: .tooLarge(limit)
        case .libraryMissing:
            LiveStatus(http: 415, grpc: .unimplemented,
                       message: error.message + (error.fix.map { "; \($0)" } ?? "") + "; or send the body uncompressed")
        case .corrupt, .truncated: LiveStatus(http: 400, grpc: .invalidArgument, message: error.message)
        }
    }
}
