import SemConvModel

/// One piece of the Swift API that `semconv generate` writes with the bundled templates, as calling code touches it:
/// a constant, a key function, an enum type, case or member, an exhaustive `switch` over an enum, an event or body
/// struct, one of its properties, or a call of one of its initializers. Named the way the templates name it (the
/// names come from the same `ViewModel`).
public struct GeneratedSymbol: Sendable, Hashable {
    /// The qualified symbol: `SemConv.http.request.method`, `SemConv.http.request.MethodValues.get`,
    /// `switch over SemConv.http.request.MethodValues`, `SemConv.Events.SessionStart.sessionId` (a property),
    /// `SemConv.Events.SessionStart(sessionId:)` (an initializer call with these arguments).
    public var name: String
    /// The registry item it comes from: `attribute http.request.method`, `enum member get of http.request.method`,
    /// `event session.start`.
    public var origin: String
    /// One Swift statement that uses the symbol the way calling code does (the upgrade compile test type-checks it;
    /// it may call `anyValue()`, see `consumerPrelude`).
    public var usage: String
    /// What the symbol is, for comparing two releases.
    var shape: Shape

    enum Shape: Hashable, Sendable {
        /// A declaration with this type or kind (`String`, `String?`, `enum`, `case`, `init?(rawValue: String)`).
        case declaration(String)
        /// A call of `type`'s initializer `overload` (its parameters) with these arguments.
        case call(type: String, arguments: [Parameter], overload: [Parameter])
        /// An exhaustive switch over an enum with these cases (`custom` for an open enum's own case).
        case exhaustiveSwitch(type: String, cases: [String])
    }

    /// An initializer parameter: label, Swift type, and whether it has a default (`= nil`).
    struct Parameter: Hashable, Sendable {
        var label: String
        var type: String
        var isOptional: Bool
    }
}

/// A generated symbol that code written against the baseline's Swift can no longer use as it did.
public struct BrokenSymbol: Sendable, Hashable {
    public var symbol: GeneratedSymbol
    /// What changed: `removed`, `type String -> SemConv.x.YValues`, `now requires 'errorType:'`,
    /// `new case .invokeWorkflow (an exhaustive switch must handle it)`.
    public var change: String
    /// What the same registry item generates now, when it is a single symbol (`SemConv.rpc._system`).
    public var replacement: String?
}

/// The Swift API the bundled templates generate for a registry, so that `semconv diff` can say which parts of it
/// an upgrade breaks, and so which call sites stop compiling: removed symbols, changed types, initializers that
/// now require an argument (or lost one, or reorder them), enums that gained cases an exhaustive `switch` misses.
/// Deprecated attributes keep their symbols (constants, event properties and a deprecated initializer overload).
public enum GeneratedSymbols {
    /// Declarations the usage statements rely on; put it once in a file that compiles usages.
    public static let consumerPrelude = "func anyValue<T>() -> T { fatalError() }\n"

    /// Every generated symbol, sorted by name. `params` are template parameters (`root`, `acronyms`).
    public static func list(for registry: Registry, params: [String: String] = [:]) -> [GeneratedSymbol] {
        list(ViewModel(registry: registry, params: params))
    }

    static func list(_ vm: ViewModel) -> [GeneratedSymbol] {
        var out: [GeneratedSymbol] = []
        func add(_ name: String, _ origin: String, _ shape: GeneratedSymbol.Shape, _ usage: String) {
            out.append(GeneratedSymbol(name: name, origin: origin, usage: usage, shape: shape))
        }
        func walk(_ node: [String: Any], path: String) {
            let here = path + "." + (node["swiftName"] as? String ?? "_")
            for a in node["attributes"] as? [[String: Any]] ?? [] {
                guard let key = a["key"] as? String, let name = a["swiftName"] as? String else { continue }
                add("\(here).\(name)", "attribute \(key)", .declaration("String"), "let _: String = \(here).\(name)")
            }
            for t in node["templates"] as? [[String: Any]] ?? [] {
                guard let key = t["key"] as? String, let f = t["templateFunctionName"] as? String else { continue }
                add("\(here).\(f)(_:)", "template attribute \(key)", .declaration("(String) -> String"),
                    "let _: String = \(here).\(f)(\"x\")")
            }
            for e in node["enums"] as? [[String: Any]] ?? [] {
                guard let key = e["key"] as? String, let model = e["enum"] as? [String: Any] else { continue }
                enumSymbols(model, in: here, key: key, add: add)
            }
            for child in node["namespaces"] as? [[String: Any]] ?? [] { walk(child, path: here) }
        }
        for top in vm.namespaceTree(vm.includedAttributes) { walk(top, path: vm.rootName) }
        for event in vm.eventModels() { eventSymbols(event, root: vm.rootName, add: add) }
        var seen = Set<String>()
        return out.filter { seen.insert($0.name).inserted }.sorted { $0.name < $1.name }
    }

