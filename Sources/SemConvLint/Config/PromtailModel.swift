import SemConvModel
import Yams

/// Loads Promtail `scrape_configs` (pipeline stages, static labels, relabel targets) into pipelines.
struct PromtailModel {
    var file: String
    var pipelines: [Pipeline] = []
    var diagnostics: [Diagnostic] = []

    func loc(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    static func isPromtail(_ text: String) -> Bool {
        text.contains("scrape_configs:")
    }

    init(file: String, root: Node) {
        self.file = file
        guard let scrapes = root["scrape_configs"]?.sequence else { return }
        for scrape in scrapes {
            let job = scrape["job_name"]?.string ?? "?"
            var pipeline = Pipeline(name: "scrape config '\(job)'", location: loc(scrape),
                                    stages: stages(scrape["pipeline_stages"]))
            for sc in scrape["static_configs"]?.sequence ?? [] {
                pipeline.incomingLabels += pairs(sc["labels"]).filter { !$0.name.hasPrefix("__") }
            }
            if let api = scrape["loki_push_api"] { pipeline.incomingLabels += pairs(api["labels"]) }
            for rule in scrape["relabel_configs"]?.sequence ?? [] {
                let action = rule["action"]?.string ?? "replace"
                guard action == "replace", let targetNode = rule["target_label"], let target = targetNode.string,
                      !target.hasPrefix("__") else { continue }
                let sources = rule["source_labels"]?.sequence?.compactMap(\.string) ?? []
                pipeline.incomingLabels.append(NamedRef(name: target, source: sources.first ?? target,
                                                        location: loc(targetNode)))
            }
            pipelines.append(pipeline)
        }
    }

    func pairs(_ node: Node?) -> [NamedRef] {
        guard let mapping = node?.mapping else { return [] }
        return mapping.map { key, value in
            NamedRef(name: key.string ?? "", source: value.string ?? "", location: loc(key))
        }
    }

    func strings(_ node: Node?) -> [NamedRef] {
        (node?.sequence ?? []).compactMap { item in item.string.map { NamedRef(name: $0, source: $0, location: loc(item)) } }
    }

    func stages(_ node: Node?) -> [PipelineStage] {
        (node?.sequence ?? []).flatMap { item -> [PipelineStage] in
            guard let mapping = item.mapping else { return [] }
            return mapping.map { key, value in stage(key.string ?? "", value, at: loc(key)) }
        }
    }

    func stage(_ kind: String, _ node: Node, at: SourceLocation) -> PipelineStage {
        switch kind {
        case "json", "logfmt":
            let fields = pairs(node[kind == "json" ? "expressions" : "mapping"]).map {
                NamedRef(name: $0.name, source: $0.source.isEmpty ? $0.name : $0.source, location: $0.location)
            }
            return .extract(kind: kind, fields: fields, from: node["source"]?.string, location: at)
        case "regex":
            let names = regexGroupNames(node["expression"]?.string ?? "")
            let p = loc(node["expression"])
            return .extract(kind: "regex", fields: names.map { NamedRef(name: $0, source: $0, location: p) },
                            from: node["source"]?.string, location: at)
        case "labels": return .labels(pairs(node))
        case "static_labels": return .staticLabels(pairs(node))
        case "structured_metadata": return .structuredMetadata(pairs(node))
        case "labelallow": return .labelKeep(strings(node), location: at)
        case "labeldrop": return .labelDrop(strings(node))
        case "template":
            return .template(target: node["source"]?.string ?? "", template: node["template"]?.string ?? "", location: at)
        case "match":
            return .match(stages: stages(node["stages"]), location: at)
        case "metrics":
            let metrics = (node.mapping ?? [:]).map { key, value in
                MetricDef(type: value["type"]?.string?.lowercased() ?? "", name: key.string ?? "",
                          prefix: value["prefix"]?.string ?? "promtail_custom_", source: value["source"]?.string,
                          location: loc(key), sourceLocation: loc(value["source"] ?? key))
            }
            return .metrics(metrics, location: at)
        default: return .other
        }
    }
}
