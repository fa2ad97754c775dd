import SemConvModel

extension TemplateRules {
    /// A file the writer cannot write (needs an unwritable directory: OutputWriterTests).
    static let outputWrite = RuleDescription(
        id: "output-write", category: .template, defaultSeverity: .error,
        summary: "a generated file that cannot be written (exit status 2)",
        rationale: "A partial write would leave generated code out of step with the registry.",
        fix: "Check that the output directory is writable.",
        triggering: [
        ],
        nonTriggering: [
        ])
}
