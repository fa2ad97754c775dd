import SemConvModel

extension TemplateRules {
    /// Template syntax errors, at the tag.
    static let templateSyntax = RuleDescription(
        id: "template-syntax", category: .template, defaultSeverity: .error,
        summary: "Mustache syntax errors: unfinished tags, sections never closed or closed with another name, set-delimiter tags, sections nested more than 32 deep",
        rationale: "A template that does not parse renders nothing or the wrong thing.",
        fix: "Fix the tag at the reported position.",
        triggering: [
            RuleExample(.mustache, """
                ↓{{#attributes}}
                - {{key}}
                """, note: "a section never closed"),
            RuleExample(.mustache, """
                {{#attributes}}
                - ↓{{key}
                {{/attributes}}
                """, note: "an unfinished tag"),
        ],
        nonTriggering: [
            RuleExample(.mustache, """
                {{#attributes}}
                - {{key}}
                {{/attributes}}
                """),
        ])
}
