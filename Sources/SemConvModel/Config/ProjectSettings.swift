import Foundation

/// Where an effective setting came from.
public enum SettingOrigin: Sendable, Hashable, CustomStringConvertible {
    /// A command-line flag, e.g. `--registry`.
    case flag(String)
    /// The project config, at this position.
    case file(SourceLocation)
    /// Built in.
    case builtIn

    public var description: String {
        switch self {
        case let .flag(name): "flag \(name)"
        case let .file(location): location.description
        case .builtIn: "default"
        }
    }
}

/// One effective value and its origin.
public struct Setting<Value: Sendable>: Sendable {
    public var value: Value
    public var origin: SettingOrigin

    public init(_ value: Value, _ origin: SettingOrigin) {
        self.value = value
        self.origin = origin
    }

    /// The flag when given, else the first config value present, else the default.
    static func layered(flag: Value?, _ name: String, file: [ProjectConfig.Value<Value>?], default value: Value) -> Setting {
        if let flag { return Setting(flag, .flag(name)) }
        if let found = file.lazy.compactMap({ $0 }).first { return Setting(found.value, .file(found.location)) }
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
        public var otlpHTTP: String?
        public var otlpGRPC: String?
        public var faro: String?

        public init() {}
    }

    public static let defaultBundle = "SemConv.swift"
    public static let defaultGenerateOutput = "Generated"
    public static let defaultDocsOutput = "docs/semconv"
    public static let defaultMaxLineLength = 16 << 20

    /// The config file in use, if any.
    public var configPath: String?
    /// Registry sources in overlay order, as locations usable from the working directory (the bundled model is
    /// not among them; see `bundled`).
    public var registries: Setting<[String]>
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
    /// The directory SARIF paths are written relative to.
    public var basePath: Setting<String>
    /// What `semconv lint` reads: paths or glob patterns, usable from the working directory.
    public var lintInputs: Setting<[String]>
    public var lintInput: Setting<String>
    /// Per-rule settings from the config file, in file order.
    public var lintRules: [(id: ProjectConfig.Value<String>, setting: Setting<String>)]
    public var jobs: Setting<Int?>
    public var maxLineLength: Setting<Int>
    public var otlpHTTP: Setting<String>
    public var otlpGRPC: Setting<String>
    public var faro: Setting<String>

