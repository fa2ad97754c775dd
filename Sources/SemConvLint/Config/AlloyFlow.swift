import Foundation
import SemConvModel

/// Follows log entries through the components of an Alloy config, from where labels are put on them to where they
/// leave for Loki: sources (`labels`, discovered targets, `relabel_rules`, the labels a source adds itself),
/// `faro.receiver`, `otelcol.exporter.loki` (the label hints set by `otelcol.processor.attributes` / `transform`),
/// `loki.relabel`, `loki.process` pipelines and `loki.write` (`external_labels`). A component's output is computed
/// once, from the union of what its senders output. Labels are judged only where entries go to Loki: a `loki.write`,
/// a component this flow does not know (a custom component may write to Loki), or no component at all
/// (`forward_to = []` in a snippet). Entries sent to `otelcol.receiver.loki` (which makes OTLP logs of them, labels
/// becoming attributes) or `loki.echo` (which prints them) never reach Loki from there.
struct AlloyFlow {
    let model: AlloyModel
    /// Send edges (`forward_to`, `output { logs = ... }`): component -> the components it sends entries to, and back.
    let sendsTo: [String: [String]]
    let receivesFrom: [String: [String]]
    var outputs: [String: EntryState] = [:]
    var running: Set<String> = []
    /// What the OpenTelemetry components upstream of an `otelcol.exporter.loki` did to attributes, per component.
    var attributeOutputs: [String: OTelAttributes] = [:]
    var attributesRunning: Set<String> = []

    init(model: AlloyModel) {
        self.model = model
        var to: [String: Set<String>] = [:], from: [String: Set<String>] = [:]
        for r in model.references where r.export == "receiver" || r.export == "input" {
            to[r.from, default: []].insert(r.to)
            from[r.to, default: []].insert(r.from)
        }
        sendsTo = to.mapValues { $0.sorted() }
        receivesFrom = from.mapValues { $0.sorted() }
    }

    /// Components whose log output this flow models; anything else receiving entries is taken to be a way to Loki,
    /// unless it is one of `notLoki`.
    static func isModelled(_ name: String) -> Bool {
        name.hasPrefix("loki.source.") || ["loki.relabel", "loki.process", "loki.write", "faro.receiver",
                                          "otelcol.exporter.loki", "loki.secretfilter"].contains(name)
    }

    /// Components that take Loki entries and do not send them to Loki: `otelcol.receiver.loki` converts them to OTLP
    /// logs (labels become attributes), `loki.echo` writes them to Alloy's own log.
    static let notLoki: Set<String> = ["otelcol.receiver.loki", "loki.echo"]

    /// Runs the whole config.
    static func run(_ model: AlloyModel, into facts: inout ConfigFacts) {
        var flow = AlloyFlow(model: model)
        for component in model.components where isModelled(component.name) {
            _ = flow.output(component.id, &facts)
        }
        for component in model.components where isModelled(component.name) {
            let targets = flow.targets(of: component.id).map { flow.component($0).name }
            let terminal = component.name == "loki.write" || targets.isEmpty
                || targets.contains { !isModelled($0) && !notLoki.contains($0) }
            if terminal { facts.reachLoki(flow.outputs[component.id] ?? EntryState()) }
            if component.name == "loki.process" {
                let state = flow.forward(flow.outputs[component.id] ?? EntryState(), from: component.id, &facts)
                facts.outputs.append(ConfigFacts.PipelineOutput(
                    name: "loki.process \"\(component.label)\"", location: model.loc(component.block.pos),
                    labels: Set(state.streamLabels.keys), dialect: .alloy))
            }
        }
        for inner in model.nested { run(inner, into: &facts) }
    }

    func component(_ id: String) -> AlloyComponent { model.components[model.byID[id]!] }

    /// Components this one sends entries to (`forward_to`, `output { logs = ... }`).
    func targets(of id: String) -> [String] { sendsTo[id] ?? [] }

    /// Components that send entries to this one.
    func senders(of id: String) -> [String] { receivesFrom[id] ?? [] }

    /// The component a body attribute reads an export of (`relabel_rules = loki.relabel.r.rules`).
    func read(_ attribute: String, of component: AlloyComponent) -> AlloyComponent? {
        guard let path = component.block.body.attribute(attribute)?.value.referencePath,
              let id = model.resolve(path) else { return nil }
        return self.component(id)
    }

