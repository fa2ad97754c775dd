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
    /// The directory SARIF paths are relative to (nil: the working directory).
    public var basePath: String?
    /// Descriptions of the rules findings may name (SARIF rule metadata: summary, default level, help link).
    public var rules: [RuleDescription]
    /// The tool's version (SARIF `tool.driver.version`).
    public var toolVersion: String
    /// The value detectors that mask what is printed, with the registry's vocabulary (`ValueDetector(registry:)`).
    public var detector: ValueDetector

    public init(files: Int, extraSummary: [(String, JSONValue)] = [], isTerminal: Bool = false,
                checked: String? = nil, basePath: String? = nil, rules: [RuleDescription] = [],
                toolVersion: String = SemConvVersion.current, detector: ValueDetector = ValueDetector()) {
        self.files = files
        self.extraSummary = extraSummary
        self.isTerminal = isTerminal
        self.checked = checked
        self.basePath = basePath
        self.rules = rules
        self.toolVersion = toolVersion
        self.detector = detector
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
        return format(diagnostics.map { $0.redacted(by: context.detector) }, context: safe)
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

/// Counts by severity, shared by the reporters' summaries.
struct SeverityCounts {
    var errors = 0, warnings = 0, infos = 0

    init(_ diagnostics: [Diagnostic]) {
        for d in diagnostics {
            switch d.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .info: infos += 1
            }
        }
    }
}
