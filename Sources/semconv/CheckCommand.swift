import ArgumentParser
import SemConvModel

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a semantic-conventions registry and report problems with file:line:col.",
        discussion: "Example: semconv check --registry ../semantic-conventions/model --reporter json")

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        let result = RegistryLoader.load(roots: try registry.roots())
        let status = report.emit(result.diagnostics, files: result.registry.fileCount)
        if result.inputUnusable { throw ExitCode(2) }
        if status != 0 { throw ExitCode(status) }
    }
}
