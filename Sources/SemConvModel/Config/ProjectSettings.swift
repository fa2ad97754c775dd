import Foundation

/// Where an effective setting came from.
public enum SettingOrigin: Sendable, Hashable, CustomStringConvertible {
    /// A command-line flag, e.g. `--registry`.
    case flag(String)
    /// The project config, at this position.
    case file(SourceLocation)
    /// Built in.
    case builtIn
    /// Built in, and depending on something else (the reason says what), e.g. the base path is the config's
    /// directory.
    case implied(String)

    public var description: String {
        switch self {
        case let .flag(name): "flag \(name)"
        case let .file(location): location.description
        case .builtIn: "default"
        case let .implied(reason): "default: \(reason)"
        }
    }
}

/// One effective value and its origin.
public struct Setting<Value: Sendable>: Sendable {
    public var value: Value
    public var origin: SettingOrigin
    /// The config's value as written when it says more than `value` (see `ProjectConfig.Value.literal`).
    public var literal: String?

    public init(_ value: Value, _ origin: SettingOrigin, literal: String? = nil) {
        self.value = value
        self.origin = origin
        self.literal = literal
    }

    /// The flag when given, else the first config value present, else the default.
    static func layered(flag: Value?, _ name: String, file: [ProjectConfig.Value<Value>?], default value: Value) -> Setting {
        if let flag { return Setting(flag, .flag(name)) }
        if let found = file.lazy.compactMap({ $0 }).first {
            return Setting(found.value, .file(found.location), literal: found.literal)
        }
        return Setting(value, .builtIn)
    }
}

/// The settings a command runs with: its flags laid over the project config, laid over the defaults. One function
/// (`resolve`) decides every precedence, so commands, plugins and `semconv config` agree.
public struct ProjectSettings: Sendable {
    public enum Command: String, Sendable, CaseIterable {
        case check, diff, resolve, generate, docs, lint, liveCheck = "live-check", config
    }

    /// What the command line said (nil or empty: not given).
    public struct Flags: Sendable {
        public var registries: [String] = []
        public var bundled: Bool?
        public var templates: String?
        public var stability: String?
        public var params: [(key: String, value: String)] = []
        /// `--output` of generate or docs.
        public var output: String?
        public var bundle: String?
        public var reporter: String?
        public var failOn: String?
        public var basePath: String?
        /// The files named on `semconv lint`'s command line.
        public var inputs: [String] = []
        public var input: String?
        public var jobs: Int?
        public var maxLineLength: Int?
        public var maxFindingsPerRule: Int?
        public var otlpHTTP: String?
        public var otlpGRPC: String?
        public var faro: String?

        public init() {}
    }

    public static let defaultBundle = "SemConv.swift"
    public static let defaultGenerateOutput = "Generated"
    public static let defaultDocsOutput = "docs/semconv"
    public static let defaultMaxLineLength = 16 << 20
    public static let defaultMaxFindingsPerRule = 10_000
    /// Where the command plugin and `semconv generate` put committed code in a SwiftPM target without
    /// `generate.output`: `<target>/SemConv`.
    public static let targetOutputFolder = "SemConv"

    /// The config file in use, if any.
    public var configPath: String?
    /// Registry sources in overlay order, as written on the command line or in the config (the bundled model is
    /// not among them; see `bundled`); relative paths in them are taken from `registriesBase`. Messages name a
    /// source this way, so `../repo@main[model]` in a config reads `../repo@main:model/registry.yaml:3:5` too.
    public var registries: Setting<[String]>
    /// The directory relative paths in `registries` are taken from: the config's directory when they come from
    /// the config (nil: the working directory).
    public var registriesBase: String?

