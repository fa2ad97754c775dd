import Foundation
import PackagePlugin

/// `semconv.yaml` in a target directory: what the plugins generate for it. Plugins cannot use YAML libraries,
/// so this reads the small subset the file needs: `key: value`, `key: [a, b]`, and `key:` followed by
/// `- item` lines or indented `name: value` lines.
struct PluginConfig {
    /// Registry directories, relative to the package root.
    var registries: [String] = []
    /// Whether to load swift-semconv's bundled registry too (loaded last, so its policy wins).
    var bundled = true
    /// A template directory relative to the package root, or nil for the bundled Swift templates.
    var templates: String?
    var stability = "all"
    var output = "SemConv.swift"
    var params: [String: String] = [:]

    static let keys = ["registries", "bundled", "templates", "stability", "access", "output", "params"]

    init(file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        var currentKey: String?
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let indented = line.hasPrefix(" ") || line.hasPrefix("\t")
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if indented, let key = currentKey {
                if trimmed.hasPrefix("- ") {
                    try add(key, Self.unquote(String(trimmed.dropFirst(2))), line: number + 1, file: file)
                } else if key == "params", let colon = trimmed.firstIndex(of: ":") {
                    params[String(trimmed[..<colon])] = Self.unquote(String(trimmed[trimmed.index(after: colon)...]))
                } else {
                    throw PluginError("\(file.path):\(number + 1): expected '- item' or 'name: value' under '\(key):'")
                }
                continue
            }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw PluginError("\(file.path):\(number + 1): expected 'key: value'")
            }
            let key = String(trimmed[..<colon])
            guard Self.keys.contains(key) else {
                throw PluginError("\(file.path):\(number + 1): unknown key '\(key)'; known keys: \(Self.keys.joined(separator: ", "))")
            }
            let value = String(trimmed[trimmed.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            currentKey = key
            if value.isEmpty { continue }
            if value.hasPrefix("["), value.hasSuffix("]") {
                for item in value.dropFirst().dropLast().split(separator: ",") {
                    try add(key, Self.unquote(String(item)), line: number + 1, file: file)
                }
            } else {
                try add(key, Self.unquote(value), line: number + 1, file: file)
            }
        }
    }

    private mutating func add(_ key: String, _ value: String, line: Int, file: URL) throws {
        switch key {
        case "registries": registries.append(value)
        case "bundled": bundled = value != "false"
        case "templates": templates = value == "bundled" ? nil : value
        case "stability": stability = value
        case "access": params["access"] = value
        case "output": output = value
        default: throw PluginError("\(file.path):\(line): '\(key)' takes no list")
        }
    }

    static func unquote(_ text: String) -> String {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.count >= 2, (t.hasPrefix("\"") && t.hasSuffix("\"")) || (t.hasPrefix("'") && t.hasSuffix("'")) {
            t = String(t.dropFirst().dropLast())
        }
        return t
    }

    /// Arguments for `semconv generate`, and every file whose change must re-run generation.
    func generateArguments(packageDirectory: URL, semconvPackage: URL, outputDirectory: URL,
                           bundle: Bool) -> (arguments: [String], inputs: [URL]) {
        var arguments = ["generate"]
        var inputs: [URL] = []
        var registryDirs = registries.map { packageDirectory.appending(path: $0) }
        if bundled { registryDirs.append(semconvPackage.appending(path: "model")) }
        for dir in registryDirs {
            arguments += ["--registry", dir.path(percentEncoded: false)]
            inputs += Self.files(under: dir)
        }
        let templatesDir = templates.map { packageDirectory.appending(path: $0) }
            ?? semconvPackage.appending(path: "templates/swift")
        arguments += ["--templates", templatesDir.path(percentEncoded: false)]
        inputs += Self.files(under: templatesDir)
        arguments += ["--stability", stability, "--output", outputDirectory.path(percentEncoded: false)]
        if bundle { arguments += ["--bundle", output] }
        for (key, value) in params.sorted(by: { $0.key < $1.key }) { arguments += ["--param", "\(key)=\(value)"] }
        return (arguments, inputs)
    }

    static func files(under dir: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else { return [] }
        return enumerator.compactMap { $0 as? URL }.filter { !$0.hasDirectoryPath }.sorted { $0.path < $1.path }
    }
}

struct PluginError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The swift-semconv package (for the bundled model and templates), found among the dependencies.
func semconvPackageDirectory(_ package: Package) throws -> URL {
    var queue = [package]
    var seen = Set<String>()
    while let next = queue.first {
        queue.removeFirst()
        guard seen.insert(next.id).inserted else { continue }
        if next.displayName == "swift-semconv" || next.id == "swift-semconv" { return next.directoryURL }
        queue += next.dependencies.map(\.package)
    }
    throw PluginError("cannot find the swift-semconv package among the dependencies")
}
