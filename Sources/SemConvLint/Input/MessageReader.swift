import SemConvModel

/// Reads a length-prefixed input (what the Collector's file exporter writes with `format: proto` or with
/// `compression: zstd`, see `MessageUnit`) as units: each message, decompressed when it is one compressed frame and
/// classified, goes to `check` with its 1-based number; framing problems and messages that cannot be read become
/// problems at their message number and a byte offset: of the frame's length prefix in the (decompressed) file for
/// framing problems, in the message for a message that cannot be read.
///
/// Memory stays bounded by `FrameReader` (one batch of messages of about 4 MiB, or one message of at most
/// `maxMessage` bytes) plus one decompressed message. Empty messages (empty requests, compressed or not, or a run of
/// zero bytes) hold nothing to check and are only counted.
struct MessageReader {
    let maxMessage: Int

    /// A message that cannot be read: the rule, the message, where (message number, byte offset) and what to do.
    struct Problem {
        var rule: TelemetryRuleID
        var message: String
        var number: Int
        var byte: ByteOffset
        var fix: String?

        func location(in file: String) -> SourceLocation {
            SourceLocation(file: file, message: number, byte: byte.offset, of: byte.space)
        }
    }

    /// Reads `source` to its end; returns the number of messages (the last message number). `batch` gets the
    /// messages and framing problems of about 4 MiB of input at a time, as views that stay valid during the call,
    /// and the space framing offsets count in; `unit(of:space:decompressors:check:report:)` turns each into a unit
    /// to check or a problem. A source that ends early (cut off or corrupt compressed data) is a framing problem.
    func read(_ source: ByteSource, batch: ([FrameReader.Item], ByteOffset.Space) -> Void) -> Int {
        let frames = FrameReader(source: source, maxMessage: maxMessage)
        while true {
            let items = frames.nextBatch()
            if items.isEmpty { break }
            batch(items, frames.space)
        }
        return frames.number
    }

    /// One item of a batch: `check` gets a message's bytes (decompressed with `decompressors` when it was a
    /// compressed frame; the bytes are valid during the call), its format, its number and what byte offsets in it
    /// count in (`.message`, or `.decompressedMessage`); a framing problem (offsets in `space`), or a message that
    /// cannot be read, goes to `report`. Empty decompressed messages hold nothing to check and go nowhere.
    func unit(of item: FrameReader.Item, space: ByteOffset.Space, decompressors: MessageUnit.Decompressors,
              check: (UnsafeRawBufferPointer, TelemetryUnitFormat, Int, ByteOffset.Space) -> Void,
              report: (Problem) -> Void) {
        switch item {
        case let .problem(problem):
            report(Problem(rule: problem.rule, message: problem.message, number: problem.number,
                           byte: ByteOffset(problem.offset, of: space), fix: problem.fix))
        case let .message(frame):
            switch MessageUnit.format(of: frame.bytes, limit: maxMessage, decompressors: decompressors) {
            case let .unit(format, decompressed?):
                if !decompressed.isEmpty {
                    decompressed.withUnsafeBytes { check($0, format, frame.number, .decompressedMessage) }
                }
            case let .unit(format, nil):
                check(frame.bytes, format, frame.number, .message)
            case let .problem(problem):
                // Offsets of a message's own problems count in its bytes as stored (a compressed frame's too).
                report(Problem(rule: problem.rule, message: problem.message, number: frame.number,
                               byte: ByteOffset(problem.offset, of: .message), fix: problem.fix))
            }
        }
    }

    /// Every unit and problem of `source` in order (`read` and `unit` on one thread).
    func read(_ source: ByteSource, check: (UnsafeRawBufferPointer, TelemetryUnitFormat, Int, ByteOffset.Space) -> Void,
              report: (Problem) -> Void) -> Int {
        let decompressors = MessageUnit.Decompressors()
        return read(source) { items, space in
            for item in items { unit(of: item, space: space, decompressors: decompressors, check: check, report: report) }
        }
    }
}
