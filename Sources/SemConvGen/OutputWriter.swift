import Foundation
import SemConvModel

/// Writes generated files: deterministic, atomic (temporary file then rename), only when the content changed;
/// removes files from earlier runs that are no longer produced, but only if they carry our generated-file marker.
public struct OutputWriter {
    public enum Mode: Sendable { case write, check, dryRun }

    public struct Result: Sendable {
        /// Files written (or, in check and dry-run modes, that would be written), relative paths, sorted.
        public var changed: [String] = []
        public var unchanged: [String] = []
        /// Stale generated files removed (or that would be removed).
        public var removed: [String] = []
        public var diagnostics: [Diagnostic] = []
    }

    public let directory: String
    public let mode: Mode

    public init(directory: String, mode: Mode) {
        self.directory = directory
        self.mode = mode
    }

    /// A relative output path that stays inside the output directory, or a diagnostic.
    func validate(_ path: String) -> String? {
        if path.isEmpty || path.hasPrefix("/") || path.hasPrefix("~") { return nil }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        if parts.contains(where: { $0 == ".." }) || parts.isEmpty { return nil }
        return parts.filter { $0 != "." }.joined(separator: "/")
    }

    public func write(_ outputs: [TemplateSet.Output]) -> Result {
        var result = Result()
        let fm = FileManager.default
        var produced = Set<String>()
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        for output in outputs {
            guard let relative = validate(output.path) else {
                result.diagnostics.append(Diagnostic(.error, rule: "output-path",
                                                     message: "generated file name '\(output.path)' would land outside the output directory",
                                                     at: output.origin ?? SourceLocation(file: directory),
                                                     fix: "make the template's output name a relative path without '..'"))
                continue
            }
            if !produced.insert(relative).inserted {
                result.diagnostics.append(Diagnostic(.error, rule: "output-path",
                                                     message: "two templates write the same file '\(relative)'",
                                                     at: output.origin ?? SourceLocation(file: directory),
                                                     fix: "give each output a distinct name"))
                continue
            }
            let target = root.appendingPathComponent(relative)
            // Symbolic links in existing parent directories must not lead outside the output directory.
            let parent = target.deletingLastPathComponent()
            if fm.fileExists(atPath: parent.path) {
                let real = parent.resolvingSymlinksInPath().path
                let realRoot = root.resolvingSymlinksInPath().path
                if real != realRoot, !real.hasPrefix(realRoot + "/") {
                    result.diagnostics.append(Diagnostic(.error, rule: "output-path",
                                                         message: "'\(relative)' resolves outside the output directory (symbolic link)",
                                                         at: SourceLocation(file: directory), fix: "remove the symbolic link"))
                    continue
                }
            }
            let data = Data(output.content.utf8)
            if let existing = fm.contents(atPath: target.path), existing == data {
                result.unchanged.append(relative)
                continue
            }
            result.changed.append(relative)
            guard mode == .write else { continue }
            do {
                try fm.createDirectory(at: parent, withIntermediateDirectories: true)
                let temp = parent.appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
                try data.write(to: temp)
                if rename(temp.path, target.path) != 0 {
                    let message = String(cString: strerror(errno))
                    try? fm.removeItem(at: temp)
                    throw NSError(domain: "semconv", code: 1, userInfo: [NSLocalizedDescriptionKey: message])
                }
            } catch {
                result.diagnostics.append(Diagnostic(.error, rule: "output-write",
                                                     message: "cannot write '\(relative)': \(SystemError.describe(error))",
                                                     at: SourceLocation(file: target.path),
                                                     fix: "check that the output directory is writable"))
            }
        }
        result.removed = staleFiles(produced: produced)
        if mode == .write {
            for stale in result.removed { try? fm.removeItem(atPath: directory + "/" + stale) }
        }
        result.changed.sort()
        result.unchanged.sort()
        return result
    }

    /// Files under the output directory that we generated earlier (they carry the marker) but no longer produce.
    func staleFiles(produced: Set<String>) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var stale: [String] = []
        while let path = enumerator.nextObject() as? String {
            let full = directory + "/" + path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                  !produced.contains(path), !(path as NSString).lastPathComponent.hasPrefix(".") else { continue }
            guard let handle = FileHandle(forReadingAtPath: full) else { continue }
            let head = handle.readData(ofLength: 512)
            try? handle.close()
            if String(decoding: head, as: UTF8.self).contains(GeneratedFile.marker) { stale.append(path) }
        }
        return stale.sorted()
    }
}
