/// Every change between a baseline registry and the current one, down to fields: items added, removed, renamed,
/// obsoleted or otherwise deprecated, and field-level updates (type, enum members, stability, requirement levels
/// per group, metric unit and instrument, span kind, event body fields; brief, note and examples marked as
/// documentation-only).
///
/// Deprecations are classified as Weaver's `registry diff` does, with two differences (see README, "Renames"):
/// a deprecation is compared by meaning (reason and target), so a new note on an old rename is a documentation
/// update rather than a second rename; and the older plain-string form counts as a rename when it says
/// "Replaced by `x`" (or a like phrase) about an item that exists.
public struct RegistryDiff: Sendable {
    /// All changes in report order (item kind, name, change kind); updates by field, then subject.
    public var changes: [RegistryChange]
    /// Template attributes (`template[...]`, keys `name.<key>`) among the changes: a schema file cannot rename them.
    public var templateAttributes: Set<String>

    /// The changes in report order, each with its field updates sorted by field, then subject.
    public init(changes: [RegistryChange], templateAttributes: Set<String> = []) {
        self.changes = changes.sorted(by: RegistryChange.reportOrder).map { change in
            var c = change
            c.updates.sort { ($0.field, $0.subject ?? "") < ($1.field, $1.subject ?? "") }
            return c
        }
        self.templateAttributes = templateAttributes
    }

    /// Compares two resolved registries.
    public static func compare(baseline: Registry, current: Registry) -> RegistryDiff {
        var builder = Builder(baseline: RegistryItems(baseline), current: RegistryItems(current))
        builder.compareAttributes()
        for kind in RegistryItemKind.allCases where kind != .attribute { builder.compareGroups(kind) }
        let templates = Set(builder.changes.filter { $0.item == .attribute }.map(\.name).filter { key in
            (current.attributes[key] ?? baseline.attributes[key])?.type.isTemplate ?? false
        })
        return RegistryDiff(changes: builder.changes, templateAttributes: templates)
    }

    /// Renames of one kind of item as (old name, new name), sorted by old name: the `rename_attributes` and
    /// `rename_metrics` maps of an OpenTelemetry schema file. Template attributes are left out: schema
    /// transformations rename whole keys, not `name.<key>` families (upstream's v1.30.0 file says so of
    /// `db.elasticsearch.path_parts`, and lists no template rename).
    public func renames(_ kind: RegistryItemKind) -> [(from: String, to: String)] {
        renames { $0.item == kind && !(kind == .attribute && templateAttributes.contains($0.name)) }
    }

    /// Renames of template attributes, which `renames(.attribute)` leaves out.
    public var templateRenames: [(from: String, to: String)] {
        renames { $0.item == .attribute && templateAttributes.contains($0.name) }
    }

    private func renames(where include: (RegistryChange) -> Bool) -> [(from: String, to: String)] {
        changes.filter { $0.kind == .renamed && include($0) }.compactMap { c in c.renamedTo.map { (c.name, $0) } }
            .sorted { $0.from < $1.from }
    }

    /// The diff with every location's file shown as `display` names it (e.g. `SOURCE:PATH` in a fetched
    /// registry), so that reports read the same on every machine and whatever the cache.
    public func withFiles(_ display: (String) -> String) -> RegistryDiff {
        var copy = self
        copy.changes = changes.map { change in
            var c = change
            c.location = c.location?.withFile(display)
            c.baselineLocation = c.baselineLocation?.withFile(display)
            c.updates = c.updates.map { u in
                var u = u
                u.location = u.location?.withFile(display)
                return u
            }
            return c
        }
        return copy
    }

    /// Number of changes per item kind and change kind.
    public var counts: [RegistryItemKind: [RegistryChange.Kind: Int]] {
        var out: [RegistryItemKind: [RegistryChange.Kind: Int]] = [:]
        for c in changes { out[c.item, default: [:]][c.kind, default: 0] += 1 }
        return out
    }

    public var isEmpty: Bool { changes.isEmpty }
}

private struct Builder {
    let baseline: RegistryItems
    let current: RegistryItems
    var changes: [RegistryChange] = []

    // MARK: Attributes

