import Yams

/// Readers for the fields both file formats share: requirement levels, deprecations, types, enums, examples.
extension NodeReader {
    static let stabilityLevels = ["stable", "development", "experimental", "deprecated", "release_candidate",
                                  "alpha", "beta", "unmaintained"]

    func stability(_ node: Node?, _ what: String) -> String? {
        guard let node, let value = string(node, "\(what) 'stability'") else { return nil }
        if !NodeReader.stabilityLevels.contains(value) {
            report(.error, "invalid-value",
                   "unknown stability '\(value)' in \(what)\(Suggestions.didYouMean(value, in: NodeReader.stabilityLevels))",
                   at: node, fix: "use one of: " + NodeReader.stabilityLevels.joined(separator: ", "))
        }
        return value
    }

    func requirementLevel(_ node: Node?, _ what: String) -> RequirementLevel? {
        guard let node else { return nil }
        let names = ["required", "recommended", "opt_in", "conditionally_required"]
        switch node {
        case let .scalar(scalar):
            switch scalar.string {
            case "required": return .required
            case "recommended": return .recommended(nil)
            case "opt_in": return .optIn
            case "conditionally_required":
                report(.error, "invalid-value", "conditionally_required needs its condition: `conditionally_required: <text>`",
                       at: node)
                return .conditionallyRequired("")
            default:
                report(.error, "invalid-value",
                       "unknown requirement level '\(scalar.string)' in \(what)\(Suggestions.didYouMean(scalar.string, in: names))",
                       at: node, fix: "use required, recommended, opt_in, {recommended: text} or {conditionally_required: text}")
                return nil
            }
        case let .mapping(mapping):
            guard mapping.count == 1, let (k, v) = mapping.first.map({ ($0.key, $0.value) }),
                  let key = k.scalar?.string else {
                report(.error, "invalid-value", "requirement level mapping must have exactly one key", at: node)
                return nil
            }
            let text = string(v, "requirement level text") ?? ""
            switch key {
            case "conditionally_required": return .conditionallyRequired(text)
            case "recommended": return .recommended(text)
            case "required": return .required
            case "opt_in": return .optIn
            default:
                report(.error, "invalid-value",
                       "unknown requirement level '\(key)' in \(what)\(Suggestions.didYouMean(key, in: names))", at: k)
                return nil
            }
        default:
            report(.error, "invalid-type", "requirement_level must be a string or a one-key mapping", at: node)
            return nil
        }
    }

    /// `deprecated:` as a string (old form) or `{reason, renamed_to, note}`.
    func deprecation(_ node: Node?, _ what: String) -> Deprecation? {
        guard let node else { return nil }
        let here = location(node)
        switch node {
        case .scalar:
            guard let text = string(node, "\(what) 'deprecated'") else { return nil }
            return Deprecation(reason: "uncategorized", note: text, location: here, isTextForm: true)
        case .mapping:
            guard let f = fields(node, of: "deprecated (\(what))", allowed: ["reason", "renamed_to", "note"],
                                 required: ["reason"]) else { return nil }
            let reason = string(f["reason"], "deprecated reason") ?? "uncategorized"
            let reasons = ["renamed", "obsoleted", "uncategorized"]
            if let r = f["reason"], !reasons.contains(reason) {
                report(.error, "invalid-value",
                       "unknown deprecation reason '\(reason)'\(Suggestions.didYouMean(reason, in: reasons))", at: r,
                       fix: "use renamed, obsoleted or uncategorized")
            }
            let renamedTo = string(f["renamed_to"], "renamed_to")
            if reason == "renamed", renamedTo == nil, f["renamed_to"] == nil {
                report(.error, "missing-field", "a 'renamed' deprecation needs 'renamed_to'", at: node,
                       fix: "add renamed_to: <new key>, or use reason: obsoleted")
            }
            var deprecation = Deprecation(reason: reason, renamedTo: renamedTo,
                                          note: string(f["note"], "deprecated note"), location: here)
            deprecation.fieldLocations = fieldLocations(f)
            return deprecation
        default:
            report(.error, "invalid-type", "deprecated must be a string or a mapping", at: node)
            return nil
        }
    }

