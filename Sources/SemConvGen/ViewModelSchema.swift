/// The names a template may use, at each level of the view-model. Templates are checked against it before
/// rendering, so an unknown variable or section is an error instead of silent empty output.
public indirect enum SchemaNode: Sendable {
    /// A value printed with `{{name}}` (or tested with a section).
    case value
    /// A list iterated by a section; its items have these members.
    case list(SchemaNode)
    /// A nested object (or `false` when absent) whose members can be used inside its section or with dots.
    case object([String: SchemaNode])
    /// A list of plain strings, printed with `{{.}}` inside the section.
    case strings

    /// Members visible inside a section over this node.
    var members: [String: SchemaNode]? {
        switch self {
        case let .object(m): m
        case let .list(item): item.members
        default: nil
        }
    }
}

public enum ViewModelSchema {
    static let enumMember: SchemaNode = .object([
        "id": .value, "swiftName": .value, "value": .value, "valueLiteral": .value, "docLines": .strings,
        "isDeprecated": .value, "stability": .value,
    ])

    static let privacy: SchemaNode = .object([
        "classification": .value, "forbidden": .value, "reason": .value, "replacement": .value, "hasReplacement": .value,
    ])

    /// Every attribute field (also inside events, metrics and groups, where the requirement level is the group's).
    public static let attribute: SchemaNode = .object([
        "key": .value, "name": .value, "namespace": .value, "lowerCamel": .value, "upperCamel": .value,
        "snake": .value, "constant": .value, "swiftName": .value, "paramName": .value, "setterName": .value,
        "swiftType": .value, "valueCase": .value, "rawSuffix": .value, "isAny": .value, "type": .value,
        "brief": .value, "note": .value, "docLines": .strings, "briefLines": .strings, "examples": .strings,
        "hasExamples": .value, "stability": .value, "isStable": .value, "isDeprecated": .value,
        "deprecationMessage": .value, "renamedTo": .value, "isTemplate": .value, "templateFunctionName": .value,
        "cardinality": .value, "hasCardinality": .value, "aliases": .strings, "privacy": privacy, "isForbidden": .value, "isEnum": .value,
        "enum": .object([
            "typeName": .value, "qualifiedTypeName": .value, "isOpen": .value, "rawType": .value,
            "members": .list(enumMember),
        ]),
        "requirementLevel": .value, "condition": .value, "hasCondition": .value, "conditionLines": .strings, "isRequired": .value,
        "isConditionallyRequired": .value, "isRecommended": .value, "isOptIn": .value,
        "isOptional": .value, "isLast": .value,
    ])

    static let bodyField: SchemaNode = .object([
        "id": .value, "paramName": .value, "swiftType": .value, "valueCase": .value, "isAny": .value,
        "rawSuffix": .value, "docLines": .strings, "requirementLevel": .value, "isOptional": .value, "type": .value,
        "isLast": .value,
    ])

    public static let event: SchemaNode = .object([
        "id": .value, "name": .value, "typeName": .value, "brief": .value, "docLines": .strings, "stability": .value,
        "isDeprecated": .value, "deprecationMessage": .value, "parameters": .list(attribute),
        "required": .list(attribute), "optional": .list(attribute), "hasParameters": .value, "mutatesAttributes": .value,
        "deprecatedAttributes": .list(attribute), "forbiddenAttributes": .list(attribute),
        "parametersWithDeprecated": .list(attribute), "hasDeprecatedParameters": .value,
        "deprecatedParametersMessage": .value,
        "attributes": .list(attribute), "aliases": .strings, "hasBody": .value,
        "body": .object(["id": .value, "fields": .list(bodyField), "isOptional": .value, "docLines": .strings]),
    ])

    static func namespace(depth: Int) -> SchemaNode {
        var m: [String: SchemaNode] = [
            "name": .value, "path": .value, "swiftName": .value, "typeName": .value, "depth": .value,
            "attributes": .list(attribute), "allAttributes": .list(attribute), "forbiddenAttributes": .list(attribute),
            "enums": .list(attribute),
            "templates": .list(attribute),
        ]
        // Namespaces nest; templates recurse through a partial, which is checked against this same node.
        m["namespaces"] = depth > 0 ? .list(namespace(depth: depth - 1)) : .list(.object([:]))
        return .object(m)
    }

    public static let namespaceNode: SchemaNode = namespace(depth: 2)

    static let metric: SchemaNode = .object([
        "id": .value, "name": .value, "swiftName": .value, "typeName": .value, "instrument": .value, "unit": .value,
        "brief": .value, "docLines": .strings, "stability": .value, "isDeprecated": .value,
        "attributes": .list(attribute),
    ])

    static let group: SchemaNode = .object([
        "id": .value, "type": .value, "name": .value, "typeName": .value, "brief": .value, "docLines": .strings,
        "stability": .value, "isDeprecated": .value, "attributes": .list(attribute),
    ])

    /// The root context. `params` members come from the template config, so they are added per template directory.
    public static func root(params: [String]) -> [String: SchemaNode] {
        [
            "params": .object(Dictionary(uniqueKeysWithValues: params.map { ($0, SchemaNode.value) })),
            "root": .value,
            "registry": .object(["roots": .strings, "fileCount": .value]),
            "namespaces": .list(namespaceNode), "allNamespaces": .list(namespaceNode),
            "attributes": .list(attribute), "events": .list(event), "hasEvents": .value,
            "metrics": .list(metric), "groups": .list(group),
        ]
    }

    /// The context of a template applied per namespace, group or event: the root plus the current element.
    public static func element(_ mode: String, params: [String]) -> [String: SchemaNode] {
        var r = root(params: params)
        switch mode {
        case "namespace": r["namespace"] = namespaceNode
        case "event": r["event"] = event
        case "group": r["group"] = group
        case "metric": r["metric"] = metric
        default: break
        }
        return r
    }

    /// Root names that no other level of the view-model has (`params`, `root`, ...): wherever a template looks one
    /// up, Mustache's walk down the context stack can only end at the root, so every object answers it directly.
    static let rootOnlyNames: Set<String> = {
        var nested = Set<String>()
        func collect(_ node: SchemaNode) {
            for (name, member) in node.members ?? [:] {
                nested.insert(name)
                collect(member)
            }
        }
        let rootNames = Self.root(params: [])
        for node in Array(rootNames.values) + [namespaceNode, event, group, metric] { collect(node) }
        return Set(rootNames.keys).subtracting(nested)
    }()

    /// Names Mustache provides inside any list section.
    static let sequenceNames: Set<String> = ["first", "last", "index", "even", "odd"]
}
