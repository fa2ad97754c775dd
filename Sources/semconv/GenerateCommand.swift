import ArgumentParser
import Foundation
import SemConvGen
import SemConvModel

struct Generate: ParsableCommand, FlagSource {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Render templates into typed Swift code (constants, enums, event builders).",
        discussion: """
            Examples:
              semconv generate                      # as semconv.yaml says (generate.output; see below)
              semconv generate --output Sources/App/Generated
              semconv generate --registry ../semantic-conventions/model --param access=internal --output Gen
              semconv generate --output Sources/App/Generated --check   # CI: exit 1 if files would change
            Without --output or generate.output, the code goes where 'swift package generate-semconv' puts it: for
            a config in a SwiftPM target's directory, its SemConv/ folder; for a config beside Package.swift with
            one target under Sources/, that target's SemConv/ folder; otherwise Generated/ (beside the config).
            Registry warnings are printed on standard error (the config's check.rules apply).
            """)

    @OptionGroup var project: ConfigOptions
    @OptionGroup var registry: RegistryOptions
    @OptionGroup var templateOptions: TemplateOptions
    @OptionGroup var report: ReportOptions

    @Option(help: ArgumentHelp("Output directory (default: the config's generate.output, else the target's SemConv/ folder or Generated; see below).", valueName: "dir"))
    var output: String?

    @Flag(help: "Write nothing; exit 1 and list the files that would change.")
    var check = false

    @Flag(name: .customLong("dry-run"), help: "Write nothing; list the files that would be written.")
    var dryRun = false

    @Option(help: ArgumentHelp("Write everything into this one file (as the build plugin does).", valueName: "name"))
    var bundle: String?

    @Option(name: .customLong("declared-inputs"),
            help: ArgumentHelp("The build plugin's list of declared input files: touched when generation read a file it lacks, so the next build runs again.",
                               valueName: "file"))
    var declaredInputs: String?

    @Option(name: .customLong("target-directory"),
            help: ArgumentHelp("The command plugin's target: the output directory must be inside it.", valueName: "dir",
                               visibility: .hidden))
    var targetDirectory: String?

    func apply(to flags: inout ProjectSettings.Flags) {
        flags.output = output
        flags.bundle = bundle
    }

    func run() throws {
        var project = self.project
        if declaredInputs != nil, let planned = project.config { project.config = try Self.plannedConfig(planned) }
        let settings = try project.settings(.generate, registry, templateOptions, report, self)
        let reporting = try Reporting(settings)
        if let targetDirectory { try Self.requireInside(targetDirectory, settings) }
        var outputs = try TemplateOptions.render(settings, templates: settings.templates.value, kind: "swift",
                                                 reporting: reporting, noCache: registry.noCache,
                                                 quiet: declaredInputs != nil)
        if let bundle { outputs = Generator.bundle(outputs, into: bundle) }
        try Output.write(outputs, to: settings.generateOutput.value, check: check, dryRun: dryRun, reporting: reporting,
                         quiet: declaredInputs != nil)
        if let declaredInputs { try checkDeclared(declaredInputs, settings) }
    }

    /// Build-plugin mode: the config SwiftPM planned the build with, or, when it was renamed since (`semconv.yaml`
    /// to `.semconv.yaml`), the config now in its directory; exits 2 with what to do when there is none.
    static func plannedConfig(_ path: String) throws -> String {
        if FileManager.default.fileExists(atPath: path) { return path }
        let directory = (path as NSString).deletingLastPathComponent
        if let found = ProjectConfig.fileNames.map({ (directory as NSString).appendingPathComponent($0) })
            .first(where: FileManager.default.fileExists(atPath:)) {
            return found
        }
        Output.error("""
            the project config \(path), which this build was planned with, is gone (renamed or deleted), and there is \
            no other in \(directory); restore it, or make SwiftPM plan the build again (any change to Package.swift, \
            e.g. 'touch Package.swift') so the plugin looks for the config anew
            """)
        throw ExitCode(2)
    }

    /// Command-plugin mode: the committed code must land in the target the plugin generates for.
    static func requireInside(_ target: String, _ settings: ProjectSettings) throws {
        let output = URL(fileURLWithPath: settings.generateOutput.value).standardizedFileURL.path
        let directory = URL(fileURLWithPath: target).standardizedFileURL.path
        guard !output.hasPrefix(directory + "/") && output != directory else { return }
        Output.error("""
            the generated code would go to \(Output.display(settings.generateOutput.value)) (generate.output, \
            \(settings.generateOutput.origin)), which is not inside the target's directory \(Output.display(target)); \
            set 'generate: {output: \(Output.display(target))/\(ProjectSettings.targetOutputFolder)}' in \
            \(settings.configPath.map(Output.display) ?? "semconv.yaml"), so this command and 'semconv generate --check' \
            agree where the code is
            """)
        throw ExitCode(2)
    }

    /// Build-plugin mode: keep the declared hard links current, and when a file was read that SwiftPM's plan does
    /// not declare (the plan is older than the registry or the config), make the next build run again.
    private func checkDeclared(_ list: String, _ settings: ProjectSettings) throws {
        guard let inputs = DeclaredInputs(listFile: list) else {
            Output.error("cannot read the declared-inputs list '\(list)'")
            throw ExitCode(2)
        }
        inputs.relink()
        // Local registry files only: what git and archive sources unpack into the cache is not the package's (the
        // plugin declares a local archive itself, and nothing for git, whose tags do not change).
        var roots = settings.registries.value.compactMap { text -> String? in
            guard case let .directory(path)? = try? RegistrySource.parse(text, relativeTo: settings.registriesBase) else { return nil }
            return path
        }
        if settings.bundled.value, let model = BundledResources.modelDirectory { roots.append(model) }
        roots.append(try TemplateOptions.directory(settings.templates.value, kind: "swift"))
        if let config = settings.configPath { roots.append(config) }
        let missing = inputs.undeclared(roots: roots)
        guard !missing.isEmpty else { return }
        inputs.markStale()
        Output.error("note: \(missing.count) input file\(missing.count == 1 ? "" : "s") (e.g. \(Output.display(missing[0]))) appeared after SwiftPM planned this build; generation runs on every build until the plan is refreshed (any change to Package.swift or to a target's file list refreshes it)")
    }
}

