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

    /// Loads and resolves the registries in `roots` (later roots overlay earlier ones).
    /// - Parameter checks: run the cross-registry `check` rules as well (naming, collisions, enums, warnings).
    public static func load(roots: [String], checks: Bool = true) -> Result {
        let found = RegistryFiles.find(roots: roots)
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
        if checks { diagnostics += RegistryChecks.run(files: files, registry: registry) }
        return Result(registry: registry, diagnostics: diagnostics.sorted(by: Diagnostic.reportOrder),
                      inputUnusable: !found.fatal.isEmpty)
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
}
