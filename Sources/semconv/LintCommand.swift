import ArgumentParser
import Foundation
import SemConvLint
import SemConvModel

struct Lint: ParsableCommand, FlagSource {
    static let configuration = CommandConfiguration(
        abstract: "Check recorded telemetry or an Alloy/Promtail/Collector config against the registry.",
        discussion: """
            Telemetry: OTLP/JSON, flat events or Grafana Faro payloads, one JSON document per line (NDJSON) or
            pretty-printed; every file the OpenTelemetry Collector's file exporter writes (length-prefixed OTLP
            protobuf or JSON, zstd); a single OTLP protobuf request body; gzip or zstd compressed; told apart by
            content, never by file name.
            Examples:
              semconv lint                              # the config's lint.inputs, with its registries and rules
              semconv lint telemetry.ndjson
              semconv lint --reporter sarif recordings/*.ndjson.gz > lint.sarif
              cat export.ndjson | semconv lint --input otlp -
              semconv lint otelcol/traces.zst body.v1_logs.bin   # Collector file exporter output, a request body
              semconv lint --max-lateness 30m collector-export.json
              semconv lint config.alloy
            The bundled registry is loaded too (last, so its policy wins) unless --no-bundled-registry or the
            config's 'bundled: false' says otherwise; --registry adds more, e.g. upstream.
            On a terminal, progress (bytes, records per second, findings, time left) is shown on standard error.
            """)

    @Argument(help: ArgumentHelp("Files to lint; '-' reads standard input. Default: the config's lint.inputs, else '-' when standard input is not a terminal.",
                                 valueName: "file"))
    var files: [String] = []

    @OptionGroup var project: ConfigOptions
    @OptionGroup var registry: RegistryOptions

    @Option(help: "Input kind: auto, otlp, events, faro, alloy, promtail or collector (an OpenTelemetry Collector config; default: the config's lint.input, else auto).")
    var input: InputKind?

    @Option(help: "Worker threads for telemetry (default: the config's lint.jobs, else the number of cores). Output is the same for any value.")
    var jobs: Int?

    @Option(name: .customLong("max-line-length"),
            help: ArgumentHelp("Longest telemetry line, document or message parsed, in bytes; longer ones are a 'line-too-long' finding (default: 16 MiB).",
                               valueName: "bytes"))
    var maxLineLength: Int?

    @OptionGroup var checks: TelemetryCheckOptions
    @OptionGroup var report: ReportOptions

