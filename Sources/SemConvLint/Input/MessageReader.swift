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

    /// Reads `source` to its end; returns the number of messages (the last message number). `batchDone` is called
    /// after each batch of about 4 MiB of messages (a point to hand results on).
    /// `check` gets each message's bytes (decompressed when it was a compressed frame, then its last argument is
    /// true), its format and its number.
    func read(_ source: ByteSource, check: (UnsafeRawBufferPointer, TelemetryUnitFormat, Int, Bool) -> Void,
              report: (Problem) -> Void, batchDone: () -> Void = {}) -> Int {
        let frames = FrameReader(source: source, maxMessage: maxMessage)
        let decompressors = MessageUnit.Decompressors()
        while true {
            let items = frames.nextBatch()
            if items.isEmpty { break }
            for item in items {
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
            batchDone()
        }
        return frames.number
    }
}

extension TelemetryRuleID {
    /// The rule with this stable id.
    init?(id: String) {
        guard let rule = Self.allCases.first(where: { $0.id == id }) else { return nil }
        self = rule
    }
}
