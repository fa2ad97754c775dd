import ArgumentParser
import Foundation
import SemConvGen
import SemConvModel

/// `--param KEY=VALUE`, `--stability` and `--templates`, shared by generate and docs.
struct TemplateOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Template directory (with templates.yaml). Default: the bundled templates.", valueName: "dir"))
    var templates: String?

    @Option(name: .customLong("param"), help: ArgumentHelp("Template parameter (repeatable), e.g. access=internal.", valueName: "key=value"))
    var params: [String] = []

    @Option(help: "Which attributes and groups to include: stable, development or all.")
    var stability: String = "all"

    func validate() throws {
        guard ["stable", "development", "all"].contains(stability) else {
            throw ValidationError("--stability must be stable, development or all")
        }
        for p in params where !p.contains("=") {
            throw ValidationError("--param takes KEY=VALUE, got '\(p)'")
        }
    }

    var parameterValues: [String: String] {
        Dictionary(params.map { p in
            let i = p.firstIndex(of: "=")!
            return (String(p[..<i]), String(p[p.index(after: i)...]))
        }, uniquingKeysWith: { _, last in last })
    }

    func directory(default name: String) throws -> String {
        if let templates { return templates }
        guard let bundled = BundledResources.templatesDirectory(name) else {
            Output.error("cannot find the bundled templates; pass --templates DIR or set SEMCONV_HOME")
            throw ExitCode(2)
        }
        return bundled
    }

    /// Loads the registry and renders the templates, printing problems; exits 1/2 on errors.
    func render(registry: RegistryOptions, report: ReportOptions, templateKind: String) throws -> [TemplateSet.Output] {
        let loaded = RegistryLoader.load(roots: try registry.roots(), checks: false)
        let dir = try directory(default: templateKind)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
            Output.error("template directory '\(dir)' \(FileManager.default.fileExists(atPath: dir) ? "is a file, not a directory" : "does not exist")")
            throw ExitCode(2)
        }
        let registryErrors = loaded.diagnostics.filter { $0.severity == .error }
        if loaded.inputUnusable || !registryErrors.isEmpty {
            _ = report.emit(registryErrors, files: loaded.registry.fileCount)
            throw ExitCode(loaded.inputUnusable ? 2 : 1)
        }
        let result = Generator.render(registry: loaded.registry, templatesDirectory: dir, params: parameterValues,
                                      stability: stability)
        if result.diagnostics.contains(where: { $0.severity == .error }) {
            _ = report.emit(result.diagnostics.sorted(by: Diagnostic.reportOrder), files: 0)
            // A template directory or parameter that cannot be used is a usage error, like a bad flag.
            let unusable = result.diagnostics.contains { $0.severity == .error && $0.rule == "template-config" }
            throw ExitCode(unusable ? 2 : 1)
        }
        return result.outputs
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render templates into typed Swift code (constants, enums, event builders).",
        discussion: """
            Examples:
              semconv generate --output Sources/App/Generated
              semconv generate --registry ../semantic-conventions/model --param access=internal --output Gen
              semconv generate --output Sources/App/Generated --check   # CI: exit 1 if files would change
            """)

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var templateOptions: TemplateOptions
    @OptionGroup var report: ReportOptions

    @Option(help: ArgumentHelp("Output directory.", valueName: "dir"))
    var output: String = "Generated"

    @Flag(help: "Write nothing; exit 1 and list the files that would change.")
    var check = false

    @Flag(name: .customLong("dry-run"), help: "Write nothing; list the files that would be written.")
    var dryRun = false

    @Option(help: ArgumentHelp("Write everything into this one file (as the build plugin does).", valueName: "name"))
    var bundle: String?

    func run() throws {
        var outputs = try templateOptions.render(registry: registry, report: report, templateKind: "swift")
        if let bundle { outputs = Generator.bundle(outputs, into: bundle) }
        try Output.write(outputs, to: output, check: check, dryRun: dryRun, report: report)
    }
}

extension Output {
    /// Writes generated files (or checks them); exits 2 when the output cannot be written, 1 on other problems and,
    /// with `check`, when files would change.
    static func write(_ outputs: [TemplateSet.Output], to directory: String, check: Bool, dryRun: Bool,
                      report: ReportOptions) throws {
        let result = OutputWriter(directory: directory, mode: check ? .check : (dryRun ? .dryRun : .write)).write(outputs)
        if !result.diagnostics.isEmpty {
            _ = report.emit(result.diagnostics, files: outputs.count)
            throw ExitCode(result.diagnostics.contains { $0.rule == "output-write" } ? 2 : 1)
        }
        printSummary(result, directory: directory, check: check, dryRun: dryRun)
        if check, !(result.changed.isEmpty && result.removed.isEmpty) { throw ExitCode(1) }
    }

    static func printSummary(_ result: OutputWriter.Result, directory: String, check: Bool, dryRun: Bool) {
        let verb = check ? "would change" : (dryRun ? "would write" : "wrote")
        for path in result.changed { write("\(verb): \(directory)/\(path)\n") }
        for path in result.removed { write("\(check || dryRun ? "would remove" : "removed"): \(directory)/\(path)\n") }
        write("\(result.changed.count) \(check ? "changed" : (dryRun ? "to write" : "written")), \(result.unchanged.count) unchanged, "
              + "\(result.removed.count) \(check || dryRun ? "to remove" : "removed")\n")
    }
}