    /// What entries carry when they leave `id`.
    mutating func output(_ id: String, _ facts: inout ConfigFacts) -> EntryState {
        if let done = outputs[id] { return done }
        guard running.insert(id).inserted else { return EntryState() }  // a cycle: nothing more to add
        defer { running.remove(id) }
        let component = self.component(id)
        var state = EntryState()
        for sender in senders(of: id) { state = state.union(output(sender, &facts)) }
        let body = component.block.body
        switch component.name {
        case let name where name.hasPrefix("loki.source."):
            fixedLabels(body.attribute("labels")?.value, into: &state, &facts)
            for label in Self.sourceLabels[name] ?? [] {
                state.labels[label] = LabelValue(promotions: [], names: [label], isStatic: true)
            }
            // Target labels become stream labels: from discovery.relabel rules, local.file_match path_targets or a list.
            if let discovery = read("targets", of: component) {
                if discovery.name == "discovery.relabel" {
                    RelabelRules.apply(model.rules(discovery.block.body), to: &state, facts: &facts, dialect: .alloy)
                } else if discovery.name == "local.file_match",
                          case .array(let items, _)? = discovery.block.body.attribute("path_targets")?.value {
                    for item in items { fixedLabels(item, into: &state, &facts) }
                }
            } else if case .array(let items, _)? = body.attribute("targets")?.value {
                for item in items { fixedLabels(item, into: &state, &facts) }
            }
            if let rules = read("relabel_rules", of: component) {
                RelabelRules.apply(model.rules(rules.block.body), to: &state, facts: &facts, dialect: .alloy)
            }
        case "loki.relabel":
            RelabelRules.apply(model.rules(body), to: &state, facts: &facts, dialect: .alloy)
        case "loki.process":
            var pipeline = Pipeline(name: "loki.process \"\(component.label)\"", location: model.loc(component.block.pos),
                                    stages: model.stages(body))
            if upstreamSources(of: id).allSatisfy({ self.component($0).name == "faro.receiver" }),
               !upstreamSources(of: id).isEmpty {
                pipeline.upstreamKeys = .faro
            }
            state = PipelineRunner(pipeline: pipeline).run(state, facts: &facts)
        case "faro.receiver":
            fixedLabels(body.attribute("extra_log_labels")?.value, into: &state, &facts)
            // faro.receiver labels every entry with its kind (log, exception, event, measurement).
            state.labels["kind"] = LabelValue(promotions: [], names: ["kind"], isStatic: true)
        case "otelcol.exporter.loki":
            exporterLabels(component, into: &state, &facts)
        case "loki.write":
            addExternalLabels(component, to: &state)
        default:
            break
        }
        outputs[id] = state
        return state
    }

    /// Labels a source puts on every entry itself: `loki.source.file` the file's path (`filename`, `tailer.go`),
    /// `loki.source.kubernetes_events` the event's namespace, `job` and `instance` (`event_controller.go`).
    static let sourceLabels: [String: [String]] = [
        "loki.source.file": ["filename"],
        "loki.source.kubernetes_events": ["namespace", "job", "instance"],
    ]

    /// Sources upstream of `id`, looking through `loki.relabel` (which keeps the line as it is).
    func upstreamSources(of id: String) -> [String] {
        var sources: [String] = []
        var queue = senders(of: id)
        var seen = Set<String>()
        while let next = queue.popLast() {
            guard seen.insert(next).inserted else { continue }
            if component(next).name == "loki.relabel" { queue += senders(of: next) } else { sources.append(next) }
        }
        return sources
    }

    /// `labels = { a = "b" }`-style fixed labels: each a promotion with a fixed value.
    func fixedLabels(_ value: AlloyExpr?, into state: inout EntryState, _ facts: inout ConfigFacts) {
        guard let value else { return }
        for ref in model.pairs(value) {
            state.labels[ref.name] = facts.promote(ref.name, names: [ref.name], at: ref.location, kind: .fixed,
                                                   dialect: .alloy, isStatic: true)
        }
    }

    func addExternalLabels(_ write: AlloyComponent, to state: inout EntryState) {
        guard let attribute = write.block.body.attribute("external_labels") else { return }
        for ref in model.pairs(attribute.value) {
            state.labels[ref.name] = LabelValue(promotions: [], names: [ref.name], isStatic: true)
        }
    }

