import SemConvModel

/// A labelled top-level (or `declare`-nested) block: an Alloy component instance.
struct AlloyComponent {
    var name: String
    var label: String
    var block: AlloyBlock
    var id: String { "\(name).\(label)" }
}

/// Builds components, their `forward_to` wiring and the `loki.process` pipelines from a parsed Alloy config: one
/// file, or the files of a directory, whose top-level blocks Alloy puts in one list (`runtime.ParseSources`).
struct AlloyModel {
    /// The config's files and their bytes; `AlloyPos.file` indexes these lists.
    var files: [String]
    var sources: [[UInt8]]
    var components: [AlloyComponent] = []
    var byID: [String: Int] = [:]
    /// First component id per two-segment namespace (`loki.write`), for did-you-mean suggestions.
    var firstByNamespace: [String: String] = [:]
    /// Namespaces made available by `import.*` blocks and `declare` blocks (custom components).
    var customNamespaces: Set<String> = []
    /// Every resolved reference: which component's body names which component, through which export
    /// (`receiver`, `input`, `output`, `rules`, ...).
    var references: [(from: String, to: String, export: String)] = []
    /// References that name no component (`component-not-found`).
    var unresolved: [ConfigFacts.UnresolvedReference] = []
    /// Ids of labelled blocks nested inside other blocks: a reference to one of them only looks unresolved when an
    /// unclosed block swallowed the rest of the file.
    var nestedIDs: Set<String> = []
    /// Models of `declare` bodies (separate scopes).
    var nested: [AlloyModel] = []
    /// Blocks declared twice in one scope, each with where the first is.
    var duplicates: [ConfigFacts.DuplicateBlock] = []

    static let componentNamespaces: Set<String> = [
        "loki", "otelcol", "prometheus", "faro", "discovery", "pyroscope", "local", "remote", "mimir", "beyla",
        "database_observability", "livedebugging", "tracing", "logging", "http", "remotecfg",
    ]

    init(files: [String], sources: [[UInt8]], body: AlloyBody) {
        self.files = files
        self.sources = sources
        collect(body)
        for component in components {
            checkReferences(in: component.block.body, from: component.id)
        }
    }

    func loc(_ p: AlloyPos) -> SourceLocation { SourceLocation(file: files[p.file], line: p.line, column: p.column) }

    mutating func collect(_ body: AlloyBody) {
        // Every top-level block has an id (name and label) that must be unique (Alloy `blockAlreadyDefined`).
        var declared: [String: AlloyPos] = [:]
        for block in body.blocks {
            let blockID = block.fullName + (block.label.map { ".\($0)" } ?? "")
            if let first = declared[blockID] {
                duplicates.append(ConfigFacts.DuplicateBlock(id: blockID, location: loc(block.pos), first: loc(first)))
                continue
            }
            declared[blockID] = block.pos
            let name = block.fullName
            if name.hasPrefix("import."), let label = block.label {
                customNamespaces.insert(label)
                continue
            }
            if name == "declare", let label = block.label {
                // A declare body is its own scope: its components see each other, not the outer file.
                customNamespaces.insert(label)
                nested.append(AlloyModel(files: files, sources: sources, body: block.body))
                continue
            }
            if let label = block.label {
                collectNested(block.body)
                let component = AlloyComponent(name: name, label: label, block: block)
                if byID[component.id] == nil {
                    byID[component.id] = components.count
                }
                let namespace = block.name.prefix(2).joined(separator: ".")
                if firstByNamespace[namespace] == nil { firstByNamespace[namespace] = component.id }
                components.append(component)
            }
        }
    }

    mutating func collectNested(_ body: AlloyBody) {
        for block in body.blocks {
            if let label = block.label { nestedIDs.insert("\(block.fullName).\(label)") }
            collectNested(block.body)
        }
    }

    /// Resolves a reference like `loki.write.default.receiver` to a component id, if it names one.
    func resolve(_ path: [String]) -> String? {
        guard path.count >= 2 else { return nil }
        for n in stride(from: path.count, through: 2, by: -1) {
            let name = path[0..<(n - 1)].joined(separator: ".")
            let id = "\(name).\(path[n - 1])"
            if byID[id] != nil { return id }
        }
        return nil
    }

    mutating func checkReferences(in body: AlloyBody, from component: String) {
        for statement in body.statements {
            switch statement {
            case .attribute(let attribute): checkReferences(in: attribute.value, from: component)
            case .block(let block): checkReferences(in: block.body, from: component)
            }
        }
    }

