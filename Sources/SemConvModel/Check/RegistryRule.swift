/// A rule of `semconv check`: its description (id, severity, marked examples) and, for the rules that look across
/// the resolved registry, the check. The other rules are found while files are read and resolved (YAML problems,
/// unknown keys, wrong types, references); their findings come from the readers, under the same ids.
struct RegistryRule: Sendable {
    let description: RuleDescription
    let check: (@Sendable (RegistryRule, [SpecFile], Registry) -> [Diagnostic])?

    init(_ description: RuleDescription,
         check: (@Sendable (RegistryRule, [SpecFile], Registry) -> [Diagnostic])? = nil) {
        self.description = description
        self.check = check
    }

    var id: String { description.id }

    /// A finding of this rule at its default severity.
    func finding(_ message: String, at location: SourceLocation, fix: String, attribute: String? = nil,
                 event: String? = nil, related: [SourceLocation] = []) -> Diagnostic {
        Diagnostic(description.defaultSeverity ?? .warning, rule: description.id, message: message, at: location,
                   fix: fix, attribute: attribute, event: event, related: related)
    }
}

/// The rules `semconv check` reports, in the order `semconv rules` and the README list them.
public enum RegistryChecks {
    static let all: [RegistryRule] = [
        .yamlSyntax, .duplicateKey, .yamlTooLarge, .fileTooLarge, .unreadableInput, .unreadableFile, .unknownKey,
        .invalidType, .invalidValue, .missingField, .duplicateID, .undefinedReference, .invalidName,
        .attributeNamespaceCollision, .invalidEnum, .invalidRenamedTo, .extendsCycle, .invalidAnnotation,
        .deprecatedFileFormat, .missingBrief, .stableReferencesUnstable, .deprecatedWithoutReplacement,
    ]

    /// The descriptions of every `check` rule (category `.registry`).
    public static var rules: [RuleDescription] { all.map(\.description) }

    /// Runs the rules that look across the whole resolved registry.
    static func run(files: [SpecFile], registry: Registry) -> [Diagnostic] {
        all.flatMap { rule in rule.check?(rule, files, registry) ?? [] }
    }

    /// Attribute definitions as written (references left out).
    static func definitions(_ files: [SpecFile]) -> [AttributeSpec] {
        files.flatMap { f in f.attributes + f.groups.flatMap { $0.attributes.filter { !$0.isReference } } }
    }
}
