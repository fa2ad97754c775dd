import SemConvModel

/// Which config language a pipeline was written in: fixes name the stages in that language.
enum ConfigDialect: Sendable {
    case alloy, promtail, collector

    /// The stage as the dialect names it: `stage.structured_metadata` / `structured_metadata`.
    func stage(_ name: String) -> String { self == .alloy ? "stage." + name : name }
}

/// A name at a place in the config (a label, field, or list entry).
struct NamedRef: Sendable {
    var name: String
    /// For labels / structured metadata: the extracted field the value comes from. For extraction: the source key.
    var source: String
    var location: SourceLocation
    /// Where the value (`source`) is written, when it is written apart from the name.
    var valueLocation: SourceLocation?

    init(name: String, source: String, location: SourceLocation, valueLocation: SourceLocation? = nil) {
        self.name = name
        self.source = source
        self.location = location
        self.valueLocation = valueLocation
    }
}

/// A field an extraction stage writes, and the key it reads.
struct ExtractedField: Sendable {
    var name: String
    /// The key read from the line, as Loki resolves the stage's expression; nil when it cannot be known (a JMESPath
    /// expression outside the followed subset).
    var key: String?
    /// Other names of the value: for a JMESPath path, its dotted suffixes of two or more keys, longest first
    /// (`attributes.user.id` and `user.id` for `attributes.user.id`).
    var otherNames: [String] = []
    var location: SourceLocation
    /// Why the expression does not work, when it does not (Loki rejects the config).
    var invalidExpression: (message: String, suggestion: String?, at: SourceLocation)?

    /// The names the value is known by: the field, its key, other names.
    var names: [String] { [name] + [key].compactMap { $0 } + otherNames }

    /// A logfmt `mapping` entry: the key is the value as written, or the field's own name when empty.
    static func logfmt(_ ref: NamedRef) -> ExtractedField {
        ExtractedField(name: ref.name, key: ref.source.isEmpty ? ref.name : ref.source, location: ref.location)
    }

    /// A json `expressions` entry: the JMESPath expression (the field's own name when empty) resolved as Loki does.
    ///
    /// A path's value is what its keys name together: `user.name` (unquoted: the nested objects `user` -> `name`),
    /// `attributes.user.name` and `attributes."user.name"` all read the user's name, so the value is matched against
    /// registry keys and aliases by the path's dotted suffixes (`attributes.user.name`, `user.name`) and its last key
    /// (`name`, which alone is too generic to mean anything). Nested JSON is how many loggers write the dotted
    /// OpenTelemetry attribute names; OTLP JSON keeps them flat, which the quoted form reads.
    static func json(_ ref: NamedRef, dialect: JMESPath.Dialect) -> ExtractedField {
        let expression = ref.source.isEmpty ? ref.name : ref.source
        var field = ExtractedField(name: ref.name, key: nil, location: ref.location)
        func suffixes(_ path: [String]) -> [String] {
            path.count < 2 ? [] : (0...(path.count - 2)).map { path[$0...].joined(separator: ".") }
        }
        switch JMESPath.sourceKey(expression, dialect: dialect) {
        case .key(let key, let path):
            field.key = key
            field.otherNames = suffixes(path)
        case .unknown:
            break
        case .invalid(let message, let key, let path, let suggestion):
            field.key = key
            field.otherNames = suffixes(path)
            field.invalidExpression = (message, suggestion, ref.valueLocation ?? ref.location)
        }
        return field
    }

    /// The named groups of a regex stage's expression, each a field read from the group of that name, found at
    /// its group (`locate` turns an offset in the expression into a position).
    static func regex(_ expression: String, locate: (Int) -> SourceLocation) -> [ExtractedField] {
        regexGroups(expression).map { ExtractedField(name: $0.name, key: $0.name, location: locate($0.offset)) }
    }
}

struct MetricDef: Sendable {
    var type: String
    var name: String
    var prefix: String
    var source: String?
    var location: SourceLocation
    var sourceLocation: SourceLocation
    /// Where `name` is written (the fix renames it there), when it is written.
    var nameLocation: SourceLocation?
}