    mutating func compareAttributes() {
        let keys = Set(baseline.registry.attributes.keys).union(current.registry.attributes.keys).sorted()
        let known: (String) -> Bool = { [baseline, current] name in
            current.registry.attributes[name] != nil || baseline.registry.attributes[name] != nil
        }
        for key in keys {
            switch (baseline.registry.attributes[key], current.registry.attributes[key]) {
            case let (nil, new?):
                changes.append(RegistryChange(kind: .added, item: .attribute, name: key, note: new.deprecated?.summary,
                                              stability: new.stability, location: new.location))
            case let (old?, nil):
                changes.append(RegistryChange(kind: .removed, item: .attribute, name: key, note: old.deprecated?.summary,
                                              stability: old.stability, wasDeprecated: old.deprecated != nil,
                                              baselineLocation: old.location))
            case let (old?, new?):
                var updates = Builder.attributeUpdates(old, new)
                let deprecation = Builder.deprecationChange(key, old.deprecated, new.deprecated, known: known,
                                                            at: new.fieldLocations["deprecated"] ?? new.location, into: &updates)
                record(.attribute, key, deprecation: deprecation, new: new.deprecated, updates: updates,
                       stability: (old.stability, new.stability), locations: (old.location, new.location))
            case (nil, nil):
                break
            }
        }
    }

    mutating func record(_ item: RegistryItemKind, _ name: String, deprecation: DeprecationMeaning?, new: Deprecation?,
                         updates: [FieldChange], stability: (String?, String?),
                         locations: (SourceLocation, SourceLocation)) {
        guard deprecation != nil || !updates.isEmpty else { return }
        var change = RegistryChange(kind: deprecation?.changeKind ?? .updated, item: item, name: name,
                                    stability: stability.1, baselineStability: stability.0, updates: updates,
                                    location: locations.1, baselineLocation: locations.0)
        if let deprecation {
            if case let .renamed(target) = deprecation { change.renamedTo = target }
            change.note = new?.note?.trimmingWhitespace
        }
        changes.append(change)
    }

    /// The new meaning when the deprecation of `name` changed meaning (a rename pointed at a new target included,
    /// as Weaver counts it: v1.38.0 re-pointed `system.processes.status` from `system.process.status` to
    /// `process.state`, and upstream's schema file lists the rename again); a documentation update when only its
    /// note changed; an update when the deprecation was withdrawn.
    static func deprecationChange(_ name: String, _ old: Deprecation?, _ new: Deprecation?, known: (String) -> Bool,
                                  at location: SourceLocation?, into updates: inout [FieldChange]) -> DeprecationMeaning? {
        guard let new else {
            if let old {
                updates.append(FieldChange(field: "deprecated", before: old.summary, after: nil))
            }
            return nil
        }
        let meaning = DeprecationMeaning.of(new, name: name, isKnown: known)
        guard let old else { return meaning }
        if DeprecationMeaning.of(old, name: name, isKnown: known) != meaning { return meaning }
        let (a, b) = (old.note?.trimmingWhitespace ?? "", new.note?.trimmingWhitespace ?? "")
        if a != b {
            updates.append(FieldChange(field: "deprecated.note", before: a, after: b, isDocumentationOnly: true,
                                       location: location))
        }
        return nil
    }

    /// Whether two stability values mean the same: upstream renamed `experimental` to `development` (mostly in
    /// v1.31.0), which changes nothing.
    static func sameStability(_ a: String?, _ b: String?) -> Bool {
        func name(_ s: String?) -> String? { s == "experimental" ? "development" : s }
        return name(a) == name(b)
    }

    /// `string`, `int[]`, `template[string]`, `enum of string`, `enum of int` (whether an enum is closed is the
    /// separate field `allow_custom_values`).
    static func typeSignature(_ type: AttributeType) -> String {
        guard case let .enumeration(e) = type else { return type.description }
        return "enum of \(e.valueType)"
    }

    static func documentation(_ field: String, subject: String? = nil, _ a: String?, _ b: String?,
                              location: SourceLocation?) -> FieldChange? {
        let (x, y) = (a?.trimmingWhitespace ?? "", b?.trimmingWhitespace ?? "")
        guard x != y else { return nil }
        return FieldChange(field: field, subject: subject, before: x.isEmpty ? nil : x, after: y.isEmpty ? nil : y,
                           isDocumentationOnly: true, location: location)
    }

