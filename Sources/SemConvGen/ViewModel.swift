import Foundation
import Mustache
import SemConvModel

/// The data handed to templates: plain dictionaries and arrays that Mustache walks; text that only templates print
/// is a `LazyValue`, computed when first read. Every name a template prints is computed here (see README,
/// "Template variables"). `ViewModelSchema` lists the same keys for strict checking.
public final class ViewModel {
    public let registry: Registry
    /// Attribute models by key (without group usage), built once: groups and events reuse them.
    private var baseCache: [String: [String: Any]] = [:]
    private var aliasesByKey: [String: [String]] = [:]
    public let params: [String: String]
    public let naming: Naming
    /// Only attributes and groups at or above this stability: `stable`, `development` or `all`.
    public let stability: String

    public init(registry: Registry, params: [String: String] = [:], stability: String = "all") {
        self.registry = registry
        self.params = params
        self.stability = stability
        self.naming = Naming(acronyms: (params["acronyms"] ?? "").split(separator: ",").map {
            String($0).trimmingWhitespace
        }.filter { !$0.isEmpty })
        for (alias, key) in registry.policy.attributeAliases.merging(registry.policy.genericAttributeAliases,
                                                                      uniquingKeysWith: { a, _ in a }) {
            aliasesByKey[key, default: []].append(alias)
        }
    }

    var rootName: String { params["root"].map { $0.isEmpty ? "SemConv" : $0 } ?? "SemConv" }

    func included(_ s: String?) -> Bool {
        switch stability {
        case "stable": return s == "stable"
        default: return true
        }
    }

    // MARK: Root

    /// The context for templates applied once for the whole registry. Members are built on first use, so a
    /// template set that never mentions `groups` or `metrics` does not pay for them.
    public func root() -> LazyContext {
        LazyContext([
            "params": { [unowned self] in self.paramsModel() },
            "root": { [unowned self] in self.rootName },
            "registry": { [unowned self] in ["roots": self.registry.roots, "fileCount": self.registry.fileCount] as [String: Any] },
            "namespaces": { [unowned self] in self.namespaceTree(self.includedAttributes) },
            "allNamespaces": { [unowned self] in self.flatten(self.namespaceTree(self.includedAttributes)) },
            "attributes": { [unowned self] in self.includedAttributes.map { self.attribute($0, namespacePath: $0.namespace) } },
            "events": { [unowned self] in self.eventModels() },
            "hasEvents": { [unowned self] in !self.eventModels().isEmpty },
            "metrics": { [unowned self] in
                self.registry.sortedGroups.filter { $0.type == .metric && self.included($0.stability) }.map(self.metric)
            },
            "groups": { [unowned self] in self.registry.sortedGroups.filter { self.included($0.stability) }.map(self.group) },
        ])
    }

    /// The attributes at or above `stability`, sorted by key (computed once).
    private(set) lazy var includedAttributes: [Attribute] = registry.sortedAttributes.filter { included($0.stability) }

    func paramsModel() -> [String: Any] {
        var out: [String: Any] = [:]
        for (k, v) in params {
            switch v {
            case "true": out[k] = true
            case "false": out[k] = false
            default: out[k] = v
            }
        }
        return out
    }

    // MARK: Namespaces

