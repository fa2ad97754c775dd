import SemConvModel

/// One public symbol of the Swift that `semconv generate` writes with the bundled templates, named the way the
/// templates name it (the names come from the same `ViewModel`).
public struct GeneratedSymbol: Sendable, Hashable {
    /// The qualified symbol: `SemConv.http.request.method`, `SemConv.http.request.MethodValues.get`,
    /// `SemConv.Events.SessionStart`, `SemConv.Events.SessionStart(sessionId:)` (an initializer parameter).
    public var name: String
    /// The registry item it comes from: `attribute http.request.method`, `enum member get of http.request.method`,
    /// `event session.start`.
    public var origin: String
    /// A Swift statement that uses the symbol the way calling code does (for upgrade compile checks).
    public var usage: String
}

/// The symbols the bundled Swift templates generate for a registry, so that `semconv diff` can say which ones an
/// upgrade takes away (and so which call sites break).
public enum GeneratedSymbols {
    /// Every generated symbol, sorted by name. `params` are template parameters (`root`, `acronyms`).
    public static func list(for registry: Registry, params: [String: String] = [:]) -> [GeneratedSymbol] {
        list(ViewModel(registry: registry, params: params))
    }

    static func list(_ vm: ViewModel) -> [GeneratedSymbol] {
        let root = vm.rootName
        var out: [GeneratedSymbol] = []
        func walk(_ node: [String: Any], path: String) {
            let here = path + "." + (node["swiftName"] as? String ?? "_")
            for a in node["attributes"] as? [[String: Any]] ?? [] {
                guard let key = a["key"] as? String, let name = a["swiftName"] as? String else { continue }
                out.append(GeneratedSymbol(name: "\(here).\(name)", origin: "attribute \(key)", usage: "_ = \(here).\(name)"))
            }
            for t in node["templates"] as? [[String: Any]] ?? [] {
                guard let key = t["key"] as? String, let f = t["templateFunctionName"] as? String else { continue }
                out.append(GeneratedSymbol(name: "\(here).\(f)(_:)", origin: "template attribute \(key)",
                                           usage: "_ = \(here).\(f)(\"x\")"))
            }
            for e in node["enums"] as? [[String: Any]] ?? [] {
                guard let key = e["key"] as? String, let model = e["enum"] as? [String: Any],
                      let typeName = model["typeName"] as? String else { continue }
                let type = "\(here).\(typeName)"
                out.append(GeneratedSymbol(name: type, origin: "enum type of \(key)", usage: "_ = \(type).self"))
                for m in model["members"] as? [[String: Any]] ?? [] {
                    guard let id = m["id"] as? String, let name = m["swiftName"] as? String else { continue }
                    out.append(GeneratedSymbol(name: "\(type).\(name)", origin: "enum member \(id) of \(key)",
                                               usage: "_ = \(type).\(name)"))
                }
            }
            for child in node["namespaces"] as? [[String: Any]] ?? [] { walk(child, path: here) }
        }
        for top in vm.namespaceTree(vm.includedAttributes) { walk(top, path: root) }
        for event in vm.eventModels() {
            guard let typeName = event["typeName"] as? String, let name = event["name"] as? String else { continue }
            let type = "\(root).Events.\(typeName)"
            // Deprecated attributes keep their parameter in a deprecated initializer overload.
            let parameters = event[(event["hasDeprecatedParameters"] as? Bool) == true ? "parametersWithDeprecated" : "parameters"]
                as? [[String: Any]] ?? []
            let hasBody = (event["hasBody"] as? Bool) == true
            let arguments = parameters.compactMap { p -> String? in
                guard let label = p["paramName"] as? String else { return nil }
                return "\(label): \(literal(for: p))"
            }
            let bodyArgument = hasBody ? (((event["body"] as? [String: Any])?["isOptional"] as? Bool) == true ? ["body: nil"] : []) : []
            let call = "\(type)(" + (bodyArgument + arguments).joined(separator: ", ") + ")"
            // A required body has no literal we could write here: the type alone is checked.
            let usable = !hasBody || !bodyArgument.isEmpty
            out.append(GeneratedSymbol(name: type, origin: "event \(name)", usage: usable ? "_ = \(call)" : "_ = \(type).self"))
            for p in parameters {
                guard let label = p["paramName"] as? String, let key = p["key"] as? String else { continue }
                out.append(GeneratedSymbol(name: "\(type)(\(label):)", origin: "attribute \(key) of event \(name)",
                                           usage: usable ? "_ = \(call)" : "_ = \(type).self"))
            }
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0.name).inserted }.sorted { $0.name < $1.name }
    }

    /// The symbols `baseline` generates and `current` does not, each with what the same registry item generates
    /// now, if anything (a constant that a new namespace pushed to `_name`, say).
    public static func removed(from baseline: Registry, to current: Registry,
                               params: [String: String] = [:]) -> [(symbol: GeneratedSymbol, now: [String])] {
        let (old, new) = (ViewModel(registry: baseline, params: params), ViewModel(registry: current, params: params))
        let currentSymbols = list(new)
        let names = Set(currentSymbols.map(\.name))
        var byOrigin: [String: [String]] = [:]
        for s in currentSymbols { byOrigin[s.origin, default: []].append(s.name) }
        let baselineSymbols = list(old)
        var out = baselineSymbols.filter { !names.contains($0.name) }.map { ($0, byOrigin[$0.origin] ?? []) }
        // Labelled arguments must keep their order: parameters that swap places break a call that passes both.
        let before = initializerLabels(old), after = initializerLabels(new)
        for (type, labels) in before.sorted(by: { $0.key < $1.key }) {
            guard let now = after[type] else { continue }
            let common = Set(labels).intersection(now)
            let (a, b) = (labels.filter(common.contains), now.filter(common.contains))
            guard a != b, let usage = baselineSymbols.first(where: { $0.name == type })?.usage else { continue }
            let symbol = GeneratedSymbol(name: "\(type)(" + a.map { "\($0):" }.joined() + ")",
                                         origin: "parameter order of \(type)", usage: usage)
            out.append((symbol, ["\(type)(" + b.map { "\($0):" }.joined() + ")"]))
        }
        return out.sorted { $0.0.name < $1.0.name }
    }

    /// Each event builder's initializer labels in declaration order (the deprecated overload's when it has one).
    static func initializerLabels(_ vm: ViewModel) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for event in vm.eventModels() {
            guard let typeName = event["typeName"] as? String else { continue }
            let key = (event["hasDeprecatedParameters"] as? Bool) == true ? "parametersWithDeprecated" : "parameters"
            out["\(vm.rootName).Events.\(typeName)"] = (event[key] as? [[String: Any]] ?? []).compactMap { $0["paramName"] as? String }
        }
        return out
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
