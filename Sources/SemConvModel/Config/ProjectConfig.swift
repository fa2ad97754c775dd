import Foundation
import Yams

/// The project configuration, `semconv.yaml` (or `.semconv.yaml`): what every command, both plugins and CI read.
///
/// Found from the working directory upward (`find(from:)`), or named with `--config`. Every value keeps the
/// position it was written at, so `semconv config` can say where it came from and a bad value is an error at its
/// `file:line:col`. Relative paths in the file are relative to the file's directory. Command-line flags override
/// the file (see `ProjectSettings`).
///
/// ```yaml
/// registries: [registry]      # registry sources, overlaid in order (like --registry)
/// bundled: true               # also load the bundled model/ (last)
/// templates: bundled          # or a template directory
/// stability: all
/// access: internal            # the same as params.access
/// params: {root: SemConv}
/// output: SemConv.swift       # the one file the build plugin generates
/// generate: {output: Sources/App/SemConv}
/// docs: {output: docs/semconv, templates: doc-templates}
/// reporter: text
/// fail-on: error
/// base-path: .
/// check: {rules: {missing-brief: off}}
/// lint:
///   inputs: [recordings/*.ndjson]
///   input: auto
///   rules: {recommended-attribute-missing: warning}
///   jobs: 2
///   max-line-length: 16777216
///   max-findings-per-rule: 10000
/// live-check: {otlp-http: 127.0.0.1:4318, otlp-grpc: "off", faro: 127.0.0.1:12347}
/// ```
public struct ProjectConfig: Sendable {
    /// A value as written in the file, and where.
    public struct Value<T: Sendable>: Sendable {
        public var value: T
        public var location: SourceLocation
        /// The value as written when it says more than `value`: a whole number beyond `Int`, kept as the nearest.
        public var literal: String?

        public init(_ value: T, at location: SourceLocation, literal: String? = nil) {
            self.value = value
            self.location = location
            self.literal = literal
        }
    }

    /// The names looked for, in this order, in each directory.
    public static let fileNames = ["semconv.yaml", ".semconv.yaml"]

    /// The file, as found or given (relative to the working directory when found by walking up).
    public var path: String
    /// The file's directory, in the same form as `path` ("." for the working directory); relative paths inside the
    /// file are relative to it.
    public var directory: String

    public var registries: Value<[Value<String>]>?
    public var bundled: Value<Bool>?
    public var templates: Value<String>?
    public var stability: Value<String>?
    /// Template parameters of `generate`, in file order (`access:` at the top level is one of them; setting it
    /// both there and in `params` is an error).
    public var params: [(key: String, value: Value<String>)] = []
    /// The one file the build plugin generates.
    public var output: Value<String>?
    public var reporter: Value<String>?
    public var failOn: Value<String>?
    public var basePath: Value<String>?
    public var generate = Generate()
    public var docs = Docs()
    public var check = Check()
    public var lint = Lint()
    public var liveCheck = LiveCheck()

    public struct Generate: Sendable {
        /// The directory `semconv generate` writes to.
        public var output: Value<String>?
    }

    public struct Docs: Sendable {
        public var output: Value<String>?
        public var templates: Value<String>?
    }

    /// A per-rule setting, `rule-id: off|info|warning|error` (ids are checked by the command that reports them).
    public typealias RuleEntry = (id: Value<String>, setting: Value<String>)

    public struct Check: Sendable {
        /// Per-rule settings of `semconv check` (registry and compatibility rules), in file order; `generate` and
        /// `docs` apply them to the registry warnings they print.
        public var rules: [RuleEntry] = []
    }

    public struct Lint: Sendable {
        /// Files (or glob patterns) `semconv lint` reads when none are named on the command line.
        public var inputs: Value<[Value<String>]>?
        public var input: Value<String>?
        /// Per-rule settings, `rule-id: off|info|warning|error`, in file order (ids are checked by the linter,
        /// which knows them).
        public var rules: [RuleEntry] = []
        public var jobs: Value<Int>?
        public var maxLineLength: Value<Int>?
        /// Findings listed per rule (0: all); the rest are counted.
        public var maxFindingsPerRule: Value<Int>?
    }

    /// The listeners of `semconv live-check`: an address `HOST:PORT` (port 0 picks a free one) or `off`.
    public struct LiveCheck: Sendable {
        public var otlpHTTP: Value<String>?
        public var otlpGRPC: Value<String>?
        public var faro: Value<String>?
    }

