import Foundation

/// The build plugin's declared inputs, and how generation keeps them honest.
///
/// SwiftPM re-runs a plugin's build command only when a declared input changes, and asks the plugin again only when
/// the package's structure (manifest, targets' file lists) changes; a declared input that disappears fails the build
/// ("missing inputs"). So the plugin writes what it declared to a list file, itself a declared input, one line per
/// input: `DECLARED` or `DECLARED<TAB>ORIGINAL`. Directories are declared as they are (a file added to one changes
/// its modification time). Files are declared through hard links in the plugin work directory: an in-place edit
/// shows through the link, and a deleted file leaves the link behind instead of a missing input.
///
/// After each run the generator (`semconv generate --declared-inputs LIST`) re-links files that were replaced
/// (editors that save by renaming), and when it read a file the list lacks (a YAML file added to a registry, a
/// registry added to `semconv.yaml` since SwiftPM planned the build) it touches the list, so the next build runs
/// generation again until the plan catches up. Nothing goes stale, and a settled build runs nothing.
public struct DeclaredInputs {
    public struct Entry: Equatable, Sendable {
        /// The path SwiftPM watches.
        public var declared: String
        /// The file it stands for (the same path unless `declared` is a hard link).
        public var original: String

        public init(declared: String, original: String) {
            self.declared = declared
            self.original = original
        }
    }

    public var entries: [Entry]
    public let listFile: String

    /// Reads the list (nil when it cannot be read).
    public init?(listFile: String) {
        guard let text = try? String(contentsOfFile: listFile, encoding: .utf8) else { return nil }
        self.listFile = listFile
        entries = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            return Entry(declared: parts[0], original: parts.count > 1 ? parts[1] : parts[0])
        }
    }

    /// The files generation reads under `roots` (YAML and Mustache files, walked recursively; roots that do not
    /// exist locally are skipped) that the list does not declare, sorted.
    public func undeclared(roots: [String]) -> [String] {
        let declared = Set(entries.map { Self.standardized($0.original) })
        var missing: [String] = []
        for root in roots.map(Self.standardized) {
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

    /// Points every hard link at its original again where the original was replaced by a new file; a link whose
    /// original is gone stays (so the input is never missing).
    public func relink() {
        let fm = FileManager.default
        for entry in entries where entry.declared != entry.original {
            guard let original = try? fm.attributesOfItem(atPath: entry.original),
                  (original[.type] as? FileAttributeType) == .typeRegular else { continue }
            let link = try? fm.attributesOfItem(atPath: entry.declared)
            if let link, (link[.systemFileNumber] as? Int) == (original[.systemFileNumber] as? Int) { continue }
            try? fm.removeItem(atPath: entry.declared)
            if (try? fm.linkItem(atPath: entry.original, toPath: entry.declared)) == nil {
                try? fm.copyItem(atPath: entry.original, toPath: entry.declared)
            }
        }
    }

    /// Bumps the list's modification time, so SwiftPM sees a changed input on the next build.
    public func markStale() {
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: listFile)
    }

    static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