    func namespaceTree(_ attrs: [Attribute]) -> [[String: Any]] {
        var byNamespace: [String: [Attribute]] = [:]
        var paths = Set<String>()
        for a in attrs {
            byNamespace[a.namespace, default: []].append(a)
            var parts = a.namespace.split(separator: ".").map(String.init)
            while !parts.isEmpty {
                paths.insert(parts.joined(separator: "."))
                parts.removeLast()
            }
        }
        var children: [String: [String]] = [:]
        for p in paths {
            if let dot = p.lastIndex(of: ".") { children[String(p[..<dot]), default: []].append(p) }
        }
        func build(_ path: String) -> [String: Any] {
            let childPaths = (children[path] ?? []).sorted()
            let segment = String(path.split(separator: ".").last ?? "")
            let childNames = Set(childPaths.map { Naming.identifier(String($0.split(separator: ".").last!)) }.map(Naming.bare))
            let members = (byNamespace[path] ?? []).sorted { $0.key < $1.key }
            // Attribute constants: lowerCamel of the last segment; a name taken by a child namespace gets `_`
            // (as swift-otel-semantic-conventions does), remaining duplicates get a numeric suffix.
            var names = members.map { a -> String in
                let name = Naming.identifier(naming.lowerCamel(String(a.key.split(separator: ".").last!)))
                return childNames.contains(Naming.bare(name)) ? "_" + Naming.bare(name) : name
            }
            names = Naming.uniqued(names, reserved: childNames)
            var attributeModels: [[String: Any]] = []
            for (a, name) in zip(members, names) {
                var m = attribute(a, namespacePath: path)
                m["swiftName"] = name
                attributeModels.append(m)
            }
            let allowed = attributeModels.filter { ($0["isForbidden"] as? Bool) != true }
            return [
                "name": segment,
                "path": path,
                "swiftName": Naming.identifier(segment),
                "typeName": naming.upperCamel(path),
                "depth": path.split(separator: ".").count,
                "attributes": allowed,
                "allAttributes": attributeModels,
                "forbiddenAttributes": attributeModels.filter { ($0["isForbidden"] as? Bool) == true },
                "enums": allowed.filter { ($0["isEnum"] as? Bool) == true },
                "templates": allowed.filter { ($0["isTemplate"] as? Bool) == true },
                "namespaces": childPaths.map(build),
            ]
        }
        return paths.filter { !$0.contains(".") }.sorted().map(build)
    }

    func flatten(_ tree: [[String: Any]]) -> [[String: Any]] {
        tree.flatMap { [$0] + flatten(($0["namespaces"] as? [[String: Any]]) ?? []) }
    }

    // MARK: Attributes

    /// Swift type, AttributeValue case and raw-value suffix for an attribute type.
    func swiftType(_ a: Attribute, enumTypeName: String) -> (type: String, valueCase: String, raw: String) {
        switch a.type {
        case .string: return ("String", "string", "")
        case .int: return ("Int", "int", "")
        case .double: return ("Double", "double", "")
        case .boolean: return ("Bool", "bool", "")
        case .stringArray: return ("[String]", "stringArray", "")
        case .intArray: return ("[Int]", "intArray", "")
        case .doubleArray: return ("[Double]", "doubleArray", "")
        case .booleanArray: return ("[Bool]", "boolArray", "")
        case let .enumeration(e):
            let valueCase = e.valueType == .int ? "int" : (e.valueType == .double ? "double" : "string")
            return (enumTypeName, valueCase, ".rawValue")
        case let .template(inner):
            var copy = a
            copy.type = inner
            return swiftType(copy, enumTypeName: enumTypeName)
        case .any, .other: return ("\(rootName).AttributeValue", "", "")
        }
    }