    mutating func checkReferences(in expr: AlloyExpr, from component: String) {
        switch expr {
        case .access:
            if let path = expr.referencePath {
                reference(path, at: expr, from: component)
            } else if case .access(let base, _, _) = expr {
                checkReferences(in: base, from: component)
            }
        case .identifier, .literal, .bad: break
        case .array(let items, _): for item in items { checkReferences(in: item, from: component) }
        case .object(let fields, _): for field in fields { checkReferences(in: field.value, from: component) }
        case .index(let a, let b, _):
            checkReferences(in: a, from: component)
            checkReferences(in: b, from: component)
        case .call(let fn, let args, _):
            if fn.referencePath == nil { checkReferences(in: fn, from: component) }
            for arg in args { checkReferences(in: arg, from: component) }
        case .unary(_, let e, _), .paren(let e, _): checkReferences(in: e, from: component)
        case .binary(_, let a, let b, _):
            checkReferences(in: a, from: component)
            checkReferences(in: b, from: component)
        }
    }

    mutating func reference(_ path: [String], at expr: AlloyExpr, from component: String) {
        if let target = resolve(path) {
            let export = path.count > target.split(separator: ".").count ? path[target.split(separator: ".").count] : ""
            references.append((component, target, export))
            return
        }
        guard let first = path.first, Self.componentNamespaces.contains(first), !customNamespaces.contains(first),
              path.count >= 3
        else { return }
        let missing = path.dropLast().joined(separator: ".")
        unresolved.append(ConfigFacts.UnresolvedReference(
            reference: path.joined(separator: "."),
            missingBlock: "\(path.dropLast().dropLast().joined(separator: ".")) \"\(path[path.count - 2])\"",
            location: loc(expr.startPos), suggestion: firstByNamespace[path.prefix(2).joined(separator: ".")],
            declaration: missing))
    }

    /// References that name no component, each marked when it is a follow-on of a syntax error: when an unclosed
    /// block swallowed the rest of a file, the components declared after it are nested blocks now; when a comment or
    /// raw string runs to the end of a file, the components in it are not read; when Alloy rejects a block's label,
    /// references to that kind of block only look unresolved (`syntax` holds each file's parse).
    func unresolvedReferences(syntax: [AlloyFile]) -> [ConfigFacts.UnresolvedReference] {
        let unread = syntax.contains { $0.unreadFrom != nil }
        let rejected = syntax.reduce(into: Set<String>()) { $0.formUnion($1.rejectedLabelBlocks) }
        let own = unresolved.map { reference in
            var reference = reference
            let block = reference.declaration.split(separator: ".").dropLast().joined(separator: ".")
            reference.followOn = nestedIDs.contains(reference.declaration) || rejected.contains(block)
                || unread
            return reference
        }
        return own + nested.flatMap { $0.unresolvedReferences(syntax: syntax) }
    }

    // MARK: Pipelines

    /// Object fields `{ a = "b" }` as name/value pairs (`value` empty when not a string).
    func pairs(_ expr: AlloyExpr) -> [NamedRef] {
        guard case .object(let fields, _) = expr else { return [] }
        return fields.map {
            NamedRef(name: $0.key, source: $0.value.stringValue ?? "", location: loc($0.keyPos), valueLocation: loc($0.value.pos))
        }
    }

    func strings(_ expr: AlloyExpr) -> [NamedRef] {
        guard case .array(let items, _) = expr else { return [] }
        return items.compactMap { item in item.stringValue.map { NamedRef(name: $0, source: $0, location: loc(item.pos)) } }
    }

    func stages(_ body: AlloyBody) -> [PipelineStage] {
        body.blocks.compactMap { stage($0) }
    }

