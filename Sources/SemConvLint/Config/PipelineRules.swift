import SemConvModel

/// What is known about a label / field name: its canonical attribute, cardinality and privacy.
struct NameFacts {
    var canonical: String?
    var unbounded: Bool
    var why: String
    var privacy: PrivacyRule?
}

/// Classifies names with the registry policy (aliases, cardinality, privacy) plus built-in unbounded keys.
struct NameClassifier {
    let policy: RegistryPolicy

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

    /// Facts about a field known by `names`: the first is its own name, the others the keys it was read from.
    func facts(_ names: [String]) -> NameFacts {
        var result = NameFacts(canonical: nil, unbounded: false, why: "", privacy: nil)
        for name in names where !name.isEmpty {
            if Self.genericWords.contains(name) { continue }
            var canonical: String?
            if let key = policy.attributeAliases[name] { canonical = key }
            else if policy.cardinality[name] != nil || policy.privacy[name] != nil { canonical = name }
            else if let key = policy.attributeAliases[normalized(name)] { canonical = key }
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

/// A field extracted by a stage, and where its value came from.
struct FieldState {
    var names: [String]
    var location: SourceLocation
    var hashed: Bool
}

/// Runs the rules over one pipeline, following labels and extracted fields stage by stage.
struct PipelineChecker {
    let classifier: NameClassifier
    var diagnostics: [Diagnostic] = []
    var extracted: [String: FieldState] = [:]
    var labels: [String: (names: [String], location: SourceLocation)] = [:]
    var reachable: Set<String> = []
    let upstream: UpstreamKeys?
    let extraLabels: [NamedRef]

    init(classifier: NameClassifier, pipeline: Pipeline, extraLabels: [NamedRef]) {
        self.classifier = classifier
        self.upstream = pipeline.upstreamKeys
        self.extraLabels = extraLabels
        for label in pipeline.incomingLabels {
            labels[label.name] = ([label.name], label.location)
            reachable.insert(label.name)
        }
    }

    mutating func add(_ severity: Severity, _ rule: String, _ message: String, _ at: SourceLocation, fix: String,
                      attribute: String? = nil) {
        diagnostics.append(Diagnostic(severity, rule: rule, message: message, at: at, fix: fix, attribute: attribute))
    }

    static func validLabelName(_ name: String) -> Bool {
        guard let first = name.utf8.first else { return false }
        func letter(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95 }
        return letter(first) && name.utf8.allSatisfy { letter($0) || ($0 >= 48 && $0 <= 57) }
    }

    /// The names a field's value is known by (itself, and the keys it was read from).
    func origin(_ field: String) -> [String] { extracted[field]?.names ?? [field] }

    mutating func run(_ stages: [PipelineStage]) {
        for stage in stages { run(stage) }
    }

    mutating func newLabels(_ refs: [NamedRef], staticValues: Bool) {
        for ref in refs {
            if !Self.validLabelName(ref.name) {
                add(.error, "invalid-label-name",
                    "'\(ref.name)' is not a valid Loki label name (must match [a-zA-Z_][a-zA-Z0-9_]*)", ref.location,
                    fix: "rename the label to '\(classifier.normalized(ref.name).filter { $0.isLetter || $0.isNumber || $0 == "_" })'")
            }
            let names = staticValues ? [ref.name] : [ref.name] + origin(ref.source.isEmpty ? ref.name : ref.source)
            let facts = classifier.facts(names)
            let hashed = extracted[ref.source.isEmpty ? ref.name : ref.source]?.hashed ?? false
            if !staticValues, facts.unbounded {
                add(.error, "unbounded-label",
                    "'\(ref.name)' is promoted to a Loki label but \(facts.why): one stream per value",
                    ref.location,
                    fix: "remove '\(ref.name)' from the labels and use stage.structured_metadata instead, or keep it in the log line",
                    attribute: facts.canonical)
            }
            if !staticValues, let privacy = facts.privacy, !hashed {
                add(.error, "pii-extracted",
                    "'\(ref.name)' carries personal data (\(privacy.classification)\(facts.canonical.map { ", \($0)" } ?? "")) into a Loki label",
                    ref.location,
                    fix: "drop it, or hash it first with stage.template (e.g. {{ Sha256 .Value \"salt\" }})\(privacy.replacement.map { " and use \($0)" } ?? "")",
                    attribute: facts.canonical)
            }
            labels[ref.name] = (names, ref.location)
            reachable.insert(ref.name)
        }
    }

    mutating func run(_ stage: PipelineStage) {
        switch stage {
        case .extract(let kind, let fields, let from, _):
            for field in fields {
                if kind == "logfmt", from == nil, let upstream, upstream.neverEmits(field.source) {
                    let underscored = field.source.replacingOccurrences(of: ".", with: "_")
                    let hint = upstream.emits(underscored) ? "'\(underscored)'" : "a key it writes"
                    add(.warning, "unknown-source-key",
                        "\(kind) mapping reads '\(field.source)' but \(upstream.component) never writes that key",
                        field.location, fix: "read \(hint) instead (\(upstream.component) writes keys with '_', e.g. session_id, user_email)")
                }
                let facts = classifier.facts([field.name, field.source])
                if let privacy = facts.privacy {
                    add(.error, "pii-extracted",
                        "'\(field.name)' extracts personal data (\(privacy.classification)\(facts.canonical.map { ", \($0)" } ?? "")) from the log line",
                        field.location,
                        fix: "don't extract it, or hash it right away with stage.template (e.g. {{ Sha256 .Value \"salt\" }}) before any label, metadata or metric uses it",
                        attribute: facts.canonical)
                }
                extracted[field.name] = FieldState(names: [field.name, field.source], location: field.location, hashed: false)
            }
        case .labels(let refs):
            newLabels(refs, staticValues: false)
        case .staticLabels(let refs):
            newLabels(refs, staticValues: true)
        case .structuredMetadata(let refs):
            for ref in refs {
                let source = ref.source.isEmpty ? ref.name : ref.source
                let facts = classifier.facts([ref.name] + origin(source))
                if let privacy = facts.privacy, !(extracted[source]?.hashed ?? false) {
                    add(.error, "pii-extracted",
                        "'\(ref.name)' carries personal data (\(privacy.classification)\(facts.canonical.map { ", \($0)" } ?? "")) into structured metadata",
                        ref.location, fix: "drop it, or hash it first with stage.template (e.g. {{ Sha256 .Value \"salt\" }})",
                        attribute: facts.canonical)
                }
            }
        case .labelKeep(let refs, _):
            var kept: [String: (names: [String], location: SourceLocation)] = [:]
            for ref in refs {
                if let label = labels[ref.name] { kept[ref.name] = label }
                let facts = classifier.facts(labels[ref.name]?.names ?? [ref.name])
                if facts.unbounded {
                    add(.warning, "label-keep-unbounded",
                        "stage.label_keep keeps '\(ref.name)', but \(facts.why)", ref.location,
                        fix: "remove '\(ref.name)' from label_keep values (it is dropped then) and carry it as structured metadata",
                        attribute: facts.canonical)
                }
            }
            labels = kept
            reachable = Set(refs.map(\.name))
        case .labelDrop(let refs):
            for ref in refs { labels[ref.name] = nil }
        case .template(let target, let template, _):
            let hashes = ["Sha256", "sha256", "Hash", "hash", "Sha1", "sha1", "Md5", "md5", "Fnv", "fnv"]
            let hashed = hashes.contains { template.contains($0) }
            if hashed {
                // A hash removes the personal data but keeps one value per input: still unbounded.
                extracted[target] = FieldState(names: extracted[target]?.names ?? [target], location: extracted[target]?.location
                    ?? SourceLocation(file: ""), hashed: true)
            } else if extracted[target] == nil {
                extracted[target] = FieldState(names: [target], location: SourceLocation(file: ""), hashed: false)
            }
        case .match(let stages, _):
            let saved = (extracted, labels)
            run(stages)
            // Entries that don't match keep the earlier state; labels added inside may reach Loki.
            for (name, value) in saved.1 where labels[name] == nil { labels[name] = value }
            for (name, value) in saved.0 where extracted[name] == nil { extracted[name] = value }
        case .metrics(let metrics, let location):
            let unbounded = labels.filter { classifier.facts($0.value.names).unbounded }.keys.sorted()
            if !unbounded.isEmpty {
                add(.error, "metrics-unbounded-labels",
                    "stage.metrics runs on entries that carry unbounded label(s) \(unbounded.joined(separator: ", ")): one series per value",
                    location, fix: "drop those labels before stage.metrics (stage.label_drop) or stop promoting them to labels")
            }
            for metric in metrics { checkMetric(metric) }
        case .other:
            break
        }
    }

    mutating func checkMetric(_ metric: MetricDef) {
        let full = metric.prefix + metric.name
        if let source = metric.source, !source.isEmpty {
            if extracted[source] == nil {
                add(.warning, "metrics-source-not-extracted",
                    "metric '\(full)' reads source '\(source)', which no earlier stage extracts", metric.sourceLocation,
                    fix: "extract '\(source)' with stage.logfmt, stage.json or stage.regex before stage.metrics, or fix the name")
            }
            let facts = classifier.facts(origin(source))
            if let privacy = facts.privacy, !(extracted[source]?.hashed ?? false) {
                add(.error, "pii-extracted",
                    "metric '\(full)' is fed from '\(source)', personal data (\(privacy.classification))", metric.sourceLocation,
                    fix: "drop the metric or hash the value first with stage.template", attribute: facts.canonical)
            }
        }
        if !full.isEmpty, !PipelineChecker.validMetricName(full) {
            add(.warning, "metric-naming", "metric name '\(full)' is not a valid Prometheus metric name",
                metric.location, fix: "use only [a-zA-Z_:][a-zA-Z0-9_:]*")
        }
        if metric.type == "counter", !full.hasSuffix("_total") {
            add(.warning, "metric-naming", "counter '\(full)' should end in _total", metric.location,
                fix: "rename it to '\(full)_total'")
        }
        let nonBase = ["_milliseconds": "_seconds", "_ms": "_seconds", "_minutes": "_seconds", "_hours": "_seconds",
                       "_kilobytes": "_bytes", "_megabytes": "_bytes", "_kb": "_bytes", "_mb": "_bytes"]
        let stem = full.hasSuffix("_total") ? String(full.dropLast(6)) : full
        for (suffix, base) in nonBase where stem.hasSuffix(suffix) {
            add(.warning, "metric-naming", "metric '\(full)' uses unit \(suffix.dropFirst()), not a base unit",
                metric.location, fix: "record \(base.dropFirst()) and name it '\(stem.dropLast(suffix.count))\(base)\(full.hasSuffix("_total") ? "_total" : "")'")
        }
    }

    static func validMetricName(_ name: String) -> Bool {
        guard let first = name.utf8.first else { return false }
        func letter(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95 || c == 58 }
        return letter(first) && name.utf8.allSatisfy { letter($0) || ($0 >= 48 && $0 <= 57) }
    }

    /// After all stages: the number of labels able to reach Loki.
    mutating func finish(at location: SourceLocation, name: String) {
        var all = Set(labels.keys)
        for label in extraLabels { all.insert(label.name) }
        if all.count > 15 {
            add(.warning, "too-many-labels",
                "\(name): \(all.count) labels can reach Loki (\(all.sorted().joined(separator: ", "))); Loki's default limit is 15",
                location, fix: "keep at most 15 labels: move the others to structured metadata (stage.structured_metadata) or drop them")
        }
    }
}
