/// The rules `semconv check` reports, with their default severity and a one-line summary (README lists them).
public struct CheckRule: Sendable {
    public var id: String
    public var severity: Severity
    public var summary: String
    public var fix: String?

    /// Every `check` rule id.
    public static let all: [CheckRule] = [
        CheckRule(id: "yaml-syntax", severity: .error, summary: "Not valid YAML, not UTF-8, NUL bytes, or nesting deeper than 1000 levels (at the parser's position).",
                  fix: "Fix the YAML at the reported position."),
        CheckRule(id: "duplicate-key", severity: .error, summary: "A mapping has the same key twice (reported at the second one).",
                  fix: "Remove one of the two entries."),
        CheckRule(id: "yaml-too-large", severity: .error, summary: "Aliases expand the document beyond a million nodes (\"billion laughs\"), or an alias is used as a key.",
                  fix: "Write the repeated parts out; registry files need no aliases."),
        CheckRule(id: "file-too-large", severity: .error, summary: "A registry file is larger than 8 MiB.",
                  fix: "Split the file, or check that it is a registry file."),
        CheckRule(id: "unreadable-input", severity: .error, summary: "A registry path (or an input pattern) that does not exist or holds no YAML (exit 2); symbolic-link loops (warning).",
                  fix: "Pass an existing registry directory."),
        CheckRule(id: "unreadable-file", severity: .error, summary: "A file or directory cannot be read.",
                  fix: "Check the path and its permissions."),
        CheckRule(id: "unknown-key", severity: .error, summary: "A key the format does not define, with \"did you mean\" (registry YAML, templates.yaml, semconv.yaml).",
                  fix: "Use a key the format defines."),
        CheckRule(id: "invalid-type", severity: .error, summary: "A value of the wrong YAML type, or an unknown attribute type.",
                  fix: "Write the type the field takes."),
        CheckRule(id: "invalid-value", severity: .error, summary: "An unknown stability, requirement level, instrument, span kind, deprecation reason or setting value.",
                  fix: "Use one of the values the message lists."),
        CheckRule(id: "missing-field", severity: .error, summary: "A mandatory field is missing (`id`, `type`, `metric_name`, `instrument`, `unit`, event `name`, ...).",
                  fix: "Add the field."),
        CheckRule(id: "duplicate-id", severity: .error, summary: "An attribute or group is defined twice in one registry (both places named).",
                  fix: "Keep one definition; a later registry may overlay an earlier one."),
        CheckRule(id: "undefined-reference", severity: .error, summary: "A `ref`, `extends` or `include` names nothing (the nearest name is suggested).",
                  fix: "Name an existing attribute or group."),
        CheckRule(id: "invalid-name", severity: .error, summary: "An attribute, event or metric name that is not lowercase dot-separated snake_case (at most 255 characters).",
                  fix: "Rename it, e.g. `app.checkout.item_count`."),
        CheckRule(id: "attribute-namespace-collision", severity: .error, summary: "An attribute key is also the namespace of other keys (deprecated keys excepted, as upstream allows).",
                  fix: "Rename the attribute or the namespace."),
        CheckRule(id: "invalid-enum", severity: .error, summary: "Duplicate enum member ids or values (a deprecated alias of a member excepted), or mixed value types.",
                  fix: "Give every member its own id and value of one type."),
        CheckRule(id: "invalid-renamed-to", severity: .error, summary: "A `renamed` deprecation whose `renamed_to` names nothing.",
                  fix: "Point `renamed_to` at the replacement."),
        CheckRule(id: "extends-cycle", severity: .error, summary: "`extends` or includes form a cycle.",
                  fix: "Break the cycle."),
        CheckRule(id: "invalid-annotation", severity: .error, summary: "A malformed `privacy`, `cardinality`, `aliases` or `registry_policy` annotation.",
                  fix: "Follow the annotations schema in README."),
        CheckRule(id: "missing-brief", severity: .warning, summary: "An attribute or (non attribute_group) group has no brief.",
                  fix: "Add a one-sentence `brief`."),
        CheckRule(id: "stable-references-unstable", severity: .warning, summary: "A stable group requires or recommends a non-stable attribute.",
                  fix: "Stabilize the attribute first, or make it opt_in here."),
        CheckRule(id: "deprecated-without-replacement", severity: .warning, summary: "A deprecation gives neither `renamed_to` nor a note.",
                  fix: "Say what to use instead."),
    ]

    public init(id: String, severity: Severity, summary: String, fix: String? = nil) {
        self.id = id
        self.severity = severity
        self.summary = summary
        self.fix = fix
    }

    /// The rule as a `RuleDescription` (until the check rules carry their own descriptions).
    public var ruleDescription: RuleDescription {
        RuleDescription(id: id, category: .registry, defaultSeverity: severity, summary: summary, fix: fix)
    }

    /// Every `check` rule, described.
    public static var descriptions: [RuleDescription] { all.map(\.ruleDescription) }
}
