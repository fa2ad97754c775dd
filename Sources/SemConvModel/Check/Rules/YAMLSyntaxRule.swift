extension RegistryRule {
    /// YAML that does not parse (reported by `YAMLSource` at the parser's position).
    static let yamlSyntax = RegistryRule(
        RuleDescription(
            id: "yaml-syntax", category: .registry, defaultSeverity: .error,
            summary: "a file that is not valid YAML: syntax errors, not UTF-8, NUL bytes, nesting deeper than 1000 levels",
            rationale: "Nothing in a file that does not parse can be checked.",
            fix: "Fix the YAML at the reported position.",
            triggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: ↓"unterminated
                    """, note: "a quoted string never closed: reported where it starts"),
            ],
            nonTriggering: [
                RuleExample(.yaml, """
                    groups:
                      - id: registry.demo
                        type: attribute_group
                        brief: Demo attributes.
                        attributes:
                          - id: demo.name
                            type: string
                            brief: A name.
                    """),
            ]))
}
