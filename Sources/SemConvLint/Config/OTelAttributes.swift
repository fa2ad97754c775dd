import Foundation
import SemConvModel

/// What the processors of an OpenTelemetry logs pipeline may have done, by the time logs reach the Loki exporter
/// (Alloy `otelcol.exporter.loki`, the Collector's `loki` exporter), to the attributes it reads: the label hints
/// `loki.attribute.labels` / `loki.resource.labels` and the attributes they name.
///
/// The exporter (contrib `pkg/translator/loki`, `convertAttributesAndMerge`) reads `loki.attribute.labels` from the
/// log record's attributes and makes the log attributes it names labels; it reads `loki.resource.labels` from the
/// resource's attributes or the log record's, and makes the resource attributes it names labels. Attributes that
/// are not made labels stay in the log line it writes (JSON `attributes` / `resources`, or logfmt `attribute_*` /
/// `resource_*`; `loki.format = "raw"` drops them).
///
/// Processors run in pipeline order: the attributes processor changes log attributes, the resource processor (the
/// Collector's; Alloy has none) resource attributes, both with the actions `insert` (where absent), `upsert`,
/// `update` (where present), `delete` and `hash`; transform statements (OTTL) `set`, `delete_key` and the hash
/// converters. Several paths into one component are merged: a value is every value it may have.
struct OTelAttributes: Sendable {
    enum Scope: Hashable, Sendable {
        case log, resource
    }

    struct Key: Hashable, Sendable {
        var scope: Scope
        var name: String
    }

    /// One value an attribute may have.
    enum Value: Hashable, Sendable {
        /// As the application sent it (possibly absent).
        case original
        /// A hash of the original.
        case hashed
        case deleted
        /// Set by a processor to this text (written at `location`).
        case literal(String, SourceLocation)
    }

    private(set) var values: [Key: Set<Value>] = [:]

    func possible(_ key: Key) -> Set<Value> { values[key] ?? [.original] }

    func union(_ other: OTelAttributes) -> OTelAttributes {
        var out = self
        for key in Set(values.keys).union(other.values.keys) { out.values[key] = possible(key).union(other.possible(key)) }
        return out
    }

    static let attributeHint = "loki.attribute.labels"
    static let resourceHint = "loki.resource.labels"
    static let hints: Set<String> = [attributeHint, resourceHint]

    /// Hash converters of OTTL that count as hashing: SHA-2 (SHA-1, MD5 and the non-cryptographic FNV, Murmur3 and
    /// XXH hashes of a low-entropy value such as an e-mail address are reversible by trying candidates).
    static let hashConverters: Set<String> = ["SHA256", "SHA512"]

    // MARK: Processor actions

    /// One action of an attributes (or the Collector's resource) processor on `scope`: `value` is the literal it
    /// sets (nil with `from_attribute` / `from_context`: a copied value, taken as an original).
    mutating func apply(action: String, key: String, scope: Scope, value: String?, at location: SourceLocation,
                        conditional: Bool = false) {
        let k = Key(scope: scope, name: key)
        let old = possible(k)
        let new: Value = value.map { .literal($0, location) } ?? .original
        var result: Set<Value>
        switch action {
        case "insert":
            // Only where absent: an original may be absent, a deleted one is.
            result = old.contains(.deleted) || old.contains(.original)
                ? old.subtracting([.deleted]).union([new]) : old
        case "upsert":
            result = [new]
        case "update":
            result = old.contains(.deleted) ? [.deleted, new] : [new]
        case "delete":
            result = [.deleted]
        case "hash":
            result = Set(old.map { $0 == .original ? .hashed : $0 })
        default:
            return
        }
        values[k] = conditional ? old.union(result) : result
    }

    // MARK: OTTL

    /// One transform statement in `context` (`log`, `resource`, or nil when the context is inferred from the paths,
    /// Alloy's `statements { log = [...] }` and the Collector's flat `log_statements`).
    mutating func apply(statement: String, context: Scope?, at location: SourceLocation) {
        guard let call = OTTLCall(statement) else { return }
        switch call.function {
        case "set" where call.arguments.count == 2:
            guard let target = Self.path(call.arguments[0], context: context) else { return }
            let value = call.arguments[1]
            if let text = OTTLCall.stringLiteral(value) {
                apply(action: "upsert", key: target.name, scope: target.scope, value: text, at: location,
                      conditional: call.conditional)
            } else if let inner = OTTLCall(value), Self.hashConverters.contains(inner.function),
                      inner.arguments.count == 1, Self.path(inner.arguments[0], context: context) == target {
                apply(action: "hash", key: target.name, scope: target.scope, value: nil, at: location,
                      conditional: call.conditional)
            } else {
                // Another value: from another attribute or computed; taken as an original value.
                apply(action: "upsert", key: target.name, scope: target.scope, value: nil, at: location,
                      conditional: call.conditional)
            }
        case "delete_key" where call.arguments.count == 2:
            guard let scope = Self.mapScope(call.arguments[0], context: context),
                  let key = OTTLCall.stringLiteral(call.arguments[1]) else { return }
            apply(action: "delete", key: key, scope: scope, value: nil, at: location, conditional: call.conditional)
        default:
            break
        }
    }

