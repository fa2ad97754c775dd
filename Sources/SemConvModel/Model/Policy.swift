/// Policy that a registry declares in `annotations` (never hard-coded in Swift): privacy, cardinality, aliases,
/// owned namespaces and the session policy. See README "Model extensions" for the schema.

/// A privacy classification of an attribute.
public struct PrivacyRule: Hashable, Sendable {
    /// `pii`, `credential` or `sensitive`.
    public var classification: String
    /// Forbidden attributes must never be recorded: no generated setter, a lint error wherever they appear.
    public var forbidden: Bool
    public var reason: String?
    /// What to record instead (an attribute key or a short instruction).
    public var replacement: String?

    public init(classification: String, forbidden: Bool, reason: String? = nil, replacement: String? = nil) {
        self.classification = classification
        self.forbidden = forbidden
        self.reason = reason
        self.replacement = replacement
    }
}

/// How many distinct values an attribute takes.
public enum Cardinality: String, Hashable, Sendable, CaseIterable {
    /// One value per session, user, request...: never a metric or log label.
    case unbounded
    /// Many values (thousands): a label only with care.
    case high
    /// A small known set.
    case bounded
}

/// How sessions behave: timeouts, context every event must carry, and which events and attributes mark them.
public struct SessionPolicy: Hashable, Sendable {
    /// Longest gap between two records of one session, in seconds.
    public var inactivityTimeout: Double
    /// Longest session, in seconds.
    public var maxDuration: Double
    /// Attributes every record in a session must carry.
    public var contextAttributes: [String]
    /// Whether every record must carry a timestamp.
    public var requireTimestamp: Bool
    /// How far timestamps may go backwards before it is a finding, in seconds.
    public var clockSkewTolerance: Double
    public var idAttribute: String
    public var previousIdAttribute: String
    public var startEvent: String
    public var endEvent: String
    /// Attributes that identify one device or app installation ("the same device" for lifecycle rules).
    public var deviceAttributes: [String]
    /// Attributes that only client telemetry carries (`client_attributes`, default: the device attributes): every
    /// record of a resource (or scope, or record) that carries one is a session record, so session context rules
    /// apply to it even without a session id. Backend services' records are not session records.
    public var clientAttributes: [String]
    /// Where the policy is declared.
    public var location: SourceLocation

    public init(inactivityTimeout: Double = 1800, maxDuration: Double = 14400, contextAttributes: [String] = [],
                requireTimestamp: Bool = true, clockSkewTolerance: Double = 5, idAttribute: String,
                previousIdAttribute: String, startEvent: String, endEvent: String, deviceAttributes: [String] = [],
                clientAttributes: [String]? = nil, location: SourceLocation) {
        self.inactivityTimeout = inactivityTimeout
        self.maxDuration = maxDuration
        self.contextAttributes = contextAttributes
        self.requireTimestamp = requireTimestamp
        self.clockSkewTolerance = clockSkewTolerance
        self.idAttribute = idAttribute
        self.previousIdAttribute = previousIdAttribute
        self.startEvent = startEvent
        self.endEvent = endEvent
        self.deviceAttributes = deviceAttributes
        self.clientAttributes = clientAttributes ?? deviceAttributes
        self.location = location
    }
}

/// The words of sensitive values that a registry defines, for the value detectors: which query-string keys carry
/// credentials, and the value that marks a redacted one.
///
/// Source: the notes of `url.full` and `url.query` in the semantic conventions ("Query string values for the
/// following keys SHOULD be redacted by default and replaced by the value `REDACTED`: ..."), read from whichever
/// registry is loaded, plus `registry_policy.sensitive_query_keys` (README, "Model extensions").
public struct SensitiveVocabulary: Hashable, Sendable {
    /// Query-string keys whose values are credentials, sorted, without duplicates.
    public var queryKeys: [String]
    /// The value that stands for a redacted query value or user-info part (`REDACTED`), when a note prescribes one.
    public var redactedValue: String?

    public init(queryKeys: [String] = [], redactedValue: String? = nil) {
        self.queryKeys = queryKeys
        self.redactedValue = redactedValue
    }

