import Foundation
import SemConvModel
import Yams

/// An OpenTelemetry Collector config whose logs pipelines end in the Loki exporter (contrib `lokiexporter`), read
/// from one or more files merged as `otelcol --config A --config B` merges them (a later file's component wins). The
/// labels the exporter puts on streams are its default labels, the attributes named by the `loki.attribute.labels`
/// / `loki.resource.labels` hints as the pipeline's processors leave them (see `OTelAttributes`: `attributes`
/// processor `actions` on log attributes, `resource` processor `attributes` on resource attributes, `transform`
/// statements), and the exporter's own `labels` of versions before v0.61.
struct CollectorModel {
    /// The files and their roots, in the order given.
    let files: [(path: String, root: Node)]

    /// The sections that hold components, by id.
    static let componentSections = ["receivers", "processors", "exporters", "connectors", "extensions"]

    /// `section/id` of every component and `service/pipelines/id` of every pipeline a file defines: two files that
    /// define the same one are not parts of one config.
    static func definedIDs(_ root: Node?) -> [String] {
        var ids: [String] = []
        for section in componentSections {
            for key in root?[section]?.mapping?.keys.map({ $0 }) ?? [] { ids.append("\(section)/\(key.string ?? "")") }
        }
        for key in root?["service"]?["pipelines"]?.mapping?.keys.map({ $0 }) ?? [] { ids.append("pipelines/\(key.string ?? "")") }
        return ids
    }

    /// The component `id` of `section` as the merged config has it (the last file that defines it), and its file.
    func component(_ section: String, _ id: String) -> (file: String, node: Node)? {
        for (path, root) in files.reversed() {
            if let node = root[section]?[id] { return (path, node) }
        }
        return nil
    }

    func loc(_ node: Node?, in file: String) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    /// The component type of a component id (`attributes/hints` -> `attributes`).
    static func type(_ id: String) -> String { String(id.split(separator: "/", maxSplits: 1).first ?? "") }

    func flow(into facts: inout ConfigFacts) {
        var pipelines: [(name: String, node: Node, key: Node, file: String)] = []
        var seen = Set<String>()
        for (path, root) in files.reversed() {
            for (key, node) in root["service"]?["pipelines"]?.mapping ?? [:] {
                guard let name = key.string, Self.type(name) == "logs", seen.insert(name).inserted else { continue }
                pipelines.append((name, node, key, path))
            }
        }
        for pipeline in pipelines.sorted(by: { ($0.file, $0.key.mark?.line ?? 0) < ($1.file, $1.key.mark?.line ?? 0) }) {
            let exporters = (pipeline.node["exporters"]?.sequence ?? []).compactMap(\.string).filter { Self.type($0) == "loki" }
            guard let exporter = exporters.first else { continue }
            var state = EntryState()
            defaultLabels(of: exporter, at: loc(pipeline.node["exporters"], in: pipeline.file), into: &state, &facts)
            var attributes = OTelAttributes()
            for processor in (pipeline.node["processors"]?.sequence ?? []).compactMap(\.string) {
                guard let (file, config) = component("processors", processor) else { continue }
                switch Self.type(processor) {
                case "attributes": actions(config["actions"], scope: .log, file: file, into: &attributes)
                case "resource": actions(config["attributes"], scope: .resource, file: file, into: &attributes)
                case "transform": transform(config["log_statements"], file: file, into: &attributes)
                default: break
                }
            }
            attributes.promoteHints(dialect: .collector, into: &state, &facts)
            labelsConfig(of: exporter, into: &state, &facts)
            facts.reachLoki(state)
            facts.outputs.append(ConfigFacts.PipelineOutput(name: "pipeline '\(pipeline.name)'",
                                                            location: loc(pipeline.key, in: pipeline.file),
                                                            labels: Set(state.streamLabels.keys), dialect: .collector))
        }
    }

    /// `actions` of an attributes processor, `attributes` of a resource processor: in order.
    func actions(_ node: Node?, scope: OTelAttributes.Scope, file: String, into attributes: inout OTelAttributes) {
        for action in node?.sequence ?? [] {
            guard let key = action["key"]?.string, let kind = action["action"]?.string else { continue }
            let value = action["value"]
            attributes.apply(action: kind, key: key, scope: scope, value: value?.string,
                             at: loc(value ?? action, in: file))
        }
    }

    /// `log_statements`: groups with a `context` and `statements`, or statements whose context is inferred from
    /// their paths (`set(log.attributes["k"], "v")`).
    func transform(_ node: Node?, file: String, into attributes: inout OTelAttributes) {
        for entry in node?.sequence ?? [] {
            if let statement = entry.string {
                attributes.apply(statement: statement, context: nil, at: loc(entry, in: file))
                continue
            }
            let context: OTelAttributes.Scope? = switch entry["context"]?.string {
            case "log": .log
            case "resource": .resource
            default: nil
            }
            for statement in entry["statements"]?.sequence ?? [] {
                attributes.apply(statement: statement.string ?? "", context: context, at: loc(statement, in: file))
            }
        }
    }

    /// The exporter's default labels (`exporter`, `job`, `instance`, `level`), minus those `default_labels_enabled`
    /// turns off.
    func defaultLabels(of exporter: String, at location: SourceLocation, into state: inout EntryState,
                       _ facts: inout ConfigFacts) {
        let enabled = component("exporters", exporter)?.node["default_labels_enabled"]
        for (label, names, fixed) in AlloyFlow.exporterDefaults where enabled?[label]?.string != "false" {
            state.labels[label] = facts.promote(label, names: names, at: location, kind: .exporterDefault,
                                                dialect: .collector, isStatic: fixed)
        }
    }

    /// The exporter's `labels` before v0.61 (contrib `lokiexporter` `LabelsConfig`): `attributes` and `resource` map
    /// an attribute to a label name (empty: the attribute's name), `record` maps `traceID`, `spanID`, `severity`,
    /// `severityN` to one.
    func labelsConfig(of exporter: String, into state: inout EntryState, _ facts: inout ConfigFacts) {
        guard let (file, config) = component("exporters", exporter), let labels = config["labels"] else { return }
        for section in ["attributes", "resource", "record"] {
            for (key, value) in labels[section]?.mapping ?? [:] {
                guard let attribute = key.string else { continue }
                let name = NameClassifier.labelName(value.string.flatMap { $0.isEmpty ? nil : $0 } ?? attribute)
                state.labels[name] = facts.promote(name, names: [attribute], at: loc(key, in: file),
                                                   kind: .exporterLabelsConfig(section: section, attribute: attribute),
                                                   dialect: .collector, isStatic: false)
            }
        }
    }
}
