import ArgumentParser
import Foundation
import SemConvGen
import SemConvLint
import SemConvModel

extension ReporterKind: ExpressibleByArgument {}
extension FailThreshold: ExpressibleByArgument {}
extension InputKind: ExpressibleByArgument {}

/// An option group that contributes flags to `ProjectSettings.Flags`.
protocol FlagSource {
    func apply(to flags: inout ProjectSettings.Flags)
}

/// `--config FILE` / `--no-config`: the project config every command reads.
struct ConfigOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The project config. Default: semconv.yaml or .semconv.yaml in the working directory or the nearest parent.",
                               valueName: "file"))
    var config: String?

    @Flag(name: .customLong("no-config"), help: "Read no project config.")
    var noConfig = false

    func validate() throws {
        if config != nil, noConfig {
            throw ValidationError("--config and --no-config exclude each other: name the config to read, or read none")
        }
    }

    /// The project config in use (nil: none) and the problems found reading it.
    func load() -> (config: ProjectConfig?, problems: [Diagnostic]) {
        if noConfig { return (nil, []) }
        var path = config
        if path == nil {
            let found = ProjectConfig.find()
            if !found.diagnostics.isEmpty { return (nil, found.diagnostics) }
            path = found.path
        }
        guard let path else { return (nil, []) }
        let (loaded, problems) = ProjectConfig.load(path: path)
        return (loaded, problems)
    }

    /// The flags of `sources` laid over the project config, with every problem of the config file and of the settings
    /// `command` reads (`SettingsCheck`).
    func checkedSettings(_ command: ProjectSettings.Command, _ sources: [any FlagSource]) -> (ProjectSettings, [Diagnostic]) {
        var flags = ProjectSettings.Flags()
        for source in sources { source.apply(to: &flags) }
        let (config, problems) = load()
        let settings = ProjectSettings.resolve(config: config, flags: flags, command: command)
        return (settings, problems + SettingsCheck.problems(settings, for: command))
    }

    /// The flags of `sources` laid over the project config; prints every problem and exits 2 when one is an error.
    func settings(_ command: ProjectSettings.Command, _ sources: any FlagSource...) throws -> ProjectSettings {
        let (settings, problems) = checkedSettings(command, sources)
        if !problems.isEmpty { Output.problems(problems) }
        if problems.contains(where: { $0.severity == .error }) { throw ExitCode(2) }
        return settings
    }
}

/// `--registry SOURCE` (repeatable), `--[no-]bundled-registry` and `--no-cache`.
struct RegistryOptions: ParsableArguments, FlagSource {
    @Option(name: .customLong("registry"),
            help: ArgumentHelp("A registry: a directory, an archive (.tar.gz, .zip; path or URL) or a git repository "
                               + "(URL@REF), each with an optional [SUBFOLDER]; repeatable, later ones overlay earlier "
                               + "ones. Default: the config's 'registries'.", valueName: "source"))
    var sources: [String] = []

    @Flag(name: .customLong("no-cache"), help: "Fetch git and archive sources again instead of using the cache.")
    var noCache = false

    @Flag(inversion: .prefixedNo,
          help: "Load the bundled registry (model/) too, last. Default: the config's 'bundled'; else on, except when check, resolve, generate or docs get --registry.")
    var bundledRegistry: Bool?

    func apply(to flags: inout ProjectSettings.Flags) {
        flags.registries = sources
        flags.bundled = bundledRegistry
    }

    /// The local directories to load (git and archive sources fetched, see `RegistrySources`), the bundled model
    /// last; exits 2 when a source cannot be had, there is none, or the bundled model cannot be found.
    static func roots(_ settings: ProjectSettings, noCache: Bool) throws -> [String] {
        let roots = try RegistrySources.resolve(settings.registries.value, relativeTo: settings.registriesBase,
                                              from: settings.registries.origin, noCache: noCache)
            + bundledRoots(settings)
        if roots.isEmpty {
            Output.error("no registry: the bundled one is off (\(settings.bundled.origin)) and none is named; pass --registry DIR")
            throw ExitCode(2)
        }
        return roots
    }

