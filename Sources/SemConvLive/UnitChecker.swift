import Foundation
import SemConvLint
import SemConvModel

/// Why a request was not taken for checking; each maps to a retryable status (see `LiveStatus`).
enum Rejection: Sendable, Equatable {
    /// The queue to the checker is full: 429 / RESOURCE_EXHAUSTED with retry info.
    case queueFull
    /// Request bodies already held use up the memory budget: 503 / RESOURCE_EXHAUSTED with retry info.
    case overMemory
    /// live-check is stopping: 503 / UNAVAILABLE.
    case stopping
}

/// What the checker says about one accepted request.
struct CheckReply: Sendable {
    /// The request's 1-based number on its listener (the findings' `line`).
    var number: Int
    var result: TelemetryUnitResult
}

/// The one consumer of telemetry: a bounded queue in front of a single thread that owns the `TelemetryStream`
/// (which is not thread-safe). Listeners `submit` request bodies and get the result through a callback; when the
/// queue is full they are told so at once and answer with a retryable status, so memory stays bounded however
/// fast clients send. Units are numbered per listener in the order they enter the queue, which is the order they
/// are checked.
final class UnitChecker: @unchecked Sendable {
    private enum Item {
        case unit(bytes: [UInt8], format: TelemetryUnitFormat, listener: LiveListener, number: Int,
                  reply: @Sendable (CheckReply) -> Void)
        case snapshot(@Sendable (LintReport) -> Void)
        /// Advance the event clock with the wall clock.
        case tick
        /// A request refused before its records were read (a `live-request-rejected` finding).
        case rejected(listener: LiveListener, number: Int, message: String, fix: String?)
    }

    private let condition = NSCondition()
    /// Queued items; taken ones are nil until the array is compacted.
    private var items: [Item?] = []
    private var head = 0
    private var pending = 0
    private var closed = false
    /// While set, the checker takes nothing from the queue (tests use it to fill the queue deterministically).
    private var held = false
    /// The last request number per listener (requests checked and requests rejected share the sequence).
    private var numbers: [LiveListener: Int] = [:]
    /// Requests taken for checking per listener (the report's `files`).
    private var taken: [LiveListener: Int] = [:]
    /// Rejections waiting to be reported (bounded: beyond `maxQueuedRejections` they are numbered but not listed).
    private var queuedRejections = 0
    static let maxQueuedRejections = 1024
    private var thread: Thread?
    private let capacity: Int
    private let stream: TelemetryStream
    private let onFindings: @Sendable ([Diagnostic]) -> Void
    private var finished: (remaining: [Diagnostic], report: LintReport)?
    private let done = DispatchSemaphore(value: 0)

    init(options: LintOptions, capacity: Int, onFindings: @escaping @Sendable ([Diagnostic]) -> Void) {
        self.capacity = max(1, capacity)
        stream = TelemetryStream(options: options)
        self.onFindings = onFindings
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "semconv.live.checker"
        thread.stackSize = 8 << 20
        self.thread = thread
        thread.start()
    }

    /// Queues `bytes` for checking; `reply` is called on the checker thread once checked. Returns why the
    /// request was refused instead (then `reply` is never called).
    func submit(_ bytes: [UInt8], format: TelemetryUnitFormat, listener: LiveListener,
                reply: @escaping @Sendable (CheckReply) -> Void) -> Rejection? {
        condition.lock()
        defer { condition.unlock() }
        if closed { return .stopping }
        if pending >= capacity { return .queueFull }
        let number = numbers[listener, default: 0] + 1
        numbers[listener] = number
        taken[listener, default: 0] += 1
        items.append(.unit(bytes: bytes, format: format, listener: listener, number: number, reply: reply))
        pending += 1
        condition.signal()
        return nil
    }

    /// Bytes of request bodies the queue references (waiting to be checked).
    var queuedBodyBytes: Int {
        condition.lock()
        defer { condition.unlock() }
        return items.reduce(0) { sum, item in
            if case let .unit(bytes, _, _, _, _)? = item { return sum + bytes.count }
            return sum
        }
    }

    /// Requests taken per listener so far.
    var requestCounts: [LiveListener: Int] {
        condition.lock()
        defer { condition.unlock() }
        return taken
    }

