import SemConvModel

/// The state of one telemetry run shared by files and streams: the checker, the session pass and the report.
final class TelemetryEngine {
    private let options: LintOptions
    private let checker: LineChecker
    private var state: TelemetryLinter.RunState
    private var sources: Set<String> = []

    init(options: LintOptions) {
        self.options = options
        let index = RegistryIndex(options.registry)
        checker = LineChecker(index: index, input: options.input, rules: options.rules, maxDepth: options.maxDepth,
                              maxLineLength: options.lineLimit)
        state = TelemetryLinter.RunState(index: index, options: options, severities: checker.severities)
    }

    func check(unit: UnsafeRawBufferPointer, format: TelemetryUnitFormat, source: String,
               number: Int) -> TelemetryUnitResult {
        if sources.insert(source).inserted { state.files += 1 }
        let before = state.diagnostics.count
        let recordsBefore = state.stats.records
        var undecodable: Diagnostic?
        switch format {
        case .otlpProtobuf:
            let d = Diagnostic(.error, rule: "invalid-json", message: "OTLP protobuf is not supported yet",
                               at: SourceLocation(file: source, line: number), fix: "send OTLP/JSON")
            state.absorb([d])
            undecodable = d
        default:
            switch format {
            case .otlpJSON: checker.forced = .otlp
            case .flatEvents: checker.forced = .events
            case .faro: checker.forced = .faro
            default: checker.forced = options.input
            }
            checker.file = source
            checker.check(line: unit, number: number)
            let (diags, observations, stats) = checker.drain()
            undecodable = diags.first { ["invalid-json", "nesting-too-deep", "line-too-long"].contains($0.rule) }
            state.absorb(diags, ObservationBatch(file: source, lineOffset: 0, observations: observations), stats)
            if let t = state.tracker {
                state.absorb(t.diagnostics)
                t.diagnostics = []
            }
        }
        let found = options.rules.apply(Array(state.diagnostics[before...]))
        return TelemetryUnitResult(findings: found, records: state.stats.records - recordsBefore,
                                   undecodable: undecodable.flatMap { options.rules.apply([$0]).first })
    }

    func finish() -> (remaining: [Diagnostic], report: LintReport) {
        let before = state.diagnostics.count
        state.tracker?.finish()
        if let t = state.tracker {
            state.absorb(t.diagnostics)
            t.diagnostics = []
            for (rule, n) in t.notKept {
                state.perRule[rule, default: 0] += n
                state.suppressed += n
            }
        }
        let remaining = options.rules.apply(Array(state.diagnostics[before...]))
        let report = LintReport(diagnostics: state.diagnostics, files: state.files, extraSummary: state.summary(),
                                inputUnusable: state.inputUnusable)
        return (remaining, Linter.finished(report, options))
    }
}