    /// Loads registries: every command loads through here (or `load(_:checks:)`), so all of them fetch git and
    /// archive sources with this run's resolver, honour `--no-cache` (which also applies to manifest
    /// dependencies), and report files in fetched sources as `SOURCE:PATH` (`Reporting`, `Output.problems`).
    /// Several root sets (a baseline and the current registry) load at once, in order.
    func load(rootSets: [[String]], checks: Bool) -> [RegistryLoader.Result] {
        Self.load(rootSets: rootSets, checks: checks, noCache: noCache)
    }

    static func load(rootSets: [[String]], checks: Bool, noCache: Bool) -> [RegistryLoader.Result] {
        RegistryLoader.load(rootSets: rootSets, checks: [checks], sources: RegistrySources.resolver(noCache: noCache))
    }

    /// The registries `settings` name (with the bundled model when it is on), loaded; exits 2 as `roots` does.
    func load(_ settings: ProjectSettings, checks: Bool) throws -> RegistryLoader.Result {
        load(rootSets: [try Self.roots(settings, noCache: noCache)], checks: checks)[0]
    }

    /// The bundled model's directory when the settings load it (else nothing); exits 2 when it cannot be found.
    static func bundledRoots(_ settings: ProjectSettings) throws -> [String] {
        guard settings.bundled.value else { return [] }
        guard let bundled = BundledResources.modelDirectory else {
            Output.error("cannot find the bundled registry (model/); pass --registry DIR with --no-bundled-registry, or set SEMCONV_HOME")
            throw ExitCode(2)
        }
        return [bundled]
    }

    /// The registry and its findings as `semconv check` reports them: loaded with the check rules (with `baseline`,
    /// also the compatibility rules against that earlier version), `rules` applied, paths inside fetched sources
    /// shown as `SOURCE:PATH` when `displayPaths` (SARIF keeps file paths), in report order. Exits 2 when a source
    /// cannot be had or the baseline has errors. `check`, `generate` and `docs` all judge a registry here.
    /// `work` (without a baseline) gets the resolved registry while the check rules run (`RegistryLoader`'s
    /// `load(roots:sources:overlapping:)`); it does not run when loading found errors.
    static func checked(_ settings: ProjectSettings, rules: RuleSettings, baseline: String? = nil, noCache: Bool,
                        displayPaths: Bool, overlapping work: ((Registry) -> Void)? = nil)
        throws -> (result: RegistryLoader.Result, diagnostics: [Diagnostic]) {
        let roots = try roots(settings, noCache: noCache)
        let baselineRoots = try baseline.map { try RegistrySources.resolve([$0], from: .flag("--baseline"), noCache: noCache) }
        // With a baseline, both registries load at once (each also parses its files in parallel).
        let loaded = if let work, baselineRoots == nil {
            [RegistryLoader.load(roots: roots, sources: RegistrySources.resolver(noCache: noCache), overlapping: work)]
        } else {
            load(rootSets: [roots] + (baselineRoots.map { [$0] } ?? []), checks: true, noCache: noCache)
        }
        let result = loaded[0]
        var diagnostics = result.diagnostics
        if let baseline {
            let earlier = loaded[1]
            // A baseline with errors would give findings that mean nothing: stop, as diff does.
            try requireNoErrors(earlier, "the baseline", sources: [baseline])
            if !result.inputUnusable {
                diagnostics = CompatibilityChecks.merge(
                    check: diagnostics, compatibility: CompatibilityChecks.check(baseline: earlier.registry, current: result.registry))
            }
        }
        diagnostics = rules.apply(diagnostics)
        diagnostics = displayPaths ? RegistrySources.displayed(diagnostics) : diagnostics
        return (result, diagnostics.sorted(by: Diagnostic.reportOrder))
    }