    /// The keys and the placeholder a note lists after "... for the following keys SHOULD be redacted ... replaced by
    /// the value `X`:" as a Markdown list (`* [`key`](link)` or `* `key``), or nil when the note has no such list.
    public static func redactionList(inNote note: String) -> (keys: [String], redactedValue: String?)? {
        let marker = "following keys SHOULD be redacted"
        guard contains(note, marker) else { return nil }  // most notes: one byte scan
        let lines = note.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let text = { (c: Character) in c != " " && c != "\t" && c != "\r" }
            guard let a = line.firstIndex(where: text), let b = line.lastIndex(where: text) else { return "" }
            return String(line[a...b])
        }
        guard let first = lines.firstIndex(where: { contains($0, marker) }) else { return nil }
        var sentence = "", i = first
        while i < lines.count, !lines[i].isEmpty {
            sentence += " " + lines[i]
            i += 1
            if sentence.hasSuffix(":") { break }
        }
        var placeholder: String?
        if let r = sentence.firstRange(of: "replaced by the value") { placeholder = firstCode(sentence[r.upperBound...]) }
        var keys: [String] = []
        while i < lines.count {
            let line = lines[i]
            i += 1
            if line.isEmpty { if keys.isEmpty { continue } else { break } }
            guard line.hasPrefix("* ") || line.hasPrefix("- "), let key = firstCode(Substring(line)) else { break }
            keys.append(key)
        }
        return keys.isEmpty ? nil : (keys, placeholder)
    }

    /// Whether `text` contains `marker`, comparing UTF-8 bytes.
    private static func contains(_ text: String, _ marker: String) -> Bool {
        var text = text, marker = marker
        return text.withUTF8 { t in
            marker.withUTF8 { m in
                guard let first = m.first, t.count >= m.count else { return false }
                var i = 0
                while i <= t.count - m.count {
                    if t[i] == first, UnsafeBufferPointer(rebasing: t[i..<(i + m.count)]).elementsEqual(m) { return true }
                    i += 1
                }
                return false
            }
        }
    }

    /// The text between the first pair of backticks.
    private static func firstCode(_ text: Substring) -> String? {
        guard let open = text.firstIndex(of: "`") else { return nil }
        let rest = text[text.index(after: open)...]
        guard let close = rest.firstIndex(of: "`"), close > rest.startIndex else { return nil }
        return String(rest[..<close])
    }
}

/// Everything a registry's annotations declare, gathered across all its files.
public struct RegistryPolicy: Sendable {
    /// Privacy rules by attribute key.
    public var privacy: [String: PrivacyRule] = [:]
    /// Cardinality by attribute key.
    public var cardinality: [String: Cardinality] = [:]
    /// Flat or legacy attribute names (`session_id`) to registry keys (`session.id`). Specific enough to mean the
    /// attribute wherever they appear as a key (lint reports them in OTLP attributes and nested keys too).
    public var attributeAliases: [String: String] = [:]
    /// Generic words that mean an attribute only where a producer names attributes its own way (`login`, `token`,
    /// `url`, `version`; annotation `generic_aliases`): the keys of a flat event and of Faro attributes. Lint never
    /// matches them in OTLP attributes or in keys nested inside values, where they usually mean something else.
    public var genericAttributeAliases: [String: String] = [:]
    /// Flat or legacy event names (`session_start`) to registry event names (`session.start`).
    public var eventAliases: [String: String] = [:]
    /// Namespaces the registry owns: unknown attributes inside them are findings. Sorted.
    public var ownedNamespaces: [String] = []
    public var session: SessionPolicy?
    /// Sensitive query keys and the redaction placeholder, for the value detectors.
    public var sensitiveValues = SensitiveVocabulary()

    public init() {}

    /// Whether `key` lies inside an owned namespace (`session.idd` inside `session`).
    public func isOwned(_ key: String) -> Bool {
        ownedNamespaces.contains { key == $0 || key.hasPrefix($0 + ".") }
    }

    /// The registry key for `name`: itself, or what an alias (specific or generic) maps it to.
    public func canonicalAttribute(_ name: String) -> String {
        attributeAliases[name] ?? genericAttributeAliases[name] ?? name
    }

    /// The registry event name for `name`: itself, or what an alias maps it to.
    public func canonicalEvent(_ name: String) -> String { eventAliases[name] ?? name }
}

/// Reads the policy annotations from resolved attributes and groups, reporting malformed ones.
enum PolicyReader {
    static let attributeAnnotationKeys = ["privacy", "cardinality", "aliases", "generic_aliases"]
    static let privacyKeys = ["classification", "forbidden", "reason", "replacement"]
    static let classifications = ["pii", "credential", "sensitive"]
    static let registryPolicyKeys = ["owned_namespaces", "session", "sensitive_query_keys"]
    static let sessionKeys = [
        "inactivity_timeout", "max_duration", "context_attributes", "require_timestamp", "clock_skew_tolerance",
        "id_attribute", "previous_id_attribute", "start_event", "end_event", "device_attributes", "client_attributes",
    ]

