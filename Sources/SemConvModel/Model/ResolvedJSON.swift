/// The resolved registry as a JSON document (`semconv resolve`): sorted, stable, for other tools and for debugging.
public enum ResolvedJSON {
    /// - Parameter display: names a root or file for the document (`RegistrySourceResolver.displayPath`, so that a
    ///   fetched source reads `SOURCE:PATH` rather than a cache path).
    public static func document(for registry: Registry, display: (String) -> String = { $0 }) -> JSONValue {
        .object([
            ("registry", .object([
                ("roots", .array(registry.roots.map { .string(display($0)) })),
                ("files", .int(registry.fileCount)),
                ("attribute_count", .int(registry.attributes.count)),
                ("group_count", .int(registry.groups.count)),
            ])),
            ("attributes", .array(registry.sortedAttributes.map { attribute($0, display: display) })),
            ("groups", .array(registry.sortedGroups.map { group($0, display: display) })),
            ("policy", policy(registry.policy)),
        ])
    }

    public static func attribute(_ a: Attribute, requirement: Bool = true, display: (String) -> String = { $0 }) -> JSONValue {
        var p: [(String, JSONValue)] = [("key", .string(a.key)), ("type", type(a.type))]
        optional(&p, "brief", a.brief)
        optional(&p, "note", a.note)
        if !a.examples.isEmpty { p.append(("examples", .array(a.examples))) }
        optional(&p, "stability", a.stability)
        if let d = a.deprecated { p.append(("deprecated", deprecation(d))) }
        if requirement, let r = a.requirementLevel { p += requirementLevel(r) }
        if let v = a.samplingRelevant { p.append(("sampling_relevant", .bool(v))) }
        optional(&p, "role", a.role)
        optional(&p, "tag", a.tag)
        if let ann = a.annotations { p.append(("annotations", ann)) }
        p.append(("source", .string(a.location.withFile(display).description)))
        return .object(p)
    }

    static func type(_ t: AttributeType) -> JSONValue {
        guard case let .enumeration(e) = t else { return .string(t.description) }
        return .object([
            ("enum", .string(e.valueType.description)),
            ("allow_custom_values", .bool(e.allowsCustomValues)),
            ("members", .array(e.members.map(member))),
        ])
    }

    static func member(_ m: EnumMember) -> JSONValue {
        var p: [(String, JSONValue)] = [("id", .string(m.id)), ("value", m.value)]
        optional(&p, "brief", m.brief)
        optional(&p, "note", m.note)
        optional(&p, "stability", m.stability)
        if let d = m.deprecated { p.append(("deprecated", deprecation(d))) }
        if let ann = m.annotations { p.append(("annotations", ann)) }
        return .object(p)
    }

    static func deprecation(_ d: Deprecation) -> JSONValue {
        var p: [(String, JSONValue)] = [("reason", .string(d.reason))]
        optional(&p, "renamed_to", d.renamedTo)
        optional(&p, "note", d.note)
        return .object(p)
    }

    static func requirementLevel(_ r: RequirementLevel) -> [(String, JSONValue)] {
        var p: [(String, JSONValue)] = [("requirement_level", .string(r.name))]
        if let text = r.text { p.append(("requirement_text", .string(text))) }
        return p
    }

