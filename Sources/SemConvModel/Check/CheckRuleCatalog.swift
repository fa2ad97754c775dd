/// The rules `semconv check` reports, with their default severity and a one-line summary (README lists them).
public struct CheckRule: Sendable {
    public var id: String
    public var severity: Severity
    public var summary: String

    /// Every `check` rule id.
    public static let all: [CheckRule] = [
        CheckRule(id: "yaml-syntax", severity: .error, summary: "the file is not valid YAML (or not UTF-8)"),
        CheckRule(id: "duplicate-key", severity: .error, summary: "a mapping has the same key twice"),
        CheckRule(id: "yaml-too-large", severity: .error, summary: "aliases expand the document beyond a million nodes"),
        CheckRule(id: "file-too-large", severity: .error, summary: "a registry file is larger than 8 MiB"),
        CheckRule(id: "unreadable-input", severity: .error, summary: "a registry path is missing or holds no YAML files"),
        CheckRule(id: "unreadable-file", severity: .error, summary: "a file or directory cannot be read"),
        CheckRule(id: "unknown-key", severity: .error, summary: "a key the format does not define (with did-you-mean)"),
        CheckRule(id: "invalid-type", severity: .error, summary: "a value of the wrong YAML type, or an unknown attribute type"),
        CheckRule(id: "invalid-value", severity: .error, summary: "an unknown stability, requirement level, instrument, span kind or reason"),
        CheckRule(id: "missing-field", severity: .error, summary: "a mandatory field is missing (id, type, metric_name, ...)"),
        CheckRule(id: "duplicate-id", severity: .error, summary: "an attribute or group is defined twice (both places named)"),
        CheckRule(id: "undefined-reference", severity: .error, summary: "a ref, extends or include names nothing (nearest name suggested)"),
        CheckRule(id: "invalid-name", severity: .error, summary: "a name breaks the naming rules (lowercase dot-separated snake_case, at most 255 characters)"),
        CheckRule(id: "attribute-namespace-collision", severity: .error, summary: "an attribute key is also the namespace of other attributes (deprecated keys excepted)"),
        CheckRule(id: "invalid-enum", severity: .error, summary: "duplicate member ids or values, or mixed value types"),
        CheckRule(id: "invalid-renamed-to", severity: .error, summary: "renamed_to points to nothing"),
        CheckRule(id: "extends-cycle", severity: .error, summary: "extends or includes form a cycle"),
        CheckRule(id: "invalid-annotation", severity: .error, summary: "a privacy, cardinality, alias or registry_policy annotation is malformed"),
        CheckRule(id: "missing-brief", severity: .warning, summary: "an attribute or (non attribute_group) group has no brief"),
        CheckRule(id: "stable-references-unstable", severity: .warning, summary: "a stable group requires or recommends a non-stable attribute"),
        CheckRule(id: "deprecated-without-replacement", severity: .warning, summary: "a deprecation gives neither renamed_to nor a note"),
    ]
}
