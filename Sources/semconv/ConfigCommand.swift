import ArgumentParser
import Foundation
import SemConvLint
import SemConvModel

struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the effective configuration and where each value comes from (flag, file:line:col, default).",
        discussion: """
            Examples:
              semconv config                         # semconv.yaml here or in a parent directory
              semconv config --registry upstream --reporter sarif
              semconv config --format json
            Checks the config file as every command does: unknown keys and rule ids are errors with "did you mean".
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var project: ConfigOptions
    @OptionGroup var registry: RegistryOptions
    @OptionGroup var templateOptions: TemplateOptions
    @OptionGroup var report: ReportOptions

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let settings = try project.settings(.config, registry, templateOptions, report)
        var problems: [Diagnostic] = []
        _ = settings.reporter.choice(ReporterKind.self, key: "reporter", problems: &problems)
        _ = settings.lintInput.choice(InputKind.self, key: "lint.input", problems: &problems)
        problems += RuleSettings.make(settings.configRuleEntries, knownRules: Linter.ruleIDs).1
        let rows = settings.rows
        switch format {
        case .text:
            var out = "config file: \(settings.configPath ?? "none (defaults apply; semconv.yaml or .semconv.yaml is looked for from here upward)")\n"
            let width = rows.map(\.key.count).max() ?? 0, valueWidth = min(48, rows.map(\.value.count).max() ?? 0)
            for row in rows {
                out += row.key.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                    + row.value.padding(toLength: max(valueWidth, row.value.count) + 2, withPad: " ", startingAt: 0)
                    + row.origin.description + "\n"
            }
            Output.write(out)
        case .json:
            let doc = JSONValue.object([
                ("config", settings.configPath.map(JSONValue.string) ?? .null),
                ("settings", .array(rows.map { row in
                    .object([("key", .string(row.key)), ("value", .string(row.value)),
                             ("origin", .string(row.origin.description))])
                })),
            ])
            Output.write(doc.rendered(indent: 2) + "\n")
        }
        if !problems.isEmpty {
            Output.problems(problems)
            throw ExitCode(2)
        }
    }
}
