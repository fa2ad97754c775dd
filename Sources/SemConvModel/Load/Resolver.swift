/// Resolves decoded files into a `Registry`: definitions indexed, references and overrides applied,
/// `extends` chains and group includes followed, cycles detected.
///
/// Registries are layered in the order given: when two registry directories define the same attribute or group,
/// the later one wins and attribute annotations are merged. Within one directory a second definition is an error.
struct Resolver {
    private(set) var diagnostics: [Diagnostic] = []
    private var definitions: [String: (spec: AttributeSpec, root: Int)] = [:]
    private var groupSpecs: [String: (spec: GroupSpec, root: Int)] = [:]
    private var resolved: [String: Group] = [:]
    private var resolving: [String] = []

    static func resolve(files: [SpecFile], roots: [String]) -> (Registry, [Diagnostic]) {
        var r = Resolver()
        r.index(files)
        let ids = r.groupSpecs.keys.sorted()
        for id in ids { _ = r.group(id) }
        var attributes: [String: Attribute] = [:]
        for (key, entry) in r.definitions { attributes[key] = entry.spec.definition }
        var policyDiagnostics: [Diagnostic] = []
        let groups = r.resolved
        let policy = PolicyReader.read(attributes: attributes.values.sorted { $0.key < $1.key },
                                       groups: groups.values.sorted { $0.id < $1.id }, diagnostics: &policyDiagnostics)
        let registry = Registry(attributes: attributes, groups: groups, policy: policy, roots: roots,
                                fileCount: files.count)
        return (registry, r.diagnostics + policyDiagnostics)
    }

    private mutating func index(_ files: [SpecFile]) {
        for file in files {
            let defs = file.attributes + file.groups.flatMap { $0.attributes.filter { !$0.isReference } }
            for spec in defs { define(spec, root: file.rootIndex) }
            for group in file.groups {
                let id = group.group.id
                if let existing = groupSpecs[id] {
                    if existing.root == file.rootIndex {
                        diagnostics.append(Diagnostic(
                            .error, rule: "duplicate-id",
                            message: "group '\(id)' is already defined at \(existing.spec.group.location)",
                            at: group.group.fieldLocations["id"] ?? group.group.location,
                            fix: "rename one of the two groups", event: id,
                            related: [existing.spec.group.fieldLocations["id"] ?? existing.spec.group.location]))
                        continue
                    }
                }
                groupSpecs[id] = (group, file.rootIndex)
            }
        }
    }

    private mutating func define(_ spec: AttributeSpec, root: Int) {
        guard let existing = definitions[spec.key] else {
            definitions[spec.key] = (spec, root)
            return
        }
        if existing.root == root {
            diagnostics.append(Diagnostic(
                .error, rule: "duplicate-id",
                message: "attribute '\(spec.key)' is already defined at \(existing.spec.location)",
                at: spec.location, fix: "define each attribute once; use 'ref: \(spec.key)' elsewhere",
                attribute: spec.key, related: [existing.spec.location]))
            return
        }
        // A later registry overrides an earlier one; annotations are merged, the later registry's keys winning.
        var merged = spec
        merged.annotations = Resolver.merge(existing.spec.annotations, spec.annotations)
        merged.fieldLocations = existing.spec.fieldLocations.merging(spec.fieldLocations)
        definitions[spec.key] = (merged, root)
    }

    static func merge(_ base: JSONValue?, _ overlay: JSONValue?) -> JSONValue? {
        guard let base else { return overlay }
        guard let overlay else { return base }
        return base.deepMerged(with: overlay)
    }

    /// The resolved group `id`, resolving its parents first. `nil` for unknown ids and cycles.
    private mutating func group(_ id: String) -> Group? {
        if let done = resolved[id] { return done }
        guard let entry = groupSpecs[id] else { return nil }
        let spec = entry.spec
        if let start = resolving.firstIndex(of: id) {
            let cycle = resolving[start...] + [id]
            diagnostics.append(Diagnostic(
                .error, rule: "extends-cycle",
                message: "group '\(id)' extends or includes itself: " + cycle.joined(separator: " -> "),
                at: spec.extends?.location ?? spec.group.location,
                fix: "break the cycle by removing one 'extends' or include", event: id))
            return nil
        }
        resolving.append(id)
        defer { resolving.removeLast() }

        var group = spec.group
        var attributes: [GroupAttribute] = []
        func add(_ item: GroupAttribute) {
            if let i = attributes.firstIndex(where: { $0.key == item.key }) {
                attributes[i] = item
            } else {
                attributes.append(item)
            }
        }
        var parents: [GroupReference] = []
        if let ext = spec.extends { parents.append(ext) }
        parents += spec.includes
        for parent in parents {
            if groupSpecs[parent.id] == nil {
                diagnostics.append(Diagnostic(
                    .error, rule: "undefined-reference",
                    message: "group '\(id)' refers to undefined group '\(parent.id)'"
                        + Suggestions.didYouMean(parent.id, in: groupSpecs.keys),
                    at: parent.location, fix: "use the id of an existing group", event: id))
                continue
            }
            if let resolvedParent = self.group(parent.id) {
                for item in resolvedParent.attributes { add(item) }
                if parent.id == spec.extends?.id { group.inheritMissingFields(from: resolvedParent) }
                if group.type == .event, group.name == nil, resolvedParent.type == .event {
                    group.name = resolvedParent.name
                }
            }
        }
        for entry in spec.attributes {
            if !entry.isReference {
                add(GroupAttribute(attribute: definitionOrSelf(entry), location: entry.location, isReference: false))
                continue
            }
            guard let base = definitions[entry.key]?.spec.definition else {
                diagnostics.append(Diagnostic(
                    .error, rule: "undefined-reference",
                    message: "reference to undefined attribute '\(entry.key)'"
                        + Suggestions.didYouMean(entry.key, in: definitions.keys),
                    at: entry.location, fix: "define '\(entry.key)' in an attribute group, or fix the name",
                    attribute: entry.key, event: id))
                continue
            }
            // A `ref` to an attribute the group already inherits (through `extends` or an include) lays only the
            // fields it sets over the inherited entry, as Weaver does: re-referencing `http.route` to mark it
            // `sampling_relevant` keeps the requirement level the parent gave it.
            let inherited = attributes.first { $0.key == entry.key }?.attribute
            add(GroupAttribute(attribute: entry.applyingOverrides(to: inherited ?? base), location: entry.location,
                               isReference: true))
        }
        group.attributes = attributes
        resolved[id] = group
        return group
    }

    /// An in-group definition, using the winning (possibly overlaid) definition for its key.
    private func definitionOrSelf(_ entry: AttributeSpec) -> Attribute {
        var a = definitions[entry.key]?.spec.definition ?? entry.definition
        a.requirementLevel = entry.requirementLevel ?? a.requirementLevel
        return a
    }
}

extension Group {
    /// A refinement (or extending group) takes what it leaves out from the group it extends.
    mutating func inheritMissingFields(from parent: Group) {
        brief = brief ?? parent.brief
        note = note ?? parent.note
        stability = stability ?? parent.stability
        name = name ?? parent.name
        metricName = metricName ?? parent.metricName
        instrument = instrument ?? parent.instrument
        unit = unit ?? parent.unit
        spanKind = spanKind ?? parent.spanKind
        if entityAssociations.isEmpty { entityAssociations = parent.entityAssociations }
    }
}
