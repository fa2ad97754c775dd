import SemConvModel

extension TemplateRules {
    /// Renderings stopped by the render budget (at the template).
    static let templateTooExpensive = RuleDescription(
        id: "template-too-expensive", category: .template, defaultSeverity: .error,
        summary: "a rendering that spends the budget: more than 2,000,000 section iterations, or partial recursion deeper than 256 KiB of stack",
        rationale: "A template nesting list sections over a large registry, or recursing without end, would run for hours or crash.",
        fix: "Do not open a list section inside another one over a large list.",
        triggering: [
            RuleExample(.mustache, """
                ↓{{#attributes}}{{#attributes}}{{#attributes}}{{#attributes}}{{#attributes}}
                {{key}}
                {{/attributes}}{{/attributes}}{{/attributes}}{{/attributes}}{{/attributes}}
                """),
        ],
        nonTriggering: [
            RuleExample(.mustache, """
                {{#attributes}}{{#attributes}}
                {{key}}
                {{/attributes}}{{/attributes}}
                """),
        ])
}
