#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import SemConvModel

/// Lints recorded telemetry (OTLP/JSON, flat events, Faro NDJSON), streaming: inputs are read in large chunks,
/// split into lines on raw bytes, the lines of a chunk are checked (in parallel with `jobs` > 1) and merged in line
/// order, then the session pass consumes the chunk's observations in order. Memory stays bounded by the chunk
/// size, the maximum line length and the capped session state.
public enum TelemetryLinter {
    public static var ruleIDs: [String] { TelemetryRules.ids }

    /// Bytes read per `read(2)` call.
    static let chunkSize = 4 << 20

    public static func run(paths: [String], options: LintOptions) -> LintReport {
        let total = options.progress == nil ? nil : LintProgress.totalSize(of: paths)
        return run(sources: paths.map { path in (path == "-" ? "<stdin>" : path, { ByteSource.open(path) }) },
                   options: options, totalBytes: total)
    }

    /// Lints telemetry already in memory (NDJSON bytes), reported as `file` (see `Linter.lint(telemetry:file:options:)`).
    static func lint(bytes: [UInt8], file: String = "<memory>", options: LintOptions) -> LintReport {
        run(sources: [(file, { .success(ByteSource(memory: bytes)) })], options: options)
    }

    static func run(sources: [(String, () -> Result<ByteSource, InputError>)], options: LintOptions,
                    totalBytes: Int? = nil) -> LintReport {
        let index = RegistryIndex(options.registry)
        let jobs = max(1, options.jobs)
        let checkers = (0..<jobs).map { _ in
            LineChecker(index: index, input: options.input, rules: options.rules, maxDepth: options.maxDepth,
                        maxLineLength: options.lineLimit)
        }
        var state = RunState(index: index, options: options, severities: checkers[0].severities)
        state.totalBytes = totalBytes
        for (display, open) in sources {
            state.files += 1
            lintFile(display, open: open, checkers: checkers, state: &state)
        }
        state.flushSessions()
        state.tracker?.finish()
        if let t = state.tracker {
            state.absorb(t.diagnostics)
            t.diagnostics = []
            for (rule, n) in t.notKept {
                state.perRule[rule, default: 0] += n
                state.suppressed += n
            }
        }
        return LintReport(diagnostics: state.diagnostics, files: state.files, extraSummary: state.summary(),
                          inputUnusable: state.inputUnusable)
    }

    // MARK: state across files

    struct RunState {
        let index: RegistryIndex
        let options: LintOptions
        var files = 0
        var diagnostics: [Diagnostic] = []
        var perRule: [String: Int] = [:]
        var suppressed = 0
        var inputUnusable = false
        var stats: TelemetryStats
        /// Progress: bytes checked so far over all inputs, and their total size when known.
        var bytesRead = 0
        var totalBytes: Int?
        var tracker: SessionTracker?
        /// With more than one job, the session pass runs on its own serial queue, overlapping the parsing of the
        /// next chunk; at most two batches are in flight, so memory stays bounded. Its findings are absorbed when
        /// the stream ends (the same order for any job count, so output stays identical).
        let sessionQueue: DispatchQueue?
        let inFlight = DispatchSemaphore(value: 2)

        init(index: RegistryIndex, options: LintOptions, severities: [String: Severity]) {
            self.index = index
            self.options = options
            stats = TelemetryStats(attributes: index.attributes.count, events: index.events.count)
            tracker = index.registry.policy.session.map { SessionTracker(policy: $0, severities: severities) }
            tracker?.maxFindingsPerRule = options.maxFindingsPerRule
            sessionQueue = options.jobs > 1 ? DispatchQueue(label: "semconv.lint.sessions") : nil
        }

        /// Keeps findings up to the per-rule cap (counting all of them).
        mutating func absorb(_ list: [Diagnostic]) {
            for d in list {
                let n = perRule[d.rule, default: 0] + 1
                perRule[d.rule] = n
                if n <= options.maxFindingsPerRule { diagnostics.append(d) } else { suppressed += 1 }
            }
        }

