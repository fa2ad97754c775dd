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

    @Argument(help: ArgumentHelp("Files to lint; '-' reads standard input (the default when it is not a terminal).",
                                 valueName: "file"))
    var files: [String] = []

    @Option(name: .customLong("registry"), help: ArgumentHelp("Additional registry (repeatable): a directory, archive or git URL@REF[SUBFOLDER].", valueName: "source"))
    var registries: [String] = []

    @Flag(name: .customLong("no-bundled-registry"), help: "Do not load the bundled registry (model/).")
    var noBundled = false

    @Option(help: "Input kind: auto, otlp, events, faro, alloy, promtail or collector (an OpenTelemetry Collector config).")
    var input: InputKind = .auto

    @Option(help: ArgumentHelp("YAML file with per-rule overrides: 'rules: {rule-id: off|info|warning|error}'.",
                               valueName: "file"))
    var rules: String?

    @Option(help: "Worker threads for telemetry (default: number of cores). Output is the same for any value.")
    var jobs: Int?

    @Option(name: .customLong("max-line-length"),
            help: ArgumentHelp("Longest telemetry line parsed, in bytes; longer lines are a 'line-too-long' finding.",
                               valueName: "bytes"))
    var maxLineLength: Int = 16 << 20

    @Option(name: .customLong("max-lateness"),
            help: ArgumentHelp("How late (event time) a record may arrive behind the newest one and still be judged with its session, e.g. 30m, 18h (default 18h: how long mobile SDKs buffer telemetry on disk).",
                               valueName: "duration"))
    var maxLateness: String?

    @OptionGroup var report: ReportOptions

    func validate() throws {
        // With no file and a terminal on standard input, nothing would ever arrive: say what to pass instead.
        if files.isEmpty, isatty(STDIN_FILENO) == 1 {
            throw ValidationError("no input: pass the files to lint, or '-' (or a pipe) for standard input")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let maxLateness, DurationText.seconds(maxLateness) == nil {
            throw ValidationError("--max-lateness must be a duration such as 90s, 30m, 18h or 1h30m")
        }
        if maxLineLength < 1024 || maxLineLength > LintOptions.lineLengthLimit {
            throw ValidationError("--max-line-length must be between 1024 and \(LintOptions.lineLengthLimit) bytes")
        }
    }

    func run() throws {
        var roots = try RegistrySources.resolve(registries, noCache: false)
        if !noBundled {
            guard let bundled = BundledResources.modelDirectory else {
                Output.error("cannot find the bundled registry (model/); pass --registry DIR with --no-bundled-registry, or set SEMCONV_HOME")
                throw ExitCode(2)
            }
            roots.append(bundled)
        }
        if roots.isEmpty { throw ValidationError("no registry: drop --no-bundled-registry or pass --registry DIR") }
        let loaded = RegistryLoader.load(roots: roots, checks: false)
        let registryErrors = loaded.diagnostics.filter { $0.severity == .error }
        if loaded.inputUnusable || !registryErrors.isEmpty {
            _ = report.emit(registryErrors, files: loaded.registry.fileCount)
            Output.error("the registry has errors; run 'semconv check' on it first")
            throw ExitCode(2)
        }
        var settings = RuleSettings()
        if let rules {
            let (parsed, problems) = RuleSettings.load(path: rules, knownRules: Linter.ruleIDs)
            if !problems.isEmpty {
                _ = report.emit(problems, files: 1)
                throw ExitCode(2)
            }
            settings = parsed
        }
        var options = LintOptions(registry: loaded.registry, input: input, rules: settings,
                                  jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                                  maxLineLength: maxLineLength)
        if let maxLateness, let seconds = DurationText.seconds(maxLateness) { options.maxLateness = seconds }
        let result = Linter.run(paths: files.isEmpty ? ["-"] : files, options: options)
        let status = report.emit(result.diagnostics, files: result.files, extraSummary: result.extraSummary,
                                 detector: ValueDetector(registry: loaded.registry))
        if result.inputUnusable { throw ExitCode(2) }
        if status != 0 { throw ExitCode(status) }
    }
}
