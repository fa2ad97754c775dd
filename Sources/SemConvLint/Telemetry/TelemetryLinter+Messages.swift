import SemConvModel

extension TelemetryLinter {
    /// Lints a length-prefixed input (the Collector's `format: proto` and legacy `compression: zstd` files, see
    /// `MessageUnit`) message by message: each message is one unit, JSON or OTLP protobuf, its number the findings'
    /// `line`. Results are handed to the engine after each batch of about 4 MiB of messages.
    static func lintMessages(_ display: String, source: ByteSource, checker: TelemetryChecker, engine: TelemetryEngine) {
        engine.setBudget(checker)
        var bytes = 0
        var units = 0
        let unitsBefore = engine.unitsOfAnyKind
        defer { reportNoTelemetry(display, checker: checker, engine: engine, units: units, since: unitsBefore) }
        let messages = MessageReader(maxMessage: engine.options.lineLimit).read(source, check: { unit, format, number, decompressed in
            checker.countLines(1)
            bytes += unit.count
            checker.check(unit: unit, number: number, format: format, decompressed: decompressed)
        }, report: { problem in
            engine.report(problem.rule, problem.message, at: SourceLocation(file: display, line: problem.number),
                          fix: problem.fix)
        }, batchDone: {
            let output = checker.drain()
            units += output.units
            engine.absorb(output, file: display, lineOffset: 0)
            engine.setBudget(checker)
            engine.progressed(display, bytes: bytes)
            bytes = 0
        })
        finishSource(source, display: display, line: messages + 1, engine: engine)
    }

    /// `no-telemetry` when `--input` forces a kind and the input held none of it (nothing at all, or only units
    /// of other kinds): a forced kind that is absent is a finding, not a clean run. `since`: the engine's decoded
    /// units before this input.
    static func reportNoTelemetry(_ display: String, checker: TelemetryChecker, engine: TelemetryEngine, units: Int,
                                  since: Int) {
        guard let forced = checker.forced, engine.unitsOfAnyKind == since else { return }
        let what = units == 0 ? "the input is empty"
            : "\(units) \(units == 1 ? "unit" : "units") (lines, documents or messages) read, none of that kind"
        engine.report(.noTelemetry, "'\(display)' holds no \(JSONUnitDecoder.describe(forced)): \(what)",
                      at: SourceLocation(file: display),
                      fix: "check the input, or drop '--input \(forced.name)' to detect the kind per line")
    }
}
