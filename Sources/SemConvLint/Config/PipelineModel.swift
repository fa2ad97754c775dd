import SemConvModel

/// A name at a place in the config (a label, field, or list entry).
struct NamedRef: Sendable {
    var name: String
    /// For labels / structured metadata: the extracted field the value comes from. For extraction: the source key.
    var source: String
    var location: SourceLocation
}

struct MetricDef: Sendable {
    var type: String
    var name: String
    var prefix: String
    var source: String?
    var location: SourceLocation
    var sourceLocation: SourceLocation
}

/// One pipeline stage, common to Alloy `loki.process` and Promtail `pipeline_stages`.
enum PipelineStage: Sendable {
    /// logfmt / json / regex: extracted field names (`name`) and the key they are read from (`source`).
    case extract(kind: String, fields: [NamedRef], from: String?, location: SourceLocation)
    case labels([NamedRef])
    case staticLabels([NamedRef])
    case structuredMetadata([NamedRef])
    case labelKeep([NamedRef], location: SourceLocation)
    case labelDrop([NamedRef])
    case metrics([MetricDef], location: SourceLocation)
    case template(target: String, template: String, location: SourceLocation)
    case match(stages: [PipelineStage], location: SourceLocation)
    case other
}

/// A `loki.process` component or a Promtail scrape config.
struct Pipeline: Sendable {
    var name: String
    var location: SourceLocation
    var stages: [PipelineStage]
    /// Labels entries carry when they arrive (static labels, relabel targets, upstream extra labels).
    var incomingLabels: [NamedRef] = []
    /// Labels added after the pipeline (`external_labels` of the loki.write components it forwards to).
    var outgoingLabels: [NamedRef] = []
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