    /// `examples:` (a scalar or a list; lists of lists for array attributes).
    func examples(_ node: Node?) -> [JSONValue]? {
        guard let node else { return nil }
        switch json(node) {
        case let .array(items): return items
        case .null: return []
        case let other: return [other]
        }
    }

    /// An attribute type: a type name or an enum mapping. Reports unknown names.
    func attributeType(_ node: Node?, _ what: String, key: String) -> AttributeType? {
        guard let node else { return nil }
        switch node {
        case .scalar:
            guard let name = string(node, "\(what) 'type'") else { return nil }
            if let t = AttributeType(name: name) { return t }
            let known = ["string", "int", "double", "boolean", "string[]", "int[]", "double[]", "boolean[]", "any",
                         "template[string]", "template[int]", "template[double]", "template[boolean]",
                         "template[string[]]", "template[int[]]", "template[double[]]", "template[boolean[]]"]
            report(.error, "invalid-type", "unknown attribute type '\(name)'\(Suggestions.didYouMean(name, in: known))",
                   at: node, fix: "use string, int, double, boolean, their arrays (string[] ...), any, template[...] or an enum",
                   attribute: key)
            return .other(name)
        case .mapping:
            return enumType(node, key: key)
        default:
            report(.error, "invalid-type", "type must be a type name or an enum definition", at: node, attribute: key)
            return nil
        }
    }

    func enumType(_ node: Node, key: String) -> AttributeType? {
        guard let f = fields(node, of: "enum type of '\(key)'", allowed: ["members", "allow_custom_values"],
                             required: ["members"]) else { return nil }
        let open = bool(f["allow_custom_values"], "allow_custom_values") ?? true
        return .enumeration(EnumType(members: members(f["members"], key: key), allowsCustomValues: open))
    }

    func members(_ node: Node?, key: String) -> [EnumMember] {
        guard let node else { return [] }
        guard case let .sequence(seq) = node else {
            report(.error, "invalid-type", "enum members of '\(key)' must be a list", at: node, attribute: key)
            return []
        }
        guard spend(node, count: seq.count) else { return [] }
        var result: [EnumMember] = []
        for item in seq {
            guard let f = fields(item, of: "enum member of '\(key)'",
                                 allowed: ["id", "value", "brief", "note", "stability", "deprecated", "annotations"],
                                 required: ["id", "value"]) else { continue }
            guard let id = string(f["id"], "enum member id"), let valueNode = f["value"] else { continue }
            var value = json(valueNode)
            switch value {
            case .string, .int, .double: break
            case .bool(let b): value = .string(b ? "true" : "false")
            default:
                report(.error, "invalid-enum", "enum member '\(id)' of '\(key)' must have a string, int or double value",
                       at: valueNode, attribute: key)
            }
            var member = EnumMember(
                id: id, value: value, brief: string(f["brief"], "brief"), note: string(f["note"], "note"),
                stability: stability(f["stability"], "enum member '\(id)'"),
                deprecated: deprecation(f["deprecated"], "enum member '\(id)'"),
                annotations: f["annotations"].map(json), location: location(item))
            member.fieldLocations = fieldLocations(f)
            result.append(member)
        }
        return result
    }

    /// `entity_associations`: entity names, possibly nested in `{one_of: [...]}` / `{all_of: [...]}`; flattened.
    func entityAssociations(_ node: Node?) -> [String] {
        guard let node else { return [] }
        var names: [String] = []
        func collect(_ value: JSONValue) {
            switch value {
            case let .string(s): names.append(s)
            case let .array(items): items.forEach(collect)
            case let .object(pairs): pairs.forEach { collect($0.1) }
            default: break
            }
        }
        let value = json(node)
        if case .string = value {} else if case .array = value {} else {
            report(.error, "invalid-type", "entity_associations must be a list of entity names", at: node)
        }
        collect(value)
        return names
    }

    /// Annotations must be a mapping (any content).
    func annotations(_ node: Node?, _ what: String) -> JSONValue? {
        guard let node else { return nil }
        guard case .mapping = node else {
            report(.error, "invalid-type", "annotations of \(what) must be a mapping", at: node)
            return nil
        }
        return json(node)
    }
}
