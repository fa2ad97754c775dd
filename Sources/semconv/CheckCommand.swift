import ArgumentParser
import SemConvLint
import SemConvModel

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a semantic-conventions registry and report problems with file:line:col.",
        discussion: """
            Examples:
              semconv check                                   # the project's registries (semconv.yaml), else model/
              semconv check --registry ../semantic-conventions/model --reporter json
              semconv check --registry model --baseline 'https://github.com/open-telemetry/semantic-conventions.git@v1.40.0[model]'
            With --baseline, the compatibility rules compare the registry with that earlier version of it.
            Rule severities: the config's check.rules, with --rules FILE laid over them.
            """)

    @OptionGroup var project: ConfigOptions
    @OptionGroup var registry: RegistryOptions
    @OptionGroup var report: ReportOptions

    @Option(help: ArgumentHelp("An earlier version of the registry (same source syntax as --registry): also report "
                               + "breaking changes since it.", valueName: "source"))
    var baseline: String?

    @Option(help: ArgumentHelp("YAML file with per-rule overrides: 'rules: {rule-id: off|info|warning|error}', laid over the config's check.rules.",
                               valueName: "file"))
    var rules: String?

    func run() throws {
        let settings = try project.settings(.check, registry, report)
        let reporting = try Reporting(settings)
        var ruleSettings = SettingsCheck.checkRules(settings).rules
        if let rules {
            let (parsed, problems) = RuleSettings.load(path: rules, knownRules: SettingsCheck.checkRuleIDs)
            if !problems.isEmpty {
                Output.problems(problems)
                throw ExitCode(2)
            }
            ruleSettings = ruleSettings.overlaid(by: parsed)
        }
        let noCache = registry.noCache
        let roots = try registry.roots(settings)
        let baselineRoots = try baseline.map { try RegistrySources.resolve([$0], noCache: noCache) }
        // With a baseline, both registries load at once (each also parses its files in parallel).
        let loaded = registry.load(rootSets: [roots] + (baselineRoots.map { [$0] } ?? []), checks: true)
        let result = loaded[0]
        var diagnostics = result.diagnostics
        if baseline != nil {
            let earlier = loaded[1]
            // A baseline with errors would give findings that mean nothing: stop, as diff does.
            try RegistryOptions.requireNoErrors(earlier, "the baseline", sources: baseline.map { [$0] } ?? [])
            if !result.inputUnusable {
                diagnostics = CompatibilityChecks.merge(
                    check: diagnostics, compatibility: CompatibilityChecks.check(baseline: earlier.registry, current: result.registry))
            }
        }
        diagnostics = ruleSettings.apply(diagnostics)
        // Files inside fetched sources as SOURCE:PATH (`Reporting.emit` does so for locations; here for the
        // baseline's location added to messages below; SARIF names sources in its own way).
        if reporting.reporter != .sarif {
            diagnostics = RegistrySources.displayed(diagnostics)
        }
        // The text and GitHub reporters print no related locations: say where a compatibility finding's item was.
        if reporting.reporter == .text || reporting.reporter == .github {
            let compatibility = Set(CompatibilityChecks.ruleIDs)
            diagnostics = diagnostics.map { d in
                guard compatibility.contains(d.rule), let was = d.related.first else { return d }
                var d = d
                d.message += " (baseline: \(was))"
                return d
            }
        }
        diagnostics.sort(by: Diagnostic.reportOrder)
        let r = result.registry
        let status = reporting.emit(diagnostics, files: r.fileCount,
                                    checked: "\(r.attributes.count) attributes and \(r.groups.count) groups of "
                                        + RegistryOptions.describe(settings)
                                        + (baseline.map { ", against the baseline \($0)" } ?? ""))
        if result.inputUnusable { throw ExitCode(2) }
        if status != 0 { throw ExitCode(status) }
    }
}
