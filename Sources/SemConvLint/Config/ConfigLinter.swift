import SemConvModel

/// Lints Grafana Alloy and Promtail pipeline configs. (Being built: see the config-lint issue.)
public enum ConfigLinter {
    public static let ruleIDs: [String] = []

    /// `.alloy` / `.river` files are Alloy; YAML with `scrape_configs` is Promtail; anything else is not a config.
    public static func detect(path: String) -> InputKind? {
        if path.hasSuffix(".alloy") || path.hasSuffix(".river") { return .alloy }
        return nil
    }

    public static func lint(path: String, kind: InputKind, options: LintOptions) -> LintReport {
        LintReport(files: 1)
    }
}
