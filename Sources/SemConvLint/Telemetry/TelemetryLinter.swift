#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import SemConvModel

/// Lints recorded telemetry files (OTLP/JSON, flat events, Faro; NDJSON or pretty-printed JSON documents),
/// streaming: inputs are read in large chunks, split into lines on raw bytes, the lines of a chunk are checked (in
/// parallel with `jobs` > 1) and merged in line order, then the session lifecycle consumes the chunk's observations
/// in order. Memory stays bounded by the chunk size, the maximum line length and the capped session state.
public enum TelemetryLinter {
    /// Every telemetry rule.
    public static var rules: [RuleDescription] { TelemetryRuleCatalog.descriptions }

    public static var ruleIDs: [String] { TelemetryRuleCatalog.descriptions.map(\.id) }

    /// Bytes read per `read(2)` call: a chunk, checked in `piecesPerJob` pieces per job. Two buffers of this size
    /// (plus a line's worth) are resident with `--jobs` > 1, one with `--jobs 1`; 2 MiB rather than 4 takes 4 MiB off
    /// peak RSS at the same instruction count (callgrind, 8 MB of Faro payloads: 459.1 M either way).
    static let chunkSize = 2 << 20

    public static func run(paths: [String], options: LintOptions) -> LintReport {
        let total = options.progress == nil ? nil : LintProgress.totalSize(of: paths)
        return run(sources: paths.map { path in (path == "-" ? "<stdin>" : path, { ByteSource.open(path) }) },
                   options: options, totalBytes: total)
    }

    /// Lints telemetry already in memory, reported as `file` (see `Linter.lint(telemetry:file:options:)`).
    static func lint(bytes: [UInt8], file: String = "<memory>", options: LintOptions) -> LintReport {
        run(sources: [(file, { .success(ByteSource(memory: bytes)) })], options: options)
    }

    static func run(sources: [(String, () -> Result<ByteSource, InputError>)], options: LintOptions,
                    totalBytes: Int? = nil) -> LintReport {
        let jobs = options.workerCount
        let engine = TelemetryEngine(options: options)
        engine.totalBytes = totalBytes
        let checkers = (0..<jobs).map { _ in engine.makeChecker() }
        for (display, open) in sources {
            engine.files += 1
            lintFile(display, open: open, checkers: checkers, engine: engine)
        }
        return engine.finish()
    }

    // MARK: one file