    /// Stops with exit status 2 when a registry that is only compared against (a baseline) or diffed cannot be
    /// used or has errors, listing them in the compiler form: at most 20, files that cannot be read or parsed
    /// first (the errors that follow from them come after).
    static func requireNoErrors(_ loaded: RegistryLoader.Result, _ name: String, sources: [String]) throws {
        let errors = loaded.diagnostics.filter { $0.severity == .error }
        guard loaded.inputUnusable || !errors.isEmpty else { return }
        let fileLevel: Set = ["yaml-syntax", "duplicate-key", "yaml-too-large", "file-too-large", "unreadable-input", "unreadable-file"]
        let ordered = RegistrySources.displayed(errors)
        let shown = Array((ordered.filter { fileLevel.contains($0.rule) } + ordered.filter { !fileLevel.contains($0.rule) }).prefix(20))
        Output.problems(shown.filter { fileLevel.contains($0.rule) })
        Output.problems(shown.filter { !fileLevel.contains($0.rule) })
        let what = sources.map { "'\($0)'" }.joined(separator: " + ")
        let count = errors.count == 1 ? "1 error" : "\(errors.count) errors" + (errors.count > shown.count ? " (\(shown.count) shown)" : "")
        Output.error("\(name) \(what) has \(count); fix \(errors.count == 1 ? "it" : "them") first "
                     + "('semconv check --registry SOURCE' lists every finding)")
        throw ExitCode(2)
    }

    /// "registry, model/ (bundled)": what was loaded, for the summary line.
    static func describe(_ settings: ProjectSettings) -> String {
        var names = settings.registries.value.map(Output.display)
        if settings.bundled.value { names.append("the bundled model/") }
        return names.joined(separator: ", ")
    }
}

/// `--rules`, `--max-lateness` and `--max-findings-per-rule`: how telemetry is judged and reported, for `lint` and
/// `live-check` (which also read the config's `lint.rules` and `lint.max-findings-per-rule`).
struct TelemetryCheckOptions: ParsableArguments, FlagSource {
    @Option(help: ArgumentHelp("YAML file with per-rule overrides: 'rules: {rule-id: off|info|warning|error}', laid over the config's lint.rules.",
                               valueName: "file"))
    var rules: String?

    @Option(name: .customLong("max-lateness"),
            help: ArgumentHelp("How late (event time) a record may arrive behind the newest one and still be judged with its session, e.g. 30m, 18h (default 18h: how long mobile SDKs buffer telemetry on disk).",
                               valueName: "duration"))
    var maxLateness: String?

    @Option(name: .customLong("max-findings-per-rule"),
            help: ArgumentHelp("Findings listed per rule; the rest are counted in the totals and summary (default: the config's lint.max-findings-per-rule, else \(ProjectSettings.defaultMaxFindingsPerRule); 0 lists all).",
                               valueName: "n"))
    var maxFindingsPerRule: Int?

    func validate() throws {
        if let maxLateness, DurationText.seconds(maxLateness) == nil {
            throw ValidationError("--max-lateness must be a duration such as 90s, 30m, 18h or 1h30m")
        }
        if let maxFindingsPerRule, maxFindingsPerRule < 0 {
            throw ValidationError("--max-findings-per-rule must be 0 (list every finding) or more")
        }
    }

    func apply(to flags: inout ProjectSettings.Flags) {
        flags.maxFindingsPerRule = maxFindingsPerRule
    }

    /// The config's `lint.rules` (checked with the settings) with the `--rules` file laid over them; problems of the
    /// file are added to `problems`.
    func ruleSettings(_ settings: ProjectSettings, problems: inout [Diagnostic]) -> RuleSettings {
        var ruleSettings = SettingsCheck.lintRules(settings).rules
        if let rules {
            let (parsed, fileProblems) = SettingsCheck.rulesFile(rules, for: .lint)
            problems += fileProblems
            ruleSettings = ruleSettings.overlaid(by: parsed)
        }
        return ruleSettings
    }

