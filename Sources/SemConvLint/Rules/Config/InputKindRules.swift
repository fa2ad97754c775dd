import SemConvModel

extension ConfigRule {
    /// An input that holds no config of the kind asked for, or nothing `semconv lint` reads at all. Reported while
    /// inputs are routed (`ConfigLinter.route`), before any fact exists, so the check itself finds nothing.
    static let noConfig = ConfigRule(
        description: RuleDescription(
            id: "no-config", category: .config, defaultSeverity: .error,
            summary: "an input that is no config of the kind `--input` (or `lint.input`) forces, or neither telemetry nor a config `semconv lint` reads (a Kubernetes manifest, another YAML file, plain text)",
            rationale: "Linting a file as the wrong kind finds nothing in it, and a pass would hide the mistake; reading a YAML or text file as telemetry gives one `invalid-json` per line instead of saying what the file is.",
            fix: "Drop `--input` to tell the kind from the content, or force the kind the file is (`--input alloy|promtail|collector`); remove files that are no config.",
            triggering: [
                RuleExample(.promtail, """
                    ↓apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: promtail
                    """, note: "a Kubernetes manifest is no Promtail config (the config inside it is a string)"),
                RuleExample(.promtail, """
                    ↓receivers:
                      otlp:
                        protocols:
                          http:
                    exporters:
                      loki:
                        endpoint: http://loki:3100/loki/api/v1/push
                    """, note: "an OpenTelemetry Collector config read as Promtail"),
            ],
            nonTriggering: [
                RuleExample(.promtail, """
                    clients:
                      - url: http://loki:3100/loki/api/v1/push
                    positions:
                      filename: /tmp/positions.yaml
                    """, note: "a Promtail config without scrape_configs is still one"),
            ]),
        check: { _, _, _ in [] })

    /// The finding for `file`, which holds `content` where `wanted` was asked for (nil: auto, nothing matched).
    static func noConfigFinding(_ file: String, content: ConfigContent, wanted: InputKind?) -> Diagnostic {
        let at = SourceLocation(file: file, line: 1, column: 1)
        if let wanted {
            let use = content.configKind.map { "force '--input \($0.rawValue)' instead, or drop the forced kind" }
                ?? "drop the forced kind (--input, lint.input) to tell the kind from the content"
            return noConfig.finding("'\(file)' holds no \(wanted.configName): it is \(content.description), but the input kind is forced to \(wanted.rawValue)",
                                    at: at, fix: use)
        }
        return noConfig.finding("'\(file)' is \(content.description), neither telemetry nor a config semconv lint reads (Alloy, Promtail, OpenTelemetry Collector)",
                                at: at,
                                fix: "remove it from the inputs; if it is a config of one of those kinds, force it with --input alloy, promtail or collector")
    }

    /// Standard input that ended before any byte: nothing was checked.
    static let emptyInput = ConfigRule(
        description: RuleDescription(
            id: "empty-input", category: .config, defaultSeverity: .warning,
            summary: "standard input was empty: nothing was checked (an empty file is not reported)",
            rationale: "`semconv lint` reads standard input when no file is named, so a pipe whose producer failed would otherwise pass with 0 findings. An empty file, by contrast, is a valid recording of nothing.",
            fix: "Check the command that feeds standard input, or name the files to lint."),
        check: { _, _, _ in [] })

    /// `bytes`: how many bytes standard input held, all of them blank (spaces, tabs, line ends).
    static func emptyInputFinding(_ display: String, bytes: Int) -> Diagnostic {
        emptyInput.finding(bytes == 0 ? "nothing was read from standard input: no telemetry and no config was checked"
                               : "standard input held only blank lines (\(bytes) byte\(bytes == 1 ? "" : "s")): no telemetry and no config was checked",
                           at: SourceLocation(file: display),
                           fix: "check the command that feeds standard input, or name the files to lint")
    }
}

extension InputKind {
    /// "Alloy config", "Promtail config", "OpenTelemetry Collector config"; for telemetry kinds, their name.
    var configName: String {
        switch self {
        case .alloy: "Alloy config"
        case .promtail: "Promtail config"
        case .collector: "OpenTelemetry Collector config"
        default: rawValue
        }
    }
}
