import Foundation

/// Finds the registry files under the directories (or single files) given on the command line.
enum RegistryFiles {
    struct Found {
        /// YAML files, sorted within each root, with the index of the root they came from.
        var files: [(path: String, root: Int)] = []
        var manifests: [(path: String, root: Int)] = []
        /// Problems that make the input unusable (missing path, empty directory): exit status 2.
        var fatal: [Diagnostic] = []
        var diagnostics: [Diagnostic] = []
    }

    static func isYAML(_ name: String) -> Bool { name.hasSuffix(".yaml") || name.hasSuffix(".yml") }
    static func isManifest(_ name: String) -> Bool {
        name == "manifest.yaml" || name == "registry_manifest.yaml" || name == "manifest.yml"
    }

    static func find(roots: [String]) -> Found {
        var found = Found()
        let fm = FileManager.default
        for (index, root) in roots.enumerated() {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: root, isDirectory: &isDirectory) else {
                found.fatal.append(Diagnostic(.error, rule: "unreadable-input",
                                              message: "registry path does not exist",
                                              at: SourceLocation(file: root),
                                              fix: "pass an existing directory with --registry"))
                continue
            }
            if !isDirectory.boolValue {
                found.files.append((root, index))
                continue
            }
            var files: [String] = []
            var visited = Set<String>()
            walk(root, isRoot: true, into: &files, manifests: &found.manifests, rootIndex: index, visited: &visited,
                 diagnostics: &found.diagnostics)
            if files.isEmpty {
                found.fatal.append(Diagnostic(.error, rule: "unreadable-input",
                                              message: "no registry files (*.yaml, *.yml) in this directory",
                                              at: SourceLocation(file: root),
                                              fix: "point --registry at a semantic-conventions model directory"))
            }
            found.files += files.sorted().map { ($0, index) }
        }
        return found
    }

    private static func walk(_ dir: String, isRoot: Bool, into files: inout [String],
                             manifests: inout [(path: String, root: Int)], rootIndex: Int, visited: inout Set<String>,
                             diagnostics: inout [Diagnostic]) {
        let fm = FileManager.default
        let real = URL(fileURLWithPath: dir).resolvingSymlinksInPath().path
        guard visited.insert(real).inserted else {
            diagnostics.append(Diagnostic(.warning, rule: "unreadable-input",
                                          message: "directory visited twice (symbolic link loop); skipped",
                                          at: SourceLocation(file: dir)))
            return
        }
        guard let names = try? fm.contentsOfDirectory(atPath: dir) else {
            diagnostics.append(Diagnostic(.error, rule: "unreadable-file", message: "cannot list directory",
                                          at: SourceLocation(file: dir), fix: "check its permissions"))
            return
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                if (try? fm.destinationOfSymbolicLink(atPath: path)) != nil {
                    diagnostics.append(Diagnostic(.warning, rule: "unreadable-input", message: "broken symbolic link; skipped",
                                                  at: SourceLocation(file: path)))
                }
                continue
            }
            if isDirectory.boolValue {
                walk(path, isRoot: false, into: &files, manifests: &manifests, rootIndex: rootIndex, visited: &visited,
                     diagnostics: &diagnostics)
            } else if isRoot, isManifest(name) {
                manifests.append((path, rootIndex))
            } else if isYAML(name), name != "schema-next.yaml" {
                files.append(path)
            }
        }
    }
}