    /// Lays `flags` over `config` for `command`.
    ///
    /// The bundled model: `--bundled-registry`/`--no-bundled-registry`, else the file's `bundled:`, else on for
    /// `lint` and `live-check`, and for the other commands on unless registries were named with `--registry`
    /// (`semconv check --registry DIR` checks just that directory).
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
            file: [paths(config?.registries) { RegistrySource.location(of: $0, relativeTo: config?.directory) }],
            default: [])
        let bundledByDefault = command == .lint || command == .liveCheck || registries.origin != .flag("--registry")
        var params: [(key: String, value: Setting<String>)] = config?.params.map {
            ($0.key, Setting($0.value.value, .file($0.value.location)))
        } ?? []
        for (key, value) in flags.params {
            params.removeAll { $0.key == key }
            params.append((key, Setting(value, .flag("--param"))))
        }
        let generate = command == .generate, docs = command == .docs
        return ProjectSettings(
            configPath: config?.path,
            registries: registries,
            bundled: Setting.layered(flag: flags.bundled,
                                     flags.bundled == true ? "--bundled-registry" : "--no-bundled-registry",
                                     file: [config?.bundled], default: bundledByDefault),
            templates: Setting.layered(flag: given(flags.templates, if: generate), "--templates",
                                       file: [templateDirectory(config?.templates)], default: nil),
            stability: Setting.layered(flag: flags.stability, "--stability", file: [config?.stability], default: "all"),
            params: params,
            bundle: Setting.layered(flag: flags.bundle, "--bundle", file: [config?.output], default: defaultBundle),
            generateOutput: Setting.layered(flag: generate ? flags.output : nil, "--output",
                                            file: [path(config?.generate.output)], default: defaultGenerateOutput),
            docsOutput: Setting.layered(flag: docs ? flags.output : nil, "--output", file: [path(config?.docs.output)],
                                        default: defaultDocsOutput),
            docsTemplates: Setting.layered(flag: given(flags.templates, if: docs), "--templates",
                                           file: [templateDirectory(config?.docs.templates)], default: nil),
            reporter: Setting.layered(flag: flags.reporter, "--reporter", file: [config?.reporter], default: "text"),
            failOn: Setting.layered(flag: flags.failOn, "--fail-on", file: [config?.failOn], default: "error"),
            basePath: Setting.layered(flag: flags.basePath, "--base-path", file: [path(config?.basePath)], default: "."),
            lintInputs: Setting.layered(flag: flags.inputs.isEmpty ? nil : flags.inputs, "FILE arguments",
                                        file: [paths(config?.lint.inputs) { config?.resolve($0) ?? $0 }], default: ["-"]),
            lintInput: Setting.layered(flag: flags.input, "--input", file: [config?.lint.input], default: "auto"),
            lintRules: config?.lint.rules.map { ($0.id, Setting($0.setting.value, .file($0.setting.location))) } ?? [],
            jobs: Setting.layered(flag: given(flags.jobs), "--jobs",
                                  file: [config?.lint.jobs.map { Value(Optional($0.value), at: $0.location) }], default: nil),
            maxLineLength: Setting.layered(flag: flags.maxLineLength, "--max-line-length",
                                           file: [config?.lint.maxLineLength], default: defaultMaxLineLength),
            otlpHTTP: Setting.layered(flag: flags.otlpHTTP, "--otlp-http", file: [config?.liveCheck.otlpHTTP],
                                      default: "127.0.0.1:4318"),
            otlpGRPC: Setting.layered(flag: flags.otlpGRPC, "--otlp-grpc", file: [config?.liveCheck.otlpGRPC],
                                      default: "127.0.0.1:4317"),
            faro: Setting.layered(flag: flags.faro, "--faro", file: [config?.liveCheck.faro], default: "off"))
    }

    /// Every setting as `(key, value, origin)`, keys as written in `semconv.yaml`, for `semconv config`.
    public var rows: [(key: String, value: String, origin: SettingOrigin)] {
        func list(_ values: [String]) -> String { values.isEmpty ? "[]" : values.joined(separator: ", ") }
        var rows: [(String, String, SettingOrigin)] = [
            ("registries", list(registries.value), registries.origin),
            ("bundled", String(bundled.value), bundled.origin),
            ("templates", templates.value ?? "bundled", templates.origin),
            ("stability", stability.value, stability.origin),
        ]
        rows += params.map { ("params.\($0.key)", $0.value.value, $0.value.origin) }
        rows += [
            ("output", bundle.value, bundle.origin),
            ("reporter", reporter.value, reporter.origin),
            ("fail-on", failOn.value, failOn.origin),
            ("base-path", basePath.value, basePath.origin),
            ("generate.output", generateOutput.value, generateOutput.origin),
            ("docs.output", docsOutput.value, docsOutput.origin),
            ("docs.templates", docsTemplates.value ?? "bundled", docsTemplates.origin),
            ("lint.inputs", list(lintInputs.value), lintInputs.origin),
            ("lint.input", lintInput.value, lintInput.origin),
        ]
        rows += lintRules.map { ("lint.rules.\($0.id.value)", $0.setting.value, $0.setting.origin) }
        rows += [
            ("lint.jobs", jobs.value.map(String.init) ?? "number of cores", jobs.origin),
            ("lint.max-line-length", String(maxLineLength.value), maxLineLength.origin),
            ("live-check.otlp-http", otlpHTTP.value, otlpHTTP.origin),
            ("live-check.otlp-grpc", otlpGRPC.value, otlpGRPC.origin),
            ("live-check.faro", faro.value, faro.origin),
        ]
        return rows
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
