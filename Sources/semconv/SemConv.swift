import ArgumentParser
import Foundation
import SemConvLint
import SemConvModel

@main
struct SemConv: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "semconv",
        // The plugins' tool shares this file but not live-check (see Commands.swift): say only what this one does.
        abstract: "Semantic conventions for Swift: check registries, generate typed code, lint telemetry and pipelines"
            + (commands.contains { $0.configuration.commandName == "live-check" } ? ", check running apps live." : "."),
        discussion: """
            Exit status: 0 = ok, 1 = findings at or above --fail-on, 2 = usage error or unreadable input.

            Every command reads the project config, semconv.yaml (or .semconv.yaml) in the working directory or the \
            nearest parent; flags override it ('semconv config' shows the result). Without registries there or on \
            the command line, commands use the bundled session registry (model/).

            Shell completion: semconv --generate-completion-script bash|zsh|fish
            """,
        version: SemConvVersion.current,
        subcommands: commands
    )

    /// Runs the command; usage errors exit with 2 (not ArgumentParser's 64), help and version with 0.
    static func main() {
        // Before any file is opened: a closed standard input must not hand descriptor 0 to the next file opened.
        _ = StandardInputStream.closedAtStart
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
