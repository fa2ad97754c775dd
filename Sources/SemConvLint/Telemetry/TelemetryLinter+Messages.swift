import SemConvModel

extension TelemetryLinter {
    /// Lints a length-prefixed input (the Collector's `format: proto` and legacy `compression: zstd` files, see
    /// `MessageUnit`) message by message: each message is one unit, JSON or OTLP protobuf, its number the findings'
    /// `line`. Results are handed to the engine after each batch of about 4 MiB of messages.
    static func lintMessages(_ display: String, source: ByteSource, checker: TelemetryChecker, engine: TelemetryEngine) {
        engine.setBudget(checker)
        var bytes = 0
        let messages = MessageReader(maxMessage: engine.options.lineLimit).read(source, check: { unit, format, number in
            checker.countLines(1)
            bytes += unit.count
            checker.check(unit: unit, number: number, format: format)
        }, report: { problem in
            engine.report(problem.rule, problem.message, at: SourceLocation(file: display, line: problem.number),
                          fix: problem.fix)
        }, batchDone: {
            engine.absorb(checker.drain(), file: display, lineOffset: 0)
            engine.setBudget(checker)
            engine.progressed(display, bytes: bytes)
            bytes = 0
        })
        finishSource(source, display: display, line: messages + 1, engine: engine)
    }
}
