import Foundation
import PackagePlugin

/// `swift package generate-semconv [--target NAME]...`: writes the generated Swift into each target's own directory
/// (`<target>/SemConv/`), for packages that commit generated code instead of generating at build time. Without
/// `--target`, every target with its own `semconv.yaml` (or `.semconv.yaml`) is generated.
@main
struct SemConvGenerateCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let names = extractor.extractOption(named: "target")
        let targets = try context.package.targets(named: names).compactMap { $0 as? SourceModuleTarget }
        let candidates = targets.isEmpty && names.isEmpty
            ? context.package.targets.compactMap { $0 as? SourceModuleTarget }.map { ($0.name, $0.directoryURL, true) }
            : targets.map { ($0.name, $0.directoryURL, false) }
        try generate(candidates, root: context.package.directoryURL, tool: try semconvTool(context.tool(named:)),
                     extra: extractor.remainingArguments)
    }
}

extension SemConvGenerateCommand {
    /// Generates into `<directory>/SemConv/` for each `(name, directory, ownConfigOnly)`.
    func generate(_ targets: [(String, URL, Bool)], root: URL, tool: URL, extra: [String]) throws {
        let home = try semconvHome(tool: tool)
        var done = 0
        for (name, directory, ownConfigOnly) in targets {
            guard let config = ProjectFiles.config(from: directory, upTo: ownConfigOnly ? directory : root) else { continue }
            try runSemconv(tool, ["generate", "--config", config.path(percentEncoded: false),
                                  "--output", directory.appending(path: "SemConv").path(percentEncoded: false)] + extra,
                           in: root, home: home, failure: "semconv generate failed for target '\(name)'")
            done += 1
        }
        guard done > 0 else {
            throw PluginError("no target to generate for: pass --target NAME (the config is looked for in the target's directory and its parents), or put a semconv.yaml in a target's directory")
        }
    }
}

#if canImport(XcodeProjectPlugin)
import XcodeProjectPlugin

extension SemConvGenerateCommand: XcodeCommandPlugin {
    func performCommand(context: XcodePluginContext, arguments: [String]) throws {
        var extractor = ArgumentExtractor(arguments)
        let names = extractor.extractOption(named: "target")
        let project = context.xcodeProject.directoryURL
        let targets = context.xcodeProject.targets.filter { names.isEmpty || names.contains($0.displayName) }.compactMap { target in
            target.inputFiles.first { ProjectFiles.configNames.contains($0.url.lastPathComponent) }
                .map { (target.displayName, $0.url.deletingLastPathComponent(), true) }
        }
        try generate(targets, root: project, tool: try semconvTool(context.tool(named:)),
                     extra: extractor.remainingArguments)
    }
}
#endif
