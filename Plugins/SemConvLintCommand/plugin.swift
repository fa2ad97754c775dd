import Foundation
import PackagePlugin

/// `swift package semconv-lint FILE...`: runs `semconv lint` (telemetry NDJSON, Alloy or Promtail configs) with
/// the package's registries from the first `semconv.yaml` found, and any extra `semconv lint` options.
@main
struct SemConvLintCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "semconv-plugin-tool")
        let semconv = try semconvPackageDirectory(context.package)
        var args = ["lint"]
        let configured = context.package.targets.compactMap { $0 as? SourceModuleTarget }
            .map { $0.directoryURL.appending(path: "semconv.yaml") }
            .first { FileManager.default.fileExists(atPath: $0.path(percentEncoded: false)) }
        if let configured {
            for registry in try PluginConfig(file: configured).registries {
                args += ["--registry", context.package.directoryURL.appending(path: registry).path(percentEncoded: false)]
            }
        }
        let process = Process()
        process.executableURL = tool.url
        process.arguments = args + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["SEMCONV_HOME": semconv.path(percentEncoded: false)]) { $1 }
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            throw PluginError("semconv lint found problems (exit \(process.terminationStatus))")
        }
    }
}
