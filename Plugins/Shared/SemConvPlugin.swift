import Foundation
import PackagePlugin

// Shared by the three plugins (linked into each). Plugins import no library: they find the config, declare inputs
// and outputs, and run `semconv`, which reads `semconv.yaml` itself at build time.

// MARK: - The tool

/// The executable names the plugins run, tried in order. The only place that names the tool: the source-built
/// product and the binary target of the prebuilt artifact bundle both answer to it.
let semconvToolNames = ["semconv-plugin-tool", "semconv"]

/// The `semconv` executable: built from source, or the prebuilt binary of an artifact bundle (`.binaryTarget`).
func semconvTool(_ tool: (String) throws -> PluginContext.Tool) throws -> URL {
    var problems: [String] = []
    for name in semconvToolNames {
        do { return try tool(name).url } catch { problems.append("\(error)") }
    }
    throw PluginError("cannot find the semconv tool (\(problems.joined(separator: "; ")))")
}

/// The directory holding swift-semconv's bundled `model/` and `templates/`: the checkout these plugin sources were
/// compiled from, else the artifact bundle the tool came from (`share/swift-semconv` beside `bin/`).
func semconvHome(tool: URL) throws -> URL {
    func isHome(_ dir: URL) -> Bool {
        FileManager.default.fileExists(atPath: dir.appending(path: "model").path(percentEncoded: false))
            && FileManager.default.fileExists(atPath: dir.appending(path: "templates/swift/templates.yaml").path(percentEncoded: false))
    }
    // Plugins/<Plugin>/SemConvPlugin.swift -> the package root.
    let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    if isHome(checkout) { return checkout }
    var dir = tool.resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<4 {
        let share = dir.appending(path: "share/swift-semconv")
        if isHome(share) { return share }
        dir = dir.deletingLastPathComponent()
    }
    throw PluginError("cannot find swift-semconv's bundled model/ and templates/ (looked in \(checkout.path(percentEncoded: false)) and beside \(tool.path(percentEncoded: false)))")
}

// MARK: - The project config

enum ProjectFiles {
    /// The names looked for in each directory, as `semconv` itself does.
    static let configNames = ["semconv.yaml", ".semconv.yaml"]

    /// The config in `start` or the nearest parent directory, up to and including `root`.
    static func config(from start: URL, upTo root: URL) -> URL? {
        let top = root.standardizedFileURL.path(percentEncoded: false)
        var dir = start.standardizedFileURL
        while true {
            for name in configNames {
                let file = dir.appending(path: name)
                if FileManager.default.fileExists(atPath: file.path(percentEncoded: false)) { return file }
            }
            let path = dir.path(percentEncoded: false)
            if path == top || path == top + "/" || !path.hasPrefix(top) || dir.pathComponents.count <= 1 { return nil }
            dir = dir.deletingLastPathComponent()
        }
    }

    /// What a registry source of the config (as written, relative to `configDirectory`) makes the build read from
    /// the package: a local directory's tree (with `[SUBFOLDER]`), a local archive or YAML file itself; nothing for
    /// URLs and git repositories at a ref (`DIR@REF`): what they unpack into the tool's cache is not a package input,
    /// and a tag does not change.
    static func registryInputs(_ source: String, configDirectory: URL) -> [URL] {
        guard !source.contains("://") else { return [] }
        var main = source, subfolder: String?
        if source.hasSuffix("]"), let open = source.lastIndex(of: "[") {
            main = String(source[..<open])
            subfolder = String(source[source.index(after: open)..<source.index(before: source.endIndex)])
        }
        let url = main.hasPrefix("/") ? URL(fileURLWithPath: main) : configDirectory.appending(path: main)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path(percentEncoded: false), isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [url.standardizedFileURL] }
        return tree(subfolder.map { url.appending(path: $0) } ?? url)
    }

    /// Every file and directory under `dir` (and `dir` itself), sorted. Directories are declared so that a file
    /// added to one changes an input (its modification time) and re-runs generation.
    static func tree(_ dir: URL) -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path(percentEncoded: false), isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [dir] }
        let items = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return ([dir] + items).map(\.standardizedFileURL).sorted { $0.path < $1.path }
    }
}

