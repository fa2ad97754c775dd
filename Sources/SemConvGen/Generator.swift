import SemConvModel

/// Renders a registry through a template directory: the one entry point `generate`, `docs` and the plugin use.
public enum Generator {
    public struct Result {
        public var outputs: [TemplateSet.Output]
        public var diagnostics: [Diagnostic]
    }

    /// Loads `templatesDirectory` (strictly checked) and renders it for `registry`.
    public static func render(registry: Registry, templatesDirectory: String, params: [String: String] = [:],
                              stability: String = "all") -> Result {
        var (set, diagnostics) = TemplateSet.load(directory: templatesDirectory, paramOverrides: params)
        diagnostics.sort(by: Diagnostic.reportOrder)
        guard let set else { return Result(outputs: [], diagnostics: diagnostics) }
        let rendered = set.render(registry: registry, stability: stability)
        return Result(outputs: rendered.outputs, diagnostics: diagnostics + rendered.diagnostics)
    }

    /// All outputs joined into one file (in output order), for build plugins that must name their outputs
    /// before generation runs.
    public static func bundle(_ outputs: [TemplateSet.Output], into name: String) -> [TemplateSet.Output] {
        guard !outputs.isEmpty else {
            return [TemplateSet.Output(path: name, content: "// \(GeneratedFile.marker)\n")]
        }
        let content = outputs.map { output in
            "// MARK: - \(output.path)\n\n" + output.content
        }.joined(separator: "\n")
        return [TemplateSet.Output(path: name, content: "// \(GeneratedFile.marker)\n" + content)]
    }
}
