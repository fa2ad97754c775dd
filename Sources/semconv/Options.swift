import ArgumentParser
import Foundation
import SemConvLint
import SemConvModel

extension ReporterKind: ExpressibleByArgument {}
extension FailThreshold: ExpressibleByArgument {}

/// `--registry DIR` (repeatable); the bundled model when none is given.
struct RegistryOptions: ParsableArguments {
    @Option(name: .customLong("registry"),
            help: ArgumentHelp("A registry directory (repeatable; later ones overlay earlier ones). Default: the bundled model/.",
                               valueName: "dir"))
    var directories: [String] = []

    /// The directories to load, or exits with 2 when the bundled model cannot be found.
    func roots() throws -> [String] {
        if !directories.isEmpty { return directories }
        guard let bundled = BundledResources.modelDirectory else {
            Output.error("cannot find the bundled registry (model/); pass --registry DIR or set SEMCONV_HOME")
            throw ExitCode(2)
        }
        return [bundled]
    }
}

/// `--registry` (added to the bundled model), `--no-bundled-registry` and `--rules`: what telemetry is checked
/// against, for `lint` and `live-check`.
struct TelemetryCheckOptions: ParsableArguments {
    @Option(name: .customLong("registry"), help: ArgumentHelp("Additional registry directory (repeatable).", valueName: "dir"))
    var registries: [String] = []

    @Flag(name: .customLong("no-bundled-registry"), help: "Do not load the bundled registry (model/).")
    var noBundled = false

    @Option(help: ArgumentHelp("YAML file with per-rule overrides: 'rules: {rule-id: off|info|warning|error}'.",
                               valueName: "file"))
    var rules: String?

    @Option(name: .customLong("max-lateness"),
            help: ArgumentHelp("How late (event time) a record may arrive behind the newest one and still be judged with its session, e.g. 30m, 18h (default 18h: how long mobile SDKs buffer telemetry on disk).",
                               valueName: "duration"))
    var maxLateness: String?

    func validate() throws {
        if let maxLateness, DurationText.seconds(maxLateness) == nil {
            throw ValidationError("--max-lateness must be a duration such as 90s, 30m, 18h or 1h30m")
        }
    }

    /// Sets what these options say beyond the registry and rules (the lateness bound).
    func apply(to options: inout LintOptions) {
        if let maxLateness, let seconds = DurationText.seconds(maxLateness) { options.maxLateness = seconds }
    }

    /// The registry (the bundled model last, so its policy wins) and the rule settings. Registry or rules-file
    /// errors are reported through `report` and exit with 2.
    func load(report: ReportOptions) throws -> (Registry, RuleSettings) {
        var roots = registries
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
        guard let rules else { return (loaded.registry, RuleSettings()) }
        let (parsed, problems) = RuleSettings.load(path: rules, knownRules: Linter.ruleIDs)
        if !problems.isEmpty {
            _ = report.emit(problems, files: 1)
            throw ExitCode(2)
        }
        return (loaded.registry, parsed)
    }
}

/// `--reporter` and `--fail-on`, shared by every command that reports findings.
struct ReportOptions: ParsableArguments {
    @Option(help: "Output format: text, json, sarif or github.")
    var reporter: ReporterKind = .text

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding is at least this severe: error, warning or never.")
    var failOn: FailThreshold = .error

    /// Prints the findings and returns the exit status they call for.
    func emit(_ diagnostics: [Diagnostic], files: Int, extraSummary: [(String, JSONValue)] = []) -> Int32 {
        let context = ReportContext(files: files, extraSummary: extraSummary,
                                    isTerminal: reporter == .text && isatty(STDOUT_FILENO) == 1)
        Output.write(reporter.reporter.render(diagnostics, context: context))
        return failOn.isFailure(diagnostics) ? 1 : 0
    }
}

enum Output {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// A status line on standard error, without the `semconv:` prefix (e.g. live-check's `listening ...`).
    static func status(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("semconv: " + text + "\n").utf8))
    }
}
