import Yams

/// Typed, position-aware access to a composed YAML tree. Every wrong type, unknown key or missing field
/// becomes a diagnostic at the offending node; reading goes on so one run shows every problem.
final class NodeReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    /// Nodes we may still visit in this file. Aliases share subtrees, so a "billion laughs" document is small in
    /// memory but huge to walk; the budget turns that into one clear error instead of a hang.
    private var budget: Int
    private(set) var budgetExceeded = false

    init(file: String, nodeBudget: Int = 1_000_000) {
        self.file = file
        self.budget = nodeBudget
    }

    func location(_ node: Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    func report(_ severity: Severity, _ rule: String, _ message: String, at node: Node, fix: String? = nil,
                attribute: String? = nil, event: String? = nil) {
        diagnostics.append(Diagnostic(severity, rule: rule, message: message, at: location(node), fix: fix,
                                      attribute: attribute, event: event))
    }

    /// Counts one visited node; false (and one error) once the budget is spent.
    func spend(_ node: Node, count: Int = 1) -> Bool {
        if budgetExceeded { return false }
        budget -= count
        if budget < 0 {
            budgetExceeded = true
            report(.error, "yaml-too-large",
                   "document expands to more than a million nodes (aliases that multiply, a \"billion laughs\" document?)",
                   at: node, fix: "remove the repeated aliases; registry files do not need them")
            return false
        }
        return true
    }

    static func kindName(_ node: Node) -> String {
        switch node {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    // MARK: Mappings

    /// A mapping's entries keyed by string, checked against the allowed keys (unknown keys get "did you mean").
    /// Returns nil (after reporting) when `node` is not a mapping.
    func fields(_ node: Node, of what: String, allowed: [String], required: [String] = [],
                ignoreUnknown: Bool = false, unknownSeverity: Severity = .error) -> Fields? {
        guard case let .mapping(mapping) = node else {
            report(.error, "invalid-type", "\(what) must be a mapping, found \(NodeReader.kindName(node))", at: node)
            return nil
        }
        guard spend(node, count: mapping.count) else { return nil }
        var result = Fields(node: node)
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                report(.error, "invalid-type", "keys in \(what) must be strings", at: keyNode)
                continue
            }
            if result.values[key] != nil {
                report(.error, "duplicate-key", "key '\(key)' appears twice in \(what)", at: keyNode,
                       fix: "remove one of the two '\(key)' entries")
                continue
            }
            if !ignoreUnknown, !allowed.contains(key) {
                report(unknownSeverity, "unknown-key",
                       "unknown key '\(key)' in \(what)\(Suggestions.didYouMean(key, in: allowed))", at: keyNode,
                       fix: "allowed keys: " + allowed.joined(separator: ", "))
                continue
            }
            result.values[key] = value
            result.keyNodes[key] = keyNode
            result.order.append(key)
        }
        for key in required where result.values[key] == nil {
            report(.error, "missing-field", "\(what) is missing the mandatory field '\(key)'", at: node,
                   fix: "add '\(key):'")
        }
        return result
    }

    /// Where each value of `fields` is written, by key; the values under the keys in `nested` (e.g. `annotations`)
    /// are walked too, their paths joined with dots (`annotations.aliases.1`); `#key` after a path is where that
    /// key itself is written (`annotations.privacy.clasification#key`). The walk spends the file's node budget, so
    /// an alias bomb under `annotations` is one `yaml-too-large` error, and it keeps at most 10,000 paths (a finding
    /// about a path beyond them points at the item, as for any field without a recorded position).
    func fieldLocations(_ fields: Fields, nested: [String] = []) -> FieldLocations {
        var out: [String: SourceLocation] = [:]
        func walk(_ node: Node, _ path: String, depth: Int) {
            guard out.count < 10_000, spend(node) else { return }
            out[path] = location(node)
            guard depth < 8 else { return }
            switch node {
            case let .mapping(mapping):
                for (k, v) in mapping {
                    guard let key = k.scalar?.string else { continue }
                    out[path + "." + key + "#key"] = location(k)
                    walk(v, path + "." + key, depth: depth + 1)
                }
            case let .sequence(seq):
                for (i, item) in seq.enumerated() { walk(item, path + ".\(i)", depth: depth + 1) }
            default: break
            }
        }
        // In the file's order, so the node that spends the budget (and so the reported position) is always the same.
        for key in fields.order {
            guard let node = fields.values[key] else { continue }
            if nested.contains(key) { walk(node, key, depth: 0) } else { out[key] = location(node) }
        }
        return FieldLocations(out)
    }

    struct Fields {
        let node: Node
        var values: [String: Node] = [:]
        var keyNodes: [String: Node] = [:]
        var order: [String] = []
        subscript(key: String) -> Node? { values[key] }
        func has(_ key: String) -> Bool { values[key] != nil }
    }

    /// Where each value of `fields` is written, by key.

    // MARK: Scalars

    /// A string scalar (numbers and booleans written plainly are accepted as their text).
    func string(_ node: Node?, _ what: String) -> String? {
        guard let node else { return nil }
        guard case let .scalar(scalar) = node else {
            report(.error, "invalid-type", "\(what) must be a string, found \(NodeReader.kindName(node))", at: node)
            return nil
        }
        if scalar.isNull { return nil }
        return scalar.string
    }

    /// A string that must be given and non-null.
    func requiredString(_ fields: Fields, _ key: String, _ what: String) -> String? {
        guard let node = fields[key] else { return nil }
        if case let .scalar(scalar) = node, scalar.isNull {
            report(.error, "missing-field", "\(what) '\(key)' is empty", at: node)
            return nil
        }
        return string(node, "\(what) '\(key)'")
    }

    func bool(_ node: Node?, _ what: String) -> Bool? {
        guard let node else { return nil }
        if case let .scalar(s) = node, s.resolvedTag == .bool { return s.string.lowercased() == "true" }
        report(.error, "invalid-type", "\(what) must be true or false", at: node)
        return nil
    }

    /// A whole number (YAML core schema: decimal, `0x`, `0o`). `saturating`: a decimal one beyond `Int` is the
    /// nearest `Int` (for a setting whose range check then names it), not "not a whole number".
    func int(_ node: Node?, _ what: String, saturating: Bool = false) -> Int? {
        guard let node else { return nil }
        if case let .scalar(s) = node, s.resolvedTag == .int,
           let value = parseInt(s.string) ?? (saturating ? Int(saturating: s.string) : nil) { return value }
        report(.error, "invalid-type", "\(what) must be a whole number", at: node)
        return nil
    }

    func stringList(_ node: Node?, _ what: String) -> [(String, Node)]? {
        guard let node else { return nil }
        switch node {
        case .scalar:
            if let s = string(node, what) { return [(s, node)] }
            return nil
        case let .sequence(seq):
            guard spend(node, count: seq.count) else { return nil }
            return seq.compactMap { item in string(item, "each entry of \(what)").map { ($0, item) } }
        default:
            report(.error, "invalid-type", "\(what) must be a string or a list of strings", at: node)
            return nil
        }
    }

    private func parseInt(_ text: String) -> Int? {
        if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16) }
        if text.hasPrefix("0o") { return Int(text.dropFirst(2), radix: 8) }
        return Int(text)
    }

    private func parseDouble(_ text: String) -> Double? {
        switch text.lowercased() {
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        case ".nan": return .nan
        default: return Double(text)
        }
    }

    /// Any YAML value as JSON (scalars typed by the YAML core schema). Budgeted.
    func json(_ node: Node) -> JSONValue {
        guard spend(node) else { return .null }
        switch node {
        case let .scalar(scalar):
            switch scalar.resolvedTag {
            case .null: return .null
            case .bool: return .bool(scalar.string.lowercased() == "true")
            case .int: return parseInt(scalar.string).map(JSONValue.int) ?? .string(scalar.string)
            case .float: return parseDouble(scalar.string).map(JSONValue.double) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case let .sequence(seq):
            var items: [JSONValue] = []
            for item in seq {
                if budgetExceeded { break }
                items.append(json(item))
            }
            return .array(items)
        case let .mapping(mapping):
            var pairs: [(String, JSONValue)] = []
            for (k, v) in mapping {
                if budgetExceeded { break }
                pairs.append((k.scalar?.string ?? "?", json(v)))
            }
            return .object(pairs)
        case .alias:
            return .null
        }
    }
}

