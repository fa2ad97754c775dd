import Foundation
import SemConvModel
import Yams

/// Lints Grafana Alloy, Promtail and OpenTelemetry Collector pipeline configs: syntax, component wiring, and
/// label/field data flow checked against the registry's cardinality, privacy and alias annotations.
public enum ConfigLinter {
    /// The config kind of the file at `path`, from its extension (`.alloy`, `.river`) or content; nil when it holds
    /// no config (telemetry, other YAML, text) or cannot be read.
    public static func detect(path: String) -> InputKind? {
        if path.hasSuffix(".alloy") || path.hasSuffix(".river") { return .alloy }
        guard let head = readHead(path) else { return nil }
        return ConfigContent.detect(head[...]).configKind
    }

    /// Largest config file read: real configs are kilobytes, so this only keeps memory bounded when a wrong file is
    /// passed.
    public static let maxConfigBytes = 64 << 20

    /// Lints the config file at `path` as `kind`.
    public static func lint(path: String, kind: InputKind, options: LintOptions) -> LintReport {
        lint(ConfigUnit(kind: kind, paths: [path], forced: true), options: options)
    }

    /// One config as its tool loads it: a file, the `.alloy` files of a directory (`alloy run DIR`), or Collector
    /// files merged as `otelcol --config A --config B` merges them.
    struct ConfigUnit {
        var kind: InputKind
        var paths: [String]
        /// The kind was asked for (`--input`, `lint.input`): content of another kind is a `no-config` finding.
        var forced = false
        /// Bytes already read (standard input), by path.
        var contents: [String: [UInt8]] = [:]
    }

    static func lint(_ unit: ConfigUnit, options: LintOptions) -> LintReport {
        var files: [(path: String, bytes: [UInt8])] = []
        var report = LintReport(files: unit.paths.count)
        for path in unit.paths {
            switch unit.contents[path].map(Result.success) ?? read(path) {
            case .success(let bytes): files.append((path, bytes))
            case .failure(let problem):
                report.diagnostics.append(problem.finding)
                report.inputUnusable = true
            }
        }
        guard !files.isEmpty else { return report }
        let withhold = options.rules.severity(of: ConfigRule.alloySyntax.id,
                                              default: ConfigRule.alloySyntax.description.defaultSeverity) != nil
        if unit.forced, unit.paths.count == 1, let problem = contentProblem(files[0], as: unit.kind) {
            report.diagnostics.append(problem)
            return report
        }
        report.diagnostics += unit.kind == .alloy
            ? lintAlloy(files: files, registry: options.registry, withholdFollowOns: withhold,
                        siblings: unit.paths.count == 1 && unit.contents.isEmpty ? siblings(of: unit.paths[0]) : [])
            : lintYAML(files: files.map { ($0.path, Data($0.bytes)) }, kind: unit.kind, registry: options.registry)
        return report
    }

    /// The other `.alloy` files of the directory of `path` (an `.alloy` file linted alone), which Alloy would load
    /// with it when run on the directory.
    static func siblings(of path: String) -> [String] {
        guard path.hasSuffix(".alloy") else { return [] }
        let directory = (path as NSString).deletingLastPathComponent
        let base = directory.isEmpty ? "" : directory + "/"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        return names.filter { $0.hasSuffix(".alloy") && base + $0 != path && $0 != path }.sorted().map { base + $0 }
    }

    /// The `no-config` finding when `file` plainly is not `kind`.
    static func contentProblem(_ file: (path: String, bytes: [UInt8]), as kind: InputKind) -> Diagnostic? {
        let content = ConfigContent.detect(file.bytes.prefix(ConfigContent.headBytes))
        return content.contradicts(kind) ? ConfigRule.noConfigFinding(file.path, content: content, wanted: kind) : nil
    }

    /// A config that cannot be read, as its `config-unreadable` finding.
    struct Unreadable: Error {
        var finding: Diagnostic
    }

