import Foundation
import SemConvModel

/// How a label gets onto entries.
enum PromotionKind: Sendable, Equatable {
    /// `stage.labels` / Promtail `labels`.
    case stage
    /// `stage.static_labels`, a component's `labels`, static scrape labels, `external_labels`: a fixed value.
    case fixed
    /// A relabel rule's `target_label` (Alloy `rule` blocks, Promtail `relabel_configs`).
    case relabel
    /// A Loki label hint (`loki.attribute.labels`, `loki.resource.labels`) honoured by `otelcol.exporter.loki` and
    /// the Collector's Loki exporter; `resource` when the attribute is a resource attribute.
    case exporterHint(hint: String, attribute: String, resource: Bool)
    /// The Collector Loki exporter's own `labels` (`attributes`, `resource`, `record`): the form it read before the
    /// hints (removed in v0.61).
    case exporterLabelsConfig(section: String, attribute: String)
    /// A label the exporter always sets (`job`, `instance`, ...).
    case exporterDefault
}

/// One place that puts a label on entries, and whether the label it sets can still be there when the entry leaves
/// for Loki.
struct LabelPromotion: Sendable {
    var label: String
    /// The names the value is known by: the label, then the keys it was read from.
    var names: [String]
    var location: SourceLocation
    var kind: PromotionKind
    var dialect: ConfigDialect
    /// The field (`stage.labels`) or labels (relabel rule) the value is read from, as written.
    var source: String = ""
    /// A fixed or computed-from-nothing value: never unbounded, never personal data.
    var isStatic: Bool
    /// The value went through a hash (`stage.template` with `Hash`, an attributes `hash` action).
    var hashed: Bool
    /// Set once the flow is complete: some path to Loki still carries the label this promotion set.
    var reachesOutput = false
}

/// A field value as an extraction stage left it: its names, and whether a hash replaced it.
struct FieldValue: Sendable {
    var names: [String]
    var hashed = false
    /// Written by a template that reads no field: a constant.
    var constant = false
    /// Which extraction it came from (index into `ConfigFacts.extractions`), for the personal-data rule.
    var extraction: Int?

    func merged(_ other: FieldValue) -> FieldValue {
        FieldValue(names: names + other.names.filter { !names.contains($0) }, hashed: hashed && other.hashed,
                   constant: constant && other.constant, extraction: extraction ?? other.extraction)
    }
}

/// A label on entries: the promotions that may have set it and the names its value is known by.
struct LabelValue: Sendable {
    var promotions: Set<Int>
    var names: [String]
    var isStatic: Bool

    func merged(_ other: LabelValue) -> LabelValue {
        LabelValue(promotions: promotions.union(other.promotions),
                   names: names + other.names.filter { !names.contains($0) }, isStatic: isStatic && other.isStatic)
    }
}

/// What entries may carry at one point of a pipeline. A `stage.match` branch is taken by some entries only, so
/// after it the state is the union of "took it" and "did not": a removal inside the branch does not clear a label.
struct EntryState: Sendable {
    var labels: [String: LabelValue] = [:]
    var fields: [String: FieldValue] = [:]
    var structuredMetadata: [String: FieldValue] = [:]
    /// Which `ConfigFacts.metadata` uses may have set each structured metadata entry.
    var metadataUses: [String: Set<Int>] = [:]

    func union(_ other: EntryState) -> EntryState {
        var out = self
        for (k, v) in other.labels { out.labels[k] = out.labels[k].map { $0.merged(v) } ?? v }
        for (k, v) in other.fields { out.fields[k] = out.fields[k].map { $0.merged(v) } ?? v }
        for (k, v) in other.structuredMetadata {
            out.structuredMetadata[k] = out.structuredMetadata[k].map { $0.merged(v) } ?? v
        }
        for (k, v) in other.metadataUses { out.metadataUses[k, default: []].formUnion(v) }
        return out
    }

    /// Labels that go to Loki: internal `__` labels are dropped by every Loki client.
    var streamLabels: [String: LabelValue] { labels.filter { !$0.key.hasPrefix("__") } }
}

/// Everything the config rules judge, gathered from one file: what the pipelines do, not what they look like.
struct ConfigFacts: Sendable {
    struct Extraction: Sendable {
        var field: ExtractedField
        var kind: String
        var from: String?
        var upstream: UpstreamKeys?
        var dialect: ConfigDialect
        /// Used unhashed by a label, structured metadata or a metric.
        var usedUnhashed = false
        /// Still unhashed in the pipeline's last state.
        var unhashedAtEnd = false

        /// A logfmt mapping that reads, from the lines of an upstream whose keys are known, a key it never writes:
        /// the field is never set (`unknown-source-key`).
        var readsUnwrittenKey: Bool {
            guard kind == "logfmt", from == nil, let upstream, let key = field.key else { return false }
            return upstream.neverEmits(key)
        }
    }