        mutating func absorb(_ diagnostics: [Diagnostic], _ batch: ObservationBatch, _ stats: TelemetryStats) {
            absorb(diagnostics)
            self.stats.merge(stats)
            guard let tracker, !batch.observations.isEmpty else { return }
            if let sessionQueue {
                inFlight.wait()
                let box = TrackerBox(tracker: tracker, batch: batch, done: inFlight)
                sessionQueue.async { box.run() }
            } else {
                tracker.observe(batch)
            }
        }

        /// Tells `options.progress` how far the run is.
        mutating func progressed(_ file: String, bytes: Int) {
            bytesRead += bytes
            guard let progress = options.progress else { return }
            progress(LintProgress(file: file, bytesRead: bytesRead, totalBytes: totalBytes, records: stats.records,
                                  findings: perRule.values.reduce(0, +)))
        }

        /// Waits for the session pass to catch up.
        func flushSessions() {
            sessionQueue?.sync {}
        }

        func summary() -> [(String, JSONValue)] {
            let seenAttrs = index.attributes.indices.filter { stats.seenAttributes[$0] }.map { index.attributes[$0].key }
            let seenEvents = index.events.indices.filter { stats.seenEvents[$0] }.map { index.events[$0].name }
            let unseenEvents = index.events.indices.filter { !stats.seenEvents[$0] }.map { index.events[$0].name }
            var pairs: [(String, JSONValue)] = [
                ("lines", .int(stats.lines)),
                ("records", .int(stats.records)),
                ("inputs", .object(stats.inputs.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
                ("events", .object(stats.eventsByName(index).sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ]
            if let tracker { pairs.append(("sessions", tracker.summaryJSON())) }
            pairs.append(("findingsPerRule", .object(perRule.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })))
            if suppressed > 0 { pairs.append(("findingsNotListed", .int(suppressed))) }
            pairs.append(("coverage", .object([
                ("attributes", .object([
                    ("seen", .int(seenAttrs.count)), ("total", .int(index.attributes.count)),
                    ("keys", .array(seenAttrs.map { .string($0) })),
                ])),
                ("events", .object([
                    ("seen", .array(seenEvents.map { .string($0) })),
                    ("unseen", .array(unseenEvents.map { .string($0) })),
                ])),
            ])))
            return pairs
        }
    }

    // MARK: one file

    static func lintFile(_ display: String, open: () -> Result<ByteSource, InputError>, checkers: [LineChecker],
                         state: inout RunState) {
        let source: ByteSource
        switch open() {
        case let .success(s): source = s
        case let .failure(error):
            state.inputUnusable = true
            state.absorb([Diagnostic(.error, rule: "input-unreadable", message: error.message,
                                     at: SourceLocation(file: display), fix: error.fix)])
            return
        }
        defer { source.close() }
        for c in checkers { c.file = display }
        let maxLine = state.options.lineLimit
        let capacity = chunkSize + maxLine + 1
        // Two buffers: with several jobs the next chunk is read (by `Prefetcher`) while this one is checked.
        let buffers = (0..<2).map { _ in UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16) }
        defer { for b in buffers { b.deallocate() } }
        let prefetcher = checkers.count > 1 ? Prefetcher(source: source) : nil
        var current = 0
        var filled = 0
        var linesDone = 0
        var skipping = false
        var eof = false
        var n = source.read(buffers[current], chunkSize)
        while true {
            let buffer = buffers[current], other = buffers[1 - current]
            if n < 0 {
                state.absorb([Diagnostic(.error, rule: "input-unreadable",
                                         message: "read error after line \(linesDone): \(source.lastError)",
                                         at: SourceLocation(file: display, line: linesDone + 1))])
                state.inputUnusable = true
                return
            }
            if n == 0 { eof = true } else { filled += n }
            var start = 0
            if skipping {
                guard let nl = memchr(buffer, 0x0A, filled) else {
                    filled = 0
                    if eof { break }
                    n = source.read(buffer, chunkSize)
                    continue
                }
                start = buffer.distance(to: nl) + 1
                linesDone += 1
                skipping = false
            }
            // The complete lines in buffer[start..<end]; the rest starts the next buffer, unless it is already
            // longer than any line may be (then that line is skipped up to its newline).
            var end = start
            if eof {
                end = filled
            } else if let nl = lastNewline(buffer + start, filled - start) {
                end = start + nl + 1
            }
            let rest = filled - end
            let tooLong = !eof && rest >= maxLine
            let carried = tooLong ? 0 : rest
            if carried > 0 { other.copyMemory(from: buffer + end, byteCount: carried) }
            if !eof { prefetcher?.start(into: other + carried, count: min(chunkSize, capacity - carried)) }
            if end > start {
                linesDone = processRegion(UnsafeRawBufferPointer(start: buffer + start, count: end - start),
                                          firstLine: linesDone + 1, checkers: checkers, state: &state,
                                          maxLine: maxLine, isLast: eof)
            }
            state.progressed(display, bytes: filled - carried)
            if tooLong {
                state.absorb([Diagnostic(.error, rule: "line-too-long",
                                         message: "line is longer than \(maxLine) bytes; skipped",
                                         at: SourceLocation(file: display, line: linesDone + 1, column: 1),
                                         fix: "split the record, or raise --max-line-length")])
                skipping = true
                checkers[0].stats.lines += 1
            }
            if eof { break }
            n = prefetcher?.wait() ?? source.read(other + carried, min(chunkSize, capacity - carried))
            current = 1 - current
            filled = carried
        }
        if let failure = source.finish() {
            state.inputUnusable = true
            state.absorb([Diagnostic(.error, rule: "input-unreadable", message: failure,
                                     at: SourceLocation(file: display, line: linesDone + 1),
                                     fix: "check the file with 'gzip -t'")])
        }
        for c in checkers {
            let (diags, observations, stats) = c.drain()
            state.absorb(diags, ObservationBatch(file: display, lineOffset: 0, observations: observations), stats)
        }
    }

    static func lastNewline(_ p: UnsafeMutableRawPointer, _ count: Int) -> Int? {
        var i = count - 1
        let b = p.assumingMemoryBound(to: UInt8.self)
        while i >= 0 {
            if b[i] == 0x0A { return i }
            i -= 1
        }
        return nil
    }

    /// Checks the complete lines of `region` (numbered from `firstLine`); returns the number of lines done so far.
    ///
    /// With several checkers the region is cut into `piecesPerJob` pieces per checker at line boundaries; each
    /// checker (one per job, so never more threads than `--jobs`) pulls the next unclaimed piece and drains its
    /// results into that piece's slot. Pieces are merged in order, so the output does not depend on which worker
    /// took which piece, and a worker held up by another process on its core does not stall the whole chunk.
    static func processRegion(_ region: UnsafeRawBufferPointer, firstLine: Int, checkers: [LineChecker],
                              state: inout RunState, maxLine: Int, isLast: Bool) -> Int {
        let parallel = checkers.count > 1 && region.count >= max(1, state.options.parallelMinBytes)
        let pieces = split(region, into: parallel ? checkers.count * piecesPerJob : 1)
        var line = firstLine - 1
        func merge(_ count: Int, _ result: ([Diagnostic], [Observation], TelemetryStats)) {
            var diags = result.0
            if line > 0 { for k in diags.indices { diags[k].location.line += line } }
            state.absorb(diags, ObservationBatch(file: checkers[0].file, lineOffset: line, observations: result.1),
                         result.2)
            line += count
        }
        guard pieces.count > 1 else {
            for (from, to) in pieces {
                let count = checkLines(UnsafeRawBufferPointer(rebasing: region[from..<to]), checker: checkers[0],
                                       firstLine: 1, maxLine: maxLine)
                merge(count, checkers[0].drain())
            }
            return line
        }
        let shared = SendableRegion(region: region)
        let work = PieceQueue(count: pieces.count)
        DispatchQueue.concurrentPerform(iterations: min(checkers.count, pieces.count)) { w in
            let checker = checkers[w]
            while let p = work.claim() {
                let (from, to) = pieces[p]
                let count = checkLines(UnsafeRawBufferPointer(rebasing: shared.region[from..<to]), checker: checker,
                                       firstLine: 1, maxLine: maxLine)
                work.store(p, (count, checker.drain()))
            }
        }
        for (count, result) in work.results() { merge(count, result) }
        return line
    }

    /// Pieces per job and chunk with `--jobs` > 1.
    static let piecesPerJob = 16

    /// Splits at line boundaries into up to `parts` pieces.
    static func split(_ region: UnsafeRawBufferPointer, into parts: Int) -> [(Int, Int)] {
        guard parts > 1 else { return [(0, region.count)] }
        var result: [(Int, Int)] = []
        var from = 0
        let step = region.count / parts
        for p in 1..<parts {
            var cut = max(from, p * step)
            while cut < region.count, region[cut] != 0x0A { cut += 1 }
            if cut >= region.count { break }
            result.append((from, cut + 1))
            from = cut + 1
        }
        if from < region.count { result.append((from, region.count)) }
        return result
    }

    /// Checks every line in `piece`; returns the number of lines.
    static func checkLines(_ piece: UnsafeRawBufferPointer, checker: LineChecker, firstLine: Int, maxLine: Int) -> Int {
        guard let base = piece.baseAddress else { return 0 }
        var offset = 0
        var number = firstLine - 1
        while offset < piece.count {
            let remaining = piece.count - offset
            let lineEnd: Int
            if let nl = memchr(base + offset, 0x0A, remaining) {
                lineEnd = base.distance(to: UnsafeRawPointer(nl))
            } else {
                lineEnd = piece.count
            }
            number += 1
            let length = lineEnd - offset
            if length > maxLine {
                checker.lineNumber = number
                checker.stats.lines += 1
                checker.report("line-too-long", "line is \(length) bytes, longer than \(maxLine); skipped", column: 1,
                               fix: "split the record, or raise --max-line-length")
            } else {
                checker.check(line: UnsafeRawBufferPointer(start: base + offset, count: length), number: number)
            }
            offset = lineEnd + 1
        }
        return number - firstLine + 1
    }
}

/// Hands a batch of observations to the session queue (the tracker is only ever used from that serial queue
/// while batches are in flight).
private final class TrackerBox: @unchecked Sendable {
    let tracker: SessionTracker
    let batch: ObservationBatch
    let done: DispatchSemaphore