    static func read(attributes: [Attribute], groups: [Group], diagnostics: inout [Diagnostic]) -> RegistryPolicy {
        var policy = RegistryPolicy()
        var queryKeys: Set<String> = []
        func bad(_ message: String, _ at: SourceLocation, attribute: String? = nil, fix: String? = nil) {
            diagnostics.append(Diagnostic(.error, rule: "invalid-annotation", message: message, at: at, fix: fix,
                                          attribute: attribute))
        }
        for a in attributes {
            if let note = a.note, let list = SensitiveVocabulary.redactionList(inNote: note) {
                queryKeys.formUnion(list.keys)
                policy.sensitiveValues.redactedValue = policy.sensitiveValues.redactedValue ?? list.redactedValue
            }
            guard let ann = a.annotations else { continue }
            /// Where `annotations.<path>` is written (the attribute when not known).
            func at(_ path: String) -> SourceLocation { a.fieldLocations["annotations." + path] ?? a.location }
            if let p = ann["privacy"] {
                guard let fields = p.objectValue else {
                    bad("annotation 'privacy' of '\(a.key)' must be a mapping", at("privacy"), attribute: a.key); continue
                }
                for (k, _) in fields where !privacyKeys.contains(k) {
                    bad("unknown key '\(k)' in 'privacy' of '\(a.key)'\(Suggestions.didYouMean(k, in: privacyKeys))",
                        at("privacy.\(k)#key"), attribute: a.key, fix: "allowed keys: " + privacyKeys.joined(separator: ", "))
                }
                let classification = p["classification"]?.stringValue ?? "pii"
                if !classifications.contains(classification) {
                    bad("unknown privacy classification '\(classification)' on '\(a.key)'", at("privacy.classification"),
                        attribute: a.key, fix: "use pii, credential or sensitive")
                }
                let forbidden = p["forbidden"]?.boolValue ?? false
                if let f = p["forbidden"], f.boolValue == nil {
                    bad("'privacy.forbidden' of '\(a.key)' must be true or false", at("privacy.forbidden"), attribute: a.key)
                }
                policy.privacy[a.key] = PrivacyRule(classification: classification, forbidden: forbidden,
                                                    reason: p["reason"]?.stringValue,
                                                    replacement: p["replacement"]?.stringValue)
            }
            if let c = ann["cardinality"] {
                if let s = c.stringValue, let value = Cardinality(rawValue: s) {
                    policy.cardinality[a.key] = value
                } else {
                    bad("annotation 'cardinality' of '\(a.key)' must be unbounded, high or bounded", at("cardinality"),
                        attribute: a.key, fix: "use unbounded, high or bounded")
                }
            }
            for field in ["aliases", "generic_aliases"] {
                let aliases = stringList(ann[field], "\(field) of '\(a.key)'", at(field), &diagnostics)
                for (i, alias) in aliases.enumerated() {
                    if let other = policy.attributeAliases[alias] ?? policy.genericAttributeAliases[alias],
                       other != a.key {
                        bad("alias '\(alias)' names both '\(other)' and '\(a.key)'",
                            a.fieldLocations["annotations.\(field).\(i)"] ?? at(field), attribute: a.key,
                            fix: "keep the alias on one attribute")
                    }
                    if field == "aliases" {
                        policy.attributeAliases[alias] = a.key
                    } else {
                        policy.genericAttributeAliases[alias] = a.key
                    }
                }
            }
        }
        for g in groups {
            guard let ann = g.annotations else { continue }
            func at(_ path: String) -> SourceLocation { g.fieldLocations["annotations." + path] ?? g.location }
            if g.type == .event, let name = g.eventName {
                for alias in stringList(ann["aliases"], "aliases of event '\(name)'", at("aliases"), &diagnostics) {
                    policy.eventAliases[alias] = name
                }
            }
            guard let rp = ann["registry_policy"] else { continue }
            guard let fields = rp.objectValue else {
                bad("annotation 'registry_policy' of group '\(g.id)' must be a mapping", at("registry_policy")); continue
            }
            for (k, _) in fields where !registryPolicyKeys.contains(k) {
                bad("unknown key '\(k)' in 'registry_policy'\(Suggestions.didYouMean(k, in: registryPolicyKeys))",
                    at("registry_policy.\(k)#key"), fix: "allowed keys: " + registryPolicyKeys.joined(separator: ", "))
            }
            policy.ownedNamespaces += stringList(rp["owned_namespaces"], "owned_namespaces",
                                                 at("registry_policy.owned_namespaces"), &diagnostics)
            queryKeys.formUnion(stringList(rp["sensitive_query_keys"], "sensitive_query_keys",
                                           at("registry_policy.sensitive_query_keys"), &diagnostics))
            if let s = rp["session"] {
                if policy.session != nil {
                    bad("a second session policy (the first one wins)", at("registry_policy.session"),
                        fix: "declare registry_policy.session once")
                } else {
                    policy.session = sessionPolicy(s, { at("registry_policy.session" + ($0.isEmpty ? "" : "." + $0)) },
                                                   &diagnostics)
                }
            }
        }
        policy.ownedNamespaces = Array(Set(policy.ownedNamespaces)).sorted()
        policy.sensitiveValues.queryKeys = queryKeys.sorted()
        return policy
    }

