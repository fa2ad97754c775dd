import Foundation
import PackagePlugin

/// Build-tool plugin: for a target with `semconv.yaml`, generates Swift into the plugin work directory at build
/// time. The output file is known before the command runs and every input (config, registry YAML, templates) is
/// declared, so SwiftPM re-runs generation only when one of them changes.
@main
struct SemConvGenerator: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let configFile = target.directoryURL.appending(path: "semconv.yaml")
        guard FileManager.default.fileExists(atPath: configFile.path(percentEncoded: false)) else {
            throw PluginError("target '\(target.name)' uses the SemConvGenerator plugin but has no semconv.yaml in \(target.directoryURL.path(percentEncoded: false))")
        }
        let config = try PluginConfig(file: configFile)
        let semconv = try semconvPackageDirectory(context.package)
        let outputDirectory = context.pluginWorkDirectoryURL.appending(path: "Generated")
        let (arguments, inputs) = config.generateArguments(packageDirectory: context.package.directoryURL,
                                                           semconvPackage: semconv, outputDirectory: outputDirectory,
                                                           bundle: true)
        return [
            .buildCommand(
                displayName: "Generating \(config.output) from semantic conventions for \(target.name)",
                executable: try context.tool(named: "semconv-plugin-tool").url,
                arguments: arguments,
                environment: ["SEMCONV_HOME": semconv.path(percentEncoded: false)],
                inputFiles: [configFile] + inputs,
                outputFiles: [outputDirectory.appending(path: config.output)]
            )
        ]
    }
}
