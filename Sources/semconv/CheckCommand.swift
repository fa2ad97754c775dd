import ArgumentParser
import SemConvLint
import SemConvModel

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
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
            let (parsed, problems) = SettingsCheck.rulesFile(rules, for: .check)
            if !problems.isEmpty {
                Output.problems(problems)
                throw ExitCode(2)
            }
            ruleSettings = ruleSettings.overlaid(by: parsed)
        }
        let (result, checked) = try RegistryOptions.checked(settings, rules: ruleSettings, baseline: baseline,
                                                            noCache: registry.noCache,
                                                            displayPaths: reporting.reporter != .sarif)
        var diagnostics = checked
        // In text and GitHub annotations a compatibility finding says in its message where its item was (GitHub
        // shows no related locations; text would list it again on a line of its own).
        if reporting.reporter == .text || reporting.reporter == .github {
            let compatibility = Set(CompatibilityChecks.ruleIDs)
            diagnostics = diagnostics.map { d in
                guard compatibility.contains(d.rule), let was = d.related.first else { return d }
                var d = d
                d.message += " (baseline: \(was))"
                d.related = []
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