    public init(path: String) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        self.directory = directory.isEmpty ? "." : directory
    }

    /// The allowed keys of each mapping (and so the "did you mean" candidates).
    public static let topLevelKeys = ["registries", "bundled", "templates", "stability", "access", "params", "output",
                                      "reporter", "fail-on", "base-path", "generate", "docs", "check", "lint", "live-check"]
    public static let generateKeys = ["output"]
    public static let docsKeys = ["output", "templates"]
    public static let checkKeys = ["rules"]
    public static let lintKeys = ["inputs", "input", "rules", "jobs", "max-line-length", "max-findings-per-rule"]
    public static let liveCheckKeys = ["otlp-http", "otlp-grpc", "faro"]
    public static let stabilities = ["stable", "development", "all"]

    // MARK: finding

    /// The config file for `directory`: `semconv.yaml` or `.semconv.yaml` there or in the nearest parent that has
    /// one. The path is relative (`semconv.yaml`, `../../semconv.yaml`) when `directory` is the working directory.
    /// Two config files in one directory are an error.
    public static func find(from directory: String? = nil,
                            workingDirectory: String = FileManager.default.currentDirectoryPath)
        -> (path: String?, diagnostics: [Diagnostic]) {
        let fm = FileManager.default
        let cwd = URL(fileURLWithPath: workingDirectory).standardizedFileURL.path
        let directory = directory ?? cwd
        var dir = URL(fileURLWithPath: directory).standardizedFileURL
        let startsAtCwd = dir.path == cwd
        var up = 0
        while true {
            let present = fileNames.filter { name in
                var isDirectory: ObjCBool = false
                return fm.fileExists(atPath: dir.appendingPathComponent(name).path, isDirectory: &isDirectory)
                    && !isDirectory.boolValue
            }
            if let name = present.first {
                let shown = startsAtCwd ? String(repeating: "../", count: up) + name : dir.appendingPathComponent(name).path
                if present.count > 1 {
                    let other = (shown as NSString).deletingLastPathComponent
                    let second = other.isEmpty ? present[1] : other + "/" + present[1]
                    return (shown, [Diagnostic(.error, rule: "project-config",
                                               message: "two config files in one directory: '\(name)' and '\(present[1])'",
                                               at: SourceLocation(file: second), fix: "keep one of them")])
                }
                return (shown, [])
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path || dir.path == "/" { return (nil, []) }
            dir = parent
            up += 1
        }
    }

    // MARK: loading

    /// Reads and checks a config file. Problems are diagnostics at their position (unknown keys with "did you
    /// mean"); a file with errors still yields the values that were fine.
    public static func load(path: String) -> (config: ProjectConfig, diagnostics: [Diagnostic]) {
        var config = ProjectConfig(path: path)
        let source = YAMLSource.load(path: path, maxBytes: 1 << 20)
        guard let root = source.root else { return (config, source.diagnostics) }
        let reader = NodeReader(file: path)
        if case let .scalar(s) = root, s.isNull { return (config, []) }
        guard let top = reader.fields(root, of: "the project config", allowed: topLevelKeys) else {
            return (config, reader.diagnostics)
        }
        func value<T>(_ node: Node?, _ read: (Node) -> T?) -> Value<T>? {
            guard let node, let v = read(node) else { return nil }
            return Value(v, at: reader.location(node))
        }
        func string(_ fields: NodeReader.Fields, _ key: String, _ what: String) -> Value<String>? {
            value(fields[key]) { reader.string($0, what) }
        }
        func list(_ node: Node?, _ what: String) -> Value<[Value<String>]>? {
            value(node) { n in reader.stringList(n, what)?.map { Value($0.0, at: reader.location($0.1)) } }
        }
        config.registries = list(top["registries"], "'registries'")
        config.bundled = value(top["bundled"]) { reader.bool($0, "'bundled'") }
        config.templates = string(top, "templates", "'templates'")
        config.stability = string(top, "stability", "'stability'")
        if let s = config.stability, !stabilities.contains(s.value) {
            reader.report(.error, "invalid-value",
                          "'stability' must be stable, development or all, not '\(s.value)'"
                              + Suggestions.didYouMean(s.value, in: stabilities),
                          at: top["stability"]!)
            config.stability = nil
        }
        if let access = string(top, "access", "'access'") { config.params.append(("access", access)) }
        if let node = top["params"], let params = reader.fields(node, of: "'params'", allowed: [], ignoreUnknown: true) {
            for key in params.order {
                guard let v = value(params[key], { reader.string($0, "parameter '\(key)'") }) else { continue }
                if let first = config.params.first(where: { $0.key == key }) {
                    reader.report(.error, "invalid-value",
                                  "'\(key)' is set twice: at the top level (\(first.value.location.line):\(first.value.location.column)) and in 'params'",
                                  at: params[key]!, fix: "keep one of them")
                    continue
                }
                config.params.append((key, v))
            }
        }
        config.output = string(top, "output", "'output'")
        if let o = config.output, o.value.contains("/") || o.value.isEmpty {
            reader.report(.error, "invalid-value", "'output' is a file name (the build plugin's one generated file), not a path",
                          at: top["output"]!, fix: "write e.g. 'output: SemConv.swift'; 'generate: {output: DIR}' sets the directory of 'semconv generate'")
            config.output = nil
        }
        config.reporter = string(top, "reporter", "'reporter'")
        config.failOn = failOn(top, reader)
        config.basePath = string(top, "base-path", "'base-path'")
        if let node = top["generate"], let g = reader.fields(node, of: "'generate'", allowed: generateKeys) {
            config.generate.output = string(g, "output", "'generate.output'")
        }
        if let node = top["docs"], let d = reader.fields(node, of: "'docs'", allowed: docsKeys) {
            config.docs.output = string(d, "output", "'docs.output'")
            config.docs.templates = string(d, "templates", "'docs.templates'")
        }
        /// `rule-id: setting` entries of a `rules:` mapping.
        func rules(_ node: Node?, _ what: String) -> [RuleEntry] {
            guard let node, let rules = reader.fields(node, of: what, allowed: [], ignoreUnknown: true) else { return [] }
            return rules.order.compactMap { id in
                guard let settingNode = rules[id], let keyNode = rules.keyNodes[id],
                      let setting = reader.string(settingNode, "the setting of rule '\(id)'") else { return nil }
                guard RuleSetting(rawValue: setting) != nil else {
                    reader.report(.error, "invalid-value",
                                  "rule '\(id)' must be set to off, info, warning or error, not '\(setting)'",
                                  at: settingNode)
                    return nil
                }
                return (Value(id, at: reader.location(keyNode)), Value(setting, at: reader.location(settingNode)))
            }
        }
        if let node = top["check"], let c = reader.fields(node, of: "'check'", allowed: checkKeys) {
            config.check.rules = rules(c["rules"], "'check.rules'")
        }
        if let node = top["lint"], let l = reader.fields(node, of: "'lint'", allowed: lintKeys) {
            config.lint.inputs = list(l["inputs"], "'lint.inputs'")
            config.lint.input = string(l, "input", "'lint.input'")
            config.lint.jobs = value(l["jobs"]) { reader.int($0, "'lint.jobs'", saturating: true) }
            if case let .scalar(s)? = l["jobs"], let jobs = config.lint.jobs, jobs.value == .max || jobs.value == .min,
               s.string != String(jobs.value) {
                config.lint.jobs?.literal = s.string
            }
            config.lint.maxLineLength = value(l["max-line-length"]) { reader.int($0, "'lint.max-line-length'") }
            config.lint.maxFindingsPerRule = value(l["max-findings-per-rule"]) { reader.int($0, "'lint.max-findings-per-rule'") }
            config.lint.rules = rules(l["rules"], "'lint.rules'")
        }
        if let node = top["live-check"], let l = reader.fields(node, of: "'live-check'", allowed: liveCheckKeys) {
            func address(_ key: String) -> Value<String>? {
                guard let value = string(l, key, "'live-check.\(key)'") else { return nil }
                do { _ = try ListenAddress.parse(value.value) } catch {
                    reader.report(.error, "invalid-value", "'live-check.\(key)' \(error)", at: l[key]!)
                    return nil
                }
                return value
            }
            config.liveCheck.otlpHTTP = address("otlp-http")
            config.liveCheck.otlpGRPC = address("otlp-grpc")
            config.liveCheck.faro = address("faro")
        }
        return (config, reader.diagnostics)
    }

    private static func failOn(_ fields: NodeReader.Fields, _ reader: NodeReader) -> Value<String>? {
        guard let node = fields["fail-on"], let text = reader.string(node, "'fail-on'") else { return nil }
        guard FailThreshold(rawValue: text) != nil else {
            reader.report(.error, "invalid-value", "'fail-on' must be error, warning or never, not '\(text)'"
                          + Suggestions.didYouMean(text, in: FailThreshold.allCases.map(\.rawValue)), at: node)
            return nil
        }
        return Value(text, at: reader.location(node))
    }

    /// `path` (a value of this file) as a path from the working directory: absolute paths stay, relative ones are
    /// taken from the file's directory.
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") || directory == "." { return path }
        return directory + "/" + path
    }
}

extension ProjectConfig {
    /// The rule of project config problems that no YAML rule covers (`yaml-syntax`, `unknown-key`, `invalid-type`
    /// and `invalid-value` are shared with registry YAML).
    public static let ruleDescriptions = [
        RuleDescription(id: "project-config", category: .project, defaultSeverity: .error,
                        summary: "Two project config files (`semconv.yaml` and `.semconv.yaml`) in one directory.",
                        fix: "Keep one of them."),
    ]
}
