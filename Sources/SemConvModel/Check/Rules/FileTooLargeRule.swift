extension RegistryRule {
    /// A registry file over the size limit (needs a generated file: HostileInputTests).
    static let fileTooLarge = RegistryRule(
        RuleDescription(
            id: "file-too-large", category: .registry, defaultSeverity: .error,
            summary: "a registry file larger than 8 MiB",
            rationale: "Real registry files are kilobytes; the limit keeps a wrong path from exhausting memory.",
            fix: "Check that the path is a registry; split very large files.",
            triggering: [
            ],
            nonTriggering: [
            ]))
}
