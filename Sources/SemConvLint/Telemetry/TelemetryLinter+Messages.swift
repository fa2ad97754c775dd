import SemConvModel

extension TelemetryLinter {
    /// Lints a length-prefixed input (the Collector's `format: proto` and legacy `compression: zstd` files) unit by
    /// unit: JSON messages go through the line checker (`line` = message number), protobuf messages through
    /// `OTLPProtobufDecoder`.
    static func lintMessages(_ display: String, source: ByteSource, checkers: [LineChecker], state: inout RunState) {
        let checker = checkers[0]
        let batch = TelemetryBatch()
        let decoder = OTLPProtobufDecoder(maxDepth: state.options.maxDepth)
        var findings: [Diagnostic] = []
        let messages = MessageReader(file: display, maxMessage: state.options.lineLimit).read(source, check: { unit, format, number in
            checker.stats.lines += 1
            guard case let .otlpProtobuf(signal) = format else {
                checker.check(line: unit, number: number)
                return
            }
            checker.stats.inputs["otlp", default: 0] += 1
            batch.reset(unit: unit, number: number, style: .binary)
            decoder.signal = signal
            decoder.decode(into: batch)
            checker.stats.records += batch.records.count
            for problem in batch.problems {
                findings.append(Diagnostic(TelemetryRules.defaults[problem.rule.id].flatMap { $0 } ?? .error,
                                           rule: problem.rule.id, message: problem.message,
                                           at: SourceLocation(file: display, line: number, column: 0), fix: problem.fix))
            }
        }, report: { findings.append($0) })
        let (diagnostics, observations, stats) = checker.drain()
        state.absorb(diagnostics + findings, ObservationBatch(file: display, lineOffset: 0, observations: observations), stats)
        if let failure = source.finish() {
            state.inputUnusable = state.inputUnusable || failure.unusable
            state.absorb([Diagnostic(.error, rule: failure.rule, message: failure.message,
                                     at: SourceLocation(file: display, line: messages + 1, column: 0), fix: failure.fix)])
        }
    }
}