    /// `bare`: whether the input may be one un-prefixed protobuf request (false when its bytes were already judged
    /// no request and are read again as text).
    static func lintFile(_ display: String, open: () -> Result<ByteSource, InputError>, checkers: [TelemetryChecker],
                         engine: TelemetryEngine, bare: Bool = true) {
        let source: ByteSource
        switch open() {
        case let .success(s): source = s
        case let .failure(error):
            engine.inputUnusable = true
            engine.report(.inputUnreadable, error.message, at: SourceLocation(file: display), fix: error.fix)
            return
        }
        defer { source.close() }
        for c in checkers { c.file = display }
        if source.layout == .lengthPrefixed {
            lintMessages(display, source: source, checkers: checkers, engine: engine)
            return
        }
        let unitsBefore = engine.unitsOfAnyKind
        var units = 0
        func drainAll() {
            for c in checkers {
                let output = c.drain()
                units += output.units
                engine.absorb(output, file: display, lineOffset: 0)
            }
        }
        var delegated = false
        defer {
            drainAll()
            if !delegated {
                reportNoTelemetry(display, checker: checkers[0], engine: engine, units: units, since: unitsBefore)
            }
        }
        let maxLine = engine.options.lineLimit
        let capacity = chunkSize + maxLine + 1
        // Two buffers with several jobs: the next chunk is read (by `Prefetcher`) while this one is checked. With one,
        // the second is never touched (its pages never become resident): the rest of a chunk moves to the front.
        let buffers = (0..<2).map { _ in UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16) }
        defer { for b in buffers { b.deallocate() } }
        var current = 0
        var filled = 0
        var linesDone = 0
        var skipping = false
        var eof = false
        // At least the first 64 KiB (a source may return less per read, a file's first read only the bytes its
        // detection peeked at), so that the content checks below see enough of the input.
        var n = source.read(buffers[current], chunkSize)
        while n > 0, n < 64 << 10 {
            let more = source.read(buffers[current] + n, chunkSize - n)
            if more <= 0 { break }
            n += more
        }
        let head = UnsafeRawBufferPointer(start: buffers[current], count: max(0, n))
        if bare, n > 0, MessageUnit.looksLikeBareRequest(head) {
            switch lintBareMessage(display, first: head, source: source, checker: checkers[0], engine: engine) {
            case let .read(count):
                units += count
                finishSource(source, at: SourceLocation(file: display, message: 1, byte: 0, of: .message),
                             lost: "the request is incomplete", engine: engine)
                return
            case let .text(all):
                // Not protobuf after all: the bytes (all of the input) are read as text.
                delegated = true
                lintFile(display, open: { .success(ByteSource(memory: all, name: display)) }, checkers: checkers,
                         engine: engine, bare: false)
                return
            }
        }
        if n > 0, DocumentReader.detect(head, tape: checkers[0].json.tape) {
            let line = DocumentReader.lint(first: head, source: source, display: display, checker: checkers[0],
                                           engine: engine, onUnits: { units += $0 })
            finishSource(source, at: SourceLocation(file: display, line: line), lost: lastCompleteLine(line - 1),
                         engine: engine)
            return
        }
        let prefetcher = checkers.count > 1 ? Prefetcher(source: source) : nil
        while true {
            let buffer = buffers[current]
            if n < 0 {
                engine.report(.inputUnreadable, "read error after line \(linesDone): \(source.lastError)",
                              at: SourceLocation(file: display, line: linesDone + 1))
                engine.inputUnusable = true
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
            if eof, source.finish() == nil {
                end = filled
            } else if let nl = lastNewline(buffer + start, filled - start) {
                // At the end of input cut short by damaged compressed data, the last partial line is part of the
                // damage: the source's `invalid-frame` finding reports it, not an `invalid-json` of its own.
                end = start + nl + 1
            }
            let rest = filled - end
            let tooLong = !eof && rest >= maxLine
            let carried = tooLong || eof ? 0 : rest
            if !eof, let prefetcher {
                let other = buffers[1 - current]
                if carried > 0 { other.copyMemory(from: buffer + end, byteCount: carried) }
                prefetcher.start(into: other + carried, count: min(chunkSize, capacity - carried))
            }
            if end > start {
                linesDone = processRegion(UnsafeRawBufferPointer(start: buffer + start, count: end - start),
                                          firstLine: linesDone + 1, file: display, checkers: checkers, engine: engine,
                                          maxLine: maxLine, units: &units)
            }
            engine.progressed(display, bytes: filled - carried)
            if tooLong {
                engine.report(.lineTooLong, "line is longer than \(maxLine) bytes; skipped",
                              at: SourceLocation(file: display, line: linesDone + 1, column: 1),
                              fix: "split the record, or raise --max-line-length")
                skipping = true
                checkers[0].countLines(1)
            }
            if eof { break }
            if let prefetcher {
                n = prefetcher.wait()
                current = 1 - current
            } else {
                // The chunk is checked: its rest can move to the front of the same buffer.
                if carried > 0 { memmove(buffer, buffer + end, carried) }
                n = source.read(buffer + carried, min(chunkSize, capacity - carried))
            }
            filled = carried
        }
        finishSource(source, at: SourceLocation(file: display, line: linesDone + 1), lost: lastCompleteLine(linesDone),
                     engine: engine)
    }

    /// Reports a source that ended early (cut off or corrupt compressed data) as one finding where reading stopped:
    /// `location`, with `lost` saying what is missing (`the last complete line is 1270`). Nothing read at all is
    /// `input-unreadable` for the whole file. (Length-prefixed input says it in its framing problem, see
    /// `FrameReader`.)
    static func finishSource(_ source: ByteSource, at location: SourceLocation, lost: String, engine: TelemetryEngine) {
        guard let failure = source.finish() else { return }
        if failure.unusable {
            engine.inputUnusable = true
            engine.report(.inputUnreadable, failure.message, at: SourceLocation(file: location.file), fix: failure.fix)
        } else {
            engine.report(.invalidFrame, "\(failure.message); \(lost)", at: location, fix: failure.fix)
        }
    }