    func validate() throws {
        // With no file (flag or config) and a terminal on standard input, nothing would ever arrive.
        if files.isEmpty, isatty(STDIN_FILENO) == 1, try project.load()?.lint.inputs == nil {
            throw ValidationError("no input: pass the files to lint, or '-' (or a pipe) for standard input")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let maxLineLength, !Self.lineLengths.contains(maxLineLength) {
            throw ValidationError("--max-line-length must be between 1024 and \(LintOptions.lineLengthLimit) bytes")
        }
    }

    static let lineLengths = 1024...LintOptions.lineLengthLimit

    func apply(to flags: inout ProjectSettings.Flags) {
        flags.inputs = files
        flags.input = input?.rawValue
        flags.jobs = jobs
        flags.maxLineLength = maxLineLength
    }

    func run() throws {
        let settings = try project.settings(.lint, registry, report, self)
        let reporting = try Reporting(settings)
        var problems: [Diagnostic] = []
        let kind = settings.lintInput.choice(InputKind.self, key: "lint.input", problems: &problems)
        let ruleSettings = checks.ruleSettings(settings, problems: &problems)
        if let jobs = settings.jobs.value, jobs < 1 {
            problems.append(settings.jobs.problem("'lint.jobs' must be at least 1"))
        }
        if !Self.lineLengths.contains(settings.maxLineLength.value) {
            problems.append(settings.maxLineLength.problem(
                "'lint.max-line-length' must be between 1024 and \(LintOptions.lineLengthLimit) bytes"))
        }
        let (paths, inputProblems) = InputPatterns.expand(settings.lintInputs.value, origin: settings.lintInputs.origin)
        problems += inputProblems
        guard let kind, problems.isEmpty else {
            Output.problems(problems)
            throw ExitCode(2)
        }
        let loaded = try TelemetryCheckOptions.registry(settings, registry: registry, reporting: reporting)
        var options = LintOptions(registry: loaded, input: kind, rules: ruleSettings,
                                  jobs: settings.jobs.value ?? ProcessInfo.processInfo.activeProcessorCount,
                                  maxLineLength: settings.maxLineLength.value)
        checks.apply(to: &options)
        let display = ProgressDisplay.onStandardError()
        if let display { options.progress = { display.show($0) } }
        let result = Linter.run(paths: paths, options: options)
        display?.finish()
        let status = reporting.emit(result.diagnostics, files: result.files, extraSummary: result.extraSummary,
                                    checked: Self.checked(result, registry: loaded, settings: settings),
                                    detector: ValueDetector(registry: loaded))
        if result.inputUnusable { throw ExitCode(2) }
        if status != 0 { throw ExitCode(status) }
    }

    /// "12 records in 6 lines (otlp 6) and 3 sessions against 20 attributes and 2 events of the bundled model/".
    static func checked(_ result: LintReport, registry: Registry, settings: ProjectSettings) -> String {
        let summary = Dictionary(result.extraSummary, uniquingKeysWith: { a, _ in a })
        var what: [String] = []
        if case let .int(records) = summary["records"] ?? .null, case let .int(lines) = summary["lines"] ?? .null {
            var text = "\(records) record\(records == 1 ? "" : "s") in \(lines) line\(lines == 1 ? "" : "s")"
            if case let .object(inputs) = summary["inputs"] ?? .null, !inputs.isEmpty {
                text += " (" + inputs.map { "\($0.0) \($0.1.rendered(indent: 0))" }.joined(separator: ", ") + ")"
            }
            what.append(text)
        }
        if case let .object(sessions) = summary["sessions"] ?? .null,
           case let .int(count) = Dictionary(sessions, uniquingKeysWith: { a, _ in a })["count"] ?? .null {
            what.append("\(count) session\(count == 1 ? "" : "s")")
        }
        let events = registry.groups.values.filter { $0.type == .event }.count
        let subject = what.isEmpty ? "the configs" : what.joined(separator: " and ")
        return "\(subject) against \(registry.attributes.count) attributes and \(events) events of "
            + RegistryOptions.describe(settings)
    }
}

extension ProjectSettings {
    /// The config's `lint.rules`, as rule-settings entries.
    var configRuleEntries: [RuleSettings.Entry] {
        lintRules.map { rule in
            let at: SourceLocation = if case let .file(l) = rule.setting.origin { l } else { rule.id.location }
            return RuleSettings.Entry(id: rule.id.value, idLocation: rule.id.location, setting: rule.setting.value,
                                      settingLocation: at)
        }
    }
}

/// Draws `LintProgress` on standard error, one line redrawn in place, at most five times a second and only after
/// the first second (short runs print nothing). Only on a terminal, never under CI or `TERM=dumb`.
final class ProgressDisplay: @unchecked Sendable {
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let lock = NSLock()

    static func onStandardError() -> ProgressDisplay? {
        let environment = ProcessInfo.processInfo.environment
        guard isatty(STDERR_FILENO) == 1, environment["CI"] == nil, environment["TERM"] != "dumb" else { return nil }
        return ProgressDisplay()
    }

    func show(_ progress: LintProgress) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        guard elapsed >= 1, now.timeIntervalSince(lastDraw) >= 0.2 else { return }
        lastDraw = now
        drawn = true
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + progress.line(elapsed: elapsed)).utf8))
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
