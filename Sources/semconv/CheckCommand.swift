import ArgumentParser
import SemConvModel

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a semantic-conventions registry and report problems with file:line:col.",
        discussion: """
            Examples:
              semconv check                                   # the project's registries (semconv.yaml), else model/
              semconv check --registry ../semantic-conventions/model --reporter json
            """)

    @OptionGroup var project: ConfigOptions
    @OptionGroup var registry: RegistryOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        let settings = try project.settings(.check, registry, report)
        let reporting = try Reporting(settings)
        let result = RegistryLoader.load(roots: try RegistryOptions.roots(settings))
        let r = result.registry
        let status = reporting.emit(result.diagnostics, files: r.fileCount,
                                    checked: "\(r.attributes.count) attributes and \(r.groups.count) groups of "
                                        + RegistryOptions.describe(settings))
        if result.inputUnusable { throw ExitCode(2) }
        if status != 0 { throw ExitCode(status) }
    }
}
