extension RegistryRule {
    /// A file or directory that cannot be read (needs file permissions: HostileInputTests).
    static let unreadableFile = RegistryRule(
        RuleDescription(
            id: "unreadable-file", category: .registry, defaultSeverity: .error,
            summary: "a registry file or directory that cannot be read",
            rationale: "A file that cannot be read may hold definitions the rest relies on.",
            fix: "Check permissions; remove stray directories named like YAML files.",
            triggering: [
            ],
            nonTriggering: [
            ]))
}
