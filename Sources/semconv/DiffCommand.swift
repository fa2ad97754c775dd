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
        abstract: "List every change between a baseline registry and the current one, down to fields.",
        discussion: """
            Examples:
              semconv diff --baseline 'https://github.com/open-telemetry/semantic-conventions.git@v1.40.0[model]' \\
                           --registry 'https://github.com/open-telemetry/semantic-conventions.git@v1.41.0[model]'
              semconv diff --baseline v1.40.tar.gz --registry model --format markdown --output CHANGES.md
              semconv diff --baseline old/model --registry model --format otel-schema --schema-version 1.41.0
            Exit status: 0 (whatever changed), 2 when a registry cannot be read or has errors.
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
            help: ArgumentHelp("otel-schema: the version of the current registry (default: its manifest's "
                               + "semconv_version or version, else 'next').", valueName: "version"))
    var schemaVersion: String?

    @Option(name: .customLong("schema-url"),
            help: ArgumentHelp("otel-schema: the schema URL (default: https://opentelemetry.io/schemas/VERSION).",
                               valueName: "url"))
    var schemaURL: String?

    func run() throws {
        let settings = try project.settings(.diff, registry)
        let baselineRoots = try RegistrySources.resolve([baseline], noCache: registry.noCache)
        let currentRoots = try RegistryOptions.roots(settings, noCache: registry.noCache)
        let loaded = RegistryLoader.load(rootSets: [baselineRoots, currentRoots], checks: [false],
                                         sources: RegistrySources.resolver(noCache: registry.noCache))
        let (before, after) = (loaded[0], loaded[1])
        for (name, loaded) in [("baseline", before), ("registry", after)] {
            let errors = loaded.diagnostics.filter { $0.severity == .error }
            guard loaded.inputUnusable || !errors.isEmpty else { continue }
            for d in errors.prefix(20) { Output.error("\(d.location): \(d.message) [\(d.rule)]") }
            Output.error("the \(name) has errors; run 'semconv check' on it first")
            throw ExitCode(2)
        }
        let diff = RegistryDiff.compare(baseline: before.registry, current: after.registry)
        let removed = GeneratedSymbols.removed(from: before.registry, to: after.registry).map {
            // Only a single new symbol for the same item is a replacement (an event keeps many parameters).
            RemovedSymbol(symbol: $0.symbol.name, origin: $0.symbol.origin, replacement: $0.now.count == 1 ? $0.now[0] : nil)
        }
        let report = DiffReport(diff: diff, baseline: baseline,
                                current: registry.sources.isEmpty ? currentRoots : registry.sources,
                                removedSymbols: removed)
        let text: String
        switch format {
        case .text: text = report.text()
        case .json: text = report.json()
        case .markdown: text = report.markdown()
        case .otelSchema:
            let version = schemaVersion ?? ManifestInfo.version(in: currentRoots) ?? "next"
            text = report.otelSchema(version: version, schemaURL: schemaURL ?? "https://opentelemetry.io/schemas/\(version)")
        }
        guard let output else {
            Output.write(text)
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            Output.error("cannot write \(output): \(SystemError.describe(error))")
            throw ExitCode(2)
        }
    }
}
