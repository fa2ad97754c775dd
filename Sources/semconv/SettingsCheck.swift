import Foundation
import SemConvGen
import SemConvLint
import SemConvModel

/// The checks of the effective settings that need the libraries (reporters, input kinds, rule ids, template
/// parameters, lint limits): one function that every command runs for the settings it reads, and `semconv config`
/// runs for all of them. The config file's own checks (keys, types, fixed choices, listen addresses) run when it is
/// read (`ProjectConfig.load`). Every problem is at the position of its value (`<command line>` for a flag).
enum SettingsCheck {
    static func problems(_ settings: ProjectSettings, for command: ProjectSettings.Command) -> [Diagnostic] {
        func reads(_ commands: ProjectSettings.Command...) -> Bool { command == .config || commands.contains(command) }
        var problems: [Diagnostic] = []
        if reads(.check, .generate, .docs, .lint, .liveCheck) {
            _ = settings.reporter.choice(ReporterKind.self, key: "reporter", problems: &problems)
        }
        problems += pathProblems(settings, for: command)
        if reads(.check, .generate, .docs) { problems += checkRules(settings).problems }
        if reads(.generate) { problems += parameterProblems(settings) }
        if reads(.lint) {
            _ = settings.lintInput.choice(InputKind.self, key: "lint.input", problems: &problems)
        }
        if reads(.lint, .liveCheck) {
            problems += lintRules(settings).problems
            if let jobs = settings.jobs.value, !jobCounts.contains(jobs) {
                var problem = settings.jobs.problem(jobsProblem("'lint.jobs'", settings.jobs.literal ?? String(jobs)))
                problem.fix = jobsFix
                problems.append(problem)
            }
            if !lineLengths.contains(settings.maxLineLength.value) {
                problems.append(settings.maxLineLength.problem(
                    "'lint.max-line-length' must be between \(lineLengths.lowerBound) and \(lineLengths.upperBound) bytes, not \(settings.maxLineLength.value)"))
            }
            if settings.maxFindingsPerRule.value < 0 {
                problems.append(settings.maxFindingsPerRule.problem(
                    "'lint.max-findings-per-rule' must be 0 (list every finding) or more, not \(settings.maxFindingsPerRule.value)"))
            }
        }
        return problems
    }