    /// Sets what these options and `settings` say beyond the rules: the lateness bound and the findings listed.
    func apply(_ settings: ProjectSettings, to options: inout LintOptions) {
        if let maxLateness, let seconds = DurationText.seconds(maxLateness) { options.maxLateness = seconds }
        let listed = settings.maxFindingsPerRule.value
        options.maxFindingsPerRule = listed == 0 ? Int.max : listed
    }

    /// The not-listed note of reports: how many findings each severity has beyond those listed, and what lists more.
    static func unlisted(_ report: LintReport, _ options: LintOptions) -> UnlistedFindings? {
        UnlistedFindings(report, rules: options.rules,
                         hint: "at most \(options.maxFindingsPerRule) are listed per rule; --max-findings-per-rule N (0 for all) or lint.max-findings-per-rule lists more")
    }

    /// The registry telemetry is checked against; registry errors are reported and exit with 2.
    static func registry(_ settings: ProjectSettings, registry: RegistryOptions, reporting: Reporting) throws -> Registry {
        let loaded = try registry.load(settings, checks: false)
        let registryErrors = loaded.diagnostics.filter { $0.severity == .error }
        if loaded.inputUnusable || !registryErrors.isEmpty {
            _ = reporting.emit(registryErrors, files: loaded.registry.fileCount)
            Output.error("the registry has errors; run 'semconv check' on it first")
            throw ExitCode(2)
        }
        return loaded.registry
    }
}

/// Registry sources for the CLI: one resolver per cache setting for the whole run, so temporary copies made
/// with `--no-cache` are removed when the command ends (`SemConv.main` calls `cleanUp`).
enum RegistrySources {
    private static let state = Mutex()

    /// Local directories for `sources` (see `RegistrySource`; relative paths from `base`, nil for the working
    /// directory); prints the problem and exits 2 when one fails: a local directory or archive that does not exist,
    /// or one that cannot be fetched or unpacked. The problem names where the sources were given (`origin`): the
    /// flag to fix, or the config's position and that the config is what to fix. Files in fetched sources are
    /// shown after the source as written (`displayPath`).
    static func resolve(_ sources: [String], relativeTo base: String? = nil, from origin: SettingOrigin,
                        noCache: Bool) throws -> [String] {
        let resolver = state.resolver(useCache: !noCache)
        let given = if case let .flag(name) = origin { " with \(name)" } else { "" }
        var roots: [String] = []
        for text in sources {
            do throws(RegistrySourceError) {
                if RegistrySource.missingLocalPath(text, relativeTo: base) != nil {
                    throw RegistrySourceError(source: text, message: "no such directory or archive",
                                              fix: "name an existing directory, an archive or a git URL@REF" + given)
                }
                roots.append(try resolver.resolve(text, relativeTo: base).directory)
            } catch {
                let message = "registry source '\(Output.display(error.source))': "
                if case let .file(location) = origin {
                    Output.problems([Diagnostic(.error, rule: "invalid-value", message: message + error.fullMessage,
                                                at: location, fix: "fix 'registries' in \(location.file): \(error.fix)")])
                } else {
                    Output.error(message + error.message + (error.detail.map { "\n  \($0)" } ?? "")
                                 + "\n  fix: \(error.fix)")
                }
                throw ExitCode(2)
            }
        }
        return roots
    }

    /// The run's resolver for this cache setting (for manifest dependencies, which the loader resolves).
    static func resolver(noCache: Bool) -> RegistrySourceResolver { state.resolver(useCache: !noCache) }

    /// For a file inside a source this run fetched: the source as written and the path inside it.
    @Sendable static func fetchedLocation(_ path: String) -> (source: String, path: String)? {
        state.all().lazy.compactMap { $0.fetchedLocation(path) }.first
    }

