import ArgumentParser
import SemConvLint
import SemConvModel

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a semantic-conventions registry and report problems with file:line:col.",
        discussion: """
            Examples:
              semconv check --registry ../semantic-conventions/model --reporter json
              semconv check --registry model --baseline 'https://github.com/open-telemetry/semantic-conventions.git@v1.40.0[model]'
            With --baseline, the compatibility rules compare the registry with that earlier version of it.
            """)

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var report: ReportOptions

    @Option(help: ArgumentHelp("An earlier version of the registry (same source syntax as --registry): also report "
                               + "breaking changes since it.", valueName: "source"))
    var baseline: String?

    @Option(help: ArgumentHelp("YAML file with per-rule overrides: 'rules: {rule-id: off|info|warning|error}'.",
                               valueName: "file"))
    var rules: String?

    func run() throws {
        var settings = RuleSettings()
        if let rules {
            let known = RegistryChecks.rules.map(\.id) + CompatibilityChecks.ruleIDs
            let (parsed, problems) = RuleSettings.load(path: rules, knownRules: known)
            if !problems.isEmpty {
                _ = report.emit(problems, files: 1)
                throw ExitCode(2)
            }
            settings = parsed
        }
        let roots = try registry.roots()
        let baselineRoots = try baseline.map { try RegistrySources.resolve([$0], noCache: registry.noCache) }
        // With a baseline, both registries load at once (each also parses its files in parallel).
        let loaded = RegistryLoader.load(rootSets: [roots] + (baselineRoots.map { [$0] } ?? []),
                                         checks: [true, false], sources: RegistrySources.resolver(noCache: registry.noCache))
        let result = loaded[0]
        var diagnostics = result.diagnostics
        var unusable = result.inputUnusable
        if baseline != nil {
            let earlier = loaded[1]
            if earlier.inputUnusable {
                _ = report.emit(earlier.diagnostics.filter { $0.severity == .error }, files: earlier.registry.fileCount)
                throw ExitCode(2)
            }
            if !result.inputUnusable {
                diagnostics = CompatibilityChecks.merge(
                    check: diagnostics, compatibility: CompatibilityChecks.check(baseline: earlier.registry, current: result.registry))
            }
            unusable = unusable || earlier.inputUnusable
        }
        diagnostics = settings.apply(diagnostics).sorted(by: Diagnostic.reportOrder)
        let status = report.emit(diagnostics, files: result.registry.fileCount)
        if unusable { throw ExitCode(2) }
        if status != 0 { throw ExitCode(status) }
    }
}