    /// The session policy; `at(path)` says where a key (`"inactivity_timeout"`, `"x#key"`) or, for "", the policy
    /// itself is written.
    static func sessionPolicy(_ value: JSONValue, _ at: (String) -> SourceLocation,
                              _ diagnostics: inout [Diagnostic]) -> SessionPolicy? {
        guard let fields = value.objectValue else {
            diagnostics.append(Diagnostic(.error, rule: "invalid-annotation", message: "'registry_policy.session' must be a mapping",
                                          at: at("")))
            return nil
        }
        for (k, _) in fields where !sessionKeys.contains(k) {
            diagnostics.append(Diagnostic(.error, rule: "invalid-annotation",
                                          message: "unknown key '\(k)' in the session policy\(Suggestions.didYouMean(k, in: sessionKeys))",
                                          at: at("\(k)#key"), fix: "allowed keys: " + sessionKeys.joined(separator: ", ")))
        }
        func duration(_ key: String, _ fallback: Double) -> Double {
            guard let v = value[key] else { return fallback }
            if let d = parseDuration(v) { return d }
            diagnostics.append(Diagnostic(.error, rule: "invalid-annotation",
                                          message: "session policy '\(key)' must be a duration such as 30m, 4h or 90s",
                                          at: at(key), fix: "write a duration such as 30m, 4h or 90s"))
            return fallback
        }
        func name(_ key: String) -> String? {
            guard let s = value[key]?.stringValue else {
                diagnostics.append(Diagnostic(.error, rule: "invalid-annotation",
                                              message: "session policy is missing '\(key)'", at: at(""),
                                              fix: "add \(key): <name>"))
                return nil
            }
            return s
        }
        guard let id = name("id_attribute"), let prev = name("previous_id_attribute"),
              let start = name("start_event"), let end = name("end_event") else { return nil }
        return SessionPolicy(
            inactivityTimeout: duration("inactivity_timeout", 1800), maxDuration: duration("max_duration", 14400),
            contextAttributes: stringList(value["context_attributes"], "context_attributes", at("context_attributes"), &diagnostics),
            requireTimestamp: value["require_timestamp"]?.boolValue ?? true,
            clockSkewTolerance: duration("clock_skew_tolerance", 5), idAttribute: id, previousIdAttribute: prev,
            startEvent: start, endEvent: end,
            deviceAttributes: stringList(value["device_attributes"], "device_attributes", at("device_attributes"), &diagnostics),
            clientAttributes: value["client_attributes"] == nil ? nil
                : stringList(value["client_attributes"], "client_attributes", at("client_attributes"), &diagnostics),
            location: at(""))
    }

    static func stringList(_ value: JSONValue?, _ what: String, _ at: SourceLocation,
                           _ diagnostics: inout [Diagnostic]) -> [String] {
        guard let value else { return [] }
        if let s = value.stringValue { return [s] }
        if let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) {
            return items.compactMap(\.stringValue)
        }
        diagnostics.append(Diagnostic(.error, rule: "invalid-annotation", message: "\(what) must be a list of strings",
                                      at: at, fix: "write a list of strings, e.g. [session_id, sessionId]"))
        return []
    }

    /// `30m`, `4h`, `90s`, `1h30m`, `250ms`, or a number of seconds; nil for anything else, a negative number or
    /// NaN (`.nan`).
    static func parseDuration(_ value: JSONValue) -> Double? {
        let seconds: Double? = switch value {
        case let .int(i): Double(i)
        case let .double(d): d
        case let .string(s): DurationText.seconds(s)
        default: nil
        }
        guard let seconds, seconds >= 0 else { return nil }
        return seconds
    }

}

/// Durations written as text in registries and configs: `30m`, `4h`, `90s`, `1h30m`, `250ms`, `2d`, or plain seconds.
public enum DurationText {
    /// The duration in seconds, or nil when the text is not a duration.
    public static func seconds(_ text: String) -> Double? {
        var total = 0.0, number = "", i = text.startIndex, sawUnit = false
        while i < text.endIndex {
            let c = text[i]
            if c.isNumber || c == "." {
                number.append(c); i = text.index(after: i); continue
            }
            var unit = String(c)
            let next = text.index(after: i)
            if c == "m", next < text.endIndex, text[next] == "s" { unit = "ms" }
            guard let n = Double(number) else { return nil }
            switch unit {
            case "ms": total += n / 1000
            case "s": total += n
            case "m": total += n * 60
            case "h": total += n * 3600
            case "d": total += n * 86400
            default: return nil
            }
            number = ""; sawUnit = true
            i = text.index(i, offsetBy: unit.count)
        }
        if !number.isEmpty {
            guard !sawUnit, let n = Double(number) else { return nil }
            total += n
        }
        return total
    }
}
