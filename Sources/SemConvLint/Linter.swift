import Foundation
import SemConvModel

/// What `semconv lint` reads: telemetry (OTLP/JSON, flat events, Faro) or pipeline configs (Alloy, Promtail).
public enum InputKind: String, CaseIterable, Sendable {
    /// Decide per file (configs by extension or content) and, for telemetry, per line.
    case auto
    case otlp, events, faro
    case alloy, promtail

    public var isConfig: Bool { self == .alloy || self == .promtail }
}

/// Settings for one lint run.
public struct LintOptions: Sendable {
    public var registry: Registry
    public var input: InputKind
    public var rules: RuleSettings
    /// Worker threads for telemetry parsing (1 = single-threaded). Output is identical for any value.
    public var jobs: Int
    /// Longest telemetry line (bytes) that is parsed; longer lines are a `line-too-long` finding. Clamped to
    /// 1024...`lineLengthLimit`.
    public var maxLineLength: Int
    /// The largest `maxLineLength` honoured (1 GiB): token offsets are 32-bit, and a line is held in memory whole.
    public static let lineLengthLimit = 1 << 30
    /// `maxLineLength`, clamped to what the reader supports.
    var lineLimit: Int { min(max(1024, maxLineLength), Self.lineLengthLimit) }
    /// Deepest JSON nesting accepted; deeper lines are a `nesting-too-deep` finding.
    public var maxDepth: Int
    /// Findings listed per rule; the rest are only counted (summary `findingsPerRule`, `findingsNotListed`).
    public var maxFindingsPerRule: Int
    /// A chunk of input is split across `jobs` workers only when it has at least this many bytes.
    public var parallelMinBytes: Int = 256 << 10
    /// Called after each chunk of telemetry is checked (see `LintProgress`); nil for none.
    public var progress: (@Sendable (LintProgress) -> Void)?

    public init(registry: Registry, input: InputKind = .auto, rules: RuleSettings = RuleSettings(), jobs: Int = 1,
                maxLineLength: Int = 16 << 20, maxDepth: Int = 128, maxFindingsPerRule: Int = 10_000) {
        self.registry = registry
        self.input = input
        self.rules = rules
        self.jobs = jobs
        self.maxLineLength = maxLineLength
        self.maxDepth = maxDepth
        self.maxFindingsPerRule = maxFindingsPerRule
    }
}

/// The result of a lint run, ready for a reporter.
public struct LintReport: Sendable {
    public var diagnostics: [Diagnostic]
    public var files: Int
    public var extraSummary: [(String, JSONValue)]
    /// An input could not be read at all (missing file, directory): exit status 2.
    public var inputUnusable: Bool

    public init(diagnostics: [Diagnostic] = [], files: Int = 0, extraSummary: [(String, JSONValue)] = [],
                inputUnusable: Bool = false) {
        self.diagnostics = diagnostics
        self.files = files
        self.extraSummary = extraSummary
        self.inputUnusable = inputUnusable
    }
}

/// Entry point of `semconv lint`: routes each input to the config linter or the telemetry linter.
public enum Linter {
    /// Every rule id `lint` can report (for `--rules` validation and docs).
    public static var ruleIDs: [String] { (ConfigLinter.ruleIDs + TelemetryLinter.ruleIDs).sorted() }

    /// Lints `paths` (`-` is standard input).
    public static func run(paths: [String], options: LintOptions) -> LintReport {
        var report = LintReport()
        var telemetryPaths: [String] = []
        for path in paths {
            let kind = options.input.isConfig ? options.input : (path == "-" ? nil : ConfigLinter.detect(path: path))
            if let kind, options.input == .auto || options.input.isConfig {
                report.files += 1
                let result = ConfigLinter.lint(path: path, kind: kind, options: options)
                report.diagnostics += result.diagnostics
                report.inputUnusable = report.inputUnusable || result.inputUnusable
            } else {
                telemetryPaths.append(path)
            }
        }
        if !telemetryPaths.isEmpty {
            let telemetry = TelemetryLinter.run(paths: telemetryPaths, options: options)
            report.diagnostics += telemetry.diagnostics
            report.files += telemetry.files
            report.extraSummary += telemetry.extraSummary
            report.inputUnusable = report.inputUnusable || telemetry.inputUnusable
        }
        return finished(report, options)
    }

    /// Lints telemetry already in memory (NDJSON bytes of any input kind), reported as `file`: the same findings and
    /// summary as `run(paths:options:)` on a file holding these bytes.
    public static func lint(telemetry bytes: [UInt8], file: String = "<memory>", options: LintOptions) -> LintReport {
        finished(TelemetryLinter.lint(bytes: bytes, file: file, options: options), options)
    }

    /// Applies the `--rules` severities and puts findings in report order.
    static func finished(_ report: LintReport, _ options: LintOptions) -> LintReport {
        var report = report
        report.diagnostics = options.rules.apply(report.diagnostics).sorted(by: Diagnostic.reportOrder)
        return report
    }
}
