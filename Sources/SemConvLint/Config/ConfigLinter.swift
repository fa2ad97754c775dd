import Foundation
import SemConvModel
import Yams

/// Lints Grafana Alloy and Promtail pipeline configs: syntax, component wiring, and label/field data flow
/// checked against the registry's cardinality, privacy and alias annotations.
public enum ConfigLinter {
    public static let ruleIDs: [String] = [
        "alloy-syntax", "promtail-syntax", "config-unreadable", "component-not-found", "unbounded-label",
        "metrics-unbounded-labels", "pii-extracted", "label-keep-unbounded", "too-many-labels", "invalid-label-name",
        "unknown-source-key", "metrics-source-not-extracted", "metric-naming",
    ]

    /// `.alloy` / `.river` files are Alloy; YAML with `scrape_configs` is Promtail; anything else is not a config.
    public static func detect(path: String) -> InputKind? {
        if path.hasSuffix(".alloy") || path.hasSuffix(".river") { return .alloy }
        if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
            guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
            defer { try? handle.close() }
            let head = (try? handle.read(upToCount: 1 << 20)) ?? Data()
            let text = String(decoding: head, as: UTF8.self)
            if text.hasPrefix("scrape_configs:") || text.contains("\nscrape_configs:") { return .promtail }
        }
        return nil
    }

    /// Largest config file read: real configs are kilobytes, so this only keeps memory bounded when a wrong file is
    /// passed.
    public static let maxConfigBytes = 64 << 20

    public static func lint(path: String, kind: InputKind, options: LintOptions) -> LintReport {
        func unusable(_ message: String, _ fix: String) -> LintReport {
            LintReport(diagnostics: [Diagnostic(.error, rule: "config-unreadable", message: message,
                                                at: SourceLocation(file: path), fix: fix)],
                       files: 1, inputUnusable: true)
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
        let diagnostics = kind == .promtail
            ? lintPromtail(data: data, file: path, registry: options.registry)
            : lintAlloy(bytes: [UInt8](data), file: path, registry: options.registry)
        return LintReport(diagnostics: diagnostics, files: 1)
    }

    /// Parses and lints Alloy source.
    public static func lintAlloy(bytes: [UInt8], file: String, registry: Registry) -> [Diagnostic] {
        let parsed = AlloyParser.parse(bytes)
        var diagnostics = parsed.errors.map { error in
            Diagnostic(.error, rule: "alloy-syntax", message: error.message,
                       at: SourceLocation(file: file, line: error.pos.line, column: error.pos.column),
                       fix: syntaxFix(error.message))
        }
        let model = AlloyModel(file: file, body: parsed.body)
        diagnostics += model.diagnostics
        let classifier = NameClassifier(policy: registry.policy)
        for pipeline in model.pipelines() {
            diagnostics += check(pipeline, classifier: classifier, extra: pipeline.outgoingLabels)
        }
        return diagnostics
    }

    public static func lintPromtail(text: String, file: String, registry: Registry) -> [Diagnostic] {
        lintPromtail(data: Data(text.utf8), file: file, registry: registry)
    }

    /// Parses and lints a Promtail config; YAML problems (syntax, encoding, NUL bytes, duplicate keys) are
    /// `promtail-syntax` findings at their position.
    public static func lintPromtail(data: Data, file: String, registry: Registry) -> [Diagnostic] {
        let parsed = YAMLSource.parse(data: data, path: file)
        guard parsed.diagnostics.isEmpty else {
            return parsed.diagnostics.map { d in
                var d = d
                d.rule = "promtail-syntax"
                return d
            }
        }
        guard let root = parsed.root else { return [] }
        let model = PromtailModel(file: file, root: root)
        let classifier = NameClassifier(policy: registry.policy)
        var diagnostics = model.diagnostics
        for pipeline in model.pipelines {
            diagnostics += check(pipeline, classifier: classifier, extra: [])
        }
        return diagnostics
    }

    static func check(_ pipeline: Pipeline, classifier: NameClassifier, extra: [NamedRef]) -> [Diagnostic] {
        var checker = PipelineChecker(classifier: classifier, pipeline: pipeline, extraLabels: extra)
        checker.newLabels(pipeline.incomingLabels.filter { !$0.name.hasPrefix("__") }, staticValues: false)
        checker.run(pipeline.stages)
        checker.finish(at: pipeline.location, name: pipeline.name)
        return checker.diagnostics
    }

    static func syntaxFix(_ message: String) -> String {
        if message.hasPrefix("illegal character U+0023") { return "use // or /* */ for comments; Alloy has no '#' comments" }
        if message.hasPrefix("missing ','") {
            return "add a ',' after this element: Alloy needs a comma after every element of a multi-line object or list, including the last"
        }
        if message.contains("never closed") { return "add the missing '}' to close the block" }
        if message == AlloyParser.tooDeepMessage { return "flatten the expression; pipeline configs do not nest this deep" }
        if message.contains("not terminated") { return "close the literal or comment" }
        return "fix the syntax at this position (see the Alloy syntax reference)"
    }
}