extension Output {
    /// Writes generated files (or checks them); exits 2 when the output cannot be written, 1 on other problems and,
    /// with `check`, when files would change.
    /// `quiet` (the build plugin): say only what was written, by file name, and nothing when nothing changed.
    static func write(_ outputs: [TemplateSet.Output], to directory: String, check: Bool, dryRun: Bool,
                      reporting: Reporting, quiet: Bool = false) throws {
        let result = OutputWriter(directory: directory, mode: check ? .check : (dryRun ? .dryRun : .write)).write(outputs)
        if !result.diagnostics.isEmpty {
            _ = reporting.emit(result.diagnostics, files: outputs.count)
            throw ExitCode(result.diagnostics.contains { $0.rule == "output-write" } ? 2 : 1)
        }
        if quiet {
            for path in result.changed + result.removed { write("semconv: \(result.removed.contains(path) ? "removed" : "generated") \(path)\n") }
        } else {
            printSummary(result, directory: display(directory), check: check, dryRun: dryRun)
        }
        if check, !(result.changed.isEmpty && result.removed.isEmpty) { throw ExitCode(1) }
    }

    static func printSummary(_ result: OutputWriter.Result, directory: String, check: Bool, dryRun: Bool) {
        let verb = check ? "would change" : (dryRun ? "would write" : "wrote")
        let prefix = directory == "." ? "" : directory + "/"
        for path in result.changed { write("\(verb): \(prefix)\(path)\n") }
        for path in result.removed { write("\(check || dryRun ? "would remove" : "removed"): \(prefix)\(path)\n") }
        write("\(result.changed.count) \(check ? "changed" : (dryRun ? "to write" : "written")), \(result.unchanged.count) unchanged, "
              + "\(result.removed.count) \(check || dryRun ? "to remove" : "removed")\n")
    }

    /// `path` for messages: relative to the working directory when it lies under it, else as it is.
    static func display(_ path: String) -> String {
        guard path.hasPrefix("/") else { return path }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
        if standardized == cwd { return "." }
        return standardized.hasPrefix(cwd + "/") ? String(standardized.dropFirst(cwd.count + 1)) : path
    }
}
