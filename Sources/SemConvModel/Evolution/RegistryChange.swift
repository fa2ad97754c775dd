/// One change between two versions of a registry: an item added, removed, renamed, obsoleted, deprecated for
/// another reason, or updated field by field.
public struct RegistryChange: Sendable, Hashable {
    /// The kind of change. Deprecations are classified the way the OpenTelemetry schema and Weaver do.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Comparable {
        case added, removed, renamed, obsoleted, uncategorized, updated

        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public var kind: Kind
    public var item: RegistryItemKind
    /// Attribute key, metric name, event name, or group id (spans, entities without a name, attribute groups).
    public var name: String
    /// For `renamed`: the new name.
    public var renamedTo: String?
    /// For deprecations: the deprecation note; for `removed`: how the baseline had deprecated it, if it had.
    public var note: String?
    /// Stability in the current registry (the baseline's for `removed`).
    public var stability: String?
    /// Stability in the baseline (nil for `added`).
    public var baselineStability: String?
    /// For `removed`: whether the baseline had deprecated the item first.
    public var wasDeprecated: Bool
    /// Field-level changes (also on renamed and deprecated items, when their fields changed too).
    public var updates: [FieldChange]
    /// Where the item is in the current registry (nil for `removed`).
    public var location: SourceLocation?
    /// Where the item was in the baseline (nil for `added`).
    public var baselineLocation: SourceLocation?

    public init(kind: Kind, item: RegistryItemKind, name: String, renamedTo: String? = nil, note: String? = nil,
                stability: String? = nil, baselineStability: String? = nil, wasDeprecated: Bool = false,
                updates: [FieldChange] = [], location: SourceLocation? = nil, baselineLocation: SourceLocation? = nil) {
        self.kind = kind
        self.item = item
        self.name = name
        self.renamedTo = renamedTo
        self.note = note
        self.stability = stability
        self.baselineStability = baselineStability
        self.wasDeprecated = wasDeprecated
        self.updates = updates
        self.location = location
        self.baselineLocation = baselineLocation
    }

    /// `true` when every update only touches documentation (brief, note, examples, deprecation notes).
    public var isDocumentationOnly: Bool { kind == .updated && updates.allSatisfy(\.isDocumentationOnly) }

    /// Report order: item kind, name, change kind.
    public static func reportOrder(_ a: RegistryChange, _ b: RegistryChange) -> Bool {
        if a.item != b.item { return a.item < b.item }
        if a.name != b.name { return a.name < b.name }
        return a.kind < b.kind
    }
}

/// One field that changed on an item that exists in both registries.
public struct FieldChange: Sendable, Hashable {
    /// The field, as upstream spells it: `type`, `stability`, `deprecated`, `enum_member`, `enum_member.value`,
    /// `enum_member.stability`, `enum_member.deprecated`, `requirement_level`, `attribute`, `unit`, `instrument`,
    /// `span_kind`, `body_field`, `body_field.type`, `body_field.requirement_level`, `brief`, `note`, `examples`,
    /// `enum_member.brief`, `enum_member.note`, `deprecated.note`.
    public var field: String
    /// What inside the item: the enum member id, the attribute key (in a group), the body field path.
    public var subject: String?
    /// The value before (nil when the field or subject was added).
    public var before: String?
    /// The value after (nil when the field or subject was removed).
    public var after: String?
    /// `true` for brief, note, examples and deprecation-note changes, which change no telemetry.
    public var isDocumentationOnly: Bool
    /// Where the new value is written in the current registry, when it is.
    public var location: SourceLocation?

    public init(field: String, subject: String? = nil, before: String?, after: String?,
                isDocumentationOnly: Bool = false, location: SourceLocation? = nil) {
        self.field = field
        self.subject = subject
        self.before = before
        self.after = after
        self.isDocumentationOnly = isDocumentationOnly
        self.location = location
    }

    /// `added`, `removed` or `changed`.
    public var change: String {
        switch (before, after) {
        case (nil, _): "added"
        case (_, nil): "removed"
        default: "changed"
        }
    }
}
