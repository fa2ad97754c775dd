import Foundation
import PackagePlugin

/// `swift package generate-semconv --target NAME`: writes the generated Swift into the target's own directory
/// (`<target>/SemConv/`), for packages that prefer committing generated code to generating at build time.
@main
struct SemConvGenerateCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let names = extractor.extractOption(named: "target")
        let targets = try context.package.targets(named: names.isEmpty ? [] : names).compactMap { $0 as? SourceModuleTarget }
            .filter { FileManager.default.fileExists(atPath: $0.directoryURL.appending(path: "semconv.yaml").path(percentEncoded: false)) }
        guard !targets.isEmpty else {
            throw PluginError("no target with a semconv.yaml: pass --target NAME of a target that has one")
        }
        let tool = try context.tool(named: "semconv-plugin-tool")
        let semconv = try semconvPackageDirectory(context.package)
        for target in targets {
            let config = try PluginConfig(file: target.directoryURL.appending(path: "semconv.yaml"))
            let (args, _) = config.generateArguments(packageDirectory: context.package.directoryURL, semconvPackage: semconv,
                                                     outputDirectory: target.directoryURL.appending(path: "SemConv"),
                                                     bundle: false)
            let process = Process()
            process.executableURL = tool.url
            process.arguments = args + extractor.remainingArguments
            process.environment = ProcessInfo.processInfo.environment.merging(["SEMCONV_HOME": semconv.path(percentEncoded: false)]) { $1 }
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw PluginError("semconv generate failed for target '\(target.name)' (exit \(process.terminationStatus))")
            }
        }
    }
}
