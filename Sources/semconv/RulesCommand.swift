import ArgumentParser
import SemConvGen
import SemConvLint
import SemConvModel

extension RuleDocumentation.Format: ExpressibleByArgument {}
extension RuleCategory: ExpressibleByArgument {}

/// Every rule the tool reports, described once (README tables, `semconv rules`, SARIF rule metadata).
enum RuleCatalog {
    static let all: [RuleDescription] = {
        let rules = RegistryChecks.rules + CompatibilityChecks.descriptions + ProjectConfig.ruleDescriptions
            + RuleSettings.ruleDescriptions + TemplateRules.all + Linter.rules
        let order = Dictionary(uniqueKeysWithValues: RuleCategory.allCases.enumerated().map { ($1, $0) })
        return rules.enumerated().sorted { a, b in
            (order[a.element.category]!, a.offset) < (order[b.element.category]!, b.offset)
        }.map(\.element)
    }()
}

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List every rule: id, default severity, what it reports, the fix, examples.",
        discussion: """
            Examples:
              semconv rules                              # one line per rule
              semconv rules session-telemetry-after-end  # one rule with its examples
              semconv rules --category telemetry --format markdown
              semconv rules --format json
            Rule severities are changed per project in semconv.yaml (lint.rules) or with --rules FILE.
            """)

    @Argument(help: ArgumentHelp("Show only these rules.", valueName: "rule-id"))
    var ids: [String] = []

    @Option(help: "Output format: text, markdown or json.")
    var format: RuleDocumentation.Format = .text

    @Option(help: "Only rules of this category: registry, compatibility, template, telemetry, config or project.")
    var category: RuleCategory?

    func run() throws {
        var rules = RuleCatalog.all
        if let category { rules = rules.filter { $0.category == category } }
        if !ids.isEmpty {
            for id in ids where !rules.contains(where: { $0.id == id || $0.aliases.contains(id) }) {
                Output.error("unknown rule '\(id)'\(Suggestions.didYouMean(id, in: rules.map(\.id)))")
                throw ExitCode(2)
            }
            rules = rules.filter { rule in ids.contains { $0 == rule.id || rule.aliases.contains($0) } }
        }
        Output.write(RuleDocumentation.render(rules, as: format))
    }
}