    func stage(_ block: AlloyBlock) -> PipelineStage? {
        let body = block.body
        let at = loc(block.pos)
        func str(_ name: String) -> String? { body.attribute(name)?.value.stringValue }
        func values(_ name: String) -> [NamedRef] { body.attribute(name).map { pairs($0.value) } ?? [] }
        switch block.fullName {
        case "stage.logfmt":
            return .extract(kind: "logfmt", fields: values("mapping").map(ExtractedField.logfmt), from: str("source"),
                            location: at)
        case "stage.json":
            return .extract(kind: "json", fields: values("expressions").map { ExtractedField.json($0, dialect: .alloy) }, from: str("source"),
                            location: at)
        case "stage.regex":
            let expression = body.attribute("expression")?.value
            return .extract(kind: "regex", fields: ExtractedField.regex(str("expression") ?? "") { offset in
                expression.flatMap { self.position(of: offset, inStringAt: $0) } ?? expression.map { self.loc($0.pos) } ?? at
            }, from: str("source"), location: at)
        case "stage.labels":
            return .labels(values("values"), fromStructuredMetadata: str("source_type") == "structured_metadata")
        case "stage.static_labels":
            return .staticLabels(values("values"))
        case "stage.structured_metadata":
            return .structuredMetadata(values("values"), regex: str("regex"))
        case "stage.label_keep":
            return .labelKeep(body.attribute("values").map { strings($0.value) } ?? [], location: at)
        case "stage.label_drop":
            return .labelDrop(body.attribute("values").map { strings($0.value) } ?? [])
        case "stage.structured_metadata_drop":
            return .structuredMetadataDrop(body.attribute("values").map { strings($0.value) } ?? [])
        case "stage.pack":
            return .pack(body.attribute("labels").map { strings($0.value) } ?? [])
        case "stage.template":
            return .template(target: str("source") ?? "", template: str("template") ?? "", location: at)
        case "stage.match":
            return .match(stages: stages(body), location: at)
        case "stage.metrics":
            let metrics = body.blocks.compactMap { m -> MetricDef? in
                guard m.name.count == 2, m.name[0] == "metric" else { return nil }
                let name = m.body.attribute("name")
                let source = m.body.attribute("source")
                return MetricDef(type: m.name[1], name: name?.value.stringValue ?? "",
                                 prefix: m.body.attribute("prefix")?.value.stringValue ?? "loki_process_custom_",
                                 source: source?.value.stringValue,
                                 location: loc(m.pos), sourceLocation: source.map { loc($0.value.pos) } ?? loc(m.pos),
                                 nameLocation: name.map { loc($0.value.pos) })
            }
            return .metrics(metrics, location: at)
        default:
            return .other
        }
    }

    /// Where value character `offset` of the string literal `expr` is written.
    func position(of offset: Int, inStringAt expr: AlloyExpr) -> SourceLocation? {
        guard case .literal(.string, let p) = expr, p.file < sources.count else { return nil }
        return LiteralPosition.locate(offset, inLiteralAt: p.line, column: p.column, of: sources[p.file],
                                      style: .doubleQuoted)
            .map { SourceLocation(file: files[p.file], line: $0.line, column: $0.column) }
    }

    /// Relabel `rule` blocks (`loki.relabel`, `discovery.relabel`).
    func rules(_ body: AlloyBody) -> [RelabelRule] {
        body.blocks.filter { $0.fullName == "rule" }.map { block in
            let b = block.body
            func str(_ name: String) -> String? { b.attribute(name)?.value.stringValue }
            let sources = b.attribute("source_labels").map { strings($0.value).map(\.name) } ?? []
            return RelabelRule(action: str("action") ?? "replace", sourceLabels: sources, targetLabel: str("target_label"),
                               regex: str("regex"), replacement: str("replacement"), location: loc(block.pos),
                               targetLocation: b.attribute("target_label").map { loc($0.value.pos) } ?? loc(block.pos))
        }
    }
}

/// Named groups `(?P<name>` / `(?<name>` of a regular expression, each with the offset of its `(` in Unicode scalars.
func regexGroups(_ expression: String) -> [(name: String, offset: Int)] {
    let bytes = Array(expression.utf8)
    var names: [(String, Int)] = []
    var i = 0
    while i + 3 < bytes.count {
        if bytes[i] == 40, bytes[i + 1] == 63 {
            var j = i + 2
            if j < bytes.count, bytes[j] == 80 { j += 1 }
            if j < bytes.count, bytes[j] == 60, j + 1 < bytes.count, bytes[j + 1] != 61, bytes[j + 1] != 33 {
                let start = j + 1
                var k = start
                while k < bytes.count, bytes[k] != 62 { k += 1 }
                if k < bytes.count {
                    let offset = bytes[..<i].filter { $0 & 0xC0 != 0x80 }.count
                    names.append((String(decoding: bytes[start..<k], as: UTF8.self), offset))
                }
                i = k
                continue
            }
        }
        if bytes[i] == 92 { i += 1 }
        i += 1
    }
    return names
}
