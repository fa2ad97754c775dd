import SemConvModel

/// What a command hands to a reporter besides the findings.
public struct ReportContext: Sendable {
    /// Number of input files read.
    public var files: Int
    /// Extra summary members (lint adds lines, records, sessions, coverage...), rendered after the counts.
    public var extraSummary: [(String, JSONValue)]
    /// Whether the output is a terminal (text reporter colours only then).
    public var isTerminal: Bool
    /// The value detectors that mask what is printed, with the registry's vocabulary (`ValueDetector(registry:)`).
    public var detector: ValueDetector

    public init(files: Int, extraSummary: [(String, JSONValue)] = [], isTerminal: Bool = false,
                detector: ValueDetector = ValueDetector()) {
        self.files = files
        self.extraSummary = extraSummary
        self.isTerminal = isTerminal
        self.detector = detector
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
