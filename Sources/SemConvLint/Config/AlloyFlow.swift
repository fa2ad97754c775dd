import Foundation
import SemConvModel

/// Follows log entries through the components of an Alloy file, from where labels are put on them to where they
/// leave for Loki: sources (`labels`, discovered targets, `relabel_rules`), `faro.receiver`, `otelcol.exporter.loki`
/// (the label hints set by `otelcol.processor.attributes` / `transform`), `loki.relabel`, `loki.process` pipelines
/// and `loki.write` (`external_labels`). A component's output is computed once, from the union of what its senders
/// output; a label reaches Loki when a `loki.write`, or a component that sends nowhere this file knows, still has it.
struct AlloyFlow {
    let model: AlloyModel
    /// Send edges (`forward_to`, `output { logs = ... }`): component -> the components it sends entries to, and back.
    let sendsTo: [String: [String]]
    let receivesFrom: [String: [String]]
    var outputs: [String: EntryState] = [:]
    var running: Set<String> = []

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

    /// Components whose log output this flow models; anything else receiving entries is taken to be a way to Loki.
    static func isModelled(_ name: String) -> Bool {
        name.hasPrefix("loki.source.") || ["loki.relabel", "loki.process", "loki.write", "faro.receiver",
                                          "otelcol.exporter.loki"].contains(name)
    }

    /// Runs the whole file.
    static func run(_ model: AlloyModel, into facts: inout ConfigFacts) {
        var flow = AlloyFlow(model: model)
        for component in model.components where isModelled(component.name) {
            _ = flow.output(component.id, &facts)
        }
        for component in model.components where isModelled(component.name) {
            let targets = flow.targets(of: component.id)
            let terminal = component.name == "loki.write" || targets.isEmpty
                || targets.contains { !isModelled(flow.component($0).name) }
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

    static let hints = ["loki.attribute.labels", "loki.resource.labels"]

    /// The labels the exporter sets unless told otherwise: name, the names the value is known by, fixed or not.
    static let exporterDefaults: [(String, [String], Bool)] = [
        ("exporter", ["exporter"], true), ("job", ["job"], true),
        ("instance", ["instance", "service.instance.id"], false), ("level", ["level"], true),
    ]

    /// The labels `otelcol.exporter.loki` sets: its defaults (`exporter`, `job` from service.namespace/service.name,
    /// `instance` from service.instance.id, `level`) and the attributes named by the label hints that upstream
    /// processors set (contrib `pkg/translator/loki`, `convertAttributesAndMerge`), as Prometheus label names.
    func exporterLabels(_ exporter: AlloyComponent, into state: inout EntryState, _ facts: inout ConfigFacts) {
        let at = model.loc(exporter.block.pos)
        for (label, names, fixed) in Self.exporterDefaults {
            state.labels[label] = facts.promote(label, names: names, at: at, kind: .exporterDefault, dialect: .alloy,
                                                isStatic: fixed)
        }
        var hashed = Set<String>()
        var hints: [(hint: String, attributes: String, at: SourceLocation)] = []
        var queue = senders(of: exporter.id)
        var seen = Set<String>()
        while let id = queue.popLast() {
            guard seen.insert(id).inserted else { continue }
            let processor = component(id)
            queue += senders(of: id)
            for block in processor.block.body.blocks where processor.name == "otelcol.processor.attributes" && block.fullName == "action" {
                let b = block.body
                guard let key = b.attribute("key")?.value.stringValue, let action = b.attribute("action")?.value.stringValue
                else { continue }
                if action == "hash" { hashed.insert(key) }
                if Self.hints.contains(key), ["insert", "upsert", "update"].contains(action),
                   let value = b.attribute("value"), let text = value.value.stringValue {
                    hints.append((key, text, model.loc(value.value.pos)))
                }
            }
            if processor.name == "otelcol.processor.transform" { hints += transformHints(processor.block.body) }
        }
        Self.promote(hints, hashed: hashed, dialect: .alloy, into: &state, &facts)
    }

    /// Each attribute a hint names becomes a label, named as Loki translates it (`session.id` -> `session_id`).
    static func promote(_ hints: [(hint: String, attributes: String, at: SourceLocation)], hashed: Set<String>,
                        dialect: ConfigDialect, into state: inout EntryState, _ facts: inout ConfigFacts) {
        for hint in hints {
            for attribute in hint.attributes.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
            where !attribute.isEmpty {
                let label = NameClassifier.labelName(attribute)
                state.labels[label] = facts.promote(label, names: [label, attribute], at: hint.at,
                                                    kind: .exporterHint(hint: hint.hint, attribute: attribute),
                                                    dialect: dialect, isStatic: false, hashed: hashed.contains(attribute))
            }
        }
    }

    /// Hints set by OTTL statements: `set(attributes["loki.attribute.labels"], "session.id")`.
    static func hints(inStatement text: String, at location: SourceLocation) -> [(hint: String, attributes: String, at: SourceLocation)] {
        guard let pattern = try? NSRegularExpression(
            pattern: #"set\(\s*(?:resource\.)?attributes\["(loki\.(?:attribute|resource)\.labels)"\]\s*,\s*"([^"]*)"\s*\)"#)
        else { return [] }
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            guard let hint = Range(match.range(at: 1), in: text), let value = Range(match.range(at: 2), in: text) else { return nil }
            return (String(text[hint]), String(text[value]), location)
        }
    }

    /// Hints set by the statements of an `otelcol.processor.transform` body.
    func transformHints(_ body: AlloyBody) -> [(hint: String, attributes: String, at: SourceLocation)] {
        var out: [(String, String, SourceLocation)] = []
        func visit(_ body: AlloyBody) {
            for block in body.blocks { visit(block.body) }
            guard case .array(let items, _)? = body.attribute("statements")?.value else { return }
            for item in items {
                if let text = item.stringValue { out += Self.hints(inStatement: text, at: model.loc(item.pos)) }
            }
        }
        visit(body)
        return out
    }
}
