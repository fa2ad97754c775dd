import Foundation

/// The build plugin's input list: SwiftPM re-runs a plugin's build command only when a file it declared changes,
/// and it asks the plugin again only when the package's structure changes. So the plugin writes what it declared
/// (one absolute path per line) to a list file that is itself a declared input; the generator compares the files
/// it actually read with that list and, when one is missing (a YAML file added to a registry directory, a registry
/// added to `semconv.yaml` since SwiftPM planned the build), touches the list so the next build runs generation
/// again, until the plan catches up. Nothing goes stale, and a settled build still runs nothing.
public enum DeclaredInputs {
    /// The files the generator reads under `roots` (YAML and Mustache files, walked recursively; roots that do not
    /// exist locally are skipped) that the list does not declare, sorted.
    public static func undeclared(roots: [String], listFile: String) -> [String] {
        guard let text = try? String(contentsOfFile: listFile, encoding: .utf8) else { return roots.map(standardized) }
        let declared = Set(text.split(separator: "\n").map { standardized(String($0)) })
        var missing: [String] = []
        for root in roots.map(standardized) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else { continue }
            let files = isDirectory.boolValue
                ? (FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []).map { root + "/" + $0 }
                : [root]
            missing += files.filter { file in
                [".yaml", ".yml", ".mustache"].contains { file.hasSuffix($0) } && !declared.contains(file)
            }
        }
        return missing.sorted()
    }

    /// Bumps the list file's modification time, so SwiftPM sees a changed input on the next build.
    public static func markStale(_ listFile: String) {
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: listFile)
    }

    static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
