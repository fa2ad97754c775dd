import Foundation
import PackagePlugin

/// Build-tool plugin: for a target under a `semconv.yaml` (in the target's directory or a parent up to the package
/// root), generates Swift into the plugin work directory at build time. The tool reads the config when it runs, so
/// an edit takes effect on the next build; the config, every registry file and directory and every template are
/// declared inputs, so a no-change build runs nothing.
@main
struct SemConvGenerator: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let swiftSources = target.sourceFiles.filter { $0.type == .source && $0.url.pathExtension == "swift" }.map(\.url)
        return [try generationCommand(
            for: GenerationTarget(name: target.name, configSearchStart: target.directoryURL,
                                  root: context.package.directoryURL, swiftSources: swiftSources),
            workDirectory: context.pluginWorkDirectoryURL, tool: try semconvTool(context.tool(named:)))]
    }
}

#if canImport(XcodeProjectPlugin)
import XcodeProjectPlugin

/// Xcode projects: the config is a `semconv.yaml` among the target's files, else the project directory's.
extension SemConvGenerator: XcodeBuildToolPlugin {
    func createBuildCommands(context: XcodePluginContext, target: XcodeTarget) throws -> [Command] {
        let project = context.xcodeProject.directoryURL
        let config = target.inputFiles.first { ProjectFiles.configNames.contains($0.url.lastPathComponent) }
        let swiftSources = target.inputFiles.filter { $0.type == .source && $0.url.pathExtension == "swift" }.map(\.url)
        return [try generationCommand(
            for: GenerationTarget(name: target.displayName,
                                  configSearchStart: config?.url.deletingLastPathComponent() ?? project,
                                  root: project, swiftSources: swiftSources),
            workDirectory: context.pluginWorkDirectoryURL, tool: try semconvTool(context.tool(named:)))]
    }
}
#endif