    /// `attributes["k"]`, `log.attributes["k"]`, `resource.attributes["k"]` as a key.
    static func path(_ text: String, context: Scope?) -> Key? {
        guard text.hasSuffix("]"), let open = text.lastIndex(of: "["),
              let scope = mapScope(String(text[..<open]), context: context),
              let name = OTTLCall.stringLiteral(String(text[text.index(after: open)..<text.index(before: text.endIndex)]))
        else { return nil }
        return Key(scope: scope, name: name)
    }

    /// Which attribute map `attributes`, `log.attributes` or `resource.attributes` is in `context`.
    static func mapScope(_ text: String, context: Scope?) -> Scope? {
        switch text.trimmingCharacters(in: .whitespaces) {
        case "log.attributes": .log
        case "resource.attributes": .resource
        case "attributes": context
        default: nil
        }
    }

    // MARK: What the exporter makes labels

    /// A label the exporter sets from an attribute named by a hint.
    struct HintLabel {
        var hint: String
        var attribute: String
        var scope: Scope
        var location: SourceLocation
        var values: Set<Value>
    }

    /// The labels the hints make: every attribute a possible hint value names, with the values that attribute may
    /// have. A `loki.attribute.labels` set on the resource is not read by the exporter.
    var hintLabels: [HintLabel] {
        var out: [HintLabel] = []
        let sources: [(Key, Scope)] = [
            (Key(scope: .log, name: Self.attributeHint), .log),
            (Key(scope: .log, name: Self.resourceHint), .resource),
            (Key(scope: .resource, name: Self.resourceHint), .resource),
        ]
        for (hintKey, scope) in sources {
            let literals = possible(hintKey).compactMap { value -> (String, SourceLocation)? in
                if case .literal(let text, let location) = value { return (text, location) } else { return nil }
            }
            for (text, location) in literals.sorted(by: { ($0.1, $0.0) < ($1.1, $1.0) }) {
                for attribute in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
                where !attribute.isEmpty {
                    out.append(HintLabel(hint: hintKey.name, attribute: attribute, scope: scope, location: location,
                                         values: possible(Key(scope: scope, name: attribute))))
                }
            }
        }
        return out
    }

    /// Promotes the labels the hints make onto `state`, named as Loki translates attribute names
    /// (`session.id` -> `session_id`).
    func promoteHints(dialect: ConfigDialect, into state: inout EntryState, _ facts: inout ConfigFacts) {
        for label in hintLabels where label.values != [.deleted] {
            let name = NameClassifier.labelName(label.attribute)
            // Set to fixed texts (or removed) on every path: a constant.
            let isStatic = label.values.allSatisfy { value in
                if case .literal = value { true } else { value == .deleted }
            }
            let value = facts.promote(name, names: [name, label.attribute], at: label.location,
                                      kind: .exporterHint(hint: label.hint, attribute: label.attribute,
                                                          resource: label.scope == .resource),
                                      dialect: dialect, isStatic: isStatic, hashed: !label.values.contains(.original))
            // Several hints (or hint values) may name it: each may be the one that set it.
            state.labels[name] = state.labels[name].map { $0.merged(value) } ?? value
        }
    }
}

/// One OTTL function call, as far as the label hints need it: `set(attributes["k"], "v") where ...`.
struct OTTLCall {
    var function: String
    var arguments: [String]
    /// The statement has a `where` clause: it may not apply.
    var conditional: Bool

    init?(_ text: String) {
        let scalars = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars)
        var i = 0
        while i < scalars.count, scalars[i].properties.isAlphabetic || scalars[i] == "_" || ("0"..."9").contains(scalars[i]) {
            i += 1
        }
        guard i > 0, i < scalars.count, scalars[i] == "(" else { return nil }
        function = String(String.UnicodeScalarView(scalars[..<i]))
        var arguments: [String] = []
        var depth = 0
        var quote: Unicode.Scalar?
        var start = i + 1
        var end: Int?
        var k = i + 1
        while k < scalars.count, end == nil {
            let c = scalars[k]
            if let q = quote {
                if c == "\\" { k += 1 } else if c == q { quote = nil }
            } else if c == "\"" {
                quote = c
            } else if c == "(" || c == "[" || c == "{" {
                depth += 1
            } else if c == ")" && depth == 0 {
                end = k
            } else if c == ")" || c == "]" || c == "}" {
                depth -= 1
            } else if c == "," && depth == 0 {
                arguments.append(String(String.UnicodeScalarView(scalars[start..<k])).trimmingCharacters(in: .whitespaces))
                start = k + 1
            }
            k += 1
        }
        guard let end else { return nil }
        let last = String(String.UnicodeScalarView(scalars[start..<end])).trimmingCharacters(in: .whitespaces)
        if !last.isEmpty || !arguments.isEmpty { arguments.append(last) }
        self.arguments = arguments
        let rest = String(String.UnicodeScalarView(scalars[(end + 1)...])).trimmingCharacters(in: .whitespaces)
        conditional = rest.hasPrefix("where")
    }

    /// The text of a double-quoted OTTL string, escapes undone; nil for anything else.
    static func stringLiteral(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.count >= 2, t.hasPrefix("\""), t.hasSuffix("\"") else { return nil }
        var out = ""
        var escaped = false
        for c in t.dropFirst().dropLast() {
            if escaped { out.append(c); escaped = false } else if c == "\\" { escaped = true } else { out.append(c) }
        }
        return out
    }
}