    private typealias Add = (String, String, GeneratedSymbol.Shape, String) -> Void

    /// An enum type, its cases, what only closed (`init(rawValue:)`, `allCases`) or open (`custom(_:)`) enums have,
    /// its raw value, and an exhaustive switch over it.
    private static func enumSymbols(_ model: [String: Any], in here: String, key: String, add: Add) {
        guard let typeName = model["typeName"] as? String else { return }
        let type = "\(here).\(typeName)", raw = model["rawType"] as? String ?? "String"
        let isOpen = (model["isOpen"] as? Bool) == true
        let members = (model["members"] as? [[String: Any]] ?? []).compactMap { m -> (id: String, name: String, value: String)? in
            guard let id = m["id"] as? String, let name = m["swiftName"] as? String else { return nil }
            return (id, name, m["valueLiteral"] as? String ?? "\"\"")
        }
        add(type, "enum type of \(key)", .declaration("enum"), "_ = \(type).self")
        for m in members {
            add("\(type).\(m.name)", "enum member \(m.id) of \(key)", .declaration("case"), "_ = \(type).\(m.name)")
        }
        let rawLiteral = raw == "String" ? "\"x\"" : (raw == "Int" ? "1" : "1.5")
        if isOpen {
            add("\(type).custom(_:)", "enum type of \(key)", .declaration("case custom(\(raw))"), "_ = \(type).custom(\(rawLiteral))")
        } else {
            add("\(type).init(rawValue:)", "enum type of \(key)", .declaration("init?(rawValue: \(raw))"),
                "_ = \(type)(rawValue: \(members.first?.value ?? rawLiteral))")
            add("\(type).allCases", "enum type of \(key)", .declaration("[\(type)]"), "_ = \(type).allCases")
        }
        if let first = members.first {
            add("\(type).rawValue", "enum type of \(key)", .declaration(raw), "let _: \(raw) = \(type).\(first.name).rawValue")
        }
        let cases = members.map(\.name) + (isOpen ? ["custom"] : [])
        let arms = cases.map { $0 == "custom" && isOpen ? "case .some(.custom): break" : "case .some(.\($0)): break" }
        add("switch over \(type)", "enum type of \(key)", .exhaustiveSwitch(type: type, cases: cases),
            "switch \(type)?.none { case .none: break; " + arms.joined(separator: "; ") + " }")
    }

    /// An event struct, its properties (deprecated ones too), its initializer calls, and its body.
    private static func eventSymbols(_ event: [String: Any], root: String, add: Add) {
        guard let typeName = event["typeName"] as? String, let name = event["name"] as? String else { return }
        let type = "\(root).Events.\(typeName)", origin = "event \(name)"
        add(type, origin, .declaration("struct"), "_ = \(type).self")
        let parameters = event["parameters"] as? [[String: Any]] ?? []
        let deprecated = event["deprecatedAttributes"] as? [[String: Any]] ?? []
        for p in parameters + deprecated {
            guard let label = p["paramName"] as? String, let key = p["key"] as? String else { continue }
            let propertyType = swiftType(p) + ((p["isOptional"] as? Bool) == true ? "?" : "")
            add("\(type).\(label)", "attribute \(key) of \(origin)", .declaration(propertyType),
                "let _: (inout \(type)) -> Void = { $0.\(label) = \(literal(for: p)); let _: \(propertyType) = $0.\(label) }")
        }
        var body: GeneratedSymbol.Parameter?
        if (event["hasBody"] as? Bool) == true, let model = event["body"] as? [String: Any] {
            let bodyType = "\(type).Body", optional = (model["isOptional"] as? Bool) == true
            body = GeneratedSymbol.Parameter(label: "body", type: bodyType, isOptional: optional)
            add(bodyType, "body of \(origin)", .declaration("struct"), "_ = \(bodyType).self")
            add("\(type).body", "body of \(origin)", .declaration(bodyType + (optional ? "?" : "")),
                "let _: (\(type)) -> \(bodyType)\(optional ? "?" : "") = { $0.body }")
            let fields = model["fields"] as? [[String: Any]] ?? []
            for f in fields {
                guard let label = f["paramName"] as? String, let id = f["id"] as? String else { continue }
                let fieldType = swiftType(f) + ((f["isOptional"] as? Bool) == true ? "?" : "")
                add("\(bodyType).\(label)", "body field \(id) of \(origin)", .declaration(fieldType),
                    "let _: (inout \(bodyType)) -> Void = { $0.\(label) = \(literal(for: f)); let _: \(fieldType) = $0.\(label) }")
            }
            calls(bodyType, fields.map(parameter), origin: "body of \(origin)", body: nil, add: add)
        }
        calls(type, parameters.map(parameter), origin: origin, body: body, add: add)
        // Deprecated attributes keep their parameter in a deprecated initializer overload.
        if (event["hasDeprecatedParameters"] as? Bool) == true {
            let all = (event["parametersWithDeprecated"] as? [[String: Any]] ?? []).map(parameter)
            calls(type, all, origin: origin, body: body, add: add, requiredToo: false)
        }
    }

