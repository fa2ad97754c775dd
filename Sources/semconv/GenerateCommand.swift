import ArgumentParser
import Foundation
import SemConvGen
import SemConvModel

struct Generate: ParsableCommand, FlagSource {
    static let configuration = CommandConfiguration(
        abstract: "Render templates into typed Swift code (constants, enums, event builders).",
        discussion: """
            Examples:
              semconv generate                      # as semconv.yaml says (generate.output, default Generated)
              semconv generate --output Sources/App/Generated
              semconv generate --registry ../semantic-conventions/model --param access=internal --output Gen
              semconv generate --output Sources/App/Generated --check   # CI: exit 1 if files would change
            """)

    @OptionGroup var project: ConfigOptions
    @OptionGroup var registry: RegistryOptions
    @OptionGroup var templateOptions: TemplateOptions
    @OptionGroup var report: ReportOptions

    @Option(help: ArgumentHelp("Output directory (default: the config's generate.output, else Generated).", valueName: "dir"))
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

    func apply(to flags: inout ProjectSettings.Flags) {
        flags.output = output
        flags.bundle = bundle
    }

    func run() throws {
        let settings = try project.settings(.generate, registry, templateOptions, report, self)
        let reporting = try Reporting(settings)
        var outputs = try TemplateOptions.render(settings, templates: settings.templates.value, kind: "swift",
                                                 reporting: reporting)
        if let bundle { outputs = Generator.bundle(outputs, into: bundle) }
        try Output.write(outputs, to: settings.generateOutput.value, check: check, dryRun: dryRun, reporting: reporting)
        if let declaredInputs { try checkDeclared(declaredInputs, settings) }
    }

    /// Build-plugin mode: keep the declared hard links current, and when a file was read that SwiftPM's plan does
    /// not declare (the plan is older than the registry or the config), make the next build run again.
    private func checkDeclared(_ list: String, _ settings: ProjectSettings) throws {
        guard let inputs = DeclaredInputs(listFile: list) else {
            Output.error("cannot read the declared-inputs list '\(list)'")
            throw ExitCode(2)
        }
        inputs.relink()
        var roots = try RegistryOptions.roots(settings)
        roots.append(try TemplateOptions.directory(settings.templates.value, kind: "swift"))
        if let config = settings.configPath { roots.append(config) }
        let missing = inputs.undeclared(roots: roots)
        guard !missing.isEmpty else { return }
        inputs.markStale()
        Output.error("note: \(missing.count) input file\(missing.count == 1 ? "" : "s") (e.g. \(missing[0])) appeared after SwiftPM planned this build; generation runs on every build until the plan is refreshed (any change to Package.swift or to a target's file list refreshes it)")
    }
}

extension Output {
    /// Writes generated files (or checks them); exits 2 when the output cannot be written, 1 on other problems and,
    /// with `check`, when files would change.
    static func write(_ outputs: [TemplateSet.Output], to directory: String, check: Bool, dryRun: Bool,
                      reporting: Reporting) throws {
        let result = OutputWriter(directory: directory, mode: check ? .check : (dryRun ? .dryRun : .write)).write(outputs)
        if !result.diagnostics.isEmpty {
            _ = reporting.emit(result.diagnostics, files: outputs.count)
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