    /// `the last complete line is 1270`.
    static func lastCompleteLine(_ line: Int) -> String {
        line > 0 ? "the last complete line is \(line)" : "no line is complete"
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
    /// A region of at least `parallelMinBytes` is cut into `piecesPerJob` pieces per checker at line boundaries
    /// and run by `runPieces`, so the output does not depend on which worker took which piece.
    static func processRegion(_ region: UnsafeRawBufferPointer, firstLine: Int, file: String,
                              checkers: [TelemetryChecker], engine: TelemetryEngine, maxLine: Int,
                              units: inout Int) -> Int {
        let cutIntoPieces = region.count >= max(1, engine.options.parallelMinBytes)
        // Pieces end after a newline.
        let pieces = split(region.count, into: cutIntoPieces ? pieceCount(workers: checkers.count) : 1) { cut in
            guard let base = region.baseAddress, cut < region.count,
                  let nl = memchr(base + cut, 0x0A, region.count - cut) else { return nil }
            return base.distance(to: UnsafeRawPointer(nl)) + 1
        }
        var line = firstLine - 1
        for c in checkers { engine.setBudget(c) }
        let shared = SendableRegion(region: region)
        runPieces(pieces.count, workers: checkers.count) { p, w in
            let checker = checkers[w]
            let count = checkLines(UnsafeRawBufferPointer(rebasing: shared.region[pieces[p]]), checker: checker,
                                   maxLine: maxLine)
            return (count, checker.drain())
        } merge: { (count: Int, output: CheckerOutput) in
            units += output.units
            engine.absorb(output, file: file, lineOffset: line)
            line += count
        }
        return line
    }

    /// Runs `count` pieces of work on `workers` workers (one per checker, so never more threads than `--jobs`):
    /// `work(piece, worker)` runs on the worker's thread, so `worker` (0..<workers) indexes per-worker state (its
    /// checker, its decompressors) directly. Each worker pulls the next unclaimed piece, so a worker held up by
    /// another process on its core does not stall the others. `merge` gets the results one at a time in piece
    /// order, as soon as a piece and all before it are done (by whichever worker finishes that piece, so merging
    /// overlaps the checking of later pieces), and every result has been merged when this returns. With one worker
    /// or one piece everything runs on the calling thread, as worker 0.
    static func runPieces<R>(_ count: Int, workers: Int, work: (_ piece: Int, _ worker: Int) -> R,
                             merge: (R) -> Void) {
        guard workers > 1, count > 1 else {
            for p in 0..<count { merge(work(p, 0)) }
            return
        }
        withoutActuallyEscaping(work) { work in
            withoutActuallyEscaping(merge) { merge in
                // The closures live only as long as this call; the queue hands them to the workers.
                let queue = PieceQueue(count: count, work: work, merge: merge)
                DispatchQueue.concurrentPerform(iterations: min(workers, count)) { w in
                    while let p = queue.claim() {
                        queue.store(p, queue.work(p, w))
                        queue.mergeReady()
                    }
                }
                queue.mergeReady()
            }
        }
    }

    /// Pieces per job and chunk (or batch of messages).
    static let piecesPerJob = 16

    /// How many pieces a chunk is cut into for `workers` workers. One worker too: a piece's findings and session
    /// observations are handed on as soon as it is checked, so only one piece's wait in memory, not a whole chunk's.
    static func pieceCount(workers: Int) -> Int { workers * piecesPerJob }

    /// Cuts `0..<count` (the bytes of a text chunk, the messages of a batch) into up to `parts` consecutive,
    /// non-empty pieces for `runPieces`, each smaller than the one before: the `i`th cut is made at
    /// `count - count * (parts - i)² / parts²`, or later at `boundary(cut)`, the first place at or after `cut` where
    /// a piece may end (nil: none, the rest is one piece). The first piece is about 2 / `parts` of the whole, the
    /// last about 1 / `parts`²: at the end of a chunk, where one worker waits for the other to finish its piece and
    /// to merge it (the session pass of a piece with many devices is not small), the wait is short. (Equal pieces
    /// left `--jobs 2` at 85 % of the two-process ceiling on 100,000 interleaved devices, these at 92–100 %.) One
    /// array per call, nothing per element.
    static func split(_ count: Int, into parts: Int, boundary: (Int) -> Int? = { $0 }) -> [Range<Int>] {
        guard parts > 1 else { return [0..<count] }
        var result: [Range<Int>] = []
        result.reserveCapacity(parts)
        var from = 0
        for p in 1..<parts {
            let left = parts - p
            let target = count - count * left * left / (parts * parts)
            guard let cut = boundary(max(from, target)), cut < count else { break }
            if cut > from {
                result.append(from..<cut)
                from = cut
            }
        }
        if from < count { result.append(from..<count) }
        return result
    }

    /// Checks every line in `piece` (lines numbered from 1 within the piece); returns the number of lines.
    static func checkLines(_ piece: UnsafeRawBufferPointer, checker: TelemetryChecker, maxLine: Int) -> Int {
        guard let base = piece.baseAddress else { return 0 }
        var offset = 0
        var number = 0
        while offset < piece.count {
            let remaining = piece.count - offset
            let lineEnd: Int
            if let nl = memchr(base + offset, 0x0A, remaining) {
                lineEnd = base.distance(to: UnsafeRawPointer(nl))
            } else {
                lineEnd = piece.count
            }
            number += 1
            checker.countLines(1)
            let length = lineEnd - offset
            if length > maxLine {
                checker.reportUnit(.lineTooLong, "line is \(length) bytes, longer than \(maxLine); skipped", line: number,
                                   column: 1, fix: "split the record, or raise --max-line-length")
            } else {
                checker.check(unit: UnsafeRawBufferPointer(start: base + offset, count: length), number: number)
            }
            offset = lineEnd + 1
        }
        return number
    }
}

/// Pretty-printed (multi-line) JSON documents, as the OpenTelemetry examples ship them and `jq .` writes them: a
/// file whose first line opens a JSON document that does not end on that line is read as a sequence of documents,
/// each one unit (positions stay file lines and columns). Documents are read one at a time as the input streams in:
/// memory holds the current document (at most `--max-line-length`; a larger one is one `line-too-long` finding and
/// is skipped without being held) and one read chunk, whatever the file's size.
enum DocumentReader {
    /// Whether the input starting with `head` is pretty-printed JSON rather than NDJSON: its first non-blank line
    /// is a lone `{` or `[`, or opens a document that neither it nor the next non-blank line completes. Leading
    /// lines that are whole JSON values other than objects and arrays (`null`, `42`: one odd document, or line,
    /// either way) do not decide.
    static func detect(_ head: UnsafeRawBufferPointer, tape: JSONTape) -> Bool {
        // Runs once per input before anything is checked, so it works on the bytes in place: no copies, `memchr`
        // for newlines (many small files make this a per-file cost).
        guard let base = head.baseAddress else { return false }
        func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
        var first: UnsafeRawBufferPointer?, second: UnsafeRawBufferPointer?
        var i = head.count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0
        while i < head.count, second == nil, let p = memchr(base + i, 0x0A, head.count - i) {
            let nl = base.distance(to: UnsafeRawPointer(p))
            var line = UnsafeRawBufferPointer(rebasing: head[i..<nl])
            if let last = line.last, last == 0x0D { line = UnsafeRawBufferPointer(rebasing: line[..<(line.count - 1)]) }
            if let at = line.firstIndex(where: { !isBlank($0) }) {
                let opens = line[at] == UInt8(ascii: "{") || line[at] == UInt8(ascii: "[")
                if first == nil, !opens, tape.parse(line) == nil {
                    // A leading JSON scalar: skipped.
                } else if first == nil { first = line } else { second = line }
            }
            i = nl + 1
        }
        guard let first else { return false }
        // The first non-blank byte opens a document; a line holding nothing else is a lone `{` or `[`.
        guard let at = first.firstIndex(where: { !isBlank($0) }), first[at] == UInt8(ascii: "{") || first[at] == UInt8(ascii: "[") else {
            return false
        }
        if !first[(at + 1)...].contains(where: { !isBlank($0) }) { return true }
        func incomplete(_ line: UnsafeRawBufferPointer) -> Bool {
            guard let failure = tape.parse(line) else { return false }
            return failure.offset >= line.count - 1
        }
        guard incomplete(first), let second, tape.parse(second) != nil else { return false }
        return true
    }

