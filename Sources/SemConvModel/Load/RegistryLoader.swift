import Foundation
import Yams

/// Loads registries from directories: finds files, parses them in parallel, resolves, and (optionally) runs the
/// registry checks. The single entry point every command uses.
public enum RegistryLoader {
    /// The outcome of loading: the resolved registry and every finding, sorted.
    public struct Result: Sendable {
        public var registry: Registry
        public var diagnostics: [Diagnostic]
        /// `true` when an input could not be used at all (missing path, empty directory): exit status 2.
        public var inputUnusable: Bool

        /// Whether any finding is an error.
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Loads several independent registries at once (a baseline and the current registry, say), in order.
    /// `checks[i]` (default: the last value given, or `true`) says whether registry `i` gets the `check` rules.
    public static func load(rootSets: [[String]], checks: [Bool] = [true],
                            sources: RegistrySourceResolver? = nil) -> [Result] {
        parallelMap(count: rootSets.count) { i in
            load(roots: rootSets[i], checks: i < checks.count ? checks[i] : checks.last ?? true, sources: sources)
        }
    }

    /// `load(roots:checks: true)` that also hands the resolved registry to `work`, on the calling thread while the
    /// check rules run on another (so `generate` renders while `check`'s rules run). `work` runs only when loading
    /// and resolving found no errors; its caller still decides, from the findings, whether to use what it made.
    public static func load(roots: [String], sources: RegistrySourceResolver? = nil,
                            overlapping work: @escaping (Registry) -> Void) -> Result {
        load(roots: roots, checks: true, sources: sources, work: work)
    }

    /// Loads and resolves the registries in `roots` (later roots overlay earlier ones). A root whose manifest
    /// lists `dependencies` (`- name: ..., registry_path: SOURCE`) gets them loaded first, each through
    /// `RegistrySourceResolver` (so a dependency may be a directory, an archive or a git URL@REF[SUBFOLDER]).
    /// - Parameters:
    ///   - checks: run the cross-registry `check` rules as well (naming, collisions, enums, warnings).
    ///   - sources: resolves manifest dependencies (default: a resolver with the user's cache).
    public static func load(roots: [String], checks: Bool = true, sources: RegistrySourceResolver? = nil) -> Result {
        load(roots: roots, checks: checks, sources: sources, work: nil)
    }

    private static func load(roots: [String], checks: Bool, sources: RegistrySourceResolver?,
                             work: ((Registry) -> Void)?) -> Result {
        var dependencyProblems: [Diagnostic] = []
        let roots = ManifestReader.withDependencies(roots, resolver: sources, problems: &dependencyProblems)
        var found = RegistryFiles.find(roots: roots)
        found.fatal += dependencyProblems
        let paths = found.files
        let files = parallelMap(count: paths.count) { i in
            SpecDecoder.decode(path: paths[i].path, rootIndex: paths[i].root)
        }
        var diagnostics = found.fatal + found.diagnostics + files.flatMap(\.diagnostics)
        for manifest in found.manifests {
            diagnostics += ManifestReader.check(path: manifest.path)
        }
        let (registry, resolveDiagnostics) = Resolver.resolve(files: files, roots: roots)
        diagnostics += resolveDiagnostics
        if let work, checks, found.fatal.isEmpty, !diagnostics.contains(where: { $0.severity == .error }) {
            diagnostics += overlapping({ RegistryChecks.run(files: files, registry: registry) }, with: { work(registry) })
        } else if checks {
            diagnostics += RegistryChecks.run(files: files, registry: registry)
        }
        let result = Result(registry: registry, diagnostics: diagnostics.sorted(by: Diagnostic.reportOrder),
                            inputUnusable: !found.fatal.isEmpty)
        releaseInBackground(consume files)  // every file's YAML node tree
        return result
    }
}

/// Reads a registry `manifest.yaml` (name, version, schema URL, dependencies) and reports malformed ones.
enum ManifestReader {
    static let keys = ["name", "description", "semconv_version", "schema_base_url", "schema_url", "dependencies",
                       "stability", "version", "file_format", "resolved_schema_url"]

    static func check(path: String) -> [Diagnostic] {
        let source = YAMLSource.load(path: path)
        guard let root = source.root else { return source.diagnostics }
        let reader = NodeReader(file: path)
        _ = reader.fields(root, of: "registry manifest", allowed: keys)
        return source.diagnostics + reader.diagnostics
    }

    /// `roots` with each root's manifest dependencies (resolved to local directories) inserted before it,
    /// dependencies of dependencies first. Unresolvable dependencies become fatal problems at their
    /// `registry_path`.
    static func withDependencies(_ roots: [String], resolver: RegistrySourceResolver?, problems: inout [Diagnostic],
                                 depth: Int = 0) -> [String] {
        var out: [String] = []
        var shared = resolver
        for root in roots {
            for entry in dependencies(of: root) where depth < 8 {
                let r = shared ?? RegistrySourceResolver()
                shared = r
                do {
                    let dir = try r.resolve(entry.source, relativeTo: root).directory
                    out += withDependencies([dir], resolver: r, problems: &problems, depth: depth + 1)
                } catch {
                    problems.append(Diagnostic(.error, rule: "unreadable-input",
                                               message: "dependency '\(entry.source)' cannot be loaded: \(error.fullMessage)",
                                               at: entry.location, fix: error.fix))
                }
            }
            out.append(root)
        }
        return out
    }

    /// The `registry_path` of each `dependencies` entry in the root's manifest, with its position.
    static func dependencies(of root: String) -> [(source: String, location: SourceLocation)] {
        for name in ["manifest.yaml", "registry_manifest.yaml", "manifest.yml"] {
            let path = root + "/" + name
            guard FileManager.default.fileExists(atPath: path) else { continue }
            guard case let .sequence(list)? = YAMLSource.load(path: path).root?.mapping?["dependencies"] else { return [] }
            return list.compactMap { item in
                guard let node = item.mapping?["registry_path"], let text = node.string else { return nil }
                return (text, SourceLocation(file: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1))
            }
        }
        return []
    }
}
