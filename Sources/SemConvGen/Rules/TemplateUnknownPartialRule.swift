import SemConvModel

extension TemplateRules {
    /// Partials that do not exist, at the tag.
    static let templateUnknownPartial = RuleDescription(
        id: "template-unknown-partial", category: .template, defaultSeverity: .error,
        summary: "a partial (`{{> name}}`) with no `name.mustache` in the template directory",
        rationale: "A missing partial renders as nothing.",
        fix: "Add the partial file, or fix the name.",
        triggering: [
            RuleExample(.mustache, """
                {{#attributes}}
                ↓{{> attribute}}
                {{/attributes}}
                """),
        ],
        nonTriggering: [
            RuleExample(.mustache, """
                {{#attributes}}
                {{> attribute}}
                {{/attributes}}
                """, context: ["partial:attribute": "- {{key}}"]),
        ])
}
