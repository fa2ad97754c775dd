import ArgumentParser
import Foundation
import SemConvGen
import SemConvModel

enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
    case otelSchema = "otel-schema"
}

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "List every change between a baseline registry and the current one, down to fields.",
        discussion: """
            Examples:
              semconv diff --baseline 'https://github.com/open-telemetry/semantic-conventions.git@v1.40.0[model]' \\
                           --registry 'https://github.com/open-telemetry/semantic-conventions.git@v1.41.0[model]'
              semconv diff --baseline v1.40.tar.gz --registry model --format markdown --output CHANGES.md
              semconv diff --baseline old/model --registry model --format otel-schema --schema-version 1.41.0
            The bundled model, when loaded with registries (the config's 'bundled'), is loaded on both sides.
            Exit status: 0 (whatever changed), 2 when either registry cannot be read or has errors.
            """)

    @Option(help: ArgumentHelp("The earlier registry (same source syntax as --registry).", valueName: "source"))
    var baseline: String

    @OptionGroup var project: ConfigOptions
    @OptionGroup var registry: RegistryOptions

    @Option(help: "Output format: text, json, markdown or otel-schema.")
    var format: DiffFormat = .text

    @Option(help: ArgumentHelp("Write the report here instead of standard output.", valueName: "file"))
    var output: String?

    @Option(name: .customLong("schema-version"),
            help: ArgumentHelp("otel-schema: the version of the current registry (default: from its manifest's "
                               + "schema_url, else its semconv_version or version, else 'next').", valueName: "version"))
    var schemaVersion: String?

    @Option(name: .customLong("schema-url"),
            help: ArgumentHelp("otel-schema: the schema URL (default: the manifest's schema_url when it names this "
                               + "version, else https://opentelemetry.io/schemas/VERSION).",
                               valueName: "url"))
    var schemaURL: String?

    func validate() throws {
        if format != .otelSchema, schemaVersion != nil || schemaURL != nil {
            throw ValidationError("--schema-version and --schema-url apply only to --format otel-schema")
        }
    }

    func run() throws {
        let settings = try project.settings(.diff, registry)
        let noCache = registry.noCache
        let currentRoots = try RegistryOptions.roots(settings, noCache: noCache)
        // The baseline stands for the registries (--registry, else the config's); the bundled model, when it is
        // loaded with them, is loaded on both sides, so that it never shows up as added.
        let extras = settings.registries.value.isEmpty ? [] : try RegistryOptions.bundledRoots(settings)
        let baselineRoots = try RegistrySources.resolve([baseline], from: .flag("--baseline"), noCache: noCache) + extras
        let loaded = registry.load(rootSets: [baselineRoots, currentRoots], checks: true)
        let (before, after) = (loaded[0], loaded[1])
        let currentSources = settings.registries.value + (settings.bundled.value ? ["bundled model/"] : [])
        try RegistryOptions.requireNoErrors(before, "the baseline", sources: [baseline])
        try RegistryOptions.requireNoErrors(after, "the registry", sources: currentSources)
        let diff = RegistryDiff.compare(baseline: before.registry, current: after.registry)
        let breaking = CompatibilityChecks.breakingItems(
            CompatibilityChecks.check(baseline: before.registry, current: after.registry, diff: diff))
        // What stops compiling, without the members of a struct or enum that is itself removed.
        let broken = GeneratedSymbols.summarized(GeneratedSymbols.broken(from: before.registry, to: after.registry)).map {
            GeneratedSymbolChange(symbol: $0.symbol.name, origin: $0.symbol.origin, change: $0.change, replacement: $0.replacement)
        }
        let report = DiffReport(diff: diff.withFiles(RegistrySources.displayPath), baseline: baseline,
                                current: currentSources,
                                brokenSymbols: broken, breaking: breaking)
        let text: String
        switch format {
        case .text: text = report.text()
        case .json: text = report.json()
        case .markdown: text = report.markdown()
        case .otelSchema:
            // The registries' own manifest (not the bundled model's) names the version.
            let roots = Array(currentRoots.dropLast(extras.count))
            let version = schemaVersion ?? ManifestInfo.schemaVersion(in: roots) ?? "next"
            text = report.otelSchema(version: version, schemaURL: schemaURL ?? ManifestInfo.schemaURL(in: roots, version: version)
                                         ?? "https://opentelemetry.io/schemas/\(version)")
        }
        guard let output else {
            Output.write(text)
            return
        }
        do {
            try Output.writeFile(text, to: output)
        } catch {
            Output.error("cannot write \(output): \(SystemError.describe(error))")
            throw ExitCode(2)
        }
    }
}
