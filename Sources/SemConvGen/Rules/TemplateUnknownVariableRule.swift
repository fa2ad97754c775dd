import SemConvModel

extension TemplateRules {
    /// Names the view-model does not have, checked before anything is rendered.
    static let templateUnknownVariable = RuleDescription(
        id: "template-unknown-variable", category: .template, defaultSeverity: .error,
        summary: "a variable or section the view-model does not have, with the nearest valid names",
        rationale: "swift-mustache renders a missing name as empty text: a typo would silently drop content from generated code.",
        fix: "Use one of the names in README, \"Template variables\".",
        triggering: [
            RuleExample(.mustache, """
                {{#attributes}}
                - {{key}}: ↓{{breif}}
                {{/attributes}}
                """),
        ],
        nonTriggering: [
            RuleExample(.mustache, """
                {{#attributes}}
                - {{key}}: {{brief}}
                {{/attributes}}
                """),
        ])
}