extension Node.Scalar {
    /// The scalar's type under the YAML 1.2 core schema: plain scalars are resolved by their text,
    /// quoted ones are strings, explicit tags win.
    var resolvedTag: Tag.Name {
        let explicit = tag.rawValue
        if !explicit.isEmpty, explicit != "!" { return Tag.Name(rawValue: explicit) }
        guard style == .plain || style == .any else { return .str }
        return Node.Scalar.coreSchemaTag(string)
    }

    var isNull: Bool { resolvedTag == .null }

    static func coreSchemaTag(_ text: String) -> Tag.Name {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "false", "False", "FALSE": return .bool
        case ".inf", ".Inf", ".INF", "+.inf", "-.inf", "+.Inf", "-.Inf", ".nan", ".NaN", ".NAN": return .float
        default: break
        }
        var bytes = Substring(text).utf8[...]
        if let f = bytes.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        guard !bytes.isEmpty else { return .str }
        if bytes.allSatisfy({ (48...57).contains($0) }) { return .int }
        if text.hasPrefix("0x"), text.count > 2, text.dropFirst(2).allSatisfy(\.isHexDigit) { return .int }
        if text.hasPrefix("0o"), text.count > 2, text.dropFirst(2).allSatisfy({ ("0"..."7").contains($0) }) { return .int }
        // [0-9]*(.[0-9]*)?([eE][-+]?[0-9]+)? with at least one digit in the mantissa
        var sawDigit = false, sawDot = false, i = bytes.startIndex
        while i < bytes.endIndex {
            let c = bytes[i]
            if (48...57).contains(c) { sawDigit = true } else if c == UInt8(ascii: "."), !sawDot { sawDot = true } else { break }
            i = bytes.index(after: i)
        }
        guard sawDigit else { return .str }
        if i == bytes.endIndex { return .float }
        guard bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") else { return .str }
        i = bytes.index(after: i)
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i = bytes.index(after: i) }
        guard i < bytes.endIndex, bytes[i...].allSatisfy({ (48...57).contains($0) }) else { return .str }
        return .float
    }
}