    static func attributeUpdates(_ old: Attribute, _ new: Attribute) -> [FieldChange] {
        var out: [FieldChange] = []
        let here = new.fieldLocations
        let (oldType, newType) = (typeSignature(old.type), typeSignature(new.type))
        if oldType != newType {
            out.append(FieldChange(field: "type", before: oldType, after: newType, location: here["type"] ?? new.location))
        }
        switch (old.type, new.type) {
        case let (.enumeration(a), .enumeration(b)):
            out += memberUpdates(a.members, b.members)
            if a.allowsCustomValues != b.allowsCustomValues {
                out.append(FieldChange(field: "allow_custom_values", before: String(a.allowsCustomValues),
                                       after: String(b.allowsCustomValues), location: here["type"] ?? new.location))
            }
        case let (_, .enumeration(b)):
            out += memberUpdates([], b.members)  // a type made an enum: its members are new
        default:
            break
        }
        if !Builder.sameStability(old.stability, new.stability) {
            out.append(FieldChange(field: "stability", before: old.stability, after: new.stability,
                                   location: here["stability"] ?? new.location))
        }
        if old.requirementLevel?.name != new.requirementLevel?.name {
            out.append(FieldChange(field: "requirement_level", before: old.requirementLevel?.name,
                                   after: new.requirementLevel?.name, location: here["requirement_level"] ?? new.location))
        }
        out += [documentation("brief", old.brief, new.brief, location: here["brief"]),
                documentation("note", old.note, new.note, location: here["note"])].compactMap { $0 }
        if old.examples != new.examples {
            out.append(FieldChange(field: "examples", before: old.examples.map { $0.scalarText ?? $0.rendered() }.joined(separator: ", "),
                                   after: new.examples.map { $0.scalarText ?? $0.rendered() }.joined(separator: ", "),
                                   isDocumentationOnly: true, location: here["examples"]))
        }
        return out
    }

