import SemConvModel

/// Splits a length-prefixed byte stream into its messages, in bounded memory.
///
/// The framing is the one of the OpenTelemetry Collector's file exporter (opentelemetry-collector-contrib
/// `exporter/fileexporter`, `exportMessageAsBuffer` in `file_writer.go`): each message is preceded by its length as a
/// 4-byte big-endian unsigned integer, nothing else (no delimiter, no checksum, no header). What a message holds
/// depends on the exporter's settings (see `OTLPFileFormat`); this reader only cuts.
///
/// Messages are returned in batches of about `chunk` bytes, as views into one buffer that stay valid until the next
/// call; empty messages are numbered but not returned. A message longer than `maxMessage` is skipped without being
/// held in memory (a `line-too-long` problem, reading goes on after it). A stream that ends early is one problem,
/// after which there is nothing more to read: `invalid-frame` when it ends inside a length prefix or a message, or
/// when the gzip or zstd stream around it is cut off or corrupt (`ByteSource.finish()`, said in the same problem;
/// `input-unreadable` for a read error). Problems name the message number and the byte offset of its length prefix
/// in the file, or in the decompressed file for gzip or zstd input (`space`).
final class FrameReader {
    /// One message: its 1-based number, the byte offset of its length prefix in the (decompressed) stream, its bytes.
    struct Frame {
        var number: Int
        var offset: Int
        var bytes: UnsafeRawBufferPointer
    }

    /// A frame that could not be read, reported at the message number it would have had and the byte offset of its
    /// length prefix (in `space`).
    struct Problem {
        var number: Int
        var offset: Int
        var rule: TelemetryRuleID
        var message: String
        var fix: String
    }

    enum Item {
        case message(Frame)
        case problem(Problem)
    }

    private let source: ByteSource
    private let maxMessage: Int
    private let chunk: Int
    private var buffer: UnsafeMutableRawBufferPointer
    /// Unread bytes are `buffer[start..<end]`; `consumedBefore` is the stream offset of `buffer[0]`.
    private var start = 0, end = 0
    private var consumedBefore = 0
    private var eof = false
    /// A read of the source failed (`ByteSource.lastError`); reading stopped there.
    private var readFailed = false
    private var stopped = false
    /// Messages read so far (empty ones included: they are numbered, not returned).
    private(set) var number = 0