/// One pipeline stage, common to Alloy `loki.process` and Promtail `pipeline_stages`.
enum PipelineStage: Sendable {
    /// logfmt / json / regex: extracted fields and the key each reads.
    case extract(kind: String, fields: [ExtractedField], from: String?, location: SourceLocation)
    /// `stage.labels`: labels set from extracted fields (or from structured metadata with
    /// `source_type = "structured_metadata"`).
    case labels([NamedRef], fromStructuredMetadata: Bool)
    case staticLabels([NamedRef])
    /// `stage.structured_metadata`: metadata from extracted fields; a stream label named as a source (or matching
    /// `regex`) is moved out of the labels (Alloy `structured_metadata.go`, `processEntryLabelsByConfig`).
    case structuredMetadata([NamedRef], regex: String?)
    case labelKeep([NamedRef], location: SourceLocation)
    case labelDrop([NamedRef])
    /// `stage.structured_metadata_drop`: removes structured metadata entries (`structured_metadata_drop.go`).
    case structuredMetadataDrop([NamedRef])
    /// `stage.pack`: packs the named fields into the line and deletes those that are labels (`pack.go`).
    case pack([NamedRef])
    case metrics([MetricDef], location: SourceLocation)
    case template(target: String, template: String, location: SourceLocation)
    /// `stage.match`: the stages run only for entries the selector matches.
    case match(stages: [PipelineStage], location: SourceLocation)
    case other
}

/// One Prometheus-style relabel rule (Alloy `rule` blocks, Promtail `relabel_configs`).
struct RelabelRule: Sendable {
    var action: String
    var sourceLabels: [String]
    var targetLabel: String?
    var regex: String?
    var replacement: String?
    var location: SourceLocation
    var targetLocation: SourceLocation
}

/// A `loki.process` component or a Promtail scrape config.
struct Pipeline: Sendable {
    var name: String
    var location: SourceLocation
    var stages: [PipelineStage]
    var dialect: ConfigDialect = .alloy
    /// Keys the upstream component writes into each log line, when known (faro.receiver).
    var upstreamKeys: UpstreamKeys?
}

/// The keys a known upstream component writes into its log lines.
struct UpstreamKeys: Sendable {
    var component: String
    var keys: Set<String>
    var prefixes: [String]

    func emits(_ key: String) -> Bool { keys.contains(key) || prefixes.contains { key.hasPrefix($0) } }

    /// Whether `key` can be said never to be written: dotted keys (the payload is flattened with `_`) and keys in
    /// a namespace whose keys are all known. Other plain keys may be measurement or context names, so no guess.
    func neverEmits(_ key: String) -> Bool {
        if emits(key) { return false }
        return key.contains(".") || closedNamespaces.contains { key.hasPrefix($0) }
    }

    var closedNamespaces: [String] { component == "faro.receiver" ? ["session_", "user_", "page_", "sdk_"] : [] }

    /// Keys faro.receiver writes in its logfmt log lines (the Faro payload flattened with `_`).
    static let faro = UpstreamKeys(
        component: "faro.receiver",
        keys: [
            "timestamp", "kind", "message", "level", "type", "value", "stacktrace", "traceID", "spanID",
            "sdk_name", "sdk_version", "app_name", "app_namespace", "app_release", "app_version", "app_environment",
            "app_bundle_id", "user_email", "user_id", "user_username", "user_full_name", "user_roles", "user_hash",
            "session_id", "page_id", "page_url", "browser_name", "browser_version", "browser_os", "browser_mobile",
            "browser_user_agent", "browser_language", "browser_brands", "browser_view_width", "browser_view_height",
            "view_name", "event_name", "event_domain", "original_timestamp", "value_type", "hash",
            "end_timestamp", "parent_spanID", "span_kind", "trace_id", "span_id", "sdk_integrations",
        ],
        prefixes: ["context_", "session_attr_", "user_attr_", "page_attr_", "event_data_", "geo_", "action_",
                   "artifact_", "k6_", "browser_", "app_", "value_", "view_"])
}