    static func memberUpdates(_ old: [EnumMember], _ new: [EnumMember]) -> [FieldChange] {
        var out: [FieldChange] = []
        let before = Dictionary(old.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let memberNames = Set(new.map(\.id)).union(new.compactMap(\.value.stringValue))
        for id in Set(before.keys).union(after.keys).sorted() {
            switch (before[id], after[id]) {
            case let (nil, m?):
                out.append(FieldChange(field: "enum_member", subject: id, before: nil, after: m.value.scalarText, location: m.location))
            case let (m?, nil):
                out.append(FieldChange(field: "enum_member", subject: id, before: m.value.scalarText, after: nil))
            case let (a?, b?):
                let here = b.fieldLocations
                if a.value != b.value {
                    out.append(FieldChange(field: "enum_member.value", subject: id, before: a.value.scalarText,
                                           after: b.value.scalarText, location: here["value"] ?? b.location))
                }
                if !sameStability(a.stability, b.stability) {
                    out.append(FieldChange(field: "enum_member.stability", subject: id, before: a.stability,
                                           after: b.stability, location: here["stability"] ?? b.location))
                }
                let known: (String) -> Bool = { memberNames.contains($0) }
                let (x, y) = (a.deprecated.map { DeprecationMeaning.of($0, name: id, isKnown: known) },
                              b.deprecated.map { DeprecationMeaning.of($0, name: id, isKnown: known) })
                if x != y {
                    out.append(FieldChange(field: "enum_member.deprecated", subject: id, before: x.map(describe),
                                           after: y.map(describe), location: here["deprecated"] ?? b.location))
                }
                out += [documentation("enum_member.brief", subject: id, a.brief, b.brief, location: here["brief"]),
                        documentation("enum_member.note", subject: id, a.note, b.note, location: here["note"])]
                    .compactMap { $0 }
            case (nil, nil):
                break
            }
        }
        return out
    }

    static func describe(_ meaning: DeprecationMeaning) -> String {
        switch meaning {
        case let .renamed(to): "renamed to \(to)"
        case .obsoleted: "obsoleted"
        case .uncategorized: "deprecated"
        }
    }

    // MARK: Groups

    mutating func compareGroups(_ kind: RegistryItemKind) {
        let (old, new) = (baseline.groups(kind), current.groups(kind))
        let names = current.names(kind).union(baseline.names(kind))
        let known: (String) -> Bool = { names.contains($0) }
        for name in Set(old.keys).union(new.keys).sorted() {
            switch (old[name], new[name]) {
            case let (nil, g?):
                changes.append(RegistryChange(kind: .added, item: kind, name: name, note: g.deprecated?.summary,
                                              stability: g.stability, location: g.location))
            case let (g?, nil):
                changes.append(RegistryChange(kind: .removed, item: kind, name: name, note: g.deprecated?.summary,
                                              stability: g.stability, wasDeprecated: g.deprecated != nil,
                                              baselineLocation: g.location))
            case let (a?, b?):
                var updates = groupUpdates(a, b, kind)
                let deprecation = Builder.deprecationChange(name, a.deprecated, b.deprecated, known: known,
                                                            at: b.fieldLocations["deprecated"] ?? b.location, into: &updates)
                record(kind, name, deprecation: deprecation, new: b.deprecated, updates: updates,
                       stability: (a.stability, b.stability), locations: (a.location, b.location))
            case (nil, nil):
                break
            }
        }
    }

    func groupUpdates(_ old: Group, _ new: Group, _ kind: RegistryItemKind) -> [FieldChange] {
        var out: [FieldChange] = []
        let here = new.fieldLocations
        func field(_ name: String, _ a: String?, _ b: String?) {
            if a != b { out.append(FieldChange(field: name, before: a, after: b, location: here[name] ?? new.location)) }
        }
        if !Builder.sameStability(old.stability, new.stability) { field("stability", old.stability, new.stability) }
        switch kind {
        case .metric:
            field("unit", old.unit, new.unit)
            field("instrument", old.instrument, new.instrument)
        case .span:
            field("span_kind", old.spanKind, new.spanKind)
        case .event:
            out += Builder.bodyUpdates(old.body, new.body)
        default:
            break
        }
        out += attributeUsageUpdates(old, new)
        out += [Builder.documentation("brief", old.brief, new.brief, location: here["brief"]),
                Builder.documentation("note", old.note, new.note, location: here["note"])].compactMap { $0 }
        return out
    }

    /// Attributes a group gained or lost, and requirement levels it changed. A definition that comes or goes with
    /// the attribute itself is left to the attribute's own change.
    func attributeUsageUpdates(_ old: Group, _ new: Group) -> [FieldChange] {
        var out: [FieldChange] = []
        let before = Dictionary(old.attributes.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.attributes.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for key in Set(before.keys).union(after.keys).sorted() {
            switch (before[key], after[key]) {
            case let (nil, usage?):
                if !usage.isReference, baseline.registry.attributes[key] == nil { continue }
                out.append(FieldChange(field: "attribute", subject: key, before: nil, after: usage.requirementLevel.name,
                                       location: usage.location))
            case let (usage?, nil):
                if !usage.isReference, current.registry.attributes[key] == nil { continue }
                out.append(FieldChange(field: "attribute", subject: key, before: usage.requirementLevel.name, after: nil))
            case let (a?, b?):
                if a.requirementLevel.name != b.requirementLevel.name {
                    out.append(FieldChange(field: "requirement_level", subject: key, before: a.requirementLevel.name,
                                           after: b.requirementLevel.name,
                                           location: b.attribute.fieldLocations["requirement_level"] ?? b.location))
                }
            case (nil, nil):
                break
            }
        }
        return out
    }

    /// Event body fields, flattened to paths (`body`, `body.content`, ...).
    static func bodyUpdates(_ old: BodyField?, _ new: BodyField?) -> [FieldChange] {
        func flatten(_ field: BodyField?, _ prefix: String, into out: inout [String: BodyField]) {
            guard let field else { return }
            let path = prefix.isEmpty ? field.id : prefix + "." + field.id
            out[path] = field
            for child in field.fields { flatten(child, path, into: &out) }
        }
        var before: [String: BodyField] = [:], after: [String: BodyField] = [:]
        flatten(old, "", into: &before)
        flatten(new, "", into: &after)
        var out: [FieldChange] = []
        for path in Set(before.keys).union(after.keys).sorted() {
            switch (before[path], after[path]) {
            case let (nil, f?):
                out.append(FieldChange(field: "body_field", subject: path, before: nil, after: f.typeName, location: f.location))
            case let (f?, nil):
                out.append(FieldChange(field: "body_field", subject: path, before: f.typeName, after: nil))
            case let (a?, b?):
                if a.typeName != b.typeName {
                    out.append(FieldChange(field: "body_field.type", subject: path, before: a.typeName, after: b.typeName,
                                           location: b.location))
                }
                if a.requirementLevel?.name != b.requirementLevel?.name {
                    out.append(FieldChange(field: "body_field.requirement_level", subject: path,
                                           before: a.requirementLevel?.name, after: b.requirementLevel?.name, location: b.location))
                }
                if !sameStability(a.stability, b.stability) {
                    out.append(FieldChange(field: "body_field.stability", subject: path, before: a.stability,
                                           after: b.stability, location: b.location))
                }
                if a.members.map(\.value) != b.members.map(\.value) {
                    out.append(FieldChange(field: "body_field.members", subject: path,
                                           before: a.members.compactMap(\.value.scalarText).joined(separator: ", "),
                                           after: b.members.compactMap(\.value.scalarText).joined(separator: ", "),
                                           location: b.location))
                }
                out += [documentation("body_field.brief", subject: path, a.brief, b.brief, location: b.location),
                        documentation("body_field.note", subject: path, a.note, b.note, location: b.location)].compactMap { $0 }
            case (nil, nil):
                break
            }
        }
        return out
    }
}
