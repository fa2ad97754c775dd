/// The declared type of an attribute.
public indirect enum AttributeType: Hashable, Sendable, CustomStringConvertible {
    case string, int, double, boolean
    case stringArray, intArray, doubleArray, booleanArray
    /// `any`: any OpenTelemetry AnyValue.
    case any
    /// `template[T]`: a family of keys `prefix.<suffix>` whose values have type `T`.
    case template(AttributeType)
    case enumeration(EnumType)
    /// A type name we do not know (kept verbatim, reported by `check`), or body-only types such as `map` / `undefined`.
    case other(String)

    /// Parses a scalar type name such as `string[]` or `template[int]`.
    public init?(name: String) {
        switch name {
        case "string": self = .string
        case "int": self = .int
        case "double": self = .double
        case "boolean": self = .boolean
        case "string[]": self = .stringArray
        case "int[]": self = .intArray
        case "double[]": self = .doubleArray
        case "boolean[]": self = .booleanArray
        case "any": self = .any
        default:
            if name.hasPrefix("template["), name.hasSuffix("]") {
                let inner = String(name.dropFirst("template[".count).dropLast())
                guard let innerType = AttributeType(name: inner), innerType.isPrimitiveOrArray else { return nil }
                self = .template(innerType)
            } else {
                return nil
            }
        }
    }

    /// `true` for the eight primitive and array types.
    public var isPrimitiveOrArray: Bool {
        switch self {
        case .string, .int, .double, .boolean, .stringArray, .intArray, .doubleArray, .booleanArray: true
        default: false
        }
    }

    /// `true` for `template[...]`.
    public var isTemplate: Bool {
        if case .template = self { return true }
        return false
    }

    /// The upstream spelling (`string[]`, `template[int]`, `enum`).
    public var description: String {
        switch self {
        case .string: "string"
        case .int: "int"
        case .double: "double"
        case .boolean: "boolean"
        case .stringArray: "string[]"
        case .intArray: "int[]"
        case .doubleArray: "double[]"
        case .booleanArray: "boolean[]"
        case .any: "any"
        case let .template(inner): "template[\(inner)]"
        case .enumeration: "enum"
        case let .other(name): name
        }
    }
}

/// An enum type: its members and whether values outside them are allowed.
public struct EnumType: Hashable, Sendable {
    public var members: [EnumMember]
    /// `true` unless the registry closed the enum (`allow_custom_values: false`). Upstream enums are open.
    public var allowsCustomValues: Bool

    public init(members: [EnumMember], allowsCustomValues: Bool = true) {
        self.members = members
        self.allowsCustomValues = allowsCustomValues
    }

    /// The primitive type of the member values: `.string`, `.int` or `.double`.
    public var valueType: AttributeType {
        if !members.isEmpty, members.allSatisfy({ if case .int = $0.value { true } else { false } }) { return .int }
        if !members.isEmpty, members.allSatisfy({
            switch $0.value {
            case .int, .double: true
            default: false
            }
        }) { return .double }
        return .string
    }
}

/// One member of an enum type.
public struct EnumMember: Hashable, Sendable {
    public var id: String
    public var value: JSONValue
    public var brief: String?
    public var note: String?
    public var stability: String?
    public var deprecated: Deprecation?
    public var annotations: JSONValue?
    public var location: SourceLocation
    /// Where each field's value is written (`value`, `stability`, ...).
    public var fieldLocations = FieldLocations()

    public init(id: String, value: JSONValue, brief: String? = nil, note: String? = nil, stability: String? = nil,
                deprecated: Deprecation? = nil, annotations: JSONValue? = nil, location: SourceLocation) {
        self.id = id
        self.value = value
        self.brief = brief
        self.note = note
        self.stability = stability
        self.deprecated = deprecated
        self.annotations = annotations
        self.location = location
    }
}

/// A deprecation: a reason, and the replacement when there is one.
public struct Deprecation: Hashable, Sendable {
    /// `renamed`, `obsoleted`, `uncategorized` (or any other reason text found in the YAML).
    public var reason: String
    public var renamedTo: String?
    public var note: String?
    public var location: SourceLocation
    /// Where each field's value is written (`reason`, `renamed_to`, `note`), so findings can point at the wrong one.
    public var fieldLocations = FieldLocations()
    /// `true` for the older plain-string form (`deprecated: "Replaced by `x`."`), whose text is kept in `note`.
    public var isTextForm: Bool

    public init(reason: String, renamedTo: String? = nil, note: String? = nil, location: SourceLocation,
                isTextForm: Bool = false) {
        self.reason = reason
        self.renamedTo = renamedTo
        self.note = note
        self.location = location
        self.isTextForm = isTextForm
    }

    /// A one-line explanation for doc comments and messages.
    public var summary: String {
        if let renamedTo { return "Replaced by `\(renamedTo)`." }
        if let note { return note.trimmingWhitespace }
        return "Deprecated (\(reason))."
    }
}

/// Where each field of a definition is written: the value node of `type:`, `stability:`, `unit:` and so on, by key,
/// and below the keys named `nested` when read (`annotations.cardinality`, `annotations.aliases.1`; a mapping key itself
/// as `path#key`).
/// Findings about one field (a type change, a lowered stability) point here rather than at the item as a whole.
///
/// Positions are metadata: they take no part in equality or hashing, so a reference that only overrides fields
/// still compares equal to its definition's content.
public struct FieldLocations: Hashable, Sendable {
    public var byKey: [String: SourceLocation]

    public init(_ byKey: [String: SourceLocation] = [:]) {
        self.byKey = byKey
    }

    public subscript(key: String) -> SourceLocation? {
        get { byKey[key] }
        set { byKey[key] = newValue }
    }

    /// These positions with `overlay`'s laid over them.
    public func merging(_ overlay: FieldLocations) -> FieldLocations {
        FieldLocations(byKey.merging(overlay.byKey) { _, new in new })
    }

    public static func == (lhs: FieldLocations, rhs: FieldLocations) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}

/// An attribute's requirement level in a group.
public enum RequirementLevel: Hashable, Sendable {
    case required
    case conditionallyRequired(String)
    case recommended(String?)
    case optIn

    /// Upstream spelling: `required`, `conditionally_required`, `recommended`, `opt_in`.
    public var name: String {
        switch self {
        case .required: "required"
        case .conditionallyRequired: "conditionally_required"
        case .recommended: "recommended"
        case .optIn: "opt_in"
        }
    }

    /// The condition or recommendation text, when given.
    public var text: String? {
        switch self {
        case let .conditionallyRequired(t): t
        case let .recommended(t): t
        default: nil
        }
    }
}

/// The kind of a group. Unknown upstream kinds are kept as `.other`.
public enum GroupType: Hashable, Sendable, CustomStringConvertible {
    case attributeGroup, span, event, metric, metricGroup, entity, scope
    case other(String)

    public init(name: String) {
        switch name {
        case "attribute_group": self = .attributeGroup
        case "span": self = .span
        case "event": self = .event
        case "metric": self = .metric
        case "metric_group": self = .metricGroup
        case "entity", "resource": self = .entity
        case "scope": self = .scope
        default: self = .other(name)
        }
    }

    public var description: String {
        switch self {
        case .attributeGroup: "attribute_group"
        case .span: "span"
        case .event: "event"
        case .metric: "metric"
        case .metricGroup: "metric_group"
        case .entity: "entity"
        case .scope: "scope"
        case let .other(name): name
        }
    }
}

extension String {
    /// The string without leading and trailing whitespace and newlines.
    public var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let f = scalars.first, f.isWhitespace { scalars.removeFirst() }
        while let l = scalars.last, l.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