    init(source: ByteSource, maxMessage: Int, chunk: Int = 4 << 20) {
        self.source = source
        self.maxMessage = maxMessage
        self.chunk = chunk
        buffer = .allocate(byteCount: chunk + 4, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// What the offsets of frames and problems count in: the file, or its decompressed bytes.
    var space: ByteOffset.Space { source.compression == nil ? .file : .decompressedFile }

    /// The next whole messages (at least one, unless the stream is done) and problems; empty at the end.
    func nextBatch() -> [Item] {
        var items: [Item] = []
        var bytes = 0
        while !stopped, bytes < chunk {
            if available < 4 {
                if !items.isEmpty, !eof { return items }
                fill(4)
                if available == 0 {
                    stopped = true
                    if readFailed || source.finish() != nil { items.append(.problem(endedEarly(nil, at: offset))) }
                    break
                }
                if available < 4 {
                    number += 1
                    items.append(.problem(endedEarly("ends \(available) byte\(available == 1 ? "" : "s") into its length prefix",
                                                     at: offset)))
                    stopped = true
                    break
                }
            }
            let p = buffer.baseAddress! + start
            if p.loadUnaligned(as: UInt32.self) == 0 {
                // Empty messages (empty requests, or a run of zero bytes): nothing to hand on, only counted.
                let base = buffer.baseAddress!
                var i = start + 4
                while end - i >= 8, (base + i).loadUnaligned(as: UInt64.self) == 0 { i += 8 }
                while end - i >= 4, (base + i).loadUnaligned(as: UInt32.self) == 0 { i += 4 }
                number += (i - start) / 4
                start = i
                continue
            }
            let length = Int(p.load(fromByteOffset: 0, as: UInt8.self)) << 24
                | Int(p.load(fromByteOffset: 1, as: UInt8.self)) << 16
                | Int(p.load(fromByteOffset: 2, as: UInt8.self)) << 8
                | Int(p.load(fromByteOffset: 3, as: UInt8.self))
            if length > maxMessage {
                if !items.isEmpty { return items }
                number += 1
                if let problem = skip(length) { items.append(.problem(problem)) }
                continue
            }
            if available < 4 + length {
                if !items.isEmpty { return items }
                fill(4 + length)
                if available < 4 + length {
                    number += 1
                    items.append(.problem(endedEarly("declares \(length) bytes but only \(available - 4) follow", at: offset)))
                    stopped = true
                    break
                }
            }
            number += 1
            let frame = Frame(number: number, offset: offset,
                              bytes: UnsafeRawBufferPointer(start: buffer.baseAddress! + start + 4, count: length))
            items.append(.message(frame))
            start += 4 + length
            bytes += 4 + length
        }
        return items
    }

    private var available: Int { end - start }
    private var offset: Int { consumedBefore + start }

    /// Reads until `count` bytes are available or the stream ends; moves the unread bytes to the front and grows
    /// the buffer as needed (never beyond `maxMessage` + 4).
    private func fill(_ count: Int) {
        if start > 0 {
            if available > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: available) }
            consumedBefore += start
            end = available
            start = 0
        }
        if count > buffer.count {
            let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, min(buffer.count * 2, maxMessage + 4)),
                                                               alignment: 16)
            if end > 0 { grown.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: end) }
            buffer.deallocate()
            buffer = grown
        }
        while end < count, !eof {
            let n = source.read(buffer.baseAddress! + end, buffer.count - end)
            if n <= 0 { ended(n) } else { end += n }
        }
    }

    /// Skips a message longer than `maxMessage` without keeping it; nil when all of it was there.
    private func skip(_ length: Int) -> Problem? {
        let at = offset
        var remaining = 4 + length
        while remaining > 0 {
            if available == 0 {
                consumedBefore += end
                start = 0
                end = 0
                if eof { break }
                let n = source.read(buffer.baseAddress!, buffer.count)
                if n <= 0 { ended(n); break }
                end = n
            }
            let step = min(remaining, available)
            start += step
            remaining -= step
        }
        if remaining > 0 {
            stopped = true
            return endedEarly("declares \(length) bytes but only \(length - remaining) follow", at: at, suspect: true)
        }
        return Problem(number: number, offset: at, rule: .lineTooLong,
                       message: "message \(number) is \(length) bytes, longer than the maximum of \(maxMessage); skipped",
                       fix: "raise --max-line-length (the largest message the reader holds in memory)")
    }

    /// The source returned `n` (0 or -1): no more bytes.
    private func ended(_ n: Int) {
        eof = true
        if n < 0 { readFailed = true }
    }

    /// The one problem of a stream that ended early: inside message `number` at `offset` (`what` says how:
    /// `declares 3054 bytes but only 1766 follow`), or with `what` nil after message `number` because a read failed
    /// or the source says the compressed stream around the messages was cut off or damaged (its words then come
    /// first: one finding, not two). `suspect`: the length is over the limit too, so the prefix may be damaged
    /// rather than cut.
    private func endedEarly(_ what: String?, at offset: Int, suspect: Bool = false) -> Problem {
        let complete = what == nil ? number : number - 1
        let last = complete == 0 ? "no message is complete" : "the last complete message is \(complete)"
        let inside = what.map { ": message \(number) \($0)" } ?? ""
        let at = what == nil ? number + 1 : number
        if readFailed {
            return Problem(number: at, offset: offset, rule: .inputUnreadable,
                           message: "reading the file failed: \(source.lastError)\(inside); \(last)",
                           fix: "check the file and the device it is on, then lint it again")
        }
        if let failure = source.finish() {
            return Problem(number: at, offset: offset, rule: .invalidFrame, message: "\(failure.message)\(inside); \(last)",
                           fix: failure.fix ?? SourceFailure.cutFix)
        }
        let file = space == .file ? "the file" : "the decompressed file"
        if suspect, let what {
            // Compressed data without a checksum (zstd frames may have none) decodes damage into wrong bytes.
            let damaged = space == .file ? "its length prefix is damaged"
                : "its length prefix is damaged (or the compressed data before it, which a zstd frame without a checksum does not tell)"
            return Problem(number: number, offset: offset, rule: .invalidFrame,
                           message: "message \(number) \(what): \(damaged), or \(file) is cut off or not length-prefixed; \(last)",
                           fix: "check that the file is what the Collector's file exporter writes with 'format: proto'; "
                               + "if it was copied while being written, lint a copy taken after the Collector has rotated "
                               + "or closed it")
        }
        return Problem(number: number, offset: offset, rule: .invalidFrame, message: "\(file) ends early\(inside); \(last)",
                       fix: SourceFailure.cutFix)
    }
}