    /// Where a document ends, found byte by byte across reads (strings and escapes respected). A document is an
    /// object or array (ends at its closing bracket), or a scalar (ends before the next blank).
    struct Scanner {
        private var depth = 0
        private var inString = false
        private var escaped = false

        enum Step { case inside, endsAfter, endsBefore }

        /// Starts a document at its first byte; whether it ends with that byte.
        mutating func begin(_ c: UInt8) -> Bool {
            depth = 0
            inString = false
            escaped = false
            return step(c) == .endsAfter
        }

        mutating func step(_ c: UInt8) -> Step {
            if inString {
                if escaped { escaped = false } else if c == 0x5C { escaped = true } else if c == 0x22 { inString = false }
                return .inside
            }
            switch c {
            case 0x22: inString = true
            case 0x7B, 0x5B: depth += 1
            case 0x7D, 0x5D:
                depth -= 1
                if depth <= 0 { return .endsAfter }
            case 0x20, 0x09, 0x0A, 0x0D:
                if depth == 0 { return .endsBefore }
            default: break
            }
            return .inside
        }
    }

    /// Reads the input (its first `first` bytes already read) document by document and checks each; returns the
    /// line where reading stopped (for a decompression failure's finding).
    static func lint(first: UnsafeRawBufferPointer, source: ByteSource, display: String, checker: TelemetryChecker,
                     engine: TelemetryEngine, onUnits: (Int) -> Void) -> Int {
        let limit = engine.options.lineLimit
        let chunk = 1 << 20
        var buf = [UInt8](first)
        var i = buf.count >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF ? 3 : 0
        var line = 1, lineStart = i
        var newlines = 0, lastByte: UInt8 = 0x0A
        // The document being read: where its unit starts (its line's start, so columns stay file columns), its
        // first byte, its first line; nil between documents.
        var doc: (unit: Int, start: Int, line: Int)?
        var skipping = false
        var scanner = Scanner()
        var eof = false
        // Pretty-printers put only a top-level bracket at the start of a line and indent everything inside: a line
        // starting with `{` inside an indented document that itself started a line means that document was never
        // closed. It is checked as it stands (one finding), and reading goes on with the next one.
        var atLineStart = false, indented = false

        func check(_ end: Int) {
            guard let d = doc else { return }
            doc = nil
            lineStart = end
            if skipping {
                skipping = false
                return
            }
            buf.withUnsafeBytes { bytes in
                let unit = UnsafeRawBufferPointer(rebasing: bytes[d.unit..<end])
                engine.setBudget(checker)
                checker.check(unit: unit, number: d.line, multiline: line > d.line)
            }
            let output = checker.drain()
            onUnits(output.units)
            engine.absorb(output, file: display, lineOffset: 0)
        }

        /// Reads the next chunk, first dropping the bytes no document needs any more.
        func refill() -> Bool {
            let keep = doc.map { skipping ? i : $0.unit } ?? min(lineStart, i)
            if keep > 0 {
                buf.removeFirst(keep)
                i -= keep
                lineStart -= keep
                if let d = doc { doc = (d.unit - keep, d.start - keep, d.line) }
            }
            let before = buf.count
            buf.append(contentsOf: repeatElement(0, count: chunk))
            let n = buf.withUnsafeMutableBytes { source.read($0.baseAddress! + before, chunk) }
            buf.removeLast(chunk - max(0, n))
            if n < 0 {
                engine.inputUnusable = true
                engine.report(.inputUnreadable, "read error: \(source.lastError)",
                              at: SourceLocation(file: display, line: line))
            }
            return n > 0
        }

        while true {
            if i == buf.count {
                if eof || !refill() {
                    eof = true
                    break
                }
            }
            let c = buf[i]
            lastByte = c
            guard let d = doc else {
                if c == 0x0A {
                    newlines += 1
                    line += 1
                    lineStart = i + 1
                } else if c != 0x20, c != 0x09, c != 0x0D {
                    doc = (lineStart, i, line)
                    atLineStart = false
                    indented = false
                    if scanner.begin(c) { check(i + 1) }
                }
                i += 1
                continue
            }
            if atLineStart {
                atLineStart = false
                if c == 0x20 || c == 0x09 {
                    indented = true
                } else if c == UInt8(ascii: "{"), indented, d.start == d.unit {
                    check(i)
                    continue  // read again, as the start of the next document
                }
            }
            switch scanner.step(c) {
            case .endsBefore:
                check(i)
                continue  // the blank is read again, between documents
            case .endsAfter:
                if c == 0x0A { newlines += 1; line += 1 }
                check(i + 1)
            case .inside:
                if c == 0x0A { newlines += 1; line += 1; atLineStart = true }
                if !skipping, i + 1 - d.start > limit {
                    skipping = true
                    engine.report(.lineTooLong,
                                  "a pretty-printed JSON document starting on line \(d.line) is larger than --max-line-length (\(limit) bytes); skipped",
                                  at: SourceLocation(file: display, line: d.line, column: 1),
                                  fix: "raise --max-line-length, or compact it to one document per line: jq -c . '\(display)' > compact.ndjson")
                }
            }
            i += 1
        }
        var stopped = line
        if let d = doc {
            // A document the input ends inside: JSON's own finding, unless damaged compressed data cut it (then
            // the source's `invalid-frame` finding says so).
            stopped = d.line
            if source.finish() == nil { check(buf.count) } else { doc = nil }
        }
        checker.countLines(newlines + (lastByte == 0x0A ? 0 : 1))
        engine.absorb(checker.drain(), file: display, lineOffset: 0)
        return stopped
    }
}

/// A single OTLP protobuf request that is the whole input, without length prefix: what an SDK's OTLP/HTTP exporter
/// sends as a request body (saved from a proxy or a capture, or piped in).
extension TelemetryLinter {
    enum BareMessage {
        /// Read as one message: the units checked.
        case read(Int)
        /// Not protobuf: the whole input, to read as text.
        case text([UInt8])
    }

