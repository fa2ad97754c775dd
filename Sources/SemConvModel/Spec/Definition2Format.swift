import Yams

/// Decodes `file_format: definition/2` files, the newer upstream format that releases since v1.44 mix into the
/// `groups:` tree. Each entry becomes the same `GroupSpec` / `AttributeSpec` the classic format produces:
/// spans get the id `span.<type>`, events `event.<name>`, metrics `metric.<name>`, entities `entity.<type>`, and
/// refinements extend the group they refine. The format is still evolving upstream, so keys we do not know are
/// warnings here rather than errors.
enum Definition2Format {
    static let topLevelKeys = [
        "file_format", "version", "attributes", "attribute_groups", "spans", "events", "metrics", "entities",
        "span_refinements", "event_refinements", "metric_refinements", "entity_refinements", "imports",
    ]
    static let attributeKeys = ["key", "type", "brief", "note", "examples", "stability", "deprecated", "annotations"]
    static let referenceKeys = [
        "ref", "ref_group", "brief", "note", "examples", "requirement_level", "stability", "deprecated", "annotations",
        "sampling_relevant", "role",
    ]
    static let common = ["stability", "brief", "note", "deprecated", "annotations", "attributes"]

    static func decode(_ root: Node, reader r: NodeReader, into file: inout SpecFile) {
        guard let f = r.fields(root, of: "definition/2 file", allowed: topLevelKeys, unknownSeverity: .warning) else {
            return
        }
        for (key, list) in f.values.sorted(by: { f.order.firstIndex(of: $0.key)! < f.order.firstIndex(of: $1.key)! }) {
            guard key != "file_format", key != "version", key != "imports" else { continue }
            guard case let .sequence(seq) = list else {
                r.report(.error, "invalid-type", "'\(key)' must be a list", at: list)
                continue
            }
            guard r.spend(list, count: seq.count) else { return }
            for item in seq {
                switch key {
                case "attributes":
                    if let a = attribute(item, r) { file.attributes.append(a) }
                default:
                    if let g = group(kind: key, item, r) { file.groups.append(g) }
                }
            }
        }
        if let imports = f["imports"] { _ = r.json(imports) }
    }

    static func attribute(_ node: Node, _ r: NodeReader) -> AttributeSpec? {
        guard let f = r.fields(node, of: "attribute", allowed: attributeKeys, required: ["key", "type"],
                               unknownSeverity: .warning),
              let key = r.requiredString(f, "key", "attribute") else { return nil }
        var spec = AttributeSpec(key: key, isReference: false, location: r.location(f["key"] ?? node))
        if let t = f["type"] {
            spec.type = r.attributeType(t, "attribute '\(key)'", key: key)
            spec.typeLocation = r.location(t)
        }
        return GroupsFormat.fillCommon(spec, f, r)
    }

