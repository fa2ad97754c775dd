import SemConvModel

extension TemplateRules {
    /// Output names outside the output directory, at the `output:` value.
    static let outputPath = RuleDescription(
        id: "output-path", category: .template, defaultSeverity: .error,
        summary: "a generated file name that would land outside the output directory (`..`, absolute paths, symbolic links), or two templates writing the same file",
        rationale: "Generation must never write outside the directory it was given.",
        fix: "Make the output name a relative path without `..`, distinct per template.",
        triggering: [
            RuleExample(.yaml, """
                templates:
                  - template: example.mustache
                    output: ↓"../outside.txt"
                """),
        ],
        nonTriggering: [
            RuleExample(.yaml, """
                templates:
                  - template: example.mustache
                    output: "inside/out.txt"
                """),
        ])
}
