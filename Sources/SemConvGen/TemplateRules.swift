import SemConvModel

/// The rules of `semconv generate` and `semconv docs`: template directories, rendering and writing.
public enum TemplateRules {
    public static let descriptions: [RuleDescription] = [
        .init(id: "template-config", category: .template, defaultSeverity: .error,
              summary: "`templates.yaml` is invalid: an unknown key, a bad `apply`, `filter` or `when`, an unknown or missing parameter.",
              fix: "Follow the template directory format in README; unknown names get \"did you mean\"."),
        .init(id: "template-syntax", category: .template, defaultSeverity: .error,
              summary: "A Mustache syntax error, an unclosed or mismatched section, a template over 1 MiB or nested deeper than 32 sections, a set-delimiter tag.",
              fix: "Fix the template at the reported position."),
        .init(id: "template-unknown-variable", category: .template, defaultSeverity: .error,
              summary: "A variable or section the view-model does not have (with the nearest valid names).",
              fix: "Use a name from the template variables list in README."),
        .init(id: "template-unknown-partial", category: .template, defaultSeverity: .error,
              summary: "A partial that is not in the template directory, or one that includes itself unconditionally.",
              fix: "Add the `.mustache` file, or include it only inside a section."),
        .init(id: "template-too-expensive", category: .template, defaultSeverity: .error,
              summary: "Rendering exceeds the budget: 2,000,000 section iterations or 256 KiB of stack.",
              fix: "Simplify the template; real templates stay far below the budget."),
        .init(id: "output-path", category: .template, defaultSeverity: .error,
              summary: "An output name lands outside the output directory (`..`, absolute, symbolic link), or two templates write one file.",
              fix: "Give every template its own relative output name."),
        .init(id: "output-write", category: .template, defaultSeverity: .error,
              summary: "A generated file cannot be written (exit 2).",
              fix: "Check the output directory and its permissions."),
        .init(id: "docs-marker", category: .template, defaultSeverity: .error,
              summary: "A `<!-- semconv ... -->` marker in a Markdown file is never closed or names no namespace or event.",
              fix: "Close it with `<!-- endsemconv -->` and name an existing namespace or event."),
    ]
}