    /// The labels of what `id` outputs once it reaches Loki through the `loki.relabel` and `loki.write` components
    /// after it (relabel rules applied again without recording, `external_labels` added).
    mutating func forward(_ state: EntryState, from id: String, _ facts: inout ConfigFacts,
                          visited: Set<String> = []) -> EntryState {
        var result: EntryState?
        for target in targets(of: id) where !visited.contains(target) {
            var s = state
            let next = component(target)
            switch next.name {
            case "loki.relabel":
                RelabelRules.apply(model.rules(next.block.body), to: &s, facts: &facts, dialect: .alloy, record: false)
                s = forward(s, from: target, &facts, visited: visited.union([id]))
            case "loki.write":
                addExternalLabels(next, to: &s)
            default:
                break
            }
            result = result?.union(s) ?? s
        }
        return result ?? state
    }

    // MARK: otelcol.exporter.loki

    /// The labels the exporter sets unless told otherwise: name, the names the value is known by, fixed or not.
    static let exporterDefaults: [(String, [String], Bool)] = [
        ("exporter", ["exporter"], true), ("job", ["job"], true),
        ("instance", ["instance", "service.instance.id"], false), ("level", ["level"], true),
    ]

    /// The labels `otelcol.exporter.loki` sets: its defaults (`exporter`, `job` from service.namespace/service.name,
    /// `instance` from service.instance.id, `level`) and the attributes the label hints name, as the processors
    /// before it left them (see `OTelAttributes`).
    mutating func exporterLabels(_ exporter: AlloyComponent, into state: inout EntryState, _ facts: inout ConfigFacts) {
        let at = model.loc(exporter.block.pos)
        for (label, names, fixed) in Self.exporterDefaults {
            state.labels[label] = facts.promote(label, names: names, at: at, kind: .exporterDefault, dialect: .alloy,
                                                isStatic: fixed)
        }
        attributes(into: exporter.id).promoteHints(dialect: .alloy, into: &state, &facts)
    }

    /// The attributes logs carry on their way into `id`: what its senders output, merged.
    mutating func attributes(into id: String) -> OTelAttributes {
        let inputs = senders(of: id).map { attributes(after: $0) }
        return inputs.dropFirst().reduce(inputs.first ?? OTelAttributes()) { $0.union($1) }
    }

    /// The attributes logs carry when they leave the OpenTelemetry component `id`.
    mutating func attributes(after id: String) -> OTelAttributes {
        if let done = attributeOutputs[id] { return done }
        guard attributesRunning.insert(id).inserted else { return OTelAttributes() }  // a cycle
        defer { attributesRunning.remove(id) }
        var state = attributes(into: id)
        let component = self.component(id)
        switch component.name {
        case "otelcol.processor.attributes":
            for block in component.block.body.blocks where block.fullName == "action" {
                let b = block.body
                guard let key = b.attribute("key")?.value.stringValue,
                      let action = b.attribute("action")?.value.stringValue else { continue }
                let value = b.attribute("value")
                state.apply(action: action, key: key, scope: .log, value: value.flatMap { Self.text($0.value) },
                            at: model.loc(value?.value.pos ?? block.pos))
            }
        case "otelcol.processor.transform":
            transformStatements(component.block.body, into: &state)
        default:
            break
        }
        attributeOutputs[id] = state
        return state
    }

    /// A literal as the text an attribute is set to (`"x"`, `1`, `true`); nil for anything computed.
    static func text(_ expr: AlloyExpr) -> String? {
        guard case .literal(let literal, _) = expr else { return nil }
        return switch literal {
        case .string(let s), .number(let s), .float(let s): s
        case .bool(let b): b ? "true" : "false"
        case .null: nil
        }
    }

    /// The statements of an `otelcol.processor.transform`, in order: `log_statements` / `trace_statements` /
    /// `metric_statements` blocks with a `context`, and the `statements` block whose `log` list infers the context
    /// from each path (`log.attributes`, `resource.attributes`).
    func transformStatements(_ body: AlloyBody, into state: inout OTelAttributes) {
        for block in body.blocks {
            let lists: [(AlloyExpr?, OTelAttributes.Scope?)]
            switch block.fullName {
            case "log_statements":
                let context = block.body.attribute("context")?.value.stringValue
                lists = [(block.body.attribute("statements")?.value,
                          context == "log" ? .log : context == "resource" ? .resource : nil)]
            case "statements":
                lists = [(block.body.attribute("log")?.value, nil)]
            default:
                continue
            }
            for case (.array(let items, _)?, let context) in lists {
                for item in items {
                    if let text = item.stringValue { state.apply(statement: text, context: context, at: model.loc(item.pos)) }
                }
            }
        }
    }
}
