/// An attribute: its definition, or (inside a group) its definition with the group's overrides applied.
public struct Attribute: Hashable, Sendable {
    /// The full key, e.g. `session.id` (for templates: the key prefix, e.g. `http.request.header`).
    public var key: String
    public var type: AttributeType
    public var brief: String?
    public var note: String?
    public var examples: [JSONValue]
    public var stability: String?
    public var deprecated: Deprecation?
    /// Free-form annotations (our privacy, cardinality and alias annotations live here).
    public var annotations: JSONValue?
    /// The requirement level: in a group, the group's; on a definition, the definition's default (if any).
    public var requirementLevel: RequirementLevel?
    public var samplingRelevant: Bool?
    /// Entity role (`identifying` / `descriptive`), when given.
    public var role: String?
    public var tag: String?
    /// Where the attribute is defined.
    public var location: SourceLocation
    /// Where each field is written (for a group's usage: the reference's overrides laid over the definition's).
    public var fieldLocations = FieldLocations()

    public init(key: String, type: AttributeType, brief: String? = nil, note: String? = nil, examples: [JSONValue] = [],
                stability: String? = nil, deprecated: Deprecation? = nil, annotations: JSONValue? = nil,
                requirementLevel: RequirementLevel? = nil, samplingRelevant: Bool? = nil, role: String? = nil,
                tag: String? = nil, location: SourceLocation) {
        self.key = key
        self.type = type
        self.brief = brief
        self.note = note
        self.examples = examples
        self.stability = stability
        self.deprecated = deprecated
        self.annotations = annotations
        self.requirementLevel = requirementLevel
        self.samplingRelevant = samplingRelevant
        self.role = role
        self.tag = tag
        self.location = location
    }

    /// The namespace: everything before the last dot (`session` for `session.id`), or "" for a bare key.
    public var namespace: String {
        guard let dot = key.lastIndex(of: ".") else { return "" }
        return String(key[..<dot])
    }

    /// The first key segment (`http` for `http.request.method`).
    public var rootNamespace: String {
        String(key.split(separator: ".", maxSplits: 1).first ?? Substring(key))
    }
}

/// An attribute as used by a group: the (overridden) attribute and where the group mentions it.
public struct GroupAttribute: Hashable, Sendable {
    public var attribute: Attribute
    /// Where the group lists it (the `ref:` or `id:` line).
    public var location: SourceLocation
    /// `true` when the group refers to an attribute defined elsewhere.
    public var isReference: Bool

    public init(attribute: Attribute, location: SourceLocation, isReference: Bool) {
        self.attribute = attribute
        self.location = location
        self.isReference = isReference
    }

    public var key: String { attribute.key }
    /// The group's requirement level; `recommended` when the registry leaves it out (the upstream default).
    public var requirementLevel: RequirementLevel { attribute.requirementLevel ?? .recommended(nil) }
}

/// A field of an event body (the older upstream way to describe event payloads).
public struct BodyField: Hashable, Sendable {
    public var id: String
    /// The type name as written (`map`, `string`, `enum`, `undefined`, `int`, ...).
    public var typeName: String
    public var brief: String?
    public var note: String?
    public var requirementLevel: RequirementLevel?
    public var stability: String?
    public var examples: [JSONValue]
    public var members: [EnumMember]
    public var fields: [BodyField]
    public var location: SourceLocation

    public init(id: String, typeName: String, brief: String? = nil, note: String? = nil,
                requirementLevel: RequirementLevel? = nil, stability: String? = nil, examples: [JSONValue] = [],
                members: [EnumMember] = [], fields: [BodyField] = [], location: SourceLocation) {
        self.id = id
        self.typeName = typeName
        self.brief = brief
        self.note = note
        self.requirementLevel = requirementLevel
        self.stability = stability
        self.examples = examples
        self.members = members
        self.fields = fields
        self.location = location
    }

    /// The field's value type as an attribute type (`.other` for `map` and `undefined`).
    public var attributeType: AttributeType {
        if typeName == "enum" { return .enumeration(EnumType(members: members)) }
        return AttributeType(name: typeName) ?? .other(typeName)
    }
}

/// A resolved group (attribute group, span, event, metric, entity, ...).
public struct Group: Hashable, Sendable {
    public var id: String
    public var type: GroupType
    public var brief: String?
    public var note: String?
    public var stability: String?
    public var deprecated: Deprecation?
    public var displayName: String?
    /// Event name, entity name, or span name when given.
    public var name: String?
    public var prefix: String?
    public var extends: String?
    public var metricName: String?
    public var instrument: String?
    public var unit: String?
    public var spanKind: String?
    /// `public` or `internal` (definition/2 attribute groups).
    public var visibility: String?
    public var entityAssociations: [String]
    public var annotations: JSONValue?
    public var body: BodyField?
    /// All attributes after `extends`, group references and overrides, in declaration order.
    public var attributes: [GroupAttribute]
    public var location: SourceLocation
    /// Where each field is written (`stability`, `unit`, `instrument`, ...).
    public var fieldLocations = FieldLocations()

    public init(id: String, type: GroupType, location: SourceLocation) {
        self.id = id
        self.type = type
        self.location = location
        self.entityAssociations = []
        self.attributes = []
    }

    /// The event name for event groups (`name`, else `prefix`, else the id without `event.`).
    public var eventName: String? {
        guard type == .event else { return nil }
        if let name { return name }
        if let prefix { return prefix }
        return id.hasPrefix("event.") ? String(id.dropFirst(6)) : id
    }

    public func attribute(_ key: String) -> GroupAttribute? { attributes.first { $0.key == key } }
}

/// A loaded, resolved registry: every attribute definition and every group, plus the policy declared in annotations.
public struct Registry: Sendable {
    /// Attribute definitions by key.
    public var attributes: [String: Attribute]
    /// Groups by id.
    public var groups: [String: Group]
    /// The policy (privacy, cardinality, aliases, owned namespaces, session policy) read from annotations.
    public var policy: RegistryPolicy
    /// The directories the registry was loaded from, in order.
    public var roots: [String]
    /// Number of YAML files read.
    public var fileCount: Int

    public init(attributes: [String: Attribute], groups: [String: Group], policy: RegistryPolicy, roots: [String],
                fileCount: Int) {
        self.attributes = attributes
        self.groups = groups
        self.policy = policy
        self.roots = roots
        self.fileCount = fileCount
    }

    /// Attribute definitions sorted by key.
    public var sortedAttributes: [Attribute] { attributes.values.sorted { $0.key < $1.key } }

    /// Groups sorted by id.
    public var sortedGroups: [Group] { groups.values.sorted { $0.id < $1.id } }

    /// Event groups by event name (first by group id when several groups share a name).
    public var eventsByName: [String: Group] {
        var result: [String: Group] = [:]
        for group in sortedGroups where group.type == .event {
            if let name = group.eventName, result[name] == nil { result[name] = group }
        }
        return result
    }

    /// The definition for `key`, including template attributes whose prefix matches (`http.request.header.x`).
    public func attribute(forKey key: String) -> Attribute? {
        if let a = attributes[key] { return a }
        var end = key.endIndex
        while let dot = key[..<end].lastIndex(of: ".") {
            if let a = attributes[String(key[..<dot])], a.type.isTemplate { return a }
            end = dot
        }
        return nil
    }
}