    /// The fields each kind of entry may have, its mandatory fields and how it becomes a group.
    static func group(kind: String, _ node: Node, _ r: NodeReader) -> GroupSpec? {
        let allowed: [String], required: [String]
        switch kind {
        case "attribute_groups": allowed = ["id", "visibility"] + common; required = ["id"]
        case "spans": allowed = ["type", "kind", "name", "requirement_level", "entity_associations"] + common; required = ["type", "kind"]
        case "events": allowed = ["name", "requirement_level", "entity_associations", "body"] + common; required = ["name"]
        case "metrics": allowed = ["name", "instrument", "unit", "requirement_level", "entity_associations"] + common
            required = ["name", "instrument", "unit"]
        case "entities": allowed = ["type", "identity", "description", "requirement_level"] + common.filter { $0 != "attributes" }
            required = ["type"]
        case "span_refinements", "event_refinements", "metric_refinements":
            allowed = ["id", "ref", "name", "entity_associations"] + common; required = ["id", "ref"]
        case "entity_refinements": allowed = ["id", "ref", "identity", "description"] + common; required = ["id", "ref"]
        default:
            return nil
        }
        let singular = kind.hasSuffix("ies") ? String(kind.dropLast(3)) + "y" : String(kind.dropLast())
        guard let f = r.fields(node, of: singular.replacingUnderscores, allowed: allowed, required: required,
                               unknownSeverity: .warning) else { return nil }
        let type: GroupType, id: String
        switch kind {
        case "attribute_groups":
            guard let v = r.string(f["id"], "id") else { return nil }
            (type, id) = (.attributeGroup, v)
        case "spans":
            guard let v = r.string(f["type"], "span type") else { return nil }
            (type, id) = (.span, "span." + v)
        case "events":
            guard let v = r.string(f["name"], "event name") else { return nil }
            (type, id) = (.event, "event." + v)
        case "metrics":
            guard let v = r.string(f["name"], "metric name") else { return nil }
            (type, id) = (.metric, "metric." + v)
        case "entities":
            guard let v = r.string(f["type"], "entity type") else { return nil }
            (type, id) = (.entity, "entity." + v)
        default:
            guard let v = r.string(f["id"], "refinement id") else { return nil }
            let base = kind.replacingOccurrences(of: "_refinements", with: "")
            (type, id) = (GroupType(name: base), v)
        }
        let what = "\(singular.replacingUnderscores) '\(id)'"
        var group = Group(id: id, type: type, location: r.location(node))
        group.fieldLocations = r.fieldLocations(f, nested: ["annotations"])
        if kind == "metrics", let n = f["name"] { group.fieldLocations["metric_name"] = r.location(n) }
        if kind == "spans", let k = f["kind"] { group.fieldLocations["span_kind"] = r.location(k) }
        group.brief = r.string(f["brief"], "\(what) 'brief'")
        group.note = r.string(f["note"], "\(what) 'note'")
        group.stability = r.stability(f["stability"], what)
        group.deprecated = r.deprecation(f["deprecated"], what)
        group.annotations = r.annotations(f["annotations"], what)
        group.visibility = r.string(f["visibility"], "\(what) 'visibility'")
        group.entityAssociations = r.entityAssociations(f["entity_associations"])
        switch kind {
        case "spans":
            group.spanKind = r.string(f["kind"], "\(what) 'kind'")
            group.name = r.string(f["type"], "span type")
            if let n = f["name"] { _ = r.json(n) }  // `name: {note: ...}` describes how to name the span
        case "span_refinements":
            if let n = f["name"] { _ = r.json(n) }
        case "events":
            group.name = r.string(f["name"], "event name")
            if let b = f["body"] { group.body = GroupsFormat.decodeBody(b, r) }
        case "metrics":
            group.metricName = r.string(f["name"], "metric name")
            group.instrument = r.string(f["instrument"], "\(what) 'instrument'")
            group.unit = r.string(f["unit"], "\(what) 'unit'")
        case "entities":
            group.name = r.string(f["type"], "entity type")
        default: break
        }
        if let v = f["visibility"], let vis = group.visibility, !["public", "internal"].contains(vis) {
            r.report(.error, "invalid-value", "visibility must be public or internal, found '\(vis)'", at: v)
        }
        var spec = GroupSpec(group: group)
        if let refNode = f["ref"], let target = r.string(refNode, "refinement ref") {
            let prefix = kind.replacingOccurrences(of: "_refinements", with: "")
            spec.extends = GroupReference(id: prefix + "." + target, location: r.location(refNode))
            spec.group.extends = prefix + "." + target
        }
        if kind == "entities" || kind == "entity_refinements" {
            spec.attributes = references(f["identity"], groupID: id, role: "identifying", r)
                + references(f["description"], groupID: id, role: "descriptive", r)
        } else {
            let (refs, includes) = entries(f["attributes"], groupID: id, r)
            spec.attributes = refs
            spec.includes = includes
        }
        return spec
    }

    /// `attributes:` of a group: `ref` entries (with overrides) and `ref_group` includes.
    static func entries(_ node: Node?, groupID: String, _ r: NodeReader) -> ([AttributeSpec], [GroupReference]) {
        guard let node else { return ([], []) }
        guard case let .sequence(seq) = node else {
            r.report(.error, "invalid-type", "'attributes' of '\(groupID)' must be a list", at: node)
            return ([], [])
        }
        var refs: [AttributeSpec] = [], includes: [GroupReference] = []
        for item in seq {
            guard let f = r.fields(item, of: "attribute reference in '\(groupID)'", allowed: referenceKeys,
                                   unknownSeverity: .warning) else { continue }
            if let g = f["ref_group"], let id = r.string(g, "ref_group") {
                includes.append(GroupReference(id: id, location: r.location(g)))
            } else if let refNode = f["ref"], let key = r.string(refNode, "ref") {
                refs.append(GroupsFormat.fillCommon(AttributeSpec(key: key, isReference: true, location: r.location(refNode)), f, r))
            } else {
                r.report(.error, "missing-field", "an attribute entry in '\(groupID)' needs 'ref' or 'ref_group'", at: item,
                         fix: "add 'ref: <attribute key>' or 'ref_group: <attribute group id>'")
            }
        }
        return (refs, includes)
    }

    static func references(_ node: Node?, groupID: String, role: String, _ r: NodeReader) -> [AttributeSpec] {
        let (refs, _) = entries(node, groupID: groupID, r)
        return refs.map { var a = $0; a.role = a.role ?? role; return a }
    }
}

private extension String {
    var replacingUnderscores: String { replacingOccurrences(of: "_", with: " ") }
}