    init(tracker: SessionTracker, batch: ObservationBatch, done: DispatchSemaphore) {
        self.tracker = tracker
        self.batch = batch
        self.done = done
    }

    func run() {
        tracker.observe(batch)
        done.signal()
    }
}

/// Reads the next chunk on its own thread while the current one is checked (`--jobs` > 1); at most one read is in
/// flight, and the source is not touched by anyone else meanwhile.
private final class Prefetcher: @unchecked Sendable {
    private let source: ByteSource
    private let queue = DispatchQueue(label: "semconv.lint.read")
    private let done = DispatchSemaphore(value: 0)
    private var result = 0

    init(source: ByteSource) { self.source = source }

    func start(into buffer: UnsafeMutableRawPointer, count: Int) {
        let target = SendablePointer(pointer: buffer)
        queue.async {
            self.result = self.source.read(target.pointer, count)
            self.done.signal()
        }
    }

    /// The byte count of the read started last (as `ByteSource.read` returns it).
    func wait() -> Int {
        done.wait()
        return result
    }
}

private struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
}

/// The pieces of one chunk: which is next, and each one's results (written once, by the worker that claimed it).
private final class PieceQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var slots: [(Int, ([Diagnostic], [Observation], TelemetryStats))?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ piece: Int, _ result: (Int, ([Diagnostic], [Observation], TelemetryStats))) {
        lock.lock()
        slots[piece] = result
        lock.unlock()
    }

