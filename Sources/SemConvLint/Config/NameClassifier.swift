import SemConvModel

/// What is known about a label / field name: its canonical attribute, cardinality and privacy.
struct NameFacts {
    var canonical: String?
    var unbounded: Bool
    var why: String
    var privacy: PrivacyRule?
}

/// Classifies names with the registry policy (aliases, cardinality, privacy) plus built-in unbounded keys. A name
/// matches a registry key as written (`session.id`), through an alias (`sessionId`), or as Loki and Prometheus
/// translate keys into label names (`session_id`, `device_id`).
struct NameClassifier {
    let policy: RegistryPolicy
    /// Registry keys with a cardinality or privacy annotation, by their label-name form (`session_id`).
    let keysByLabelName: [String: String]

    init(policy: RegistryPolicy) {
        self.policy = policy
        var keys: [String: String] = [:]
        for key in Set(policy.cardinality.keys).union(policy.privacy.keys).sorted() {
            let label = Self.labelName(key)
            if keys[label] == nil { keys[label] = key }
        }
        keysByLabelName = keys
    }

    /// A key as a Loki / Prometheus label name: every character outside `[a-zA-Z0-9_]` becomes `_` (`session.id` ->
    /// `session_id`), as Alloy's `otelcol.exporter.loki` and Loki's OTLP ingestion translate attribute names.
    static func labelName(_ key: String) -> String {
        String(String.UnicodeScalarView(key.unicodeScalars.map { c in
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" ? c : "_"
        }))
    }

    /// Common keys whose values are unbounded in any system (identifiers, URLs, timestamps).
    static let builtinUnbounded: [String: String] = [
        "trace_id": "a trace id", "traceid": "a trace id", "span_id": "a span id", "spanid": "a span id",
        "request_id": "a request id", "requestid": "a request id", "req_id": "a request id",
        "x_request_id": "a request id", "correlation_id": "a correlation id", "user_id": "a user id",
        "userid": "a user id", "uid": "a user id", "session_id": "a session id", "sessionid": "a session id",
        "url": "a URL (with query string)", "page_url": "a URL (with query string)", "full_url": "a URL",
        "request_uri": "a URL with query string", "uri": "a URL with query string", "query": "a query string",
        "query_string": "a query string", "timestamp": "a timestamp", "ts": "a timestamp", "time": "a timestamp",
        "datetime": "a timestamp", "uuid": "a UUID", "guid": "a GUID", "ip": "an IP address",
        "client_ip": "an IP address", "remote_addr": "an IP address", "email": "an e-mail address",
        "user_email": "an e-mail address", "message": "the log message", "msg": "the log message",
    ]

    /// `sessionId`, `session.id`, `session-id` -> `session_id` (ASCII, byte level).
    func normalized(_ name: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(name.utf8.count + 4)
        var previousLower = false
        for c in name.utf8 {
            if c >= 65 && c <= 90 {
                if previousLower { out.append(95) }
                out.append(c + 32)
                previousLower = false
            } else if c == 46 || c == 45 {
                out.append(95)
                previousLower = false
            } else {
                out.append(c)
                previousLower = (c >= 97 && c <= 122) || (c >= 48 && c <= 57)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Single generic words that registry aliases may claim but that mean many things in log lines
    /// (`name` of a service, `query` of a database): they count only as the name of the field itself.
    static let genericWords: Set<String> = ["name", "query", "login", "value", "type", "path", "id"]

    /// The registry key an alias (specific or generic: a label or field name is the producer's own naming) means.
    private func alias(_ name: String) -> String? {
        policy.attributeAliases[name] ?? policy.genericAttributeAliases[name]
    }

    /// Facts about a field known by `names`: the first is its own name, the others the keys it was read from.
    func facts(_ names: [String]) -> NameFacts {
        var result = NameFacts(canonical: nil, unbounded: false, why: "", privacy: nil)
        for name in names where !name.isEmpty {
            if Self.genericWords.contains(name) { continue }
            var canonical: String?
            if let key = alias(name) { canonical = key }
            else if policy.cardinality[name] != nil || policy.privacy[name] != nil { canonical = name }
            else if let key = alias(normalized(name)) { canonical = key }
            else if let key = keysByLabelName[Self.labelName(name)] ?? keysByLabelName[normalized(name)] { canonical = key }
            if let canonical {
                result.canonical = result.canonical ?? canonical
                if let card = policy.cardinality[canonical], card == .unbounded, !result.unbounded {
                    result.unbounded = true
                    result.why = "\(canonical) has \(card.rawValue) cardinality in the registry"
                }
                if let privacy = policy.privacy[canonical], result.privacy == nil { result.privacy = privacy }
            }
            if !result.unbounded, let why = Self.builtinUnbounded[normalized(name)] {
                result.unbounded = true
                result.why = "its value is \(why), unbounded"
            }
        }
        return result
    }
}
