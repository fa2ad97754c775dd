import Foundation
import SemConvModel
import Yams

/// An OpenTelemetry Collector config whose logs pipelines end in the Loki exporter (contrib `lokiexporter`): the
/// labels it puts on streams are its default labels and the attributes named by the `loki.attribute.labels` /
/// `loki.resource.labels` hints that the pipeline's processors set (contrib `pkg/translator/loki`): `attributes`
/// processor `actions`, `resource` processor `attributes` (`insert`, `upsert`, `update`; `hash` hashes a value) and
/// `transform` statements.
struct CollectorModel {
    var file: String
    let root: Node

    func loc(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    /// Whether this YAML is a Collector config: top-level `exporters` and `service`.
    static func isCollector(_ text: String) -> Bool {
        (text.hasPrefix("exporters:") || text.contains("\nexporters:"))
            && (text.hasPrefix("service:") || text.contains("\nservice:"))
    }

    /// The component type of a component id (`attributes/hints` -> `attributes`).
    static func type(_ id: String) -> String { String(id.split(separator: "/", maxSplits: 1).first ?? "") }

    func flow(into facts: inout ConfigFacts) {
        guard let pipelines = root["service"]?["pipelines"]?.mapping else { return }
        for (nameNode, pipeline) in pipelines {
            guard let name = nameNode.string, Self.type(name) == "logs" else { continue }
            let exporters = (pipeline["exporters"]?.sequence ?? []).compactMap(\.string).filter { Self.type($0) == "loki" }
            guard let exporter = exporters.first else { continue }
            var state = EntryState()
            defaultLabels(of: exporter, at: loc(pipeline["exporters"]), into: &state, &facts)
            var hashed = Set<String>()
            var hints: [(hint: String, attributes: String, at: SourceLocation)] = []
            for processor in (pipeline["processors"]?.sequence ?? []).compactMap(\.string) {
                let config = root["processors"]?[processor]
                switch Self.type(processor) {
                case "attributes": actions(config?["actions"], &hints, &hashed)
                case "resource": actions(config?["attributes"], &hints, &hashed)
                case "transform":
                    for group in (config?["log_statements"]?.sequence ?? []) {
                        for statement in group["statements"]?.sequence ?? [] {
                            hints += AlloyFlow.hints(inStatement: statement.string ?? "", at: loc(statement))
                        }
                    }
                default: break
                }
            }
            AlloyFlow.promote(hints, hashed: hashed, dialect: .collector, into: &state, &facts)
            facts.reachLoki(state)
            facts.outputs.append(ConfigFacts.PipelineOutput(name: "pipeline '\(name)'", location: loc(nameNode),
                                                            labels: Set(state.streamLabels.keys), dialect: .collector))
        }
    }

    /// `actions` / `attributes` of an attributes or resource processor.
    func actions(_ node: Node?, _ hints: inout [(hint: String, attributes: String, at: SourceLocation)],
                 _ hashed: inout Set<String>) {
        for action in node?.sequence ?? [] {
            guard let key = action["key"]?.string, let kind = action["action"]?.string else { continue }
            if kind == "hash" { hashed.insert(key) }
            if AlloyFlow.hints.contains(key), ["insert", "upsert", "update"].contains(kind),
               let value = action["value"], let text = value.string {
                hints.append((key, text, loc(value)))
            }
        }
    }

    /// The exporter's default labels (`exporter`, `job`, `instance`, `level`), minus those `default_labels_enabled`
    /// turns off.
    func defaultLabels(of exporter: String, at location: SourceLocation, into state: inout EntryState,
                       _ facts: inout ConfigFacts) {
        let enabled = root["exporters"]?[exporter]?["default_labels_enabled"]
        for (label, names, fixed) in AlloyFlow.exporterDefaults where enabled?[label]?.string != "false" {
            state.labels[label] = facts.promote(label, names: names, at: location, kind: .exporterDefault,
                                                dialect: .collector, isStatic: fixed)
        }
    }
}
