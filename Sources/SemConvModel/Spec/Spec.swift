/// The parsed-but-unresolved content of registry files: one stage between YAML nodes and the resolved `Registry`.

/// An attribute entry as written in a file: a definition (`id:` / `key:`) or a reference (`ref:`) with overrides.
struct AttributeSpec {
    var key: String
    var isReference: Bool
    var location: SourceLocation
    var type: AttributeType?
    var typeLocation: SourceLocation?
    var brief: String?
    var note: String?
    var examples: [JSONValue]?
    var requirementLevel: RequirementLevel?
    var stability: String?
    var deprecated: Deprecation?
    var annotations: JSONValue?
    var samplingRelevant: Bool?
    var role: String?
    var tag: String?
    var fieldLocations = FieldLocations()

    init(key: String, isReference: Bool, location: SourceLocation) {
        self.key = key
        self.isReference = isReference
        self.location = location
    }

    /// The definition this entry makes (only meaningful when `!isReference`).
    var definition: Attribute {
        var a = Attribute(key: key, type: type ?? .other("undefined"), brief: brief, note: note, examples: examples ?? [],
                          stability: stability, deprecated: deprecated, annotations: annotations,
                          requirementLevel: requirementLevel, samplingRelevant: samplingRelevant, role: role, tag: tag,
                          location: location)
        a.fieldLocations = fieldLocations
        return a
    }

    /// `base` with this entry's overrides applied.
    func applyingOverrides(to base: Attribute) -> Attribute {
        var a = base
        if let brief { a.brief = brief }
        if let note { a.note = note }
        if let examples { a.examples = examples }
        if let requirementLevel { a.requirementLevel = requirementLevel }
        if let stability { a.stability = stability }
        if let deprecated { a.deprecated = deprecated }
        if let annotations { a.annotations = a.annotations.map { $0.deepMerged(with: annotations) } ?? annotations }
        if let samplingRelevant { a.samplingRelevant = samplingRelevant }
        if let role { a.role = role }
        if let tag { a.tag = tag }
        a.fieldLocations = a.fieldLocations.merging(fieldLocations)
        return a
    }
}

/// A reference from a group to another group (`extends`, `ref_group`, `include` constraints, refinements).
struct GroupReference {
    var id: String
    var location: SourceLocation
}

/// A group as written in a file, before `extends` and references are followed.
struct GroupSpec {
    /// Scalar fields (id, type, brief, ...); `attributes` stays empty until resolution.
    var group: Group
    var attributes: [AttributeSpec] = []
    var extends: GroupReference?
    /// Attribute groups whose attributes this group includes.
    var includes: [GroupReference] = []
}

/// One registry file after decoding.
struct SpecFile {
    var path: String
    /// Which `--registry` directory the file came from (index into the load order).
    var rootIndex: Int
    /// Stand-alone attribute definitions (definition/2 top-level `attributes:`).
    var attributes: [AttributeSpec] = []
    var groups: [GroupSpec] = []
    var diagnostics: [Diagnostic] = []
}
