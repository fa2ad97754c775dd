import Foundation
import PackagePlugin

/// `swift package semconv-lint [FILE...] [semconv lint options]`: runs `semconv lint` with the package's
/// `semconv.yaml` (registries, rules, default inputs) in the directory `swift package` was run in, so relative file
/// names mean what they mean on the command line (Xcode: the project directory). With no file and no `lint.inputs`
/// in the config there is nothing to lint (a plugin has no standard input to pass on): the tool says so and what to
/// do, exit 2.
@main
struct SemConvLintCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        try lint(root: context.package.directoryURL, in: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                 tool: try semconvTool(context.tool(named:)), arguments: arguments)
    }

    func lint(root: URL, in directory: URL, tool: URL, arguments: [String]) throws {
        var args = ["lint"]
        if let config = ProjectFiles.config(from: root, upTo: root) { args += ["--config", config.path(percentEncoded: false)] }
        try runSemconv(tool, args + arguments, in: directory, home: try semconvHome(tool: tool), command: "semconv lint")
    }
}

#if canImport(XcodeProjectPlugin)
import XcodeProjectPlugin

extension SemConvLintCommand: XcodeCommandPlugin {
    func performCommand(context: XcodePluginContext, arguments: [String]) throws {
        let project = context.xcodeProject.directoryURL
        try lint(root: project, in: project, tool: try semconvTool(context.tool(named:)), arguments: arguments)
    }
}
#endif
