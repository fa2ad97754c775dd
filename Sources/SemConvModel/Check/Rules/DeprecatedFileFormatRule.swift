extension RegistryRule {
    /// The deprecated spelling of the definition/2 format selector (reported while reading, at the value).
    static let deprecatedFileFormat = RegistryRule(
        RuleDescription(
            id: "deprecated-file-format", category: .registry, defaultSeverity: .warning,
            summary: "a file that selects the newer format with the deprecated `version: \"2\"` instead of `file_format: definition/2`",
            rationale: "Upstream renamed the key; tools that follow upstream read `version` as nothing.",
            fix: "Write `file_format: definition/2`.",
            triggering: [
                RuleExample(.yaml, """
                    version: ↓"2"
                    attributes:
                      - key: demo.name
                        type: string
                        brief: A name.
                        stability: development
                    """),
            ],
            nonTriggering: [
                RuleExample(.yaml, """
                    file_format: definition/2
                    attributes:
                      - key: demo.name
                        type: string
                        brief: A name.
                        stability: development
                    """),
            ]))
}