    static func docLines(_ parts: [String?]) -> [String] {
        var lines: [String] = []
        for part in parts {
            guard let text = part?.trimmingWhitespace, !text.isEmpty else { continue }
            if !lines.isEmpty { lines.append("") }
            lines += text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).trimmingTrailing }
        }
        return lines
    }

    /// Examples as one-line code spans (multi-line example text is folded, long ones shortened).
    static func exampleTexts(_ examples: [JSONValue]) -> [String] {
        examples.map { example in
            var text = example.scalarText ?? example.rendered()
            text = Self.oneLine(text)
            if text.unicodeScalars.contains("`") {
                text = String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "`" ? "'" : $0 }))
            }
            if text.count > 120 { text = String(text.prefix(117)) + "..." }
            return "`\(text)`"
        }
    }

    /// `text`'s lines, each trimmed of spaces and tabs (Unicode `Zs` and tab, as `CharacterSet.whitespaces`),
    /// joined by single spaces; empty lines are dropped.
    static func oneLine(_ text: String) -> String {
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == "\t" || s.properties.generalCategory == .spaceSeparator }
        return text.split(whereSeparator: \.isNewline).map { line -> Substring in
            var scalars = Substring(line).unicodeScalars[...]
            while let f = scalars.first, isSpace(f) { scalars.removeFirst() }
            while let l = scalars.last, isSpace(l) { scalars.removeLast() }
            return Substring(scalars)
        }.joined(separator: " ")
    }

    /// The model of one attribute (`usage` adds the group's requirement level and overrides).
    public func attribute(_ a: Attribute, namespacePath: String, usage: GroupAttribute? = nil) -> [String: Any] {
        let attr = usage?.attribute ?? a
        // Most group usages only change the requirement level: they share the definition's cached model.
        var probe = attr
        probe.requirementLevel = registry.attributes[attr.key]?.requirementLevel
        var m = registry.attributes[attr.key] == probe ? base(attr) : build(attr)
        applyRequirement(&m, usage?.requirementLevel ?? attr.requirementLevel)
        return m
    }

    private func base(_ attr: Attribute) -> [String: Any] {
        if let cached = baseCache[attr.key] { return cached }
        let m = build(attr)
        baseCache[attr.key] = m
        return m
    }

    private func build(_ attr: Attribute) -> [String: Any] {
        let last = String(attr.key.split(separator: ".").last ?? "")
        let enumTypeLocal = Naming.identifier(naming.upperCamel(last) + "Values")
        let nsPath = attr.namespace.split(separator: ".").map { Naming.identifier(String($0)) }
        let qualifiedEnum = ([rootName] + nsPath + [enumTypeLocal]).joined(separator: ".")
        let (type, valueCase, raw) = swiftType(attr, enumTypeName: qualifiedEnum)
        let policy = registry.policy
        let swiftName = Naming.identifier(naming.lowerCamel(last))
        var m: [String: Any] = [
            "key": attr.key,
            "name": last,
            "namespace": attr.namespace,
            "lowerCamel": LazyValue { [naming, key = attr.key] in naming.lowerCamel(key) },
            "upperCamel": LazyValue { [naming, key = attr.key] in naming.upperCamel(key) },
            "snake": LazyValue { [key = attr.key] in Naming.snake(key) },
            "constant": LazyValue { [key = attr.key] in Naming.constant(key) },
            "swiftName": swiftName,
            "paramName": Naming.identifier(naming.lowerCamel(attr.key)),
            "setterName": LazyValue { [naming, key = attr.key] in "set" + naming.upperCamel(key) },
            "swiftType": type,
            "valueCase": valueCase,
            "rawSuffix": raw,
            "isAny": valueCase.isEmpty,
            "type": attr.type.description,
            "brief": LazyValue { [brief = attr.brief] in brief?.trimmingWhitespace ?? "" },
            "note": LazyValue { [note = attr.note] in note?.trimmingWhitespace ?? "" },
            "docLines": LazyValue { [brief = attr.brief, note = attr.note] in Self.docLines([brief, note]) },
            "briefLines": LazyValue { [brief = attr.brief] in Self.docLines([brief]) },
            "examples": LazyValue { [examples = attr.examples] in Self.exampleTexts(examples) },
            "hasExamples": !attr.examples.isEmpty,
            "stability": attr.stability ?? "development",
            "isStable": attr.stability == "stable",
            "isDeprecated": attr.deprecated != nil,
            "deprecationMessage": LazyValue { [deprecated = attr.deprecated] in deprecated.map { Self.swiftStringContent($0.summary) } ?? "" },
            "renamedTo": attr.deprecated?.renamedTo ?? "",
            "isTemplate": attr.type.isTemplate,
            "templateFunctionName": swiftName,
            "cardinality": policy.cardinality[attr.key]?.rawValue ?? "",
            "hasCardinality": policy.cardinality[attr.key] != nil,
            "aliases": LazyValue { [aliases = aliasesByKey[attr.key]] in (aliases ?? []).sorted() },
        ]
        if let p = policy.privacy[attr.key] {
            m["privacy"] = [
                "classification": p.classification, "forbidden": p.forbidden, "reason": p.reason ?? "",
                "replacement": p.replacement ?? "", "hasReplacement": p.replacement != nil,
            ] as [String: Any]
            m["isForbidden"] = p.forbidden
        } else {
            m["privacy"] = false
            m["isForbidden"] = false
        }
        if case let .enumeration(e) = attr.type {
            let names = Naming.uniqued(e.members.map { Naming.identifier(naming.lowerCamel($0.id)) },
                                       reserved: e.allowsCustomValues ? ["custom"] : [])
            m["isEnum"] = true
            m["enum"] = [
                "typeName": enumTypeLocal,
                "qualifiedTypeName": qualifiedEnum,
                "isOpen": e.allowsCustomValues,
                "rawType": e.valueType == .int ? "Int" : (e.valueType == .double ? "Double" : "String"),
                "members": zip(e.members, names).map { member, name in
                    [
                        "id": member.id,
                        "swiftName": name,
                        "value": member.value.scalarText ?? "",
                        "valueLiteral": Self.literal(member.value),
                        "docLines": LazyValue {
                            Self.docLines([member.brief, member.note, member.deprecated.map { "Deprecated: \($0.summary)" }])
                        },
                        "isDeprecated": member.deprecated != nil,
                        "stability": member.stability ?? "development",
                    ] as [String: Any]
                },
            ] as [String: Any]
        } else {
            m["isEnum"] = false
            m["enum"] = false
        }
        return m
    }

    private func applyRequirement(_ m: inout [String: Any], _ requirement: RequirementLevel?) {
        let level = requirement ?? .recommended(nil)
        m["requirementLevel"] = level.name
        m["condition"] = LazyValue { Self.oneLine(level.text ?? "").trimmingWhitespace }
        m["conditionLines"] = LazyValue { Self.docLines([level.text]) }
        m["hasCondition"] = !(level.text ?? "").trimmingWhitespace.isEmpty
        m["isRequired"] = level == .required
        m["isConditionallyRequired"] = level.name == "conditionally_required"
        m["isRecommended"] = level.name == "recommended"
        m["isOptIn"] = level == .optIn
    }

    static func literal(_ v: JSONValue) -> String {
        switch v {
        case let .string(s): return "\"" + Self.swiftStringContent(s) + "\""
        default: return v.scalarText ?? "\"\""
        }
    }

    /// Text made safe inside a Swift string literal.
    static func swiftStringContent(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += " "
            case "\r", "\t": out += " "
            default: out.unicodeScalars.append(c)
            }
        }
        return out.trimmingWhitespace
    }

    // MARK: Events, metrics, groups

    private var eventCache: [[String: Any]]?

    func eventModels() -> [[String: Any]] {
        if let eventCache { return eventCache }
        let models = buildEvents()
        eventCache = models
        return models
    }

    private func buildEvents() -> [[String: Any]] {
        let events = registry.sortedGroups.filter { $0.type == .event && included($0.stability) && $0.eventName != nil }
        // One builder per event name (the first group by id wins), names made unique.
        var seen = Set<String>()
        let unique = events.filter { seen.insert($0.eventName!).inserted }.sorted { $0.eventName! < $1.eventName! }
        let typeNames = Naming.uniqued(unique.map { Naming.identifier(naming.upperCamel($0.eventName!)) })
        return zip(unique, typeNames).map { event($0, typeName: $1) }
    }

    func event(_ g: Group, typeName: String) -> [String: Any] {
        var usable: [[String: Any]] = [], deprecated: [[String: Any]] = [], forbidden: [[String: Any]] = []
        for usage in g.attributes where !usage.attribute.type.isTemplate {
            var m = attribute(usage.attribute, namespacePath: usage.attribute.namespace, usage: usage)
            if (m["isForbidden"] as? Bool) == true {
                forbidden.append(m)
            } else if usage.attribute.deprecated != nil {
                m["isOptional"] = true
                deprecated.append(m)
            } else {
                m["isOptional"] = usage.requirementLevel != .required
                usable.append(m)
            }
        }
        let required = usable.filter { ($0["isOptional"] as? Bool) == false }
        let optional = usable.filter { ($0["isOptional"] as? Bool) == true }
        var parameters = required + optional
        for i in parameters.indices {
            parameters[i]["isLast"] = i == parameters.count - 1
        }
        // The initializer code written against an earlier registry calls: deprecated attributes keep their
        // parameter (optional, in registry order among the optional ones) in a deprecated overload, so an upgrade
        // that deprecates an attribute warns instead of breaking the call.
        let deprecatedKeys = Set(deprecated.compactMap { $0["key"] as? String })
        var withDeprecated = required + (optional + deprecated).sorted { a, b in
            let order = g.attributes.map(\.key)
            return (order.firstIndex(of: a["key"] as? String ?? "") ?? 0) < (order.firstIndex(of: b["key"] as? String ?? "") ?? 0)
        }
        for i in withDeprecated.indices {
            withDeprecated[i]["isLast"] = i == withDeprecated.count - 1
            withDeprecated[i]["isDeprecated"] = deprecatedKeys.contains(withDeprecated[i]["key"] as? String ?? "")
        }
        var m: [String: Any] = [
            "id": g.id,
            "name": g.eventName ?? g.id,
            "typeName": typeName,
            "brief": g.brief?.trimmingWhitespace ?? "",
            "docLines": Self.docLines([g.brief, g.note]),
            "stability": g.stability ?? "development",
            "isDeprecated": g.deprecated != nil,
            "deprecationMessage": g.deprecated.map { Self.swiftStringContent($0.summary) } ?? "",
            "parameters": parameters,
            "required": required,
            "optional": optional,
            "hasParameters": !parameters.isEmpty,
            "mutatesAttributes": !parameters.isEmpty || !deprecated.isEmpty,
            "deprecatedAttributes": deprecated,
            "parametersWithDeprecated": withDeprecated,
            "hasDeprecatedParameters": !deprecated.isEmpty,
            "deprecatedParametersMessage": "Use the initializer without "
                + deprecated.compactMap { ($0["paramName"] as? String).map { "'\($0)'" } }.joined(separator: ", ")
                + " (deprecated attributes)",
            "forbiddenAttributes": forbidden,
            "attributes": g.attributes.map { attribute($0.attribute, namespacePath: $0.attribute.namespace, usage: $0) },
            "aliases": registry.policy.eventAliases.filter { $0.value == g.eventName }.map(\.key).sorted(),
        ]
        if let body = g.body, !body.fields.isEmpty {
            var fields = body.fields.map(bodyField)
            fields.sort { ($0["isOptional"] as! Bool ? 1 : 0) < ($1["isOptional"] as! Bool ? 1 : 0) }
            for i in fields.indices { fields[i]["isLast"] = i == fields.count - 1 }
            m["body"] = [
                "id": body.id, "fields": fields, "isOptional": body.requirementLevel != .required,
                "docLines": Self.docLines([body.brief, body.note]),
            ] as [String: Any]
            m["hasBody"] = true
        } else {
            m["body"] = false
            m["hasBody"] = false
        }
        return m
    }

    func bodyField(_ f: BodyField) -> [String: Any] {
        let (type, valueCase): (String, String) = switch f.typeName {
        case "string", "enum": ("String", "string")
        case "int": ("Int", "int")
        case "double": ("Double", "double")
        case "boolean": ("Bool", "bool")
        case "string[]": ("[String]", "stringArray")
        case "int[]": ("[Int]", "intArray")
        case "double[]": ("[Double]", "doubleArray")
        case "boolean[]": ("[Bool]", "boolArray")
        default: ("\(rootName).AttributeValue", "")
        }
        let level = f.requirementLevel ?? .recommended(nil)
        var lines = Self.docLines([f.brief, f.note])
        if !f.members.isEmpty {
            lines.append("")
            lines.append("One of: " + f.members.map { "`\($0.value.scalarText ?? $0.id)`" }.joined(separator: ", "))
        }
        if let text = level.text {
            lines.append("")
            lines += Self.docLines(["Conditionally required: \(text)"])
        }
        return [
            "id": f.id, "paramName": Naming.identifier(naming.lowerCamel(f.id)), "swiftType": type,
            "valueCase": valueCase, "isAny": valueCase.isEmpty, "rawSuffix": "", "docLines": lines,
            "requirementLevel": level.name, "isOptional": level != .required, "type": f.typeName,
        ]
    }

    func metric(_ g: Group) -> [String: Any] {
        let name = g.metricName ?? g.id
        return [
            "id": g.id, "name": name, "swiftName": Naming.identifier(naming.lowerCamel(name)),
            "typeName": naming.upperCamel(name), "instrument": g.instrument ?? "", "unit": g.unit ?? "",
            "brief": g.brief?.trimmingWhitespace ?? "", "docLines": Self.docLines([g.brief, g.note]),
            "stability": g.stability ?? "development", "isDeprecated": g.deprecated != nil,
            "attributes": g.attributes.map { attribute($0.attribute, namespacePath: $0.attribute.namespace, usage: $0) },
        ]
    }

    func group(_ g: Group) -> [String: Any] {
        [
            "id": g.id, "type": g.type.description, "name": g.eventName ?? g.metricName ?? g.name ?? g.id,
            "typeName": naming.upperCamel(g.id), "brief": g.brief?.trimmingWhitespace ?? "",
            "docLines": Self.docLines([g.brief, g.note]), "stability": g.stability ?? "development",
            "isDeprecated": g.deprecated != nil,
            "attributes": g.attributes.map { attribute($0.attribute, namespacePath: $0.attribute.namespace, usage: $0) },
        ]
    }
}