    /// `path` for messages: `SOURCE:PATH` inside a fetched source (never a cache or temporary path), else as it is.
    static func displayPath(_ path: String) -> String {
        fetchedLocation(path).map { $0.source + ":" + $0.path } ?? path
    }

    /// `diagnostics` with paths inside fetched sources shown as `SOURCE:PATH` (`displayPath`), in report order.
    static func displayed(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.map { $0.withFiles(displayPath) }.sorted(by: Diagnostic.reportOrder)
    }

    static func cleanUp() { state.cleanUp() }

    private final class Mutex: @unchecked Sendable {
        private let lock = NSLock()
        private var resolvers: [Bool: RegistrySourceResolver] = [:]

        func resolver(useCache: Bool) -> RegistrySourceResolver {
            lock.lock()
            defer { lock.unlock() }
            if let r = resolvers[useCache] { return r }
            let r = RegistrySourceResolver(useCache: useCache)
            resolvers[useCache] = r
            return r
        }

        func all() -> [RegistrySourceResolver] {
            lock.lock()
            defer { lock.unlock() }
            return resolvers.keys.sorted(by: { $0 && !$1 }).compactMap { resolvers[$0] }
        }

        func cleanUp() {
            lock.lock()
            let all = Array(resolvers.values)
            lock.unlock()
            all.forEach { $0.removeTemporaryFiles() }
        }
    }
}

/// `--templates`, `--param KEY=VALUE` and `--stability`, shared by generate and docs.
struct TemplateOptions: ParsableArguments, FlagSource {
    @Option(help: ArgumentHelp("Template directory (with templates.yaml). Default: the config's, else the bundled templates.",
                               valueName: "dir"))
    var templates: String?

    @Option(name: .customLong("param"), help: ArgumentHelp("Template parameter (repeatable), e.g. access=internal.", valueName: "key=value"))
    var params: [String] = []

    @Option(help: "Which attributes and groups to include: stable, development or all (default: all).")
    var stability: String?

    func validate() throws {
        if let stability, !ProjectConfig.stabilities.contains(stability) {
            throw ValidationError("--stability must be stable, development or all")
        }
        for p in params where !p.contains("=") {
            throw ValidationError("--param takes KEY=VALUE, got '\(p)'")
        }
    }

    func apply(to flags: inout ProjectSettings.Flags) {
        flags.templates = templates
        flags.stability = stability
        flags.params = params.map { p in
            let i = p.firstIndex(of: "=")!
            return (String(p[..<i]), String(p[p.index(after: i)...]))
        }
    }

    /// The template directory: `configured`, else the bundled one of this kind.
    static func directory(_ configured: String?, kind: String) throws -> String {
        guard let directory = candidateDirectory(configured, kind: kind) else {
            Output.error("cannot find the bundled templates; pass --templates DIR or set SEMCONV_HOME")
            throw ExitCode(2)
        }
        return directory
    }

    /// `configured`, else the bundled template directory of this kind (nil when there is none).
    static func candidateDirectory(_ configured: String?, kind: String) -> String? {
        configured ?? BundledResources.templatesDirectory(kind)
    }