    /// `registries` as locations usable from the working directory (see `RegistrySource.location(of:relativeTo:)`).
    public var registryLocations: [String] {
        registries.value.map { RegistrySource.location(of: $0, relativeTo: registriesBase) }
    }
    /// Whether the bundled model is loaded too (after the others, so its policy wins).
    public var bundled: Setting<Bool>
    /// The template directory of `generate` (nil: the bundled Swift templates).
    public var templates: Setting<String?>
    public var stability: Setting<String>
    public var params: [(key: String, value: Setting<String>)]
    /// The one file the build plugin generates (`generate --bundle`).
    public var bundle: Setting<String>
    public var generateOutput: Setting<String>
    public var docsOutput: Setting<String>
    /// The template directory of `docs` (nil: the bundled Markdown templates).
    public var docsTemplates: Setting<String?>
    public var reporter: Setting<String>
    public var failOn: Setting<String>
    /// The directory SARIF and GitHub paths are written relative to (default: the config's directory, else the
    /// working directory).
    public var basePath: Setting<String>
    /// What `semconv lint` reads: paths or glob patterns, usable from the working directory.
    public var lintInputs: Setting<[String]>
    public var lintInput: Setting<String>
    /// Per-rule settings of `lint` and `live-check` from the config file, in file order.
    public var lintRules: [(id: ProjectConfig.Value<String>, setting: Setting<String>)]
    /// Per-rule settings of `check` (and of the registry warnings `generate` and `docs` print), in file order.
    public var checkRules: [(id: ProjectConfig.Value<String>, setting: Setting<String>)]
    public var jobs: Setting<Int?>
    public var maxLineLength: Setting<Int>
    /// Findings `lint` lists per rule; 0 lists all (the rest are counted either way).
    public var maxFindingsPerRule: Setting<Int>
    public var otlpHTTP: Setting<String>
    public var otlpGRPC: Setting<String>
    public var faro: Setting<String>

    /// Lays `flags` over `config` for `command`.
    ///
    /// The bundled model: `--bundled-registry`/`--no-bundled-registry`, else the file's `bundled:`, else on for
    /// `lint` and `live-check`, and for the other commands on unless registries were named with `--registry`
    /// (`semconv check --registry DIR` checks just that directory).
    ///
    /// `generate.output` defaults to the folder committed generated code goes to (`committedOutput`), and the base
    /// path to the config's directory.
    public static func resolve(config: ProjectConfig?, flags: Flags, command: Command) -> ProjectSettings {
        typealias Value = ProjectConfig.Value
        /// A path of the file, taken from the file's directory.
        func path(_ value: Value<String>?) -> Value<String>? {
            guard let config, let value else { return nil }
            return Value(config.resolve(value.value), at: value.location)
        }
        /// A template directory of the file; `bundled` is nil.
        func templateDirectory(_ value: Value<String>?) -> Value<String?>? {
            guard let value else { return nil }
            return Value(value.value == "bundled" ? nil : config?.resolve(value.value), at: value.location)
        }
        /// A flag whose value is itself optional: nil when not given (never `.some(nil)`).
        func given<T>(_ flag: T?, if applies: Bool = true) -> T?? { applies ? flag.map { .some($0) } : nil }
        func paths(_ value: Value<[Value<String>]>?, _ resolve: (String) -> String) -> Value<[String]>? {
            value.map { Value($0.value.map { resolve($0.value) }, at: $0.location) }
        }
        let registries = Setting.layered(
            flag: flags.registries.isEmpty ? nil : flags.registries, "--registry",
            file: [paths(config?.registries) { $0 }], default: [])
        var registriesBase: String?
        if case .file = registries.origin, let directory = config?.directory, directory != "." { registriesBase = directory }
        let generate = command == .generate, docs = command == .docs
        let bundledByDefault = command == .lint || command == .liveCheck || registries.origin != .flag("--registry")
        var bundled = Setting.layered(flag: flags.bundled, flags.bundled == true ? "--bundled-registry" : "--no-bundled-registry",
                                      file: [config?.bundled], default: bundledByDefault)
        if bundled.origin == .builtIn, !bundledByDefault {
            bundled.origin = .implied("off when --registry names the registries")
        }
        func rules(_ entries: [ProjectConfig.RuleEntry]?) -> [(id: Value<String>, setting: Setting<String>)] {
            entries?.map { ($0.id, Setting($0.setting.value, .file($0.setting.location))) } ?? []
        }
        var generateOutput = Setting.layered(flag: generate ? flags.output : nil, "--output",
                                             file: [path(config?.generate.output)], default: "")
        if generateOutput.origin == .builtIn {
            let committed = committedOutput(directory: config?.directory ?? ".")
            generateOutput = Setting(committed.path, committed.reason.map(SettingOrigin.implied) ?? SettingOrigin.builtIn)
        }
        var basePath = Setting.layered(flag: flags.basePath, "--base-path", file: [path(config?.basePath)], default: ".")
        if basePath.origin == .builtIn, let config {
            basePath = Setting(config.directory, .implied("the config's directory"))
        }
        // The config's parameters are those of generate's templates; docs takes only --param.
        var params: [(key: String, value: Setting<String>)] = docs ? [] : config?.params.map {
            ($0.key, Setting($0.value.value, .file($0.value.location)))
        } ?? []
        for (key, value) in flags.params {
            params.removeAll { $0.key == key }
            params.append((key, Setting(value, .flag("--param"))))
        }
        return ProjectSettings(
            configPath: config?.path,
            registries: registries,
            registriesBase: registriesBase,
            bundled: bundled,
            templates: Setting.layered(flag: given(flags.templates, if: generate), "--templates",
                                       file: [templateDirectory(config?.templates)], default: nil),
            stability: Setting.layered(flag: flags.stability, "--stability", file: [config?.stability], default: "all"),
            params: params,
            bundle: Setting.layered(flag: flags.bundle, "--bundle", file: [config?.output], default: defaultBundle),
            generateOutput: generateOutput,
            docsOutput: Setting.layered(flag: docs ? flags.output : nil, "--output", file: [path(config?.docs.output)],
                                        default: defaultDocsOutput),
            docsTemplates: Setting.layered(flag: given(flags.templates, if: docs), "--templates",
                                           file: [templateDirectory(config?.docs.templates)], default: nil),
            reporter: Setting.layered(flag: flags.reporter, "--reporter", file: [config?.reporter], default: "text"),
            failOn: Setting.layered(flag: flags.failOn, "--fail-on", file: [config?.failOn], default: "error"),
            basePath: basePath,
            lintInputs: Setting.layered(flag: flags.inputs.isEmpty ? nil : flags.inputs, "FILE arguments",
                                        file: [paths(config?.lint.inputs) { config?.resolve($0) ?? $0 }], default: ["-"]),
            lintInput: Setting.layered(flag: flags.input, "--input", file: [config?.lint.input], default: "auto"),
            lintRules: rules(config?.lint.rules),
            checkRules: rules(config?.check.rules),
            jobs: Setting.layered(flag: given(flags.jobs), "--jobs",
                                  file: [config?.lint.jobs.map { Value(Optional($0.value), at: $0.location, literal: $0.literal) }],
                                  default: nil),
            maxLineLength: Setting.layered(flag: flags.maxLineLength, "--max-line-length",
                                           file: [config?.lint.maxLineLength], default: defaultMaxLineLength),
            maxFindingsPerRule: Setting.layered(flag: flags.maxFindingsPerRule, "--max-findings-per-rule",
                                                file: [config?.lint.maxFindingsPerRule], default: defaultMaxFindingsPerRule),
            otlpHTTP: Setting.layered(flag: flags.otlpHTTP, "--otlp-http", file: [config?.liveCheck.otlpHTTP],
                                      default: "127.0.0.1:4318"),
            otlpGRPC: Setting.layered(flag: flags.otlpGRPC, "--otlp-grpc", file: [config?.liveCheck.otlpGRPC],
                                      default: "127.0.0.1:4317"),
            faro: Setting.layered(flag: flags.faro, "--faro", file: [config?.liveCheck.faro], default: "off"))
    }

