/// The kinds of registry item `semconv diff` compares, each with the identity it keeps across releases.
public enum RegistryItemKind: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Keyed by attribute key; enum members are compared as fields of their attribute.
    case attribute
    /// Keyed by metric name.
    case metric
    /// Keyed by event name.
    case event
    /// Keyed by group id (spans have no other stable name yet).
    case span
    /// Keyed by entity name (the group id when there is none).
    case entity
    /// Keyed by group id.
    case attributeGroup = "attribute_group"

    public static func < (lhs: RegistryItemKind, rhs: RegistryItemKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Singular, for messages ("attribute group").
    public var label: String { self == .attributeGroup ? "attribute group" : rawValue }

    /// Plural heading for reports ("Attributes", "Metrics").
    public var title: String {
        switch self {
        case .attribute: "Attributes"
        case .metric: "Metrics"
        case .event: "Events"
        case .span: "Spans"
        case .entity: "Entities"
        case .attributeGroup: "Attribute groups"
        }
    }

    var groupType: GroupType? {
        switch self {
        case .attribute: nil
        case .metric: .metric
        case .event: .event
        case .span: .span
        case .entity: .entity
        case .attributeGroup: .attributeGroup
        }
    }
}

/// A registry's groups by the identity each kind keeps across releases, plus where each attribute is defined.
/// When two groups claim one name (a refinement and its base, say), the first by id is the item.
struct RegistryItems {
    let registry: Registry
    private let groupsByKind: [RegistryItemKind: [String: Group]]
    /// Attribute key → the group whose `attributes:` defines it (not a reference).
    let definingGroup: [String: Group]

    init(_ registry: Registry) {
        self.registry = registry
        var byKind: [RegistryItemKind: [String: Group]] = [:]
        var defining: [String: Group] = [:]
        for group in registry.sortedGroups {
            for item in group.attributes where !item.isReference && defining[item.key] == nil {
                defining[item.key] = group
            }
            guard let kind = RegistryItemKind.allCases.first(where: { $0.groupType == group.type }),
                  let name = RegistryItems.name(of: group, as: kind) else { continue }
            if byKind[kind, default: [:]][name] == nil { byKind[kind, default: [:]][name] = group }
        }
        groupsByKind = byKind
        definingGroup = defining
    }

    static func name(of group: Group, as kind: RegistryItemKind) -> String? {
        switch kind {
        case .attribute: nil
        case .metric: group.metricName ?? group.id
        case .event: group.eventName
        case .entity: group.name ?? group.id
        case .span, .attributeGroup: group.id
        }
    }

    func groups(_ kind: RegistryItemKind) -> [String: Group] { groupsByKind[kind] ?? [:] }

    /// Every name of this kind (attribute keys for `.attribute`).
    func names(_ kind: RegistryItemKind) -> Set<String> {
        kind == .attribute ? Set(registry.attributes.keys) : Set(groups(kind).keys)
    }

    func contains(_ name: String, as kind: RegistryItemKind) -> Bool {
        kind == .attribute ? registry.attribute(forKey: name) != nil : groups(kind)[name] != nil
    }
}
