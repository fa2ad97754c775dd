import SemConvModel

extension TemplateRules {
    /// Broken markers in a Markdown file (Markdown input: DocsTests).
    static let docsMarker = RuleDescription(
        id: "docs-marker", category: .template, defaultSeverity: .error,
        summary: "`semconv docs --update`: a marker never closed, or naming no namespace or event",
        rationale: "The region a broken marker should receive would stay stale.",
        fix: "Close the marker with `<!-- endsemconv -->` and name an existing namespace or event.",
        triggering: [
        ],
        nonTriggering: [
        ])
}