    func results() -> [(Int, ([Diagnostic], [Observation], TelemetryStats))] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}

private struct SendableRegion: @unchecked Sendable {
    let region: UnsafeRawBufferPointer
}

/// Why an input cannot be read, with what to do.
struct InputError: Error {
    var message: String
    var fix: String?
}

/// A file, standard input, or the output of `gzip -dc` for gzip files.
///
/// Foundation has no gzip API on Linux; rather than a second, hand-written inflate in the hot path, gzip input is
/// decompressed by the system's `gzip -dc` through a pipe (still streaming, still bounded memory).
final class ByteSource {
    let fd: Int32
    private let process: Process?
    private let errorPipe: Pipe?
    private let ownsFD: Bool

    private init(fd: Int32, process: Process? = nil, errorPipe: Pipe? = nil, ownsFD: Bool) {
        self.fd = fd
        self.process = process
        self.errorPipe = errorPipe
        self.ownsFD = ownsFD
    }

    /// Bytes already in memory (no descriptor).
    convenience init(memory: [UInt8]) {
        self.init(fd: -1, ownsFD: false)
        prefix = memory
    }

    static func open(_ path: String) -> Result<ByteSource, InputError> {
        if path == "-" { return openStandardInput() }
        let fd = Glibc_open(path)
        if fd < 0 {
            let reason = String(cString: strerror(errno))
            return .failure(InputError(message: "cannot read '\(path)': \(reason)",
                                       fix: "check the path (use '-' for standard input)"))
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            _ = systemClose(fd)
            return .failure(InputError(message: "'\(path)' is a directory", fix: "pass the files inside it"))
        }
        var magic: (UInt8, UInt8) = (0, 0)
        let got = withUnsafeMutableBytes(of: &magic) { pread(fd, $0.baseAddress, 2, 0) }
        guard got == 2, magic.0 == 0x1F, magic.1 == 0x8B else { return .success(ByteSource(fd: fd, ownsFD: true)) }
        _ = systemClose(fd)
        return decompressing(executable: "/usr/bin/env", arguments: ["gzip", "-dc", "--", path],
                             input: FileHandle.nullDevice, what: "'\(path)'", fix: "decompress the file first")
    }

