import ArgumentParser

extension SemConv {
    /// The subcommands of `semconv`. The plugins' tool (Sources/semconv-plugin-tool) shares every command file but
    /// this one: its list leaves out live-check, so it links no network stack.
    static let commands: [any ParsableCommand.Type] = [
        Check.self, Diff.self, Resolve.self, Generate.self, Docs.self, Lint.self, LiveCheck.self, Report.self, Rules.self,
        Config.self,
    ]
}