    /// A value written to structured metadata.
    struct MetadataUse: Sendable {
        var ref: NamedRef
        var names: [String]
        var hashed: Bool
        var dialect: ConfigDialect
        /// Set once the flow is complete: some path to Loki still carries it (no `structured_metadata_drop` after).
        var reachesOutput = false
    }

    struct LabelKeep: Sendable {
        var ref: NamedRef
        var names: [String]
        var dialect: ConfigDialect
    }

    /// A `stage.metrics` block and the labels its entries may carry there.
    struct MetricsStage: Sendable {
        var location: SourceLocation
        var labels: [String: LabelValue]
        var dialect: ConfigDialect
    }

    struct Metric: Sendable {
        var def: MetricDef
        /// The source field exists at that point (extracted, or a label, which Loki puts in the extracted map).
        var sourceAvailable: Bool
        var names: [String]
        var hashed: Bool
        var dialect: ConfigDialect
    }

    /// A pipeline (`loki.process`, scrape config) and the labels its entries carry when they reach Loki.
    struct PipelineOutput: Sendable {
        var name: String
        var location: SourceLocation
        var labels: Set<String>
        var dialect: ConfigDialect
    }

    /// A component reference that names nothing.
    struct UnresolvedReference: Sendable {
        var reference: String
        var missingBlock: String
        var location: SourceLocation
        var suggestion: String?
        var declaration: String
        /// The component may exist but was not read because of a syntax error (see
        /// `AlloyModel.unresolvedReferences(syntax:)`).
        var followOn = false
        /// Another `.alloy` file of the same directory that declares the component, when the file was linted alone.
        var declaredIn: String?
    }

    /// A block declared a second time in one scope.
    struct DuplicateBlock: Sendable {
        var id: String
        var location: SourceLocation
        var first: SourceLocation
    }

    var kind: InputKind
    /// Syntax problems found while reading (Alloy parser errors, YAML problems), as positioned messages.
    var syntaxErrors: [(message: String, location: SourceLocation)] = []
    /// YAML problems of a Promtail file, already as diagnostics (`promtail-syntax`).
    var yamlProblems: [Diagnostic] = []
    var unresolvedReferences: [UnresolvedReference] = []
    var duplicateBlocks: [DuplicateBlock] = []
    var promotions: [LabelPromotion] = []
    var extractions: [Extraction] = []
    var metadata: [MetadataUse] = []
    var labelKeeps: [LabelKeep] = []
    var metricsStages: [MetricsStage] = []
    var metrics: [Metric] = []
    var outputs: [PipelineOutput] = []

    init(kind: InputKind) {
        self.kind = kind
    }

    /// Records a promotion and returns the label value it sets.
    mutating func promote(_ label: String, names: [String], at location: SourceLocation, kind: PromotionKind,
                          dialect: ConfigDialect, source: String = "", isStatic: Bool, hashed: Bool = false) -> LabelValue {
        promotions.append(LabelPromotion(label: label, names: names, location: location, kind: kind, dialect: dialect,
                                         source: source, isStatic: isStatic, hashed: hashed))
        return LabelValue(promotions: [promotions.count - 1], names: names, isStatic: isStatic)
    }

    /// Marks the promotions whose labels, and the structured metadata, in `state` as reaching Loki.
    mutating func reachLoki(_ state: EntryState) {
        for value in state.streamLabels.values { for p in value.promotions { promotions[p].reachesOutput = true } }
        for uses in state.metadataUses.values { for use in uses { metadata[use].reachesOutput = true } }
    }
}

/// Runs the stages of one pipeline over an entry state, stage by stage, recording facts as it goes.
struct PipelineRunner {
    let pipeline: Pipeline

    /// Runs every stage; marks which extractions are still unhashed at the end.
    func run(_ input: EntryState, facts: inout ConfigFacts) -> EntryState {
        var state = input
        // Loki puts an entry's labels into its extracted map before the first stage.
        for (name, value) in input.labels where state.fields[name] == nil {
            state.fields[name] = FieldValue(names: value.names, constant: value.isStatic)
        }
        run(pipeline.stages, &state, &facts)
        for value in state.fields.values {
            if let e = value.extraction, !value.hashed, !value.constant { facts.extractions[e].unhashedAtEnd = true }
        }
        return state
    }

    func run(_ stages: [PipelineStage], _ state: inout EntryState, _ facts: inout ConfigFacts) {
        for stage in stages { run(stage, &state, &facts) }
    }

    /// The value of extracted field `name` as a sink reads it; the use is remembered when it is unhashed.
    func use(_ name: String, _ state: EntryState, _ facts: inout ConfigFacts) -> FieldValue {
        let value = state.fields[name] ?? FieldValue(names: [name])
        if let e = value.extraction, !value.hashed, !value.constant { facts.extractions[e].usedUnhashed = true }
        return value
    }