    /// Reads the output of a `gzip -dc` process; the process and its error pipe are checked when the source ends.
    static func decompressing(executable: String, arguments: [String], input: FileHandle, what: String,
                              fix: String) -> Result<ByteSource, InputError> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        do { try process.run() } catch {
            return .failure(InputError(message: "\(what) is gzip-compressed and 'gzip' could not be run: \(error.localizedDescription)",
                                       fix: "install gzip, or \(fix)"))
        }
        return .success(ByteSource(fd: out.fileHandleForReading.fileDescriptor, process: process, errorPipe: err,
                                   ownsFD: false))
    }

    /// Standard input; when it starts with the gzip magic, the two bytes already read are put back in front of the
    /// rest of the stream for `gzip -dc`.
    static func openStandardInput() -> Result<ByteSource, InputError> {
        var magic: [UInt8] = [0, 0]
        var got = 0
        while got < 2 {
            let n = magic.withUnsafeMutableBytes { systemRead(0, $0.baseAddress! + got, 2 - got) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            got += n
        }
        guard got == 2, magic[0] == 0x1F, magic[1] == 0x8B else {
            let source = ByteSource(fd: 0, ownsFD: false)
            source.prefix = Array(magic[0..<got])
            return .success(source)
        }
        return decompressing(executable: "/bin/sh", arguments: ["-c", "{ printf '\\037\\213'; cat; } | gzip -dc"],
                             input: FileHandle.standardInput, what: "standard input", fix: "decompress the input first")
    }

    /// Bytes returned before the descriptor is read: standard input's first bytes, or a whole in-memory input.
    private var prefix: [UInt8] = []
    private var prefixRead = 0

    func read(_ into: UnsafeMutableRawPointer, _ count: Int) -> Int {
        if prefixRead < prefix.count {
            let n = min(count, prefix.count - prefixRead)
            prefix.withUnsafeBytes { into.copyMemory(from: $0.baseAddress! + prefixRead, byteCount: n) }
            prefixRead += n
            return n
        }
        if fd < 0 { return 0 }
        while true {
            let n = systemRead(fd, into, count)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { lastError = String(cString: strerror(errno)) }
            return n
        }
    }

    /// Why the last failed `read` failed (captured on the reading thread).
    private(set) var lastError = ""

    /// Waits for the decompressor; returns its error when it failed.
    func finish() -> String? {
        guard let process else { return nil }
        process.waitUntilExit()
        guard process.terminationStatus != 0 else { return nil }
        let message = errorPipe.map { String(decoding: $0.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) } ?? ""
        return "gzip input is corrupt or truncated: " + message.trimmingWhitespace
    }

    func close() {
        if ownsFD { _ = systemClose(fd) }
        if let process, process.isRunning { process.terminate() }
    }
}

@inline(__always) private func Glibc_open(_ path: String) -> Int32 { open(path, O_RDONLY) }
@inline(__always) private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
@inline(__always) private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int { read(fd, p, n) }
