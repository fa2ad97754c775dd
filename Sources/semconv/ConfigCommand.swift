import ArgumentParser
import Foundation
import SemConvLint
import SemConvModel

extension ProjectSettings.Command: ExpressibleByArgument {}

struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the effective configuration and where each value comes from (flag, file:line:col, default).",
        discussion: """
            Examples:
              semconv config                         # semconv.yaml here or in a parent directory
              semconv config --registry upstream --reporter sarif
              semconv config --command lint          # as 'semconv lint' reads it
              semconv config --format json
            A setting that differs between commands (the bundled model is loaded by lint and live-check, but not by
            check, resolve, generate or docs given --registry) is shown once per value, naming the commands.
            Checks everything every command checks (unknown keys, values, rule ids, template parameters, local registry
            and template paths, listen addresses), reports every problem at its position, and exits 2 when one is an
            error.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var project: ConfigOptions
    @OptionGroup var registry: RegistryOptions
    @OptionGroup var templateOptions: TemplateOptions
    @OptionGroup var report: ReportOptions

    @Option(help: "Show the settings as this command reads them: check, diff, resolve, generate, docs, lint or live-check (default: all of them).")
    var command: ProjectSettings.Command?

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func validate() throws {
        if command == .config { throw ValidationError("--command names the command whose settings to show, e.g. lint") }
    }

    /// A row of the output: a setting, and the commands it is shown for when they differ.
    struct Line {
        var row: ProjectSettings.Row
        var commands: [ProjectSettings.Command]?
    }

    func run() throws {
        let sources: [any FlagSource] = [registry, templateOptions, report]
        let (settings, problems) = project.checkedSettings(.config, sources)
        let commands = command.map { [$0] } ?? ProjectSettings.Command.allCases.filter { $0 != .config }
        let lines = Self.lines(commands.map { ($0, project.checkedSettings($0, sources).0.rows) })
        switch format {
        case .text:
            var out = "config file: \(settings.configPath ?? "none (defaults apply; semconv.yaml or .semconv.yaml is looked for from here upward)")\n"
            if let command { out += "as read by: semconv \(command.rawValue)\n" }
            let width = lines.map(\.row.key.count).max() ?? 0, valueWidth = min(48, lines.map(\.row.text.count).max() ?? 0)
            for line in lines {
                out += line.row.key.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                    + line.row.text.padding(toLength: max(valueWidth, line.row.text.count) + 2, withPad: " ", startingAt: 0)
                    + line.row.origin.description
                    + (line.commands.map { " (for " + $0.map(\.rawValue).joined(separator: ", ") + ")" } ?? "") + "\n"
            }
            Output.write(out)
        case .json:
            let doc = JSONValue.object([
                ("config", settings.configPath.map(JSONValue.string) ?? .null),
                ("command", command.map { .string($0.rawValue) } ?? .null),
                ("settings", .array(lines.map { line in
                    var pairs: [(String, JSONValue)] = [("key", .string(line.row.key)), ("value", line.row.value),
                                                        ("origin", .string(line.row.origin.description))]
                    if let commands = line.commands { pairs.append(("commands", .array(commands.map { .string($0.rawValue) }))) }
                    return .object(pairs)
                })),
            ])
            Output.write(doc.rendered(indent: 2) + "\n")
        }
        if !problems.isEmpty { Output.problems(problems) }
        if problems.contains(where: { $0.severity == .error }) { throw ExitCode(2) }
    }

    /// The rows of every command, once per key when the commands agree, else once per value with its commands
    /// (commands that do not read a key, such as docs and the config's template parameters, are left out).
    static func lines(_ perCommand: [(ProjectSettings.Command, [ProjectSettings.Row])]) -> [Line] {
        var keys: [String] = []
        for (_, rows) in perCommand { for row in rows where !keys.contains(row.key) { keys.append(row.key) } }
        return keys.flatMap { key -> [Line] in
            var groups: [(row: ProjectSettings.Row, commands: [ProjectSettings.Command])] = []
            for (command, rows) in perCommand {
                guard let row = rows.first(where: { $0.key == key }) else { continue }
                if let i = groups.firstIndex(where: { $0.row == row }) { groups[i].commands.append(command) } else {
                    groups.append((row, [command]))
                }
            }
            return groups.count == 1 ? [Line(row: groups[0].row)] : groups.map { Line(row: $0.row, commands: $0.commands) }
        }
    }
}
