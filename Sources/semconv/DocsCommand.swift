import ArgumentParser
import Foundation
import SemConvGen
import SemConvModel

struct Docs: ParsableCommand, FlagSource {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Render Markdown documentation: attribute tables per namespace and per event.",
        discussion: """
            Examples:
              semconv docs --output docs/semconv
              semconv docs --update README.md docs/sessions.md   # rewrite only <!-- semconv ... --> regions
            Markers: <!-- semconv attributes NAMESPACE --> or <!-- semconv event NAME -->, closed by <!-- endsemconv -->.
            """)

    @OptionGroup var project: ConfigOptions
    @OptionGroup var registry: RegistryOptions
    @OptionGroup var templateOptions: TemplateOptions
    @OptionGroup var report: ReportOptions

    @Option(help: ArgumentHelp("Output directory for generated pages (default: the config's docs.output, else docs/semconv).",
                               valueName: "dir"))
    var output: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Update marker regions in these Markdown files instead.", valueName: "file"))
    var update: [String] = []

    @Flag(help: "Write nothing; exit 1 and list the files that would change.")
    var check = false

    @Flag(name: .customLong("dry-run"), help: "Write nothing; list the files that would be written.")
    var dryRun = false

    func apply(to flags: inout ProjectSettings.Flags) {
        flags.output = output
    }

    func run() throws {
        let settings = try project.settings(.docs, registry, templateOptions, report, self)
        let reporting = try Reporting(settings)
        if update.isEmpty {
            let outputs = try TemplateOptions.render(settings, templates: settings.docsTemplates.value, kind: "markdown",
                                                     reporting: reporting, noCache: registry.noCache)
            try Output.write(outputs, to: settings.docsOutput.value, check: check, dryRun: dryRun, reporting: reporting)
            return
        }
        let loaded = try registry.load(settings, checks: false)
        if loaded.inputUnusable { throw ExitCode(2) }
        let (set, problems) = TemplateSet.load(directory: try TemplateOptions.directory(settings.docsTemplates.value, kind: "markdown"),
                                               paramOverrides: settings.parameterValues)
        guard let set else {
            _ = reporting.emit(problems, files: 0)
            throw ExitCode(1)
        }
        let vm = ViewModel(registry: loaded.registry, params: set.params, stability: settings.stability.value)
        var diagnostics: [Diagnostic] = []
        var changed: [String] = []
        for file in update {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
                Output.error("cannot update \(file): \(isDirectory.boolValue ? "it is a directory" : "no such file")")
                throw ExitCode(2)
            }
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                Output.error("cannot read \(file): \(SystemError.describe(error))")
                throw ExitCode(2)
            }
            guard let text = String(data: data, encoding: .utf8), !text.utf8.contains(0) else {
                Output.error("cannot update \(file): it is not UTF-8 text")
                throw ExitCode(2)
            }
            let (updated, problems) = MarkdownUpdater.update(text, file: file, set: set, vm: vm)
            diagnostics += problems
            guard updated != text else { continue }
            changed.append(file)
            if !check, !dryRun {
                do {
                    try Output.writeFile(updated, to: file)
                } catch {
                    Output.error("cannot write \(file): \(SystemError.describe(error))")
                    throw ExitCode(2)
                }
            }
        }
        if !diagnostics.isEmpty { _ = reporting.emit(diagnostics, files: update.count) }
        for file in changed { Output.write("\(check || dryRun ? "would update" : "updated"): \(file)\n") }
        if !diagnostics.isEmpty || (check && !changed.isEmpty) { throw ExitCode(1) }
    }
}