    /// Initializer calls: with every argument, and with the required ones only (when that is another call).
    private static func calls(_ type: String, _ parameters: [(GeneratedSymbol.Parameter, String)], origin: String,
                              body: GeneratedSymbol.Parameter?, add: Add, requiredToo: Bool = true) {
        let bodyArgument = body.map { [($0, $0.isOptional ? "nil" : "anyValue()")] } ?? []
        let full = bodyArgument + parameters
        var variants = [full]
        let required = full.filter { !$0.0.isOptional || $0.0.label == "body" }
        if requiredToo, required.count != full.count { variants.append(required) }
        for arguments in variants {
            // Long argument lists are named by their first labels and their length.
            let labels = arguments.map { "\($0.0.label):" }
            let name = "\(type)(" + (labels.count > 4 ? labels.prefix(2).joined() + " … \(labels.count) arguments" : labels.joined()) + ")"
            let call = "\(type)(" + arguments.map { "\($0.0.label): \($0.1)" }.joined(separator: ", ") + ")"
            add(name, origin, .call(type: type, arguments: arguments.map(\.0), overload: full.map(\.0)), "_ = \(call)")
        }
    }

    private static func parameter(_ p: [String: Any]) -> (GeneratedSymbol.Parameter, String) {
        (GeneratedSymbol.Parameter(label: p["paramName"] as? String ?? "_", type: swiftType(p),
                                   isOptional: (p["isOptional"] as? Bool) == true), literal(for: p))
    }

    private static func swiftType(_ p: [String: Any]) -> String { p["swiftType"] as? String ?? "?" }

    // MARK: Comparing releases

    /// The symbols `baseline` generates that code can no longer use as it did with `current`'s Swift, each with
    /// what changed and, for a removed symbol, what the same registry item generates now when that is one symbol
    /// (a constant that a new namespace pushed to `_name`, say).
    public static func broken(from baseline: Registry, to current: Registry,
                              params: [String: String] = [:]) -> [BrokenSymbol] {
        let old = list(ViewModel(registry: baseline, params: params))
        let new = list(ViewModel(registry: current, params: params))
        var declarations: [String: String] = [:], initializers: [String: [[GeneratedSymbol.Parameter]]] = [:]
        var switches: [String: [String]] = [:], byOrigin: [String: [String]] = [:]
        for s in new {
            byOrigin[s.origin, default: []].append(s.name)
            switch s.shape {
            case let .declaration(kind): declarations[s.name] = kind
            case let .exhaustiveSwitch(type, cases): switches[type] = cases
            case let .call(type, _, overload):
                if !initializers[type, default: []].contains(overload) { initializers[type, default: []].append(overload) }
            }
        }
        return old.compactMap { s -> BrokenSymbol? in
            let change: String?
            switch s.shape {
            case let .declaration(kind):
                guard let now = declarations[s.name] else {
                    let replacements = (byOrigin[s.origin] ?? []).filter { declarations[$0] == kind }
                    return BrokenSymbol(symbol: s, change: "removed", replacement: replacements.count == 1 ? replacements[0] : nil)
                }
                change = now == kind ? nil : "type \(kind) -> \(now)"
            case let .exhaustiveSwitch(type, cases):
                guard let now = switches[type] else { return BrokenSymbol(symbol: s, change: "removed") }
                change = switchChange(cases, now)
            case let .call(type, arguments, _):
                guard let overloads = initializers[type] else { return BrokenSymbol(symbol: s, change: "removed") }
                change = callChange(arguments, overloads)
            }
            return change.map { BrokenSymbol(symbol: s, change: $0) }
        }
    }

