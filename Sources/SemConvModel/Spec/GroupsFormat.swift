import Yams

/// Decodes the classic `groups:` file format (all upstream releases up to now).
enum GroupsFormat {
    static let groupKeys = [
        "id", "type", "brief", "note", "prefix", "extends", "stability", "deprecated", "attributes", "constraints",
        "span_kind", "events", "metric_name", "instrument", "unit", "name", "display_name", "annotations",
        "entity_associations", "body",
    ]
    static let attributeKeys = [
        "id", "ref", "type", "brief", "note", "examples", "requirement_level", "stability", "deprecated", "tag",
        "sampling_relevant", "annotations", "role", "required",
    ]
    static let bodyKeys = [
        "id", "type", "brief", "note", "examples", "requirement_level", "stability", "deprecated", "members", "fields",
        "annotations",
    ]
    static let instruments = ["counter", "updowncounter", "gauge", "histogram"]
    static let spanKinds = ["client", "server", "producer", "consumer", "internal"]

    static func decode(groups node: Node, reader r: NodeReader, into file: inout SpecFile) {
        guard case let .sequence(seq) = node else {
            r.report(.error, "invalid-type", "'groups' must be a list of groups, found \(NodeReader.kindName(node))", at: node)
            return
        }
        guard r.spend(node, count: seq.count) else { return }
        for item in seq {
            if let group = decodeGroup(item, r) { file.groups.append(group) }
            if r.budgetExceeded { return }
        }
    }

    static func decodeGroup(_ node: Node, _ r: NodeReader) -> GroupSpec? {
        guard let f = r.fields(node, of: "group", allowed: groupKeys, required: ["id"]) else { return nil }
        guard let id = r.requiredString(f, "id", "group") else { return nil }
        let what = "group '\(id)'"
        let typeName = r.string(f["type"], "\(what) 'type'") ?? "span"
        var group = Group(id: id, type: GroupType(name: typeName), location: r.location(f["id"] ?? node))
        group.location = r.location(node)
        group.fieldLocations = r.fieldLocations(f, nested: ["annotations"])
        group.brief = r.string(f["brief"], "\(what) 'brief'")
        group.note = r.string(f["note"], "\(what) 'note'")
        group.prefix = r.string(f["prefix"], "\(what) 'prefix'")
        group.stability = r.stability(f["stability"], what)
        group.deprecated = r.deprecation(f["deprecated"], what)
        group.displayName = r.string(f["display_name"], "\(what) 'display_name'")
        group.name = r.string(f["name"], "\(what) 'name'")
        group.metricName = r.string(f["metric_name"], "\(what) 'metric_name'")
        group.instrument = r.string(f["instrument"], "\(what) 'instrument'")
        group.unit = r.string(f["unit"], "\(what) 'unit'")
        group.spanKind = r.string(f["span_kind"], "\(what) 'span_kind'")
        group.annotations = r.annotations(f["annotations"], what)
        group.entityAssociations = r.entityAssociations(f["entity_associations"])
        if let n = f["instrument"], let i = group.instrument, !instruments.contains(i) {
            r.report(.error, "invalid-value", "unknown instrument '\(i)'\(Suggestions.didYouMean(i, in: instruments))",
                     at: n, fix: "use counter, updowncounter, gauge or histogram")
        }
        if let n = f["span_kind"], let k = group.spanKind, !spanKinds.contains(k) {
            r.report(.error, "invalid-value", "unknown span_kind '\(k)'\(Suggestions.didYouMean(k, in: spanKinds))", at: n,
                     fix: "use client, server, producer, consumer or internal")
        }
        switch group.type {
        case .metric:
            for key in ["metric_name", "instrument", "unit"] where !f.has(key) {
                r.report(.error, "missing-field", "metric \(what) is missing the mandatory field '\(key)'", at: node,
                         fix: "add '\(key):'")
            }
        case .event where group.name == nil && group.prefix == nil && !f.has("extends"):
            r.report(.error, "missing-field", "event \(what) is missing the mandatory field 'name'", at: node,
                     fix: "add 'name: <event name>'")
        default: break
        }
        var spec = GroupSpec(group: group)
        if let e = f["extends"], let target = r.string(e, "\(what) 'extends'") {
            spec.extends = GroupReference(id: target, location: r.location(e))
        }
        if let attrs = f["attributes"] {
            spec.attributes = decodeAttributes(attrs, prefix: group.prefix, groupID: id, r)
        }
        if let c = f["constraints"] { spec.includes = decodeConstraints(c, r) }
        if let b = f["body"] { spec.group.body = decodeBody(b, r) }
        return spec
    }

    static func decodeAttributes(_ node: Node, prefix: String?, groupID: String, _ r: NodeReader) -> [AttributeSpec] {
        if case let .scalar(s) = node, s.isNull { return [] }
        guard case let .sequence(seq) = node else {
            r.report(.error, "invalid-type", "'attributes' of group '\(groupID)' must be a list", at: node)
            return []
        }
        guard r.spend(node, count: seq.count) else { return [] }
        return seq.compactMap { decodeAttribute($0, prefix: prefix, groupID: groupID, r) }
    }