    /// The bytes of a config file, or why it cannot be read.
    static func read(_ path: String) -> Result<[UInt8], Unreadable> {
        func unusable(_ message: String, _ fix: String) -> Result<[UInt8], Unreadable> {
            .failure(Unreadable(finding: ConfigRule.unreadable(path, message, fix: fix)))
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if attributes?[.type] as? FileAttributeType == .typeDirectory {
            return unusable("'\(path)' is a directory", "name the directory alone: it is read as one Alloy config, its .alloy files")
        }
        if let size = attributes?[.size] as? Int, size > maxConfigBytes {
            return unusable("'\(path)' is \(size) bytes, more than the \(maxConfigBytes >> 20) MiB limit for a config file",
                            "check that this is the pipeline config")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return unusable("cannot read '\(path)'", "check the path and permissions")
        }
        return .success([UInt8](data))
    }

    /// Parses and lints Alloy source.
    public static func lintAlloy(bytes: [UInt8], file: String, registry: Registry) -> [Diagnostic] {
        if let problem = contentProblem((file, bytes), as: .alloy) { return [problem] }
        return lintAlloy(files: [(file, bytes)], registry: registry)
    }

    /// Lints one Alloy config made of `files` (one file, or the `.alloy` files of a directory in name order, as
    /// Alloy concatenates their top-level blocks). A syntax error makes some findings of other rules follow-ons: a
    /// reference to a component that was swallowed by a block never closed, or that sits in a comment running to the
    /// end of the file, and every data-flow finding while a block is left open (the stages after it were read into
    /// it). Those are withheld while the syntax error is reported (`withholdFollowOns`): with `alloy-syntax` turned
    /// off, the config is judged as Alloy's recovering parser reads it, so turning that rule off never hides the rest.
    static func lintAlloy(files: [(path: String, bytes: [UInt8])], registry: Registry,
                          withholdFollowOns: Bool = true, siblings: [String] = []) -> [Diagnostic] {
        let paths = files.map(\.path)
        let parsed = files.enumerated().map { AlloyParser.parse($0.element.bytes, file: $0.offset) }
        var facts = ConfigFacts(kind: .alloy)
        facts.syntaxErrors = parsed.flatMap(\.errors).map {
            ($0.message, SourceLocation(file: paths[$0.pos.file], line: $0.pos.line, column: $0.pos.column))
        }
        let model = AlloyModel(files: paths, sources: files.map(\.bytes),
                               body: AlloyBody(statements: parsed.flatMap(\.body.statements)))
        facts.unresolvedReferences = model.unresolvedReferences(syntax: parsed)
        if !facts.unresolvedReferences.isEmpty, !siblings.isEmpty {
            // Declared in another file of the directory: the file is part of a config split over files.
            var declared: [String: String] = [:]
            for path in siblings {
                guard case .success(let bytes) = read(path) else { continue }
                for block in AlloyParser.parse(bytes).body.blocks where block.label != nil {
                    declared[block.fullName + "." + block.label!] = declared[block.fullName + "." + block.label!] ?? path
                }
            }
            for i in facts.unresolvedReferences.indices {
                facts.unresolvedReferences[i].declaredIn = declared[facts.unresolvedReferences[i].declaration]
            }
        }
        facts.duplicateBlocks = model.duplicates + model.nested.flatMap(\.duplicates)
        AlloyFlow.run(model, into: &facts)
        guard withholdFollowOns else { return check(facts, registry: registry) }
        facts.unresolvedReferences.removeAll(where: \.followOn)
        // A block never closed swallows everything after it, so the pipelines and wiring read from that file are not
        // the config as meant: what the data-flow rules would say follows from the syntax error (a stage pulled into
        // a match branch, an extraction into another stage). Only syntax and wiring findings that lie before it are
        // reported until it is closed.
        let swallowed = parsed.compactMap(\.swallowedFrom).map(model.loc)
        guard !swallowed.isEmpty else { return check(facts, registry: registry) }
        let structural: Set<String> = [ConfigRule.alloySyntax.id, ConfigRule.componentNotFound.id,
                                       ConfigRule.duplicateComponent.id]
        return check(facts, registry: registry).filter { finding in
            finding.rule == ConfigRule.alloySyntax.id
                || (structural.contains(finding.rule)
                    && !swallowed.contains { $0.file == finding.location.file && $0 <= finding.location })
        }
    }

    public static func lintPromtail(text: String, file: String, registry: Registry) -> [Diagnostic] {
        lintPromtail(data: Data(text.utf8), file: file, registry: registry)
    }

    /// Parses and lints a Promtail config; YAML problems (syntax, encoding, NUL bytes, duplicate keys) are
    /// `promtail-syntax` findings at their position.
    public static func lintPromtail(data: Data, file: String, registry: Registry) -> [Diagnostic] {
        if let problem = contentProblem((file, [UInt8](data)), as: .promtail) { return [problem] }
        return lintYAML(files: [(file, data)], kind: .promtail, registry: registry)
    }

    /// Parses and lints a Collector config (the labels of its Loki exporter).
    public static func lintCollector(text: String, file: String, registry: Registry) -> [Diagnostic] {
        if let problem = contentProblem((file, Array(text.utf8)), as: .collector) { return [problem] }
        return lintYAML(files: [(file, Data(text.utf8))], kind: .collector, registry: registry)
    }

    /// A Promtail config (one file) or a Collector config (one or more files, merged).
    static func lintYAML(files: [(path: String, data: Data)], kind: InputKind, registry: Registry) -> [Diagnostic] {
        var facts = ConfigFacts(kind: kind)
        var roots: [(path: String, root: Node, data: Data)] = []
        for (path, data) in files {
            let parsed = YAMLSource.parse(data: data, path: path)
            facts.yamlProblems += parsed.diagnostics
            if parsed.diagnostics.isEmpty, let root = parsed.root { roots.append((path, root, data)) }
        }
        if facts.yamlProblems.isEmpty {
            if kind == .collector {
                CollectorModel(files: roots.map { ($0.path, $0.root) }).flow(into: &facts)
            } else if let first = roots.first {
                PromtailModel(file: first.path, source: [UInt8](first.data), root: first.root).flow(into: &facts)
            }
        }
        return check(facts, registry: registry)
    }

    /// Runs every rule over the facts of one config; one finding per rule, place and message.
    static func check(_ facts: ConfigFacts, registry: Registry) -> [Diagnostic] {
        let classifier = NameClassifier(policy: registry.policy)
        var seen = Set<Diagnostic>()
        return checks.flatMap { $0.run(facts, classifier) }.filter { seen.insert($0).inserted }
    }
}
