import SemConvModel

extension ConfigRule {
    /// A config file that cannot be read at all (exit status 2). Reported by `ConfigLinter.lint(path:)`, before any
    /// fact exists, so the check itself finds nothing and there is no example: it needs a missing or huge file.
    static let configUnreadable = ConfigRule(
        description: RuleDescription(
            id: "config-unreadable", category: .config, defaultSeverity: .error,
            summary: "a config that cannot be read: missing, unreadable, over 64 MiB, or a directory without `.alloy` files (exit status 2)",
            rationale: "Nothing can be checked in a file that cannot be read. A directory is read as Alloy reads it, as the config made of its `.alloy` files; without any, there is nothing to read.",
            fix: "Check the path and permissions; name the config files."),
        check: { _, _, _ in [] })

    /// The finding for a config at `path` that cannot be read.
    static func unreadable(_ path: String, _ message: String, fix: String) -> Diagnostic {
        configUnreadable.finding(message, at: SourceLocation(file: path), fix: fix)
    }
}
