import SemConvModel

extension TelemetryLinter {
    /// Lints a length-prefixed input (the Collector's `format: proto` and legacy `compression: zstd` files, see
    /// `MessageUnit`) message by message: each message is one unit, JSON or OTLP protobuf, its findings at its
    /// number and byte offsets (`SourceLocation.byte`). Results are handed to the engine after each batch of about
    /// 4 MiB of messages. A stream that ends early is one framing problem (`FrameReader`).
    static func lintMessages(_ display: String, source: ByteSource, checkers: [TelemetryChecker],
                             engine: TelemetryEngine) {
        var units = 0
        let unitsBefore = engine.unitsOfAnyKind
        defer { reportNoTelemetry(display, checker: checkers[0], engine: engine, units: units, since: unitsBefore) }
        let reader = MessageReader(maxMessage: engine.options.lineLimit)
        // Decompression contexts per worker, indexed by the worker number `runPieces` passes.
        let decompressors = checkers.map { _ in MessageUnit.Decompressors() }
        _ = reader.read(source) { items, space in
            // Pieces of consecutive messages, checked by `runPieces` like the lines of a text chunk.
            let pieces = split(items.count, into: pieceCount(workers: checkers.count))
            for c in checkers { engine.setBudget(c) }
            runPieces(pieces.count, workers: checkers.count) { p, w in
                let checker = checkers[w]
                var problems: [MessageReader.Problem] = []
                var bytes = 0
                for item in items[pieces[p]] {
                    reader.unit(of: item, space: space, decompressors: decompressors[w], check: { unit, format, number, message in
                        checker.countMessages(1)
                        bytes += unit.count
                        checker.check(unit: unit, number: number, format: format, message: message)
                    }, report: { problems.append($0) })
                }
                return (problems, checker.drain(), bytes)
            } merge: { (problems: [MessageReader.Problem], output: CheckerOutput, bytes: Int) in
                for problem in problems {
                    if problem.rule == .inputUnreadable { engine.inputUnusable = true }
                    engine.report(problem.rule, problem.message, at: problem.location(in: display), fix: problem.fix)
                }
                units += output.units
                engine.absorb(output, file: display, lineOffset: 0)
                engine.progressed(display, bytes: bytes)
            }
        }
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
