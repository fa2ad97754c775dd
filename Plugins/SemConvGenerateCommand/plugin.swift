import Foundation
import PackagePlugin

/// `swift package generate-semconv [--target NAME]...`: writes the generated Swift into a target's directory, for
/// packages that commit generated code instead of generating at build time. Where it goes is decided by the tool,
/// as for `semconv generate --check` in CI: the config's `generate.output`, else the target's `SemConv/` folder (see
/// `ProjectSettings.committedOutput`); a folder outside the target is refused. Without `--target`: every target
/// with its own `semconv.yaml` (or `.semconv.yaml`), else the package's one target when the config is at the root.
/// A target that applies the SemConvGenerator build plugin is refused (the types would be defined twice).
@main
struct SemConvGenerateCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let names = extractor.extractOption(named: "target")
        let sourceTargets = context.package.targets.compactMap { $0 as? SourceModuleTarget }
        let candidates: [(String, URL, Bool)]
        if !names.isEmpty {
            candidates = try context.package.targets(named: names).compactMap { $0 as? SourceModuleTarget }
                .map { ($0.name, $0.directoryURL, false) }
        } else {
            let own = sourceTargets.filter { target in
                ProjectFiles.config(from: target.directoryURL, upTo: target.directoryURL) != nil
            }
            let buildable = sourceTargets.filter { $0.kind != .test }
            candidates = !own.isEmpty ? own.map { ($0.name, $0.directoryURL, true) }
                : buildable.count == 1 ? [(buildable[0].name, buildable[0].directoryURL, false)] : []
        }
        let manifest = try? String(contentsOf: context.package.directoryURL.appending(path: "Package.swift"), encoding: .utf8)
        for (name, _, _) in candidates where manifest.map({ appliesBuildPlugin(target: name, manifest: $0) }) == true {
            throw PluginError("""
                target '\(name)' applies the SemConvGenerator build plugin (Package.swift), which generates this code at \
                every build; committed code beside it would define every type twice. Remove the plugin from the target \
                to commit generated code instead, or keep generating at build time and leave out generate-semconv.
                """)
        }
        try generate(candidates, root: context.package.directoryURL, tool: try semconvTool(context.tool(named:)),
                     extra: extractor.remainingArguments)
    }

    /// Whether the manifest's declaration of target `name` lists the SemConvGenerator plugin (from its `name:` to
    /// the next target declaration).
    func appliesBuildPlugin(target name: String, manifest: String) -> Bool {
        var rest = manifest[...]
        while let found = rest.range(of: "name: \"\(name)\"") {
            let after = manifest[found.upperBound...]
            let end = ["Target(", ".target("].compactMap { after.range(of: $0)?.lowerBound }.min() ?? manifest.endIndex
            if manifest[found.upperBound..<end].contains("\"SemConvGenerator\"") { return true }
            rest = manifest[found.upperBound...]
        }
        return false
    }
}

extension SemConvGenerateCommand {
    /// Runs `semconv generate` for each `(name, directory, ownConfigOnly)`: the config is looked for in the target's
    /// directory (and, unless `ownConfigOnly`, its parents up to `root`), and the tool puts the code inside the
    /// target's directory as the config says.
    func generate(_ targets: [(String, URL, Bool)], root: URL, tool: URL, extra: [String]) throws {
        let home = try semconvHome(tool: tool)
        var done = 0
        for (name, directory, ownConfigOnly) in targets {
            guard let config = ProjectFiles.config(from: directory, upTo: ownConfigOnly ? directory : root) else { continue }
            try runSemconv(tool, ["generate", "--config", config.path(percentEncoded: false),
                                  "--target-directory", directory.path(percentEncoded: false)] + extra,
                           in: root, home: home, command: "semconv generate for target '\(name)'")
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
