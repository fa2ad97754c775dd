import Foundation
import SemConvModel

/// What a command hands to a reporter besides the findings.
public struct ReportContext: Sendable {
    /// Number of input files read.
    public var files: Int
    /// Extra summary members (lint adds lines, records, sessions, coverage...), rendered after the counts.
    public var extraSummary: [(String, JSONValue)]
    /// Whether the text reporter colours its output (a terminal without `NO_COLOR`; see `ColourPolicy`).
    public var isTerminal: Bool
    /// What was checked, in words ("1 file: 14 records against registry, the bundled model/"), printed by the
    /// text reporter under the counts so a run says what it did.
    public var checked: String?
    /// The directory SARIF and GitHub paths are relative to (nil: the working directory).
    public var basePath: String?
    /// Findings counted but not listed (over the per-rule cap): added to the totals, and said how to list.
    public var unlisted: UnlistedFindings?
    /// Descriptions of the rules findings may name (SARIF rule metadata: summary, default level, help link).
    public var rules: [RuleDescription]
    /// The tool's version (SARIF `tool.driver.version`).
    public var toolVersion: String
    /// The value detectors that mask what is printed, with the registry's vocabulary (`ValueDetector(registry:)`).
    public var detector: ValueDetector
    /// For a file inside a fetched registry source (git, archive): the source as written and the path inside it
    /// (`RegistrySourceResolver.fetchedLocation`), so SARIF names the source rather than a cache or temporary path.
    public var fetchedLocation: @Sendable (String) -> (source: String, path: String)? = { _ in nil }

    public init(files: Int, extraSummary: [(String, JSONValue)] = [], isTerminal: Bool = false,
                checked: String? = nil, basePath: String? = nil, rules: [RuleDescription] = [],
                toolVersion: String = SemConvVersion.current, detector: ValueDetector = ValueDetector(),
                unlisted: UnlistedFindings? = nil) {
        self.files = files
        self.extraSummary = extraSummary
        self.isTerminal = isTerminal
        self.checked = checked
        self.basePath = basePath
        self.rules = rules
        self.toolVersion = toolVersion
        self.detector = detector
        self.unlisted = unlisted
    }
}

/// When text output gets colour: only on a terminal, and never when `NO_COLOR` is set to a non-empty value
/// (https://no-color.org) or `TERM` is `dumb`.
public enum ColourPolicy {
    public static func enabled(isTerminal: Bool, environment: [String: String]) -> Bool {
        guard isTerminal else { return false }
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }
}

/// Turns findings into one output document. Every command and every reporter share `Diagnostic`.
public protocol Reporter: Sendable {
    /// The `--reporter` name.
    static var name: String { get }
    /// The complete output for these findings (already in report order and redacted); use `render`.
    func format(_ diagnostics: [Diagnostic], context: ReportContext) -> String
}

extension Reporter {
    /// The complete output for these findings (in report order). Values that look like personal data or
    /// credentials are masked first (see `Diagnostic.redacted(by:)`, with `context.detector`), for every reporter alike.
    public func render(_ diagnostics: [Diagnostic], context: ReportContext) -> String {
        var safe = context
        safe.extraSummary = context.extraSummary.map { ($0.0, $0.1.redacted(by: context.detector)) }
        var memo = RedactionMemo(detector: context.detector)
        var masked = diagnostics
        for i in masked.indices { memo.redact(&masked[i]) }
        return format(masked, context: safe)
    }
}

/// The reporters `--reporter` accepts.
public enum ReporterKind: String, CaseIterable, Sendable {
    case text, json, sarif, github

    public var reporter: any Reporter {
        switch self {
        case .text: TextReporter()
        case .json: JSONReporter()
        case .sarif: SARIFReporter()
        case .github: GitHubReporter()
        }
    }
}

/// Counts by severity, shared by the reporters' summaries: the listed findings plus those counted but not listed.
struct SeverityCounts {
    var errors = 0, warnings = 0, infos = 0

    init(_ diagnostics: [Diagnostic], unlisted: UnlistedFindings? = nil) {
        for d in diagnostics {
            switch d.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .info: infos += 1
            }
        }
        errors += unlisted?.errors ?? 0
        warnings += unlisted?.warnings ?? 0
        infos += unlisted?.infos ?? 0
    }
}

/// Findings a lint run counted but did not list (each rule lists up to `LintOptions.maxFindingsPerRule`), by
/// severity, with what lists more. Every reporter counts them in its totals and says so.
public struct UnlistedFindings: Sendable, Equatable {
    public var errors = 0, warnings = 0, infos = 0
    /// What lists more, e.g. "at most 10000 are listed per rule; --max-findings-per-rule N lists more".
    public var hint: String

    public var total: Int { errors + warnings + infos }

    public init(errors: Int = 0, warnings: Int = 0, infos: Int = 0, hint: String) {
        self.errors = errors
        self.warnings = warnings
        self.infos = infos
        self.hint = hint
    }

    /// The findings of `report` its summary counts (`findingsPerRule`) beyond those it lists, each at its rule's
    /// severity under `rules`; nil when every finding is listed.
    public init?(_ report: LintReport, rules: RuleSettings, hint: String) {
        let summary = Dictionary(report.extraSummary, uniquingKeysWith: { a, _ in a })
        guard case let .object(perRule) = summary["findingsPerRule"] ?? .null else { return nil }
        var listed: [String: (count: Int, severity: Severity)] = [:]
        // Runs of one rule counted first (a rule id compares with the last one without hashing).
        var run: (rule: String, count: Int, severity: Severity)?
        func flush() {
            guard let run else { return }
            listed[run.rule] = ((listed[run.rule]?.count ?? 0) + run.count, run.severity)
        }
        let diagnostics = report.diagnostics
        for i in diagnostics.indices {
            let severity = diagnostics[i].severity
            if let current = run, current.rule == diagnostics[i].rule {
                run = (current.rule, current.count + 1, severity)
            } else {
                flush()
                run = (diagnostics[i].rule, 1, severity)
            }
        }
        flush()
        let defaults = Dictionary(Linter.rules.map { ($0.id, $0.defaultSeverity) }, uniquingKeysWith: { a, _ in a })
        self.init(hint: hint)
        for (rule, value) in perRule {
            guard case let .int(count) = value else { continue }
            let extra = count - (listed[rule]?.count ?? 0)
            guard extra > 0,
                  let severity = listed[rule]?.severity ?? rules.severity(of: rule, default: defaults[rule] ?? nil) else { continue }
            switch severity {
            case .error: errors += extra
            case .warning: warnings += extra
            case .info: infos += extra
            }
        }
        if total == 0 { return nil }
    }

    /// "202610 findings not listed (…hint)".
    public var sentence: String { "\(total) finding\(total == 1 ? "" : "s") not listed: \(hint)" }
}

/// Paths as the reporters that point into a repository write them (SARIF, GitHub annotations).
enum ReportPaths {
    /// The base directory as an absolute, standardized path (nil: the working directory).
    static func base(_ basePath: String?) -> String { absolute(basePath ?? ".") }

    static func absolute(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: cwd).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    /// `file` relative to `base` when it lies under it, else nil; inputs that are not files (`<stdin>`) are nil.
    static func relative(_ file: String, to base: String) -> String? {
        guard !isStream(file) else { return nil }
        let path = absolute(file)
        let prefix = base == "/" ? "/" : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
    }

    /// Whether `file` names no file but a stream (`<stdin>`, a live-check listener's `<…>`).
    static func isStream(_ file: String) -> Bool { file.hasPrefix("<") }
}
