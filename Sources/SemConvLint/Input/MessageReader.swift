/// Reads a length-prefixed input (what the Collector's file exporter writes with `format: proto` or with
/// `compression: zstd`, see `MessageUnit`) as units: each message, decompressed when it is one compressed frame and
/// classified, goes to `check` with its 1-based number; framing problems and messages that cannot be read become
/// findings at their message number (`line`, column 0), naming the frame's byte offset.
///
/// Memory stays bounded by `FrameReader` (one batch of messages of about 4 MiB, or one message of at most
/// `maxMessage` bytes) plus one decompressed message. Empty messages (empty requests, compressed or not, or a run of
/// zero bytes) hold nothing to check and are only counted.
struct MessageReader {
    let maxMessage: Int

    /// A message that cannot be read: the rule, the message (naming the byte offset), its number and what to do.
    struct Problem {
        var rule: TelemetryRuleID
        var message: String
        var number: Int
        var fix: String?
    }

    /// Reads `source` to its end; returns the number of messages (the last message number). `batch` gets the
    /// messages and framing problems of about 4 MiB of input at a time, as views that stay valid during the call;
    /// `unit(of:decompressors:check:report:)` turns each into a unit to check or a problem.
    func read(_ source: ByteSource, batch: ([FrameReader.Item]) -> Void) -> Int {
        let frames = FrameReader(source: source, maxMessage: maxMessage)
        while true {
            let items = frames.nextBatch()
            if items.isEmpty { break }
            batch(items)
        }
        return frames.number
    }

    /// One item of a batch: `check` gets a message's bytes (decompressed with `decompressors` when it was a
    /// compressed frame, then its last argument is true; the bytes are valid during the call), its format and its
    /// number; a framing problem, or a message that cannot be read, goes to `report`. Empty decompressed messages
    /// hold nothing to check and go nowhere.
    func unit(of item: FrameReader.Item, decompressors: MessageUnit.Decompressors,
              check: (UnsafeRawBufferPointer, TelemetryUnitFormat, Int, Bool) -> Void, report: (Problem) -> Void) {
        switch item {
        case let .problem(problem):
            report(Problem(rule: TelemetryRuleID(id: problem.rule) ?? .invalidFrame, message: problem.message,
                           number: problem.number, fix: problem.fix))
        case let .message(frame):
            switch MessageUnit.format(of: frame.bytes, limit: maxMessage, decompressors: decompressors) {
            case let .unit(format, decompressed?):
                if !decompressed.isEmpty { decompressed.withUnsafeBytes { check($0, format, frame.number, true) } }
            case let .unit(format, nil):
                check(frame.bytes, format, frame.number, false)
            case let .problem(problem):
                report(Problem(rule: problem.rule, message: problem.message + " (message \(frame.number), frame "
                               + "at byte offset \(frame.offset))", number: frame.number, fix: problem.fix))
            }
        }
    }

    /// Every unit and problem of `source` in order (`read` and `unit` on one thread).
    func read(_ source: ByteSource, check: (UnsafeRawBufferPointer, TelemetryUnitFormat, Int, Bool) -> Void,
              report: (Problem) -> Void) -> Int {
        let decompressors = MessageUnit.Decompressors()
        return read(source) { items in
            for item in items { unit(of: item, decompressors: decompressors, check: check, report: report) }
        }
    }
}

extension TelemetryRuleID {
    /// The rule with this stable id.
    init?(id: String) {
        guard let rule = Self.allCases.first(where: { $0.id == id }) else { return nil }
        self = rule
    }
}