    func run(_ stage: PipelineStage, _ state: inout EntryState, _ facts: inout ConfigFacts) {
        let dialect = pipeline.dialect
        switch stage {
        case .extract(let kind, let fields, let from, _):
            for field in fields {
                let extraction = ConfigFacts.Extraction(field: field, kind: kind, from: from,
                                                        upstream: pipeline.upstreamKeys, dialect: dialect)
                facts.extractions.append(extraction)
                // A key the upstream never writes sets nothing: whatever uses the field gets no value.
                state.fields[field.name] = extraction.readsUnwrittenKey ? FieldValue(names: [], constant: true)
                    : FieldValue(names: field.names, extraction: facts.extractions.count - 1)
            }
        case .labels(let refs, let fromMetadata):
            for ref in refs {
                let source = ref.source.isEmpty ? ref.name : ref.source
                let known = fromMetadata ? state.structuredMetadata[source] : state.fields[source]
                let value = fromMetadata ? (known ?? FieldValue(names: [source])) : use(source, state, &facts)
                // What the value is comes from where it was read (`request_id = "level"` holds a level); the label's
                // own name stands for it only when this pipeline does not know where the value comes from.
                let names = known != nil ? value.names : [ref.name] + value.names.filter { $0 != ref.name }
                state.labels[ref.name] = facts.promote(ref.name, names: names, at: ref.location, kind: .stage,
                                                       dialect: dialect, source: ref.source, isStatic: value.constant,
                                                       hashed: value.hashed)
            }
        case .staticLabels(let refs):
            for ref in refs {
                state.labels[ref.name] = facts.promote(ref.name, names: [ref.name], at: ref.location, kind: .fixed,
                                                       dialect: dialect, isStatic: true)
            }
        case .structuredMetadata(let refs, let regex):
            for ref in refs {
                let source = ref.source.isEmpty ? ref.name : ref.source
                var value = use(source, state, &facts)
                // A stream label of that name moves into structured metadata and leaves the stream.
                if let label = state.labels.removeValue(forKey: source) {
                    value = FieldValue(names: value.names + label.names.filter { !value.names.contains($0) },
                                       hashed: value.hashed, constant: value.constant && label.isStatic)
                }
                facts.metadata.append(ConfigFacts.MetadataUse(ref: ref, names: [ref.name] + value.names.filter { $0 != ref.name },
                                                              hashed: value.hashed || value.constant, dialect: dialect))
                state.structuredMetadata[ref.name] = value
                state.metadataUses[ref.name] = [facts.metadata.count - 1]
            }
            if let regex, !regex.isEmpty, let matcher = RelabelRules.regex(regex, anchored: false) {
                for name in state.labels.keys where RelabelRules.matches(matcher, name) {
                    state.structuredMetadata[name] = FieldValue(names: state.labels[name]?.names ?? [name])
                    state.labels[name] = nil
                }
            }
        case .labelKeep(let refs, _):
            for ref in refs {
                facts.labelKeeps.append(ConfigFacts.LabelKeep(ref: ref, names: state.labels[ref.name]?.names ?? [ref.name],
                                                              dialect: dialect))
            }
            let kept = Set(refs.map(\.name))
            state.labels = state.labels.filter { kept.contains($0.key) }
        case .labelDrop(let refs):
            for ref in refs { state.labels[ref.name] = nil }
        case .structuredMetadataDrop(let refs):
            for ref in refs {
                state.structuredMetadata[ref.name] = nil
                state.metadataUses[ref.name] = nil
            }
        case .pack(let refs):
            for ref in refs { state.labels[ref.name] = nil }
        case .template(let target, let text, _):
            let template = StageTemplate(text)
            // A template that fails when it runs (a function given the wrong number of arguments) leaves the field
            // as it was (`template.go`, `Process`).
            if template.fails { break }
            if template.isConstant {
                state.fields[target] = FieldValue(names: [target], constant: true)
                break
            }
            var value = FieldValue(names: [target], hashed: true, constant: false)
            for field in template.fields {
                let read = state.fields[field == "Value" ? target : field] ?? FieldValue(names: [field == "Value" ? target : field])
                value.names += read.names.filter { !value.names.contains($0) }
                value.hashed = value.hashed && read.hashed
                value.extraction = value.extraction ?? read.extraction
            }
            value.hashed = value.hashed || template.hashes
            state.fields[target] = value
        case .match(let stages, _):
            let before = state
            run(stages, &state, &facts)
            state = state.union(before)
        case .metrics(let metrics, let location):
            facts.metricsStages.append(ConfigFacts.MetricsStage(location: location, labels: state.streamLabels,
                                                                dialect: dialect))
            for metric in metrics {
                guard let source = metric.source, !source.isEmpty else {
                    facts.metrics.append(ConfigFacts.Metric(def: metric, sourceAvailable: true, names: [], hashed: false,
                                                            dialect: dialect))
                    continue
                }
                let available = state.fields[source] != nil
                let value = use(source, state, &facts)
                facts.metrics.append(ConfigFacts.Metric(def: metric, sourceAvailable: available, names: value.names,
                                                        hashed: value.hashed || value.constant, dialect: dialect))
            }
        case .other:
            break
        }
    }
}
