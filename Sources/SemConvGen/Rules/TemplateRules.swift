import SemConvModel

/// The rules `semconv generate` and `semconv docs` report about templates, their configuration and their output.
/// Found while a template directory is loaded, checked and rendered, and while files are written.
public enum TemplateRules {
    /// Every template rule (category `.template`), in the order `semconv rules` and the README list them.
    public static let all: [RuleDescription] = [
        templateConfig, templateSyntax, templateUnknownVariable, templateUnknownPartial, templateTooExpensive,
        outputPath, outputWrite, docsMarker,
    ]
}

extension TemplateSet {
    /// The descriptions of every template rule.
    public static var rules: [RuleDescription] { TemplateRules.all }
}