    /// Loads the registry and renders the templates; exits 1/2 on errors.
    /// The registry's findings are `check`'s (its check.rules applied, `RegistryOptions.checked`), printed on
    /// standard error in the chosen reporter's form, or in the compiler form alone when `quiet` (the build plugin,
    /// whose log shows them as build warnings); registry errors stop generation (exit 1, 2 when a file cannot be
    /// used), other findings exit 1 at `--fail-on`.
    static func render(_ settings: ProjectSettings, templates: String?, kind: String, reporting: Reporting,
                       noCache: Bool, quiet: Bool = false) throws -> [TemplateSet.Output] {
        // Rendering needs only the resolved registry: it runs while the check rules do, and is used only when the
        // findings let generation go on (a template directory that is not there is reported below, as before).
        var rendered: Generator.Result?
        let candidate = candidateDirectory(templates, kind: kind)
        let (loaded, registryProblems) = try RegistryOptions.checked(
            settings, rules: SettingsCheck.checkRules(settings).rules, noCache: noCache,
            displayPaths: reporting.reporter != .sarif,
            overlapping: { registry in
                var isDirectory: ObjCBool = false
                guard let candidate, FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory),
                      isDirectory.boolValue else { return }
                rendered = Generator.render(registry: registry, templatesDirectory: candidate,
                                            params: settings.parameterValues, stability: settings.stability.value)
            })
        let dir = try directory(templates, kind: kind)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
            Output.error("template directory '\(dir)' \(FileManager.default.fileExists(atPath: dir) ? "is a file, not a directory" : "does not exist")")
            throw ExitCode(2)
        }
        if !registryProblems.isEmpty {
            if quiet {
                Output.problems(registryProblems)
            } else {
                _ = reporting.emit(registryProblems, files: loaded.registry.fileCount, to: .standardError)
            }
        }
        if loaded.inputUnusable { throw ExitCode(2) }
        if registryProblems.contains(where: { $0.severity == .error }) || reporting.failOn.isFailure(registryProblems) {
            throw ExitCode(1)
        }
        let result = rendered ?? Generator.render(registry: loaded.registry, templatesDirectory: dir,
                                                  params: settings.parameterValues, stability: settings.stability.value)
        releaseInBackground(consume loaded)
        if result.diagnostics.contains(where: { $0.severity == .error }) {
            _ = reporting.emit(result.diagnostics.sorted(by: Diagnostic.reportOrder), files: 0)
            // A template directory or parameter that cannot be used is a usage error, like a bad flag.
            let unusable = result.diagnostics.contains { $0.severity == .error && $0.rule == "template-config" }
            throw ExitCode(unusable ? 2 : 1)
        }
        return result.outputs
    }
}

extension ProjectSettings {
    var parameterValues: [String: String] {
        Dictionary(params.map { ($0.key, $0.value.value) }, uniquingKeysWith: { _, last in last })
    }
}

/// `--reporter`, `--fail-on` and `--base-path`, shared by every command that reports findings.
struct ReportOptions: ParsableArguments, FlagSource {
    @Option(help: "Output format: text, json, sarif or github (default: the config's 'reporter', else text).")
    var reporter: ReporterKind?

    @Option(name: .customLong("fail-on"),
            help: "Exit 1 when a finding is at least this severe: error, warning or never (default: the config's, else error).")
    var failOn: FailThreshold?

    @Option(name: .customLong("base-path"),
            help: ArgumentHelp("SARIF and GitHub paths are written relative to this directory (default: the config's 'base-path', else the config's directory, else the working directory).",
                               valueName: "dir"))
    var basePath: String?

    func apply(to flags: inout ProjectSettings.Flags) {
        flags.reporter = reporter?.rawValue
        flags.failOn = failOn?.rawValue
        flags.basePath = basePath
    }
}

/// How findings are reported, from the effective settings.
struct Reporting {
    var reporter: ReporterKind
    var failOn: FailThreshold
    var basePath: String

    /// Exits 2 (printing why) when the config names an unknown reporter or threshold.
    init(_ settings: ProjectSettings) throws {
        var problems: [Diagnostic] = []
        let reporter = settings.reporter.choice(ReporterKind.self, key: "reporter", problems: &problems)
        let failOn = settings.failOn.choice(FailThreshold.self, key: "fail-on", problems: &problems)
        guard let reporter, let failOn else {
            Output.problems(problems)
            throw ExitCode(2)
        }
        self.reporter = reporter
        self.failOn = failOn
        basePath = settings.basePath.value
    }