    static func group(_ g: Group, display: (String) -> String) -> JSONValue {
        var p: [(String, JSONValue)] = [("id", .string(g.id)), ("type", .string(g.type.description))]
        optional(&p, "brief", g.brief)
        optional(&p, "note", g.note)
        optional(&p, "stability", g.stability)
        if let d = g.deprecated { p.append(("deprecated", deprecation(d))) }
        optional(&p, "display_name", g.displayName)
        optional(&p, "name", g.eventName ?? g.name)
        optional(&p, "prefix", g.prefix)
        optional(&p, "extends", g.extends)
        optional(&p, "metric_name", g.metricName)
        optional(&p, "instrument", g.instrument)
        optional(&p, "unit", g.unit)
        optional(&p, "span_kind", g.spanKind)
        optional(&p, "visibility", g.visibility)
        if !g.entityAssociations.isEmpty {
            p.append(("entity_associations", .array(g.entityAssociations.map(JSONValue.string))))
        }
        if let ann = g.annotations { p.append(("annotations", ann)) }
        if let body = g.body { p.append(("body", bodyField(body))) }
        p.append(("attributes", .array(g.attributes.map { item in
            var a = attribute(item.attribute, requirement: false, display: display)
            if case var .object(pairs) = a {
                pairs.insert(contentsOf: requirementLevel(item.requirementLevel), at: 2)
                a = .object(pairs)
            }
            return a
        })))
        p.append(("source", .string(g.location.withFile(display).description)))
        return .object(p)
    }

    static func bodyField(_ f: BodyField) -> JSONValue {
        var p: [(String, JSONValue)] = [("id", .string(f.id)), ("type", .string(f.typeName))]
        optional(&p, "brief", f.brief)
        optional(&p, "note", f.note)
        if let r = f.requirementLevel { p += requirementLevel(r) }
        optional(&p, "stability", f.stability)
        if !f.examples.isEmpty { p.append(("examples", .array(f.examples))) }
        if !f.members.isEmpty { p.append(("members", .array(f.members.map(member)))) }
        if !f.fields.isEmpty { p.append(("fields", .array(f.fields.map(bodyField)))) }
        return .object(p)
    }

    static func policy(_ policy: RegistryPolicy) -> JSONValue {
        var p: [(String, JSONValue)] = [("owned_namespaces", .array(policy.ownedNamespaces.map(JSONValue.string)))]
        p.append(("privacy", .object(policy.privacy.keys.sorted().map { key in
            let r = policy.privacy[key]!
            var q: [(String, JSONValue)] = [("classification", .string(r.classification)), ("forbidden", .bool(r.forbidden))]
            optional(&q, "reason", r.reason)
            optional(&q, "replacement", r.replacement)
            return (key, .object(q))
        })))
        p.append(("cardinality", .object(policy.cardinality.keys.sorted().map { ($0, .string(policy.cardinality[$0]!.rawValue)) })))
        p.append(("attribute_aliases", .object(policy.attributeAliases.keys.sorted().map { ($0, .string(policy.attributeAliases[$0]!)) })))
        if !policy.genericAttributeAliases.isEmpty {
            p.append(("generic_attribute_aliases", .object(policy.genericAttributeAliases.keys.sorted().map {
                ($0, .string(policy.genericAttributeAliases[$0]!))
            })))
        }
        p.append(("event_aliases", .object(policy.eventAliases.keys.sorted().map { ($0, .string(policy.eventAliases[$0]!)) })))
        var sensitive: [(String, JSONValue)] = [("query_keys", .array(policy.sensitiveValues.queryKeys.map(JSONValue.string)))]
        optional(&sensitive, "redacted_value", policy.sensitiveValues.redactedValue)
        p.append(("sensitive_values", .object(sensitive)))
        if let s = policy.session {
            p.append(("session", .object([
                ("inactivity_timeout_seconds", .double(s.inactivityTimeout)),
                ("max_duration_seconds", .double(s.maxDuration)),
                ("context_attributes", .array(s.contextAttributes.map(JSONValue.string))),
                ("require_timestamp", .bool(s.requireTimestamp)),
                ("clock_skew_tolerance_seconds", .double(s.clockSkewTolerance)),
                ("id_attribute", .string(s.idAttribute)),
                ("previous_id_attribute", .string(s.previousIdAttribute)),
                ("start_event", .string(s.startEvent)),
                ("end_event", .string(s.endEvent)),
                ("device_attributes", .array(s.deviceAttributes.map(JSONValue.string))),
            ])))
        }
        return .object(p)
    }

    private static func optional(_ p: inout [(String, JSONValue)], _ key: String, _ value: String?) {
        if let value { p.append((key, .string(value))) }
    }
}
