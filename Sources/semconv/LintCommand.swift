import ArgumentParser
import Foundation
import SemConvLint
import SemConvModel

struct Lint: ParsableCommand, FlagSource {
    static let configuration = CommandConfiguration(
        commandName: "lint",
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
            With no file named and no lint.inputs, standard input is read; when it is a terminal or empty (nothing
            piped in), that is a usage error (exit 2), so a CI step that lost its input does not pass. Name '-' to
            accept an empty stream.
            """)

    @Argument(help: ArgumentHelp("Files or glob patterns ('**' for any number of directories) to lint; '-' reads standard input. Default: the config's lint.inputs, else standard input when something is piped in.",
                                 valueName: "file"))
    var files: [String] = []

    @OptionGroup var project: ConfigOptions
    @OptionGroup var registry: RegistryOptions

    @Option(help: "Input kind: auto, otlp, events, faro, alloy, promtail or collector (an OpenTelemetry Collector config; default: the config's lint.input, else auto).")
    var input: InputKind?

    // `.unconditional`: `--jobs -1` is the count -1 (out of range), not an option after a missing value.
    @Option(parsing: .unconditional,
            help: "Worker threads for telemetry, 1 to \(LintOptions.maxJobs) (default: the config's lint.jobs, else the number of cores, at most \(LintOptions.maxJobs)); a value outside is a usage error. Output is the same for any value.")
    var jobs: JobCount?

    @Option(name: .customLong("max-line-length"),
            help: ArgumentHelp("Longest telemetry line, document or message parsed, in bytes; longer ones are a 'line-too-long' finding (default: 16 MiB).",
                               valueName: "bytes"))
    var maxLineLength: Int?

    @OptionGroup var checks: TelemetryCheckOptions
    @OptionGroup var report: ReportOptions

    func validate() throws {
        // A config with errors is reported first (by run); one without lint.inputs leaves standard input.
        let (config, configProblems) = project.load()
        if files.isEmpty, !configProblems.contains(where: { $0.severity == .error }), config?.lint.inputs == nil,
           let problem = StandardInput.implicitInputProblem() {
            throw ValidationError(problem)
        }
        if let jobs, !SettingsCheck.jobCounts.contains(jobs.value) {
            throw ValidationError(SettingsCheck.jobsProblem("--jobs", jobs.text) + "; " + SettingsCheck.jobsFix)
        }
        if let maxLineLength, !SettingsCheck.lineLengths.contains(maxLineLength) {
            throw ValidationError("--max-line-length must be between 1024 and \(LintOptions.lineLengthLimit) bytes")
        }
    }

    func apply(to flags: inout ProjectSettings.Flags) {
        flags.inputs = files
        flags.input = input?.rawValue
        flags.jobs = jobs?.value
        flags.maxLineLength = maxLineLength
    }

    func run() throws {
        let settings = try project.settings(.lint, registry, report, checks, self)
        let reporting = try Reporting(settings)
        var problems: [Diagnostic] = []
        let kind = settings.lintInput.choice(InputKind.self, key: "lint.input", problems: &problems)
        let ruleSettings = checks.ruleSettings(settings, problems: &problems)
        let (paths, inputProblems) = InputPatterns.expand(settings.lintInputs.value, origin: settings.lintInputs.origin)
        problems += inputProblems
        guard let kind, problems.isEmpty else {
            Output.problems(problems)
            throw ExitCode(2)
        }
        for (entry, earlier) in InputPatterns.repeatedNames(settings.lintInputs.value) {
            func named(_ path: String) -> String { path == "-" ? "standard input ('-')" : "'\(path)'" }
            Output.warning(entry == earlier ? "\(named(entry)) is named more than once; it is read once"
                           : "\(named(entry)) names the same file as \(named(earlier)); it is read once")
        }
        if case let .file(location) = settings.lintInputs.origin, !paths.contains("-"), StandardInput.hasWaitingData() {
            Output.warning("standard input is not read: the config's lint.inputs (\(location)) name the inputs; "
                           + "name '-' to read it (with the files, if any)")
        }
        let loaded = try TelemetryCheckOptions.registry(settings, registry: registry, reporting: reporting)
        var options = LintOptions(registry: loaded, input: kind, rules: ruleSettings,
                                  jobs: settings.jobs.value ?? LintOptions.defaultJobs,
                                  maxLineLength: settings.maxLineLength.value)
        checks.apply(settings, to: &options)
        let display = ProgressDisplay.onStandardError()
        if let display { options.progress = { display.show($0) } }
        let result = Linter.run(paths: paths, options: options)
        display?.finish()
        let status = reporting.emit(result.diagnostics, files: result.files, extraSummary: result.extraSummary,
                                    checked: Self.checked(result, registry: loaded, settings: settings),
                                    detector: ValueDetector(registry: loaded),
                                    unlisted: TelemetryCheckOptions.unlisted(result, options))
        if result.inputUnusable { throw ExitCode(2) }
        if status != 0 { throw ExitCode(status) }
    }

    /// "12 records in 6 lines (otlp 6) and 3 sessions against 20 attributes and 2 events of the bundled model/"
    /// ("in 7 messages" for binary input).
    static func checked(_ result: LintReport, registry: Registry, settings: ProjectSettings) -> String {
        let summary = Dictionary(result.extraSummary, uniquingKeysWith: { a, _ in a })
        var what: [String] = []
        if case let .int(records) = summary["records"] ?? .null, case let .int(lines) = summary["lines"] ?? .null {
            // Text is read in lines, binary input (the Collector's length-prefixed files, bare requests) in messages.
            var messages = 0
            if case let .int(count) = summary["messages"] ?? .null { messages = count }
            var units: [String] = []
            if lines > 0 || messages == 0 { units.append("\(lines) line\(lines == 1 ? "" : "s")") }
            if messages > 0 { units.append("\(messages) message\(messages == 1 ? "" : "s")") }
            var text = "\(records) record\(records == 1 ? "" : "s") in " + units.joined(separator: " and ")
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
        if result.configs > 0 { what.append("\(result.configs) config\(result.configs == 1 ? "" : "s")") }
        let subject = what.isEmpty ? "no telemetry and no config"
            : what.count == 1 ? what[0] : what.dropLast().joined(separator: ", ") + " and " + what.last!
        var text = "\(subject) against \(registry.attributes.count) attributes and \(events) events of "
            + RegistryOptions.describe(settings)
        if case let .file(location) = settings.lintInputs.origin {
            text += "; inputs: the config's lint.inputs (\(location))"
        }
        return text
    }
}

/// A `--jobs` value: any whole number, one beyond `Int` too (kept as the nearest), so that every count outside
/// 1...256 gets the range message, not "invalid value".
struct JobCount: ExpressibleByArgument {
    var value: Int
    /// As given, for the message.
    var text: String

    init?(argument: String) {
        guard let value = Int(saturating: argument) else { return nil }
        self.value = value
        text = argument
    }
}

/// What standard input holds, for `lint` reading it only because nothing else was named.
enum StandardInput {
    /// Why standard input cannot be what `lint` reads when no file is named and the config names no inputs: it is a
    /// terminal (nothing would ever arrive) or empty or closed (nothing was piped in, e.g. a CI step that lost its
    /// input, or a plugin's process). nil when something is there. Waits for a pipe's first byte or its end; reads
    /// nothing.
    static func implicitInputProblem() -> String? {
        let fix = "name the files to lint (or '-' to read standard input even when it is empty), or set lint.inputs in semconv.yaml"
        var info = stat()
        guard !StandardInputStream.closedAtStart, fstat(STDIN_FILENO, &info) == 0 else {
            return "no input: standard input is closed and no file is named; \(fix)"
        }
        if isatty(STDIN_FILENO) == 1 { return "no input: standard input is a terminal and no file is named; \(fix)" }
        let empty: Bool
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            empty = Int64(info.st_size) <= lseek(STDIN_FILENO, 0, SEEK_CUR)
        case S_IFCHR:
            var null = stat()
            empty = stat("/dev/null", &null) == 0 && null.st_rdev == info.st_rdev
        case S_IFIFO, S_IFSOCK:
            var fd = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            while poll(&fd, 1, -1) < 0 && errno == EINTR {}
            empty = waitingBytes() == 0
        default:
            empty = false
        }
        return empty ? "no input read: standard input is empty and no file is named; \(fix)" : nil
    }

    /// Whether bytes wait on standard input right now (a pipe or a non-empty file); never blocks.
    static func hasWaitingData() -> Bool {
        var info = stat()
        guard !StandardInputStream.closedAtStart, fstat(STDIN_FILENO, &info) == 0, isatty(STDIN_FILENO) == 0 else { return false }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return Int64(info.st_size) > lseek(STDIN_FILENO, 0, SEEK_CUR)
        case S_IFIFO, S_IFSOCK: return waitingBytes() > 0
        default: return false
        }
    }

    private static func waitingBytes() -> Int32 {
        var count: Int32 = 0
        return ioctl(STDIN_FILENO, UInt(FIONREAD), &count) == 0 ? count : 0
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
