import Foundation
import SemConvModel
import Yams

/// Lints Grafana Alloy and Promtail pipeline configs: syntax, component wiring, and label/field data flow
/// checked against the registry's cardinality, privacy and alias annotations.
public enum ConfigLinter {
    /// `.alloy` / `.river` files are Alloy; YAML with `scrape_configs` is Promtail; anything else is not a config.
    public static func detect(path: String) -> InputKind? {
        if path.hasSuffix(".alloy") || path.hasSuffix(".river") { return .alloy }
        if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
            guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
            defer { try? handle.close() }
            let head = (try? handle.read(upToCount: 1 << 20)) ?? Data()
            let text = String(decoding: head, as: UTF8.self)
            if text.hasPrefix("scrape_configs:") || text.contains("\nscrape_configs:") { return .promtail }
            if CollectorModel.isCollector(text) { return .collector }
        }
        return nil
    }

    /// Largest config file read: real configs are kilobytes, so this only keeps memory bounded when a wrong file is
    /// passed.
    public static let maxConfigBytes = 64 << 20

    public static func lint(path: String, kind: InputKind, options: LintOptions) -> LintReport {
        func unusable(_ message: String, _ fix: String) -> LintReport {
            LintReport(diagnostics: [ConfigRule.unreadable(path, message, fix: fix)], files: 1, inputUnusable: true)
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if attributes?[.type] as? FileAttributeType == .typeDirectory {
            return unusable("'\(path)' is a directory", "pass the config files inside it")
        }
        if let size = attributes?[.size] as? Int, size > maxConfigBytes {
            return unusable("'\(path)' is \(size) bytes, more than the \(maxConfigBytes >> 20) MiB limit for a config file",
                            "check that this is the pipeline config")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return unusable("cannot read '\(path)'", "check the path and permissions")
        }
        let diagnostics = kind == .alloy ? lintAlloy(bytes: [UInt8](data), file: path, registry: options.registry)
            : lintYAML(data: data, file: path, kind: kind, registry: options.registry)
        return LintReport(diagnostics: diagnostics, files: 1)
    }

    /// Parses and lints Alloy source.
    public static func lintAlloy(bytes: [UInt8], file: String, registry: Registry) -> [Diagnostic] {
        let parsed = AlloyParser.parse(bytes)
        var facts = ConfigFacts(file: file, kind: .alloy)
        facts.syntaxErrors = parsed.errors.map {
            ($0.message, SourceLocation(file: file, line: $0.pos.line, column: $0.pos.column))
        }
        let model = AlloyModel(file: file, body: parsed.body)
        facts.unresolvedReferences = model.unresolvedReferences(afterSyntaxErrors: !parsed.errors.isEmpty)
        AlloyFlow.run(model, into: &facts)
        // A block never closed swallows everything after it, so the pipelines and wiring read from the file are not
        // the config as meant: what the data-flow rules would say follows from the syntax error (a stage pulled into
        // a match branch, an extraction into another stage). Only the syntax errors, and unresolved references
        // before the block, are reported until it is closed.
        let unclosed = parsed.errors.compactMap(\.opened).map { SourceLocation(file: file, line: $0.line, column: $0.column) }
        guard let swallowed = unclosed.min() else { return check(facts, registry: registry) }
        return check(facts, registry: registry).filter {
            $0.rule == ConfigRule.alloySyntax.id || ($0.rule == ConfigRule.componentNotFound.id && $0.location < swallowed)
        }
    }

    public static func lintPromtail(text: String, file: String, registry: Registry) -> [Diagnostic] {
        lintPromtail(data: Data(text.utf8), file: file, registry: registry)
    }

    /// Parses and lints a Promtail config; YAML problems (syntax, encoding, NUL bytes, duplicate keys) are
    /// `promtail-syntax` findings at their position.
    public static func lintPromtail(data: Data, file: String, registry: Registry) -> [Diagnostic] {
        lintYAML(data: data, file: file, kind: .promtail, registry: registry)
    }

    /// Parses and lints a Collector config (the labels of its Loki exporter).
    public static func lintCollector(text: String, file: String, registry: Registry) -> [Diagnostic] {
        lintYAML(data: Data(text.utf8), file: file, kind: .collector, registry: registry)
    }

    static func lintYAML(data: Data, file: String, kind: InputKind, registry: Registry) -> [Diagnostic] {
        let parsed = YAMLSource.parse(data: data, path: file)
        var facts = ConfigFacts(file: file, kind: kind)
        facts.yamlProblems = parsed.diagnostics
        if parsed.diagnostics.isEmpty, let root = parsed.root {
            if kind == .collector {
                CollectorModel(file: file, root: root).flow(into: &facts)
            } else {
                PromtailModel(file: file, root: root).flow(into: &facts)
            }
        }
        return check(facts, registry: registry)
    }

    /// Runs every rule over the facts of one file; one finding per rule, place and message.
    static func check(_ facts: ConfigFacts, registry: Registry) -> [Diagnostic] {
        let classifier = NameClassifier(policy: registry.policy)
        var seen = Set<Diagnostic>()
        return checks.flatMap { $0.run(facts, classifier) }.filter { seen.insert($0).inserted }
    }
}
