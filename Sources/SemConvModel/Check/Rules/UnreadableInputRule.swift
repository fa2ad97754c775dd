extension RegistryRule {
    /// A `--registry` path that cannot be used (needs a missing path: HostileInputTests).
    static let unreadableInput = RegistryRule(
        RuleDescription(
            id: "unreadable-input", category: .registry, defaultSeverity: .error,
            summary: "a `--registry` path that does not exist or holds no YAML files (exit status 2); symbolic-link loops (warning)",
            rationale: "A check of nothing must not pass silently.",
            fix: "Fix the path.",
            triggering: [
            ],
            nonTriggering: [
            ]))
}