extension String {
    var trimmingTrailing: String {
        var s = Substring(self)
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}

/// A view-model value computed when a template first reads it (then kept): names and text that only templates
/// print, so that a template set that does not print them does not pay for them. `RenderBudget.wrap` resolves it,
/// so templates see the value itself. (A struct: casting `Any` to a class type would try Objective-C bridging.)
public struct LazyValue {
    private final class Box {
        var build: (() -> Any)?
        var computed: Any?
        init(_ build: @escaping () -> Any) { self.build = build }
    }

    private let box: Box

    init(_ build: @escaping () -> Any) { box = Box(build) }

    /// The value, computed on first use.
    public var value: Any {
        if let build = box.build {
            box.computed = build()
            box.build = nil
        }
        return box.computed!
    }
}

/// A Mustache context whose members are computed on first use and then cached.
public final class LazyContext: MustacheParent {
    private var builders: [String: () -> Any]
    private var values: [String: Any] = [:]
    /// The work budget of everything rendered with this context.
    let budget = RenderBudget()

    init(_ builders: [String: () -> Any]) {
        self.builders = builders
        budget.rootOnlyMember = { [unowned self] name in
            ViewModelSchema.rootOnlyNames.contains(name) ? self.child(named: name) : nil
        }
    }

    public subscript(name: String) -> Any? {
        if let value = values[name] { return value }
        guard let build = builders[name] else { return nil }
        let value = build()
        values[name] = value
        return value
    }

    public func child(named name: String) -> Any? { budget.wrap(self[name]) }
}

/// The root context plus the element a per-namespace / per-event / per-group template is applied to.
struct ElementContext: MustacheParent {
    let root: LazyContext
    let key: String
    let value: Any

    func child(named name: String) -> Any? { name == key ? root.budget.wrap(value) : root.child(named: name) }
}

extension ElementContext {
    /// The element's own members first, then the root's (for partials rendered on an element outside a section).
    func merging(_ element: [String: Any]) -> MergedContext { MergedContext(root: root, element: element) }
}

struct MergedContext: MustacheParent {
    let root: LazyContext
    let element: [String: Any]

    func child(named name: String) -> Any? { element[name].map(root.budget.wrap) ?? root.child(named: name) }
}
