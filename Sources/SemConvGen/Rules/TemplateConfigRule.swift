import SemConvModel

extension TemplateRules {
    /// Problems of `templates.yaml` and `--param` values (reported by `TemplateSet.load`).
    static let templateConfig = RuleDescription(
        id: "template-config", category: .template, defaultSeverity: .error,
        summary: "a template directory or parameter that cannot be used: no or a malformed `templates.yaml`, unknown keys, missing templates, a `--param` that is unknown or outside what the parameter accepts (exit status 2)",
        rationale: "A template run on a wrong configuration produces wrong or uncompilable code; refusing it is cheaper.",
        fix: "Fix `templates.yaml` at the reported position, or pass a parameter value it accepts.",
        triggering: [
            RuleExample(.yaml, """
                templates:
                  - template: example.mustache
                    output: out.txt
                    ↓aply: once
                """, note: "an unknown key"),
            RuleExample(.yaml, """
                params:
                  root: {default: ↓Sem-Conv, type: swift-identifier}
                templates:
                  - template: example.mustache
                    output: out.txt
                """, note: "a default the parameter does not accept"),
        ],
        nonTriggering: [
            RuleExample(.yaml, """
                params:
                  root: {default: SemConv, type: swift-identifier}
                  access: {default: public, allowed: [public, internal, package]}
                templates:
                  - template: example.mustache
                    output: out.txt
                    apply: once
                """),
        ])
}
