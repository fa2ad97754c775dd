import SemConvModel

/// Lints recorded telemetry (OTLP/JSON, flat events, Faro NDJSON). (Being built: see the telemetry-lint issue.)
public enum TelemetryLinter {
    public static let ruleIDs: [String] = []

    public static func run(paths: [String], options: LintOptions) -> LintReport {
        LintReport(files: paths.count)
    }
}