/// Declares files through hard links in `directory`, so that deleting one (or renaming it) never leaves SwiftPM a
/// missing input: the link keeps the old file alive until the plan is refreshed, and `semconv generate` re-links
/// files that editors replaced. Directories, and files that cannot be linked (another file system), are declared
/// as they are. Returns `(declared, original)` pairs.
func mirror(_ items: [URL], in directory: URL) -> [(declared: URL, original: URL)] {
    let fm = FileManager.default
    try? fm.createDirectory(at: directory, withIntermediateDirectories: true)
    var kept = Set<String>()
    let pairs = items.enumerated().map { index, item -> (declared: URL, original: URL) in
        let path = item.path(percentEncoded: false)
        guard let attributes = try? fm.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular else { return (item, item) }
        let link = directory.appending(path: "\(index)-\(item.lastPathComponent)")
        let linkPath = link.path(percentEncoded: false)
        kept.insert(link.lastPathComponent)
        if let existing = try? fm.attributesOfItem(atPath: linkPath),
           existing[.systemFileNumber] as? Int == attributes[.systemFileNumber] as? Int {
            return (link, item)
        }
        try? fm.removeItem(atPath: linkPath)
        return (try? fm.linkItem(atPath: path, toPath: linkPath)) == nil ? (item, item) : (link, item)
    }
    for stale in (try? fm.contentsOfDirectory(atPath: directory.path(percentEncoded: false))) ?? [] where !kept.contains(stale) {
        try? fm.removeItem(at: directory.appending(path: stale))
    }
    return pairs
}

/// What the build plugin must know before the tool runs: the one output file and the inputs to declare. The tool
/// reads the config itself (nothing here is passed on as a value), so this reads only the top-level `output`,
/// `registries`, `templates` and `bundled` lines, and when in doubt declares more. Anything it cannot see (a
/// registry directory named in a way it does not read) is still covered: the tool notices local registry files it
/// read that were not declared and makes the next build run again (see `--declared-inputs`).
struct ConfigScan {
    var output = "SemConv.swift"
    var registries: [String] = []
    var templates: String?
    var bundled = true

    init(file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        var listKey: String?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            if line.first == " " || line.first == "\t" || line.first == "-" {
                if listKey == "registries", trimmed.hasPrefix("-") { registries.append(Self.unquote(String(trimmed.dropFirst()))) }
                continue
            }
            guard let colon = trimmed.firstIndex(of: ":") else { continue }
            let key = String(trimmed[..<colon])
            let value = Self.unquote(String(trimmed[trimmed.index(after: colon)...]))
            listKey = value.isEmpty ? key : nil
            switch key {
            case "output" where !value.isEmpty: output = value
            case "templates" where !value.isEmpty: templates = value == "bundled" ? nil : value
            case "bundled": bundled = value != "false"
            case "registries" where value.hasPrefix("["):
                registries = value.dropFirst().dropLast().split(separator: ",").map { Self.unquote(String($0)) }
            case "registries" where !value.isEmpty: registries = [value]
            default: break
            }
        }
    }

    static func unquote(_ text: String) -> String {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.count >= 2, (t.hasPrefix("\"") && t.hasSuffix("\"")) || (t.hasPrefix("'") && t.hasSuffix("'")) {
            t = String(t.dropFirst().dropLast())
        }
        return t
    }
}

// MARK: - The build command

/// A target to generate for, whichever build system asks (SwiftPM or Xcode).
struct GenerationTarget {
    var name: String
    /// Where the config is looked for first (the target's directory), walking up to `root` (the package or project).
    var configSearchStart: URL
    var root: URL
    /// The target's Swift sources, checked for committed generated code.
    var swiftSources: [URL]
}

