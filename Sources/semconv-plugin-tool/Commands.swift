import ArgumentParser

extension SemConv {
    /// `semconv` without live-check: the tool the SwiftPM plugins run (every other command file is a symlink into
    /// ../semconv), so a package that uses the plugins compiles no network stack.
    static let commands: [any ParsableCommand.Type] = [
        Check.self, Diff.self, Resolve.self, Generate.self, Docs.self, Lint.self, Report.self, Rules.self,
        Config.self,
    ]
}