    /// Prints the findings and returns the exit status they call for. `checked` says what was checked (text);
    /// `detector` masks values (pass `ValueDetector(registry:)` once a registry is loaded).
    /// `output`: standard output, or standard error for findings beside a command's own output (generate's registry).
    func emit(_ diagnostics: [Diagnostic], files: Int, extraSummary: [(String, JSONValue)] = [],
              checked: String? = nil, detector: ValueDetector = ValueDetector(), unlisted: UnlistedFindings? = nil,
              to output: FileHandle = .standardOutput) -> Int32 {
        var context = self.context(detector: detector, isTerminal: reporter == .text && Terminal.colours(output))
        context.files = files
        context.extraSummary = extraSummary
        context.checked = checked
        context.unlisted = unlisted
        // Files in fetched registry sources: SARIF names the source in its own way (`fetchedLocation`), the other
        // reporters read SOURCE:PATH.
        let shown = reporter == .sarif ? diagnostics : diagnostics.map { $0.withFiles(RegistrySources.displayPath) }
        output.write(Data(reporter.reporter.render(shown, context: context).utf8))
        return failOn.isFailure(diagnostics) ? 1 : 0
    }

    /// What every report of this run shares: the base path, the rule catalog (SARIF rule metadata), the version
    /// and the masking detector.
    func context(detector: ValueDetector, isTerminal: Bool = false) -> ReportContext {
        var context = ReportContext(files: 0, isTerminal: isTerminal, basePath: basePath, rules: RuleCatalog.all,
                                    toolVersion: SemConvVersion.current, detector: detector)
        context.fetchedLocation = RegistrySources.fetchedLocation
        return context
    }
}

enum Output {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes a report or document to `path` (`--output`). A regular file (or a new one) is written through a
    /// temporary file and a rename, so readers never see half of it; anything else that exists (a FIFO, a device
    /// such as `/dev/stdout`, a symbolic link) is opened and written in place, never replaced by a regular file.
    static func writeFile(_ text: String, to path: String) throws {
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
            defer { try? handle.close() }
            if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG { try handle.truncate(atOffset: 0) }
            try handle.write(contentsOf: Data(text.utf8))
            return
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Why `writeFile(_:to:)` could not write `path`, found before any work is done (a temporary file is created
    /// in its directory and removed); nil when it can.
    static func unwritable(_ path: String) -> String? {
        var info = stat()
        if stat(path, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { return "it is a directory" }
            if access(path, W_OK) != 0 { return "it is not writable" }
            var link = stat()
            if lstat(path, &link) == 0, link.st_mode & S_IFMT != S_IFREG { return nil }  // written in place
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return "directory '\(directory)' does not exist"
        }
        var template = Array((directory + "/.semconv-write-test-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return "no file can be created in directory '\(directory)'" }
        close(fd)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return nil
    }

    /// A status line on standard error, without the `semconv:` prefix (e.g. live-check's `listening ...`).
    static func status(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("semconv: " + text + "\n").utf8))
    }

    static func warning(_ text: String) {
        FileHandle.standardError.write(Data(("semconv: warning: " + text + "\n").utf8))
    }

    /// Problems of the invocation itself (config file, flags) on standard error, in the compiler form.
    static func problems(_ diagnostics: [Diagnostic]) {
        let colour = Terminal.colours(FileHandle.standardError)
        let text = RegistrySources.displayed(diagnostics).map { TextReporter.lines($0.redacted(), colour: colour) }
        FileHandle.standardError.write(Data(text.joined().utf8))
    }
}

/// Terminal capabilities of an output.
enum Terminal {
    /// Whether `handle` gets colour: a terminal, `NO_COLOR` unset or empty, `TERM` not `dumb`.
    static func colours(_ handle: FileHandle) -> Bool {
        ColourPolicy.enabled(isTerminal: isatty(handle.fileDescriptor) == 1,
                             environment: ProcessInfo.processInfo.environment)
    }
}
