import ArgumentParser
import Foundation
import SemConvModel

struct Resolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Print the resolved registry as deterministic JSON.",
        discussion: "Example: semconv resolve --registry model --output resolved.json")

    @OptionGroup var project: ConfigOptions
    @OptionGroup var registry: RegistryOptions

    @Option(help: ArgumentHelp("Write the JSON here instead of standard output.", valueName: "file"))
    var output: String?

    func run() throws {
        let settings = try project.settings(.resolve, registry)
        let result = try registry.load(settings, checks: false)
        let errors = RegistrySources.displayed(result.diagnostics.filter { $0.severity == .error })
        for d in errors { Output.error("\(d.location): \(d.message) [\(d.rule)]") }
        if result.inputUnusable { throw ExitCode(2) }
        let json = ResolvedJSON.document(for: result.registry, display: RegistrySources.displayPath).rendered(indent: 2) + "\n"
        if let output {
            do {
                try Output.writeFile(json, to: output)
            } catch {
                Output.error("cannot write \(output): \(SystemError.describe(error))")
                throw ExitCode(2)
            }
        } else {
            Output.write(json)
        }
        if !errors.isEmpty { throw ExitCode(1) }
    }
}
