import ArgumentParser
import Foundation
import SemConvModel

@main
struct SemConv: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "semconv",
        abstract: "Semantic conventions for Swift: check registries, generate typed code, lint telemetry and pipelines.",
        discussion: """
            Exit status: 0 = ok, 1 = findings at or above --fail-on, 2 = usage error or unreadable input.
            Without --registry, commands use the bundled session registry (model/).
            """,
        version: "0.1.0",
        subcommands: [Check.self, Diff.self, Resolve.self, Generate.self, Docs.self, Lint.self]
    )

    /// Runs the command; usage errors exit with 2 (not ArgumentParser's 64), help and version with 0.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
            RegistrySources.cleanUp()
        } catch let code as ExitCode {
            RegistrySources.cleanUp()
            Foundation.exit(code.rawValue)
        } catch {
            RegistrySources.cleanUp()
            let status = exitCode(for: error)
            if status == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = fullMessage(for: error)
            FileHandle.standardError.write(Data((message.isEmpty ? "\(error)" : message).utf8 + [0x0A]))
            Foundation.exit(2)
        }
    }
}
