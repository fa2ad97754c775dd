import ArgumentParser
import SemConvLint
import Foundation
import SemConvModel

extension InputKind: ExpressibleByArgument {}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check recorded telemetry (NDJSON) or an Alloy/Promtail config against the registry.",
        discussion: """
            Examples:
              semconv lint telemetry.ndjson
              semconv lint --reporter sarif recordings/*.ndjson.gz > lint.sarif
              cat export.ndjson | semconv lint --input otlp -
              semconv lint --max-lateness 30m collector-export.json
              semconv lint config.alloy
            The bundled registry is always loaded (last, so its policy wins); --registry adds more, e.g. upstream.
            """)

    @Argument(help: ArgumentHelp("Files to lint; '-' reads standard input.", valueName: "file"))
    var files: [String] = ["-"]

    @OptionGroup var checkedAgainst: TelemetryCheckOptions

    @Option(help: "Input kind: auto, otlp, events, faro, alloy or promtail.")
    var input: InputKind = .auto

    @Option(help: "Worker threads for telemetry (default: number of cores). Output is the same for any value.")
    var jobs: Int?

    @Option(name: .customLong("max-line-length"),
            help: ArgumentHelp("Longest telemetry line parsed, in bytes; longer lines are a 'line-too-long' finding.",
                               valueName: "bytes"))
    var maxLineLength: Int = 16 << 20

    @OptionGroup var report: ReportOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if maxLineLength < 1024 || maxLineLength > LintOptions.lineLengthLimit {
            throw ValidationError("--max-line-length must be between 1024 and \(LintOptions.lineLengthLimit) bytes")
        }
    }

    func run() throws {
        let (registry, settings) = try checkedAgainst.load(report: report)
        var options = LintOptions(registry: registry, input: input, rules: settings,
                                  jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                                  maxLineLength: maxLineLength)
        checkedAgainst.apply(to: &options)
        let result = Linter.run(paths: files, options: options)
        let status = report.emit(result.diagnostics, files: result.files, extraSummary: result.extraSummary)
        if result.inputUnusable { throw ExitCode(2) }
        if status != 0 { throw ExitCode(status) }
    }
}