    static func decodeAttribute(_ node: Node, prefix: String?, groupID: String, _ r: NodeReader) -> AttributeSpec? {
        guard let f = r.fields(node, of: "attribute in group '\(groupID)'", allowed: attributeKeys) else { return nil }
        let spec: AttributeSpec
        if let refNode = f["ref"] {
            if f.has("id") {
                r.report(.error, "invalid-value", "an attribute entry has either 'id' (a definition) or 'ref' (a reference), not both",
                         at: node)
            }
            guard let key = r.string(refNode, "ref") else { return nil }
            spec = AttributeSpec(key: key, isReference: true, location: r.location(refNode))
            if let t = f["type"] {
                r.report(.error, "unknown-key", "'type' cannot be overridden on a reference ('ref: \(key)')", at: t,
                         fix: "remove 'type'; the referenced definition gives it", attribute: key)
            }
        } else if let idNode = f["id"] {
            guard let id = r.string(idNode, "attribute id") else { return nil }
            let key = prefix.map { $0.isEmpty ? id : "\($0).\(id)" } ?? id
            var s = AttributeSpec(key: key, isReference: false, location: r.location(idNode))
            if let t = f["type"] {
                s.type = r.attributeType(t, "attribute '\(key)'", key: key)
                s.typeLocation = r.location(t)
            } else {
                r.report(.error, "missing-field", "attribute '\(key)' is missing the mandatory field 'type'", at: node,
                         fix: "add 'type:' (string, int, double, boolean, ... or an enum)", attribute: key)
            }
            spec = s
        } else {
            r.report(.error, "missing-field", "attribute entry in group '\(groupID)' needs 'id' (a definition) or 'ref' (a reference)",
                     at: node, fix: "add 'id: <key>' with a type and brief, or 'ref: <existing key>'")
            return nil
        }
        return fillCommon(spec, f, r)
    }

    /// Reads the fields definitions and references share (brief, note, examples, requirement level, ...).
    static func fillCommon(_ spec: AttributeSpec, _ f: NodeReader.Fields, _ r: NodeReader) -> AttributeSpec {
        var s = spec
        let what = "attribute '\(s.key)'"
        s.brief = r.string(f["brief"], "\(what) 'brief'")
        s.note = r.string(f["note"], "\(what) 'note'")
        s.examples = r.examples(f["examples"])
        s.requirementLevel = r.requirementLevel(f["requirement_level"], what)
        if s.requirementLevel == nil, let old = f["required"] {
            // Very old releases: `required: always` or `required: {conditional: text}`.
            if case let .scalar(v) = old, v.string == "always" {
                s.requirementLevel = .required
            } else if case .mapping = old, let text = old["conditional"]?.string {
                s.requirementLevel = .conditionallyRequired(text)
            }
        }
        s.stability = r.stability(f["stability"], what)
        s.deprecated = r.deprecation(f["deprecated"], what)
        s.annotations = r.annotations(f["annotations"], what)
        s.samplingRelevant = r.bool(f["sampling_relevant"], "\(what) 'sampling_relevant'")
        s.role = r.string(f["role"], "\(what) 'role'")
        s.tag = r.string(f["tag"], "\(what) 'tag'")
        s.fieldLocations = r.fieldLocations(f, nested: ["annotations"])
        return s
    }

    /// `constraints: [{any_of: [...]}, {include: group}]`: includes become group references.
    static func decodeConstraints(_ node: Node, _ r: NodeReader) -> [GroupReference] {
        guard case let .sequence(seq) = node else {
            r.report(.error, "invalid-type", "'constraints' must be a list", at: node)
            return []
        }
        var includes: [GroupReference] = []
        for item in seq {
            guard let f = r.fields(item, of: "constraint", allowed: ["any_of", "include"]) else { continue }
            if let inc = f["include"], let id = r.string(inc, "include") {
                includes.append(GroupReference(id: id, location: r.location(inc)))
            }
            if let anyOf = f["any_of"] { _ = r.json(anyOf) }
        }
        return includes
    }

    static func decodeBody(_ node: Node, _ r: NodeReader) -> BodyField? {
        guard let f = r.fields(node, of: "body field", allowed: bodyKeys, required: ["id", "type"]) else { return nil }
        guard let id = r.string(f["id"], "body field id") else { return nil }
        let typeName = r.string(f["type"], "body field type") ?? "undefined"
        let known = ["map", "map[]", "byte[]", "string", "int", "double", "boolean", "string[]", "int[]", "double[]", "boolean[]", "enum",
                     "undefined", "any"]
        if let t = f["type"], !known.contains(typeName) {
            r.report(.error, "invalid-type", "unknown body field type '\(typeName)'\(Suggestions.didYouMean(typeName, in: known))",
                     at: t, fix: "use map, string, int, double, boolean, an array type, enum or undefined")
        }
        var fields: [BodyField] = []
        if let list = f["fields"] {
            if case let .sequence(seq) = list {
                fields = seq.compactMap { decodeBody($0, r) }
            } else {
                r.report(.error, "invalid-type", "'fields' of body field '\(id)' must be a list", at: list)
            }
        }
        return BodyField(
            id: id, typeName: typeName, brief: r.string(f["brief"], "brief"), note: r.string(f["note"], "note"),
            requirementLevel: r.requirementLevel(f["requirement_level"], "body field '\(id)'"),
            stability: r.stability(f["stability"], "body field '\(id)'"), examples: r.examples(f["examples"]) ?? [],
            members: r.members(f["members"], key: id), fields: fields, location: r.location(f["id"] ?? node))
    }
}
