import SemConvModel
import Yams

/// Loads Promtail `scrape_configs` (static labels, relabel rules, pipeline stages) and `clients` (external labels).
struct PromtailModel {
    /// One scrape config: labels its targets start with, its relabel rules and its pipeline.
    struct Scrape {
        var staticLabels: [NamedRef] = []
        var relabel: [RelabelRule] = []
        var pipeline: Pipeline
    }

    var file: String
    /// The file's bytes (positions inside scalars).
    var source: [UInt8]
    var scrapes: [Scrape] = []
    /// `clients[].external_labels`: added to every stream a client sends.
    var externalLabels: [NamedRef] = []

    func loc(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    init(file: String, source: [UInt8], root: Node) {
        self.file = file
        self.source = source
        for client in root["clients"]?.sequence ?? [] { externalLabels += pairs(client["external_labels"]) }
        guard let scrapes = root["scrape_configs"]?.sequence else { return }
        for node in scrapes {
            let job = node["job_name"]?.string ?? "?"
            var scrape = Scrape(pipeline: Pipeline(name: "scrape config '\(job)'", location: loc(node),
                                                   stages: stages(node["pipeline_stages"]), dialect: .promtail))
            for sc in node["static_configs"]?.sequence ?? [] { scrape.staticLabels += pairs(sc["labels"]) }
            if let api = node["loki_push_api"] { scrape.staticLabels += pairs(api["labels"]) }
            scrape.relabel = (node["relabel_configs"]?.sequence ?? []).map(rule)
            self.scrapes.append(scrape)
        }
    }

    /// Runs every scrape config: static labels and relabel rules, then the pipeline, then the clients' labels.
    func flow(into facts: inout ConfigFacts) {
        for scrape in scrapes {
            var state = EntryState()
            for ref in scrape.staticLabels {
                state.labels[ref.name] = facts.promote(ref.name, names: [ref.name], at: ref.location, kind: .fixed,
                                                       dialect: .promtail, isStatic: true)
            }
            RelabelRules.apply(scrape.relabel, to: &state, facts: &facts, dialect: .promtail)
            state = PipelineRunner(pipeline: scrape.pipeline).run(state, facts: &facts)
            for ref in externalLabels {
                state.labels[ref.name] = LabelValue(promotions: [], names: [ref.name], isStatic: true)
            }
            facts.reachLoki(state)
            facts.outputs.append(ConfigFacts.PipelineOutput(name: scrape.pipeline.name, location: scrape.pipeline.location,
                                                            labels: Set(state.streamLabels.keys), dialect: .promtail))
        }
    }

    func rule(_ node: Node) -> RelabelRule {
        RelabelRule(action: node["action"]?.string?.lowercased() ?? "replace",
                    sourceLabels: node["source_labels"]?.sequence?.compactMap(\.string) ?? [],
                    targetLabel: node["target_label"]?.string, regex: node["regex"]?.string,
                    replacement: node["replacement"]?.string, location: loc(node),
                    targetLocation: loc(node["target_label"] ?? node))
    }

    /// Where value character `offset` of the scalar `node` is written (a scalar folded over lines is not followed).
    func position(of offset: Int, in node: Node?) -> SourceLocation? {
        guard let scalar = node?.scalar, let mark = node?.mark else { return nil }
        let style: LiteralPosition.Style = switch scalar.style {
        case .singleQuoted: .singleQuoted
        case .doubleQuoted: .doubleQuoted
        case .plain: .raw
        default: .raw
        }
        if scalar.style == .literal || scalar.style == .folded { return nil }
        return LiteralPosition.locate(offset, inLiteralAt: mark.line, column: mark.column, of: source, style: style,
                                      yaml: true)
            .map { SourceLocation(file: file, line: $0.line, column: $0.column) }
    }

    func pairs(_ node: Node?) -> [NamedRef] {
        guard let mapping = node?.mapping else { return [] }
        return mapping.map { key, value in
            NamedRef(name: key.string ?? "", source: value.string ?? "", location: loc(key), valueLocation: loc(value))
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
        case "json":
            return .extract(kind: kind, fields: pairs(node["expressions"]).map { ExtractedField.json($0, dialect: .promtail) },
                            from: node["source"]?.string, location: at)
        case "logfmt":
            return .extract(kind: kind, fields: pairs(node["mapping"]).map(ExtractedField.logfmt),
                            from: node["source"]?.string, location: at)
        case "regex":
            let expression = node["expression"]
            return .extract(kind: "regex", fields: ExtractedField.regex(expression?.string ?? "") { offset in
                position(of: offset, in: expression) ?? loc(expression)
            }, from: node["source"]?.string, location: at)
        case "labels": return .labels(pairs(node), fromStructuredMetadata: false)
        case "static_labels": return .staticLabels(pairs(node))
        case "structured_metadata": return .structuredMetadata(pairs(node), regex: nil)
        case "labelallow": return .labelKeep(strings(node), location: at)
        case "labeldrop": return .labelDrop(strings(node))
        case "pack": return .pack(strings(node["labels"]))
        case "template":
            return .template(target: node["source"]?.string ?? "", template: node["template"]?.string ?? "", location: at)
        case "match":
            return .match(stages: stages(node["stages"]), location: at)
        case "metrics":
            let metrics = (node.mapping ?? [:]).map { key, value in
                MetricDef(type: value["type"]?.string?.lowercased() ?? "", name: key.string ?? "",
                          prefix: value["prefix"]?.string ?? "promtail_custom_", source: value["source"]?.string,
                          location: loc(key), sourceLocation: loc(value["source"] ?? key), nameLocation: loc(key))
            }
            return .metrics(metrics, location: at)
        default: return .other
        }
    }
}
