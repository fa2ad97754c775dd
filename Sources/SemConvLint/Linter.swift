import Foundation
import SemConvModel

/// What `semconv lint` reads: telemetry (OTLP/JSON, flat events, Faro) or pipeline configs (Alloy, Promtail).
public enum InputKind: String, CaseIterable, Sendable {
    /// Decide per file (configs by extension or content) and, for telemetry, per line.
    case auto
    case otlp, events, faro
    case alloy, promtail
    /// An OpenTelemetry Collector config (YAML with `exporters` and `service`): its Loki exporter's labels.
    case collector

    public var isConfig: Bool { self == .alloy || self == .promtail || self == .collector }
}

/// Settings for one lint run.
public struct LintOptions: Sendable {
    public var registry: Registry
    public var input: InputKind
    public var rules: RuleSettings
    /// Worker threads for telemetry parsing (1 = single-threaded), clamped to 1...`maxJobs`. Output is identical
    /// for any value.
    public var jobs: Int
    /// The most worker threads used (256): each holds its own parse state (about 50 KB, more for long lines), and
    /// workers beyond the cores only cost memory. `semconv lint` rejects a larger `--jobs` / `lint.jobs`.
    public static let maxJobs = 256
    /// `jobs`, clamped to what a run uses.
    var workerCount: Int { min(max(1, jobs), Self.maxJobs) }
    /// The default worker count: the active cores, at most `maxJobs`.
    public static var defaultJobs: Int { min(max(1, ProcessInfo.processInfo.activeProcessorCount), maxJobs) }
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
    /// A chunk of input is cut into pieces (shared by the `jobs` workers) only when it has at least this many bytes.
    public var parallelMinBytes: Int = 256 << 10
    /// How late (in event time) a record may arrive behind the newest record seen and still be judged with its
    /// session, in seconds (`--max-lateness`). Sessions are judged once closed and older than the newest event time
    /// minus this bound; records arriving later are judged against what is remembered of their session.
    public var maxLateness: Double = Self.defaultMaxLateness
    /// 18 hours: the longest an OpenTelemetry SDK holds telemetry before sending or dropping it (the disk buffering
    /// of opentelemetry-android / opentelemetry-java-contrib keeps files readable for 18 h); batch processors
    /// (1 s logs, 5 s spans), exporter retries (up to 5 min) and Faro batching (250 ms) are far shorter. See README.
    public static let defaultMaxLateness: Double = 18 * 3600
    /// Sessions open at once (records still arriving); beyond it the sessions that close first are judged early.
    public var maxOpenSessions: Int = 100_000
    /// Records buffered in open sessions (64 bytes each); beyond it the sessions that close first are judged early.
    public var maxBufferedRecords: Int = 1 << 20

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
    /// How many configs (a file, or an Alloy directory's or Collector's files loaded as one) were linted.
    public var configs: Int

    public init(diagnostics: [Diagnostic] = [], files: Int = 0, extraSummary: [(String, JSONValue)] = [],
                inputUnusable: Bool = false, configs: Int = 0) {
        self.configs = configs
        self.diagnostics = diagnostics
        self.files = files
        self.extraSummary = extraSummary
        self.inputUnusable = inputUnusable
    }
}

/// Entry point of `semconv lint`: routes each input to the config linter or the telemetry linter.
public enum Linter {
    /// Every rule id `lint` can report, and earlier ids still accepted (for `--rules` validation and docs).
    public static var ruleIDs: [String] {
        (ConfigLinter.ruleIDs + TelemetryLinter.ruleIDs + TelemetryLinter.rules.flatMap(\.aliases)).sorted()
    }

    /// The descriptions of every rule `lint` can report: telemetry, then config rules.
    public static var rules: [RuleDescription] { TelemetryLinter.rules + ConfigLinter.rules }

    /// Lints `paths` (`-` is standard input). Configs are linted as their tools load them (see `InputRouting`); the
    /// rest is telemetry.
    public static func run(paths: [String], options: LintOptions) -> LintReport {
        let routing = ConfigLinter.route(paths: paths, options: options)
        var (report, configCounts) = listed(routing.report, options)
        let configNotListed = configCounts.values.reduce(0, +) - report.diagnostics.count
        if !routing.telemetry.isEmpty {
            let total = options.progress == nil ? nil : LintProgress.totalSize(of: routing.telemetryPaths)
            let telemetry = TelemetryLinter.run(sources: routing.telemetry, options: options, totalBytes: total)
            report.diagnostics += telemetry.diagnostics
            report.files += telemetry.files
            report.extraSummary += telemetry.extraSummary
            report.inputUnusable = report.inputUnusable || telemetry.inputUnusable
        }
        report.extraSummary = counted(report.extraSummary, adding: configCounts, notListed: configNotListed)
        return finished(report, options)
    }

    /// The config findings of `report` as the telemetry engine lists its own: after the rule settings, at most
    /// `options.maxFindingsPerRule` of each rule (the first in report order); and how many each rule found.
    static func listed(_ report: LintReport, _ options: LintOptions) -> (LintReport, counts: [String: Int]) {
        var report = report
        var counts: [String: Int] = [:]
        report.diagnostics = options.rules.apply(report.diagnostics).sorted(by: Diagnostic.reportOrder).filter { d in
            counts[d.rule, default: 0] += 1
            return counts[d.rule]! <= options.maxFindingsPerRule
        }
        return (report, counts)
    }

    /// `summary` with the config findings counted: `counts` (per rule) added to its `findingsPerRule`, and
    /// `notListed` to its `findingsNotListed`. A run of configs alone, all listed, keeps a summary without them.
    static func counted(_ summary: [(String, JSONValue)], adding counts: [String: Int],
                        notListed: Int) -> [(String, JSONValue)] {
        guard !counts.isEmpty, notListed > 0 || summary.contains(where: { $0.0 == "findingsPerRule" }) else { return summary }
        var summary = summary
        func update(_ key: String, _ value: (JSONValue?) -> JSONValue?) {
            let i = summary.firstIndex { $0.0 == key }
            guard let new = value(i.map { summary[$0].1 }) else { return }
            if let i { summary[i].1 = new } else { summary.append((key, new)) }
        }
        update("findingsPerRule") { old in
            var perRule = counts
            if case let .object(pairs)? = old {
                for case let (rule, .int(n)) in pairs { perRule[rule, default: 0] += n }
            }
            return .object(perRule.keys.sorted().map { ($0, .int(perRule[$0]!)) })
        }
        update("findingsNotListed") { old in
            let total = notListed + (old?.intValue ?? 0)
            return total > 0 ? .int(total) : nil
        }
        return summary
    }

    /// Lints telemetry already in memory (NDJSON bytes of any input kind), reported as `file`: the same findings and
    /// summary as `run(paths:options:)` on a file holding these bytes.
    public static func lint(telemetry bytes: [UInt8], file: String = "<memory>", options: LintOptions) -> LintReport {
        finished(TelemetryLinter.lint(bytes: bytes, file: file, options: options), options)
    }

    /// Applies the `--rules` severities and puts findings in report order.
    static func finished(_ report: LintReport, _ options: LintOptions) -> LintReport {
        var report = report
        report.diagnostics = Diagnostic.inReportOrder(options.rules.apply(report.diagnostics))
        return report
    }
}
