import Foundation
import PackagePlugin

/// `swift package semconv-lint [FILE...] [semconv lint options]`: runs `semconv lint` in the package directory, so
/// it reads the package's `semconv.yaml` (registries, rules, default inputs) as the command line does.
@main
struct SemConvLintCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        try lint(root: context.package.directoryURL, tool: try semconvTool(context.tool(named:)), arguments: arguments)
    }

    func lint(root: URL, tool: URL, arguments: [String]) throws {
        var args = ["lint"]
        if let config = ProjectFiles.config(from: root, upTo: root) { args += ["--config", config.path(percentEncoded: false)] }
        try runSemconv(tool, args + arguments, in: root, home: try semconvHome(tool: tool),
                       failure: "semconv lint found problems")
    }
}

#if canImport(XcodeProjectPlugin)
import XcodeProjectPlugin

extension SemConvLintCommand: XcodeCommandPlugin {
    func performCommand(context: XcodePluginContext, arguments: [String]) throws {
        try lint(root: context.xcodeProject.directoryURL, tool: try semconvTool(context.tool(named:)), arguments: arguments)
    }
}
#endif