    /// Reads the rest of the input (at most `--max-line-length`) and checks it as one protobuf message (message 1),
    /// or hands the bytes back when they are no OTLP request after all.
    static func lintBareMessage(_ display: String, first: UnsafeRawBufferPointer, source: ByteSource,
                                checker: TelemetryChecker, engine: TelemetryEngine) -> BareMessage {
        let limit = engine.options.lineLimit
        var all = [UInt8](first)
        let chunk = 1 << 20
        while all.count <= limit {
            let before = all.count
            all.append(contentsOf: repeatElement(0, count: chunk))
            let n = all.withUnsafeMutableBytes { source.read($0.baseAddress! + before, chunk) }
            all.removeLast(chunk - max(0, n))
            if n <= 0 { break }
        }
        if all.count > limit {
            engine.report(.lineTooLong,
                          "the input is one OTLP protobuf request (no length prefix) larger than --max-line-length (\(limit) bytes); not read",
                          at: SourceLocation(file: display, line: 1), fix: "raise --max-line-length")
            return .read(0)
        }
        // A request cut off or damaged is still one: its head parsed as a resource block. It is read as protobuf
        // (a malformed one as logs, so that the decoder says what is wrong and at which byte, as for a framed
        // message); only what is plainly JSON, or no OTLP request at all, is read as text.
        let content = all.withUnsafeBytes { MessageUnit.content(of: $0) }
        guard case let .protobuf(signal) = content else { return .text(all) }
        engine.setBudget(checker)
        all.withUnsafeBytes { bytes in
            checker.countMessages(1)
            checker.check(unit: bytes, number: 1, format: .otlpProtobuf(signal))
        }
        let output = checker.drain()
        engine.absorb(output, file: display, lineOffset: 0)
        return .read(output.units)
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

/// The pieces of one `runPieces` call: which is next, each one's result (written once, by the worker that ran
/// it) until it is merged, and which is merged next.
private final class PieceQueue<R>: @unchecked Sendable {
    private let lock = NSLock()
    /// Held by the one thread merging; others do not wait for it (the result they stored is merged by the holder,
    /// or by the last `mergeReady` call after every worker is done).
    private let merging = NSLock()
    private var next = 0
    private var merged = 0
    private var slots: [R?]
    let work: (Int, Int) -> R
    private let merge: (R) -> Void

    init(count: Int, work: @escaping (Int, Int) -> R, merge: @escaping (R) -> Void) {
        slots = Array(repeating: nil, count: count)
        self.work = work
        self.merge = merge
    }

    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ piece: Int, _ result: R) {
        lock.lock()
        slots[piece] = result
        lock.unlock()
    }

    /// Merges the stored results that follow the last merged one, in order, unless another thread is merging.
    func mergeReady() {
        guard merging.try() else { return }
        defer { merging.unlock() }
        while let result = takeNext() { merge(result) }
    }

    private func takeNext() -> R? {
        lock.lock()
        defer { lock.unlock() }
        guard merged < slots.count, let result = slots[merged] else { return nil }
        slots[merged] = nil
        merged += 1
        return result
    }
}

private struct SendableRegion: @unchecked Sendable {
    let region: UnsafeRawBufferPointer
}