    /// One line of `semconv config`: a key as written in `semconv.yaml`, its value (typed, and as text) and origin.
    public struct Row: Sendable, Equatable {
        public var key: String
        public var value: JSONValue
        public var text: String
        public var origin: SettingOrigin

        init(_ key: String, _ value: JSONValue, _ origin: SettingOrigin, text: String? = nil) {
            self.key = key
            self.value = value
            self.origin = origin
            self.text = text ?? Self.text(value)
        }

        static func text(_ value: JSONValue) -> String {
            switch value {
            case let .string(s): s
            case let .array(items): items.isEmpty ? "[]" : items.map(text).joined(separator: ", ")
            default: value.rendered(indent: 0)
            }
        }
    }

    /// Every setting, keys as written in `semconv.yaml`, for `semconv config`.
    public var rows: [Row] {
        func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }
        var rows: [Row] = [
            Row("registries", strings(registries.value), registries.origin),
            Row("bundled", .bool(bundled.value), bundled.origin),
            Row("templates", .string(templates.value ?? "bundled"), templates.origin),
            Row("stability", .string(stability.value), stability.origin),
        ]
        rows += params.map { Row("params.\($0.key)", .string($0.value.value), $0.value.origin) }
        rows += [
            Row("output", .string(bundle.value), bundle.origin),
            Row("reporter", .string(reporter.value), reporter.origin),
            Row("fail-on", .string(failOn.value), failOn.origin),
            Row("base-path", .string(basePath.value), basePath.origin),
            Row("generate.output", .string(generateOutput.value), generateOutput.origin),
            Row("docs.output", .string(docsOutput.value), docsOutput.origin),
            Row("docs.templates", .string(docsTemplates.value ?? "bundled"), docsTemplates.origin),
        ]
        rows += checkRules.map { Row("check.rules.\($0.id.value)", .string($0.setting.value), $0.setting.origin) }
        rows += [
            Row("lint.inputs", strings(lintInputs.value), lintInputs.origin),
            Row("lint.input", .string(lintInput.value), lintInput.origin),
        ]
        rows += lintRules.map { Row("lint.rules.\($0.id.value)", .string($0.setting.value), $0.setting.origin) }
        rows += [
            Row("lint.jobs", jobs.value.map(JSONValue.int) ?? .null, jobs.origin, text: jobs.literal ?? jobs.value.map(String.init) ?? "number of cores"),
            Row("lint.max-line-length", .int(maxLineLength.value), maxLineLength.origin),
            Row("lint.max-findings-per-rule", .int(maxFindingsPerRule.value), maxFindingsPerRule.origin,
                text: maxFindingsPerRule.value == 0 ? "0 (all)" : nil),
            Row("live-check.otlp-http", .string(otlpHTTP.value), otlpHTTP.origin),
            Row("live-check.otlp-grpc", .string(otlpGRPC.value), otlpGRPC.origin),
            Row("live-check.faro", .string(faro.value), faro.origin),
        ]
        return rows
    }
}