    /// Numbers a request that was refused before its records were read and reports it (`live-request-rejected`)
    /// in queue order. `message` says what was wrong (no personal data: it is built from headers and sizes).
    func reject(listener: LiveListener, message: String, fix: String?) {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return }
        let number = numbers[listener, default: 0] + 1
        numbers[listener] = number
        guard queuedRejections < Self.maxQueuedRejections else { return }
        queuedRejections += 1
        items.append(.rejected(listener: listener, number: number, message: message, fix: fix))
        condition.signal()
    }

    /// The report so far (rendered by the caller); nil once stopping.
    func snapshot(_ reply: @escaping @Sendable (LintReport) -> Void) {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return }
        items.append(.snapshot(reply))
        condition.signal()
    }

    /// Refuses new requests, checks those already queued, ends the stream and returns its last findings and the
    /// final report. Blocks until the checker thread is done.
    func finish() -> (remaining: [Diagnostic], report: LintReport) {
        condition.lock()
        closed = true
        condition.signal()
        condition.unlock()
        if thread != nil { done.wait() } else { finished = stream.finish() }
        return finished!
    }

    /// Stops taking units from the queue until `release()`.
    func hold() {
        condition.lock()
        held = true
        condition.unlock()
    }

    func release() {
        condition.lock()
        held = false
        condition.signal()
        condition.unlock()
    }

    /// How often the event clock is advanced with the wall clock (`TelemetryStream.advanceClock`).
    static let clockInterval = 1.0
    private var nextClock = Date(timeIntervalSinceNow: UnitChecker.clockInterval)

    /// The next item, or `.tick` when the event clock is due (also while the queue is busy).
    private func next() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while (head == items.count || held) && !closed {
            if !condition.wait(until: nextClock) || Date() >= nextClock { break }
        }
        if Date() >= nextClock && !closed {
            nextClock = Date(timeIntervalSinceNow: Self.clockInterval)
            return .tick
        }
        guard head < items.count, !held || closed, let item = items[head] else { return closed ? nil : .tick }
        // Drop the queue's reference at once: a taken item must not keep its request body alive (with 1024 taken
        // items kept until compaction, 260 KB bodies held 190 MB).
        items[head] = nil
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 1024 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return item
    }

    private func run() {
        while let item = next() {
            switch item {
            case let .unit(bytes, format, listener, number, reply):
                let result = bytes.withUnsafeBytes {
                    stream.check(unit: $0, format: format, source: listener.rawValue, number: number)
                }
                condition.lock()
                pending -= 1
                condition.unlock()
                if !result.findings.isEmpty { onFindings(result.findings) }
                reply(CheckReply(number: number, result: result))
            case let .snapshot(reply):
                reply(stream.currentReport())
            case let .rejected(listener, number, message, fix):
                condition.lock()
                queuedRejections -= 1
                condition.unlock()
                let findings = stream.reportRejected(source: listener.rawValue, number: number, message: message, fix: fix)
                if !findings.isEmpty { onFindings(findings) }
            case .tick:
                let now = Int64(Date().timeIntervalSince1970 * 1e9)
                let findings = stream.advanceClock(wallNow: now)
                if !findings.isEmpty { onFindings(findings) }
            }
        }
        let requests = requestCounts.values.reduce(0, +)
        let nothing = stream.reportIfNoTelemetry(source: "live-check", requests: requests)
        if !nothing.isEmpty { onFindings(nothing) }
        let end = stream.finish()
        if !end.remaining.isEmpty { onFindings(end.remaining) }
        finished = end
        done.signal()
    }
}

/// Bytes of request bodies held at once, across listeners.
final class ByteBudget: @unchecked Sendable {
    private let lock = NSLock()
    private var used = 0
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Takes `n` bytes from the budget; false (and nothing taken) when that would go over.
    func reserve(_ n: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard used + n <= limit else { return false }
        used += n
        return true
    }

    func release(_ n: Int) {
        lock.lock()
        used -= n
        lock.unlock()
    }

    var inUse: Int {
        lock.lock()
        defer { lock.unlock() }
        return used
    }
}
