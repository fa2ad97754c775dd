import Foundation

/// Finds the files that ship with swift-semconv: the bundled registry (`model/`) and templates (`templates/`).
///
/// Looked up, in order: `$SEMCONV_HOME`; the package checkout the running executable was built in (walking up
/// from the executable, e.g. `.build/release/semconv`); `<prefix>/share/swift-semconv` next to an installed binary.
public enum BundledResources {
    /// The directory holding `model/` (and `templates/`), or nil when none is found.
    public static let home: String? = locate()

    /// The bundled registry directory.
    public static var modelDirectory: String? { home.map { $0 + "/model" } }

    /// A bundled template directory, e.g. `swift` or `markdown`.
    public static func templatesDirectory(_ name: String) -> String? { home.map { $0 + "/templates/" + name } }

    static func looksLikeHome(_ dir: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: dir + "/model", isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func locate() -> String? {
        if let env = ProcessInfo.processInfo.environment["SEMCONV_HOME"], !env.isEmpty {
            return env
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var dir = executable.deletingLastPathComponent()
        for _ in 0..<8 {
            if looksLikeHome(dir.path) { return dir.path }
            let share = dir.appendingPathComponent("share/swift-semconv").path
            if looksLikeHome(share) { return share }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return nil
    }
}
