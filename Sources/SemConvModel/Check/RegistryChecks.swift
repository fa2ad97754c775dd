/// The `check` rules that look across a whole registry (per-field problems are reported while decoding).
/// Each rule has a stable id; README lists them all.
enum RegistryChecks {
    static let maxNameLength = 255

    static func run(files: [SpecFile], registry: Registry) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let definitions = files.flatMap { f in f.attributes + f.groups.flatMap { $0.attributes.filter { !$0.isReference } } }
        let specGroups = files.flatMap(\.groups)
        naming(definitions, specGroups, &out)
        namespaceCollisions(registry, &out)
        for spec in definitions { enums(spec, &out) }
        renames(registry, &out)
        briefs(definitions, specGroups, &out)
        stabilityMix(registry, &out)
        deprecations(registry, &out)
        return out
    }

    /// Lowercase, dot-separated snake_case segments, each starting with a letter; at most 255 characters.
    static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= maxNameLength else { return false }
        for segment in name.split(separator: ".", omittingEmptySubsequences: false) {
            guard let first = segment.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else {
                return false
            }
            var previousUnderscore = false
            for c in segment.utf8 {
                let ok = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
                if c == UInt8(ascii: "_") {
                    if previousUnderscore { return false }
                    previousUnderscore = true
                } else if ok {
                    previousUnderscore = false
                } else {
                    return false
                }
            }
            if previousUnderscore { return false }
        }
        return true
    }

    static func naming(_ definitions: [AttributeSpec], _ groups: [GroupSpec], _ out: inout [Diagnostic]) {
        let fix = "use lowercase dot-separated snake_case segments, e.g. 'app.screen.name' (at most \(maxNameLength) characters)"
        for d in definitions where !isValidName(d.key) {
            out.append(Diagnostic(.error, rule: "invalid-name",
                                  message: "attribute name '\(d.key)' breaks the naming rules", at: d.location, fix: fix,
                                  attribute: d.key))
        }
        for g in groups {
            let group = g.group
            if group.type == .event, let name = group.name, !isValidName(name) {
                out.append(Diagnostic(.error, rule: "invalid-name", message: "event name '\(name)' breaks the naming rules",
                                      at: group.location, fix: fix, event: name))
            }
            if group.type == .metric, let name = group.metricName, !isValidName(name) {
                out.append(Diagnostic(.error, rule: "invalid-name", message: "metric name '\(name)' breaks the naming rules",
                                      at: group.location, fix: fix))
            }
        }
    }

    /// An attribute key must not also be the namespace of other attributes, unless it is deprecated.
    static func namespaceCollisions(_ registry: Registry, _ out: inout [Diagnostic]) {
        let keys = registry.attributes.keys.sorted()
        for (i, key) in keys.enumerated() {
            guard let a = registry.attributes[key], a.deprecated == nil, !a.type.isTemplate else { continue }
            let prefix = key + "."
            var j = i + 1
            var children: [String] = []
            while j < keys.count, keys[j] <= prefix || keys[j].hasPrefix(prefix) {
                if keys[j].hasPrefix(prefix) { children.append(keys[j]) }
                j += 1
            }
            guard !children.isEmpty else { continue }
            out.append(Diagnostic(
                .error, rule: "attribute-namespace-collision",
                message: "attribute '\(key)' is also the namespace of " + children.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
                    + (children.count > 3 ? " and \(children.count - 3) more" : ""),
                at: a.location, fix: "rename '\(key)' (e.g. '\(key).name' or '\(key)_value') or deprecate it",
                attribute: key))
        }
    }

    static func enums(_ spec: AttributeSpec, _ out: inout [Diagnostic]) {
        guard case let .enumeration(e)? = spec.type else { return }
        var ids: [String: EnumMember] = [:]
        var values: [JSONValue: EnumMember] = [:]
        var kinds = Set<String>()
        for m in e.members {
            if let first = ids[m.id] {
                out.append(Diagnostic(.error, rule: "invalid-enum",
                                      message: "enum member id '\(m.id)' of '\(spec.key)' is already used at \(first.location)",
                                      at: m.location, fix: "give each member a unique id", attribute: spec.key,
                                      related: [first.location]))
            } else {
                ids[m.id] = m
            }
            if let first = values[m.value], first.deprecated == nil, m.deprecated == nil {
                out.append(Diagnostic(.error, rule: "invalid-enum",
                                      message: "enum value \(m.value.rendered()) of '\(spec.key)' is already used by member '\(first.id)'",
                                      at: m.location, fix: "give each member a unique value", attribute: spec.key,
                                      related: [first.location]))
            } else if values[m.value] == nil || m.deprecated == nil {
                values[m.value] = m
            }
            switch m.value {
            case .string: kinds.insert("string")
            case .int, .double: kinds.insert("number")
            default: break
            }
        }
        if kinds.count > 1, let m = e.members.first(where: { if case .string = $0.value { false } else { true } }) {
            out.append(Diagnostic(.error, rule: "invalid-enum",
                                  message: "enum '\(spec.key)' mixes string and numeric member values",
                                  at: m.location, fix: "use one value type for all members", attribute: spec.key))
        }
    }

    /// `renamed_to` must name something that exists (an attribute, metric, event, group or enum member).
    static func renames(_ registry: Registry, _ out: inout [Diagnostic]) {
        let metricNames = Set(registry.groups.values.compactMap(\.metricName))
        let eventNames = Set(registry.groups.values.compactMap(\.eventName))
        var memberNames = Set<String>()
        for a in registry.attributes.values {
            if case let .enumeration(e) = a.type {
                memberNames.formUnion(e.members.map(\.id) + e.members.compactMap(\.value.stringValue))
            }
        }
        for a in registry.sortedAttributes {
            if let d = a.deprecated, d.reason == "renamed", let to = d.renamedTo, registry.attribute(forKey: to) == nil {
                out.append(Diagnostic(.error, rule: "invalid-renamed-to",
                                      message: "'\(a.key)' is renamed to '\(to)', which is not defined"
                                          + Suggestions.didYouMean(to, in: registry.attributes.keys),
                                      at: a.deprecated?.location ?? a.location, fix: "name an existing attribute",
                                      attribute: a.key))
            }
            if case let .enumeration(e) = a.type {
                for m in e.members {
                    if let d = m.deprecated, d.reason == "renamed", let to = d.renamedTo, !memberNames.contains(to),
                       registry.attribute(forKey: to) == nil {
                        out.append(Diagnostic(.error, rule: "invalid-renamed-to",
                                              message: "enum member '\(m.id)' of '\(a.key)' is renamed to '\(to)', which is not a member",
                                              at: m.deprecated?.location ?? m.location, fix: "name an existing member",
                                              attribute: a.key))
                    }
                }
            }
        }
        for g in registry.sortedGroups {
            guard let d = g.deprecated, d.reason == "renamed", let to = d.renamedTo else { continue }
            let known: Bool
            switch g.type {
            case .metric: known = metricNames.contains(to) || registry.groups[to] != nil
            case .event: known = eventNames.contains(to) || registry.groups[to] != nil
            default: known = registry.groups[to] != nil || registry.groups.values.contains { $0.name == to }
            }
            if !known {
                out.append(Diagnostic(.error, rule: "invalid-renamed-to",
                                      message: "group '\(g.id)' is renamed to '\(to)', which is not defined",
                                      at: g.deprecated?.location ?? g.location, fix: "name an existing \(g.type)",
                                      event: g.id))
            }
        }
    }

    static func briefs(_ definitions: [AttributeSpec], _ groups: [GroupSpec], _ out: inout [Diagnostic]) {
        for d in definitions where (d.brief ?? "").trimmingWhitespace.isEmpty {
            out.append(Diagnostic(.warning, rule: "missing-brief", message: "attribute '\(d.key)' has no brief",
                                  at: d.location, fix: "add 'brief:' with a one-sentence description", attribute: d.key))
        }
        for g in groups where (g.group.brief ?? "").trimmingWhitespace.isEmpty && g.group.type != .attributeGroup
            && g.extends == nil {
            out.append(Diagnostic(.warning, rule: "missing-brief", message: "group '\(g.group.id)' has no brief",
                                  at: g.group.location, fix: "add 'brief:' with a one-sentence description",
                                  event: g.group.id))
        }
    }

    /// A stable group should not rely on attributes that may still change.
    static func stabilityMix(_ registry: Registry, _ out: inout [Diagnostic]) {
        for g in registry.sortedGroups where g.stability == "stable" && g.deprecated == nil {
            for item in g.attributes where item.isReference {
                let s = item.attribute.stability ?? "development"
                guard s != "stable", item.attribute.deprecated == nil,
                      item.requirementLevel != .optIn else { continue }
                out.append(Diagnostic(.warning, rule: "stable-references-unstable",
                                      message: "stable group '\(g.id)' references '\(item.key)', whose stability is \(s)",
                                      at: item.location, fix: "stabilize '\(item.key)' first, or make it opt_in here",
                                      attribute: item.key, event: g.id))
            }
        }
    }

    static func deprecations(_ registry: Registry, _ out: inout [Diagnostic]) {
        for a in registry.sortedAttributes {
            guard let d = a.deprecated, d.renamedTo == nil, (d.note ?? "").trimmingWhitespace.isEmpty else { continue }
            out.append(Diagnostic(.warning, rule: "deprecated-without-replacement",
                                  message: "'\(a.key)' is deprecated without a replacement or explanation",
                                  at: d.location, fix: "add renamed_to, or a note saying what to use instead",
                                  attribute: a.key))
        }
        for g in registry.sortedGroups {
            guard let d = g.deprecated, d.renamedTo == nil, (d.note ?? "").trimmingWhitespace.isEmpty else { continue }
            out.append(Diagnostic(.warning, rule: "deprecated-without-replacement",
                                  message: "group '\(g.id)' is deprecated without a replacement or explanation",
                                  at: d.location, fix: "add renamed_to, or a note saying what to use instead",
                                  event: g.id))
        }
    }
}