/// The build command for `target`: `semconv generate --config … --bundle OUTPUT --declared-inputs LIST` into the
/// plugin work directory, with every file the generation reads (through hard links, see `mirror`) and every
/// directory holding them as inputs.
func generationCommand(for target: GenerationTarget, workDirectory: URL, tool: URL) throws -> Command {
    guard let config = ProjectFiles.config(from: target.configSearchStart, upTo: target.root) else {
        throw PluginError("target '\(target.name)' uses the SemConvGenerator plugin but no semconv.yaml (or .semconv.yaml) "
                          + "was found in \(target.configSearchStart.path(percentEncoded: false)) or its parents up to "
                          + "\(target.root.path(percentEncoded: false)); add one (see README, 'The project config')")
    }
    try rejectCommittedCode(target)
    let scan = try ConfigScan(file: config)
    let home = try semconvHome(tool: tool)
    let configDirectory = config.deletingLastPathComponent()
    func local(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : configDirectory.appending(path: path)
    }
    var inputs = scan.registries.flatMap { ProjectFiles.registryInputs($0, configDirectory: configDirectory) }
    if scan.bundled { inputs += ProjectFiles.tree(home.appending(path: "model")) }
    inputs += ProjectFiles.tree(scan.templates.map(local) ?? home.appending(path: "templates/swift"))
    // The config too is declared through a link, and its directory as it is: renamed (to .semconv.yaml) or deleted,
    // it is no missing input, the directory's change runs the tool, and the tool finds the renamed one (and notes
    // that the plan is older than it) or says what to do.
    let declared = mirror([config.standardizedFileURL, configDirectory.standardizedFileURL] + inputs,
                          in: workDirectory.appending(path: "inputs"))
    let list = workDirectory.appending(path: "declared-inputs.txt")
    let listText = "# semconv build plugin: declared inputs (DECLARED, or DECLARED<TAB>ORIGINAL for a hard link)\n"
        + declared.map { pair in
            let path = pair.declared.path(percentEncoded: false)
            return pair.declared == pair.original ? path : path + "\t" + pair.original.path(percentEncoded: false)
        }.joined(separator: "\n") + "\n"
    if (try? String(contentsOf: list, encoding: .utf8)) != listText {
        try listText.write(to: list, atomically: true, encoding: .utf8)
    }
    let outputDirectory = workDirectory.appending(path: "Generated")
    return .buildCommand(
        displayName: "Generating \(scan.output) from semantic conventions for \(target.name)",
        executable: tool,
        arguments: ["generate", "--config", config.path(percentEncoded: false),
                    "--output", outputDirectory.path(percentEncoded: false), "--bundle", scan.output,
                    "--declared-inputs", list.path(percentEncoded: false)],
        environment: ["SEMCONV_HOME": home.path(percentEncoded: false)],
        inputFiles: declared.map(\.declared) + [list],
        outputFiles: [outputDirectory.appending(path: scan.output)]
    )
}

/// The first line of every file semconv generates.
let generatedHeader = "// Generated by semconv"

/// Generated code committed with `swift package generate-semconv` next to the build plugin would define every type
/// twice (SwiftPM reports "multiple producers" when the file names match): say so, and how to choose.
func rejectCommittedCode(_ target: GenerationTarget) throws {
    let committed = target.swiftSources.filter { file in
        guard let handle = try? FileHandle(forReadingFrom: file) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: generatedHeader.utf8.count)) ?? Data()
        return head == Data(generatedHeader.utf8)
    }
    guard let first = committed.first else { return }
    let folder = first.deletingLastPathComponent().path(percentEncoded: false)
    throw PluginError("""
        target '\(target.name)' contains code generated by semconv (\(committed.map(\.lastPathComponent).joined(separator: ", ")) in \(folder)) \
        and also applies the SemConvGenerator build plugin, which generates the same types at build time. Use one of them: \
        delete the committed files to generate at build time, or remove the plugin from the target and keep running \
        'swift package generate-semconv' after registry changes.
        """)
}

// MARK: - Running the tool (command plugins)

/// Runs `semconv` with `arguments` in `directory` (standard input empty: a plugin has none to pass on); throws with
/// what the exit status means (`command` names the run, e.g. "semconv lint") when it is not 0.
func runSemconv(_ tool: URL, _ arguments: [String], in directory: URL, home: URL, command: String) throws {
    let process = Process()
    process.executableURL = tool
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.standardInput = FileHandle.nullDevice
    process.environment = ProcessInfo.processInfo.environment.merging(["SEMCONV_HOME": home.path(percentEncoded: false)]) { $1 }
    try process.run()
    process.waitUntilExit()
    switch process.terminationStatus {
    case 0: return
    case 1: throw PluginError("\(command) found problems (exit 1)")
    default: throw PluginError("\(command) could not run (exit \(process.terminationStatus)): see the message above")
    }
}

struct PluginError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