    /// Registry directories and archives (every command reads them) and template directories (generate: 'templates',
    /// docs: 'docs.templates') that the config names and that do not exist, at the config's position. Flags are
    /// checked when used; git and URL sources when fetched.
    private static func pathProblems(_ settings: ProjectSettings, for command: ProjectSettings.Command) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        func problem<T>(_ setting: Setting<T>, _ key: String, _ path: String, _ what: String, fix: String) {
            guard case let .file(location) = setting.origin else { return }
            var diagnostic = setting.problem("'\(key)' names '\(Output.display(path))', which \(what)")
            diagnostic.fix = "fix '\(key)' in \(location.file): \(fix) (relative paths are taken from its directory)"
            problems.append(diagnostic)
        }
        for source in settings.registries.value {
            guard let missing = RegistrySource.missingLocalPath(source, relativeTo: settings.registriesBase) else { continue }
            problem(settings.registries, "registries", missing, "does not exist",
                    fix: "name an existing directory, an archive or a git URL@REF")
        }
        for (setting, key, kind) in [(settings.templates, "templates", ProjectSettings.Command.generate),
                                     (settings.docsTemplates, "docs.templates", .docs)]
        where command == kind || command == .config {
            guard let directory = setting.value else { continue }
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
            guard !(exists && isDirectory.boolValue) else { continue }
            problem(setting, key, directory, exists ? "is a file, not a directory" : "does not exist",
                    fix: "name the template directory (with templates.yaml), or 'bundled'")
        }
        return problems
    }

    /// The line lengths `--max-line-length` and `lint.max-line-length` accept.
    static let lineLengths = 1024...LintOptions.lineLengthLimit

    /// `--jobs` / `lint.jobs`: at least one worker, at most `LintOptions.maxJobs` (each holds its own parse state;
    /// more workers than cores only cost memory).
    static let jobCounts = 1...LintOptions.maxJobs

    /// `jobs`: the value as given (a whole number beyond `Int` included).
    static func jobsProblem(_ what: String, _ jobs: String) -> String {
        "\(what) must be between \(jobCounts.lowerBound) and \(jobCounts.upperBound), not \(jobs)"
    }

    static var jobsFix: String {
        "omit it to use the \(LintOptions.defaultJobs) core\(LintOptions.defaultJobs == 1 ? "" : "s") of this machine; more workers than cores only cost memory"
    }

    /// The rule ids of `semconv check` (registry and compatibility rules).
    static var checkRuleIDs: [String] { RegistryChecks.rules.map(\.id) + CompatibilityChecks.ruleIDs }

    /// The config's `lint.rules` (the rules of `lint` and `live-check`).
    static func lintRules(_ settings: ProjectSettings) -> (rules: RuleSettings, problems: [Diagnostic]) {
        rules(settings.lintRules, known: Linter.ruleIDs, other: otherRules(of: .check, here: "'lint.rules'", file: false))
    }

    /// The config's `check.rules` (the rules of `check`, and of the registry warnings `generate` and `docs` print).
    static func checkRules(_ settings: ProjectSettings) -> (rules: RuleSettings, problems: [Diagnostic]) {
        rules(settings.checkRules, known: checkRuleIDs, other: otherRules(of: .lint, here: "'check.rules'", file: false))
    }

    /// A `--rules` file of `command` (check, or lint and live-check), checked as the config's section is: a rule
    /// of the other command is an error that says where it belongs.
    static func rulesFile(_ path: String, for command: ProjectSettings.Command) -> (RuleSettings, [Diagnostic]) {
        let check = command == .check
        return RuleSettings.load(path: path, knownRules: check ? checkRuleIDs : Linter.ruleIDs,
                                 other: otherRules(of: check ? .lint : .check,
                                                   here: "'semconv \(command.rawValue) --rules'", file: true))
    }

    /// The rules of `owner` (check, or lint), named where they are set, for a rule found `here` (a config section,
    /// or a `--rules` file when `file`) among the other command's.
    private static func otherRules(of owner: ProjectSettings.Command, here: String, file: Bool) -> RuleSettings.OtherRules {
        let check = owner == .check
        let section = check ? "check.rules" : "lint.rules"
        return RuleSettings.OtherRules(here: here, command: "semconv \(owner.rawValue)",
                                       there: file ? "'\(section)' or a 'semconv \(owner.rawValue) --rules' file"
                                                                   : "'\(section)'",
                                       ids: check ? checkRuleIDs : Linter.ruleIDs)
    }

    /// Rule settings from one section of the config.
    private static func rules(_ entries: [(id: ProjectConfig.Value<String>, setting: Setting<String>)], known: [String],
                              other: RuleSettings.OtherRules) -> (rules: RuleSettings, problems: [Diagnostic]) {
        let kept = entries.map { rule in
            let at: SourceLocation = if case let .file(l) = rule.setting.origin { l } else { rule.id.location }
            return RuleSettings.Entry(id: rule.id.value, idLocation: rule.id.location, setting: rule.setting.value,
                                      settingLocation: at)
        }
        let (settings, problems) = RuleSettings.make(kept, knownRules: known, other: other)
        return (settings, problems)
    }

    /// Template parameters (the config's `access` and `params`, `--param`) that generate's templates do not take.
    private static func parameterProblems(_ settings: ProjectSettings) -> [Diagnostic] {
        guard let directory = settings.templates.value ?? BundledResources.templatesDirectory("swift"),
              let declared = TemplateSet.declaredParameters(directory: directory).parameters else {
            return []  // reported when the templates are loaded
        }
        return settings.params.compactMap { key, value in
            let written = value.origin == .flag("--param") ? "--param \(key)=\(value.value): " : ""
            guard let parameter = declared[key] else {
                var diagnostic = value.problem(written + "unknown template parameter '\(key)'"
                                               + Suggestions.didYouMean(key, in: declared.keys))
                diagnostic.fix = "the templates take: " + declared.keys.sorted().joined(separator: ", ")
                return diagnostic
            }
            guard let problem = parameter.problem(value.value) else { return nil }
            var diagnostic = value.problem(written.isEmpty ? "template parameter '\(key)' is '\(value.value)'; it \(problem)"
                                                           : written + "'\(key)' \(problem)")
            diagnostic.fix = "\(parameter.location) declares what '\(key)' accepts"
            return diagnostic
        }
    }
}