    /// `broken` without what follows from a removed type: the members, switches and initializer calls of an enum,
    /// event or body struct that is itself named as removed.
    public static func summarized(_ broken: [BrokenSymbol]) -> [BrokenSymbol] {
        let removedTypes = Set(broken.filter { b in
            guard b.change == "removed", case let .declaration(kind) = b.symbol.shape else { return false }
            return kind == "enum" || kind == "struct"
        }.map(\.symbol.name))
        return broken.filter { b in
            let name = b.symbol.name
            return !removedTypes.contains { type in
                name != type && (name.hasPrefix(type + ".") || name.hasPrefix(type + "(") || name == "switch over " + type)
            }
        }
    }

    /// Why an exhaustive switch over cases `old` no longer compiles against an enum with cases `new`.
    static func switchChange(_ old: [String], _ new: [String]) -> String? {
        let added = new.filter { !old.contains($0) }, removed = old.filter { !new.contains($0) }
        guard !added.isEmpty || !removed.isEmpty else { return nil }
        var parts: [String] = []
        if !added.isEmpty {
            parts.append("new case\(added.count == 1 ? "" : "s") " + added.map { "." + $0 }.joined(separator: ", ")
                         + " (an exhaustive switch must handle \(added.count == 1 ? "it" : "them"))")
        }
        if !removed.isEmpty { parts.append("case\(removed.count == 1 ? "" : "s") " + removed.map { "." + $0 }.joined(separator: ", ") + " removed") }
        return parts.joined(separator: "; ")
    }

    /// Why a call with `arguments` matches none of the initializers `overloads` (nil when one accepts it): an
    /// overload accepts a call whose labels it has, in its order and with the same types, and that passes every
    /// argument it requires.
    static func callChange(_ arguments: [GeneratedSymbol.Parameter], _ overloads: [[GeneratedSymbol.Parameter]]) -> String? {
        func accepts(_ overload: [GeneratedSymbol.Parameter]) -> Bool {
            var position = overload.startIndex
            for a in arguments {
                guard let i = overload[position...].firstIndex(where: { $0.label == a.label }), overload[i].type == a.type
                else { return false }
                position = overload.index(after: i)
            }
            let passed = Set(arguments.map(\.label))
            return overload.allSatisfy { $0.isOptional || passed.contains($0.label) }
        }
        guard !overloads.contains(where: accepts) else { return nil }
        // The explanation, from the overload that shares the most labels with the call.
        let labels = Set(arguments.map(\.label))
        let best = overloads.max { a, b in
            (labels.intersection(a.map(\.label)).count, -a.count) < (labels.intersection(b.map(\.label)).count, -b.count)
        } ?? []
        var parts: [String] = []
        let required = best.filter { !$0.isOptional && !labels.contains($0.label) }
        if !required.isEmpty { parts.append("now requires " + required.map { "'\($0.label):' (\($0.type))" }.joined(separator: ", ")) }
        let gone = arguments.filter { a in !best.contains { $0.label == a.label } }
        if !gone.isEmpty { parts.append("no parameter " + gone.map { "'\($0.label):'" }.joined(separator: ", ") + " any more") }
        for a in arguments {
            if let now = best.first(where: { $0.label == a.label }), now.type != a.type {
                parts.append("'\(a.label):' is \(now.type) now (was \(a.type))")
            }
        }
        if parts.isEmpty {
            // Labelled arguments must keep their order: name the first one that moved ahead of another.
            let (a, b) = (arguments.map(\.label), best.map(\.label).filter(labels.contains))
            if let i = a.indices.first(where: { $0 < b.count && a[$0] != b[$0] }) {
                parts.append("parameters in another order: '\(b[i]):' now comes before '\(a[i]):'")
            }
        }
        return parts.joined(separator: "; ")
    }

    /// A value of the parameter's Swift type, for usage statements.
    static func literal(for parameter: [String: Any]) -> String {
        if let model = parameter["enum"] as? [String: Any] {
            if (model["isOpen"] as? Bool) == true {
                return (model["rawType"] as? String) == "String" ? ".custom(\"x\")" : ".custom(1)"
            }
            let first = (model["members"] as? [[String: Any]])?.first?["swiftName"] as? String ?? "self"
            return "." + first
        }
        switch parameter["swiftType"] as? String ?? "" {
        case "String": return "\"x\""
        case "Int": return "1"
        case "Double": return "1.5"
        case "Bool": return "true"
        case "[String]": return "[\"x\"]"
        case "[Int]": return "[1]"
        case "[Double]": return "[1.5]"
        case "[Bool]": return "[true]"
        default: return ".string(\"x\")"
        }
    }
}