extension ProjectSettings {
    /// Where committed generated code goes when `generate.output` is not set, for a config in `directory` (or the
    /// working directory): the one place the command plugin and `semconv generate [--check]` agree on.
    ///
    /// - A config in a SwiftPM target's directory (`Sources/App/semconv.yaml`): `Sources/App/SemConv`.
    /// - A config beside `Package.swift` whose `Sources/` holds one target: `Sources/<it>/SemConv`.
    /// - Otherwise `Generated`.
    ///
    /// Paths are in the form of `directory` ("." gives paths relative to the working directory). The reason says
    /// which case applied (nil for `Generated`).
    public static func committedOutput(directory: String) -> (path: String, reason: String?) {
        let fm = FileManager.default
        func join(_ parts: String...) -> String { ((directory == "." ? [] : [directory]) + parts).joined(separator: "/") }
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL
        if absolute.deletingLastPathComponent().lastPathComponent == "Sources",
           fm.fileExists(atPath: absolute.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Package.swift").path) {
            return (join(targetOutputFolder), "the config's target '\(absolute.lastPathComponent)'")
        }
        if fm.fileExists(atPath: absolute.appendingPathComponent("Package.swift").path) {
            let sources = absolute.appendingPathComponent("Sources").path
            let targets = ((try? fm.contentsOfDirectory(atPath: sources)) ?? []).filter { name in
                var isDirectory: ObjCBool = false
                return !name.hasPrefix(".") && fm.fileExists(atPath: sources + "/" + name, isDirectory: &isDirectory) && isDirectory.boolValue
            }
            if targets.count == 1 {
                return (join("Sources", targets[0], targetOutputFolder), "the package's one target '\(targets[0])'")
            }
        }
        return (join(defaultGenerateOutput), nil)
    }
}

extension Setting {
    /// An `invalid-value` error about this setting, at its position in the config file.
    public func problem(_ message: String) -> Diagnostic {
        let location: SourceLocation = if case let .file(l) = origin { l } else { SourceLocation(file: "<command line>") }
        return Diagnostic(.error, rule: "invalid-value", message: message, at: location)
    }
}

extension Setting where Value == String {
    /// The value as one of `C`'s cases. A config value that is none is an error at its position (with "did you
    /// mean"), added to `problems`; so is a flag value (flags are checked by the argument parser first).
    public func choice<C: RawRepresentable & CaseIterable>(_ type: C.Type, key: String,
                                                          problems: inout [Diagnostic]) -> C? where C.RawValue == String {
        if let c = C(rawValue: value) { return c }
        let names = C.allCases.map(\.rawValue)
        problems.append(problem("'\(key)' must be one of \(names.joined(separator: ", ")), not '\(value)'"
                                + Suggestions.didYouMean(value, in: names)))
        return nil
    }
}
